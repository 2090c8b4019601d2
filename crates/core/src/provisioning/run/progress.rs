//! What a progress bar shows: counts per outcome, users in flight, rate per minute, state.

use serde::Serialize;

use super::{BulkRun, RunState};
use crate::api_error::ApiError;
use crate::provisioning::report::Outcome;

/// Counts for a progress bar (JSON, camelCase). `created + skipped + failed + invalid + notSent +
/// remaining = total`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Input lines.
    pub total: usize,
    /// Created in Mimecast (this run or a restored earlier session).
    pub created: usize,
    /// Already in Mimecast (skipped).
    pub skipped: usize,
    /// Refused by Mimecast or out of retries.
    pub failed: usize,
    /// Line errors, never sent.
    pub invalid: usize,
    /// Not sent because the run was cancelled.
    pub not_sent: usize,
    /// Still to do (queued or in flight).
    pub remaining: usize,
    /// Lines with an outcome: `total - remaining`.
    pub processed: usize,
    /// Users in calls now in flight.
    pub in_flight: usize,
    /// Users answered per minute of running time in this session.
    pub rate_per_minute: f64,
    /// Where the run is.
    pub state: RunState,
    /// Batch calls allowed in flight now.
    pub concurrency: usize,
    /// When the back-off ends, if the run is holding off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_until_ms: Option<u64>,
    /// Why the run halted, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<ApiError>,
}

impl BulkRun {
    /// Counts for a progress bar at `now_ms`.
    pub fn progress(&self, now_ms: u64) -> Progress {
        let count = |o: Outcome| {
            self.entries
                .iter()
                .filter(|e| e.result.outcome == o)
                .count()
        };
        let active = self.active_ms
            + self
                .running_since_ms
                .map_or(0, |since| now_ms.saturating_sub(since));
        let remaining = count(Outcome::Pending);
        let hold = self.pacing.hold_until_ms();
        Progress {
            total: self.entries.len(),
            created: count(Outcome::Created),
            skipped: count(Outcome::Exists),
            failed: count(Outcome::Failed),
            invalid: count(Outcome::Invalid),
            not_sent: count(Outcome::NotSent),
            remaining,
            processed: self.entries.len() - remaining,
            in_flight: self.in_flight.values().map(Vec::len).sum(),
            rate_per_minute: if active >= 1_000 {
                self.answered as f64 * 60_000.0 / active as f64
            } else {
                0.0
            },
            state: self.state,
            concurrency: self.pacing.limit(),
            waiting_until_ms: (hold > now_ms && self.state == RunState::Running).then_some(hold),
            last_error: self.last_error.clone(),
        }
    }
}
