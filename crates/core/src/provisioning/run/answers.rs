//! How a run takes the answers to its batch calls: per-user results, whole-call failures (rate
//! limits, 5xx, network errors, refusals), retries and back-off (the run's on rate limits, each
//! user's own on transient failures: [`super::retry`]).

use std::collections::HashMap;

use super::super::ProvisioningCode;
use super::{BulkRun, PASSWORD_UNKNOWN, PASSWORD_UNKNOWN_MESSAGE, RunState};
use crate::Coded;
use crate::api_error::ApiError;
use crate::mimecast_api::UpstreamError;
use crate::provisioning::batch::{BatchResponse, ItemOutcome, ItemResult};
use crate::provisioning::report::Outcome;

/// Calls in a row without any answer (status 0) after which a run pauses: the connection is lost.
const LOST_BEFORE_PAUSE: u32 = 3;

impl BulkRun {
    /// Records the HTTP answer to batch `id`: its status (0 when the call failed without one),
    /// body and `Retry-After` header.
    pub fn record_response(
        &mut self,
        id: u64,
        status: u16,
        body: &[u8],
        retry_after: Option<&str>,
        now_ms: u64,
    ) {
        let Some(indexes) = self.in_flight.remove(&id) else {
            return;
        };
        if status == 0 {
            self.lost_in_a_row += 1;
            if self.lost_in_a_row >= LOST_BEFORE_PAUSE {
                // The connection is gone (offline, or an expired sign-in the browser hid): wait
                // for the operator instead of burning the users' attempts.
                self.requeue(indexes);
                self.halt(
                    ApiError::new(
                        ProvisioningCode::ConnectionLost,
                        format!(
                            "The Worker could not be reached {LOST_BEFORE_PAUSE} times in a row: check the network connection (and sign in again if the page asks), then resume."
                        ),
                    ),
                    now_ms,
                );
                return;
            }
        } else {
            self.lost_in_a_row = 0;
        }
        let answer = (status == 200)
            .then(|| serde_json::from_slice::<BatchResponse>(body).ok())
            .flatten();
        match answer {
            Some(answer) => self.record_results(indexes, answer, now_ms),
            None => self.record_failure(indexes, status, body, retry_after, now_ms),
        }
    }

    fn record_results(&mut self, indexes: Vec<usize>, answer: BatchResponse, now_ms: u64) {
        // Results are matched by the echoed line; an answer without lines is matched by position
        // (the route keeps the request order).
        let positional = answer.results.len() == indexes.len()
            && answer.results.iter().all(|r| r.line.is_none());
        let mut by_line: HashMap<u32, ItemResult> = answer
            .results
            .into_iter()
            .zip(indexes.iter())
            .filter_map(|(r, &i)| {
                let line = if positional {
                    Some(self.entries[i].result.line)
                } else {
                    r.line
                };
                line.map(|line| (line, r))
            })
            .collect();
        let (mut retry, mut hint, mut rate_limited) = (Vec::new(), None::<u64>, false);
        let (users, mut failed) = (indexes.len(), 0);
        for i in indexes {
            let line = self.entries[i].result.line;
            let Some(result) = by_line.remove(&line) else {
                // Sent, but no answer for it: an unclear attempt, counted like a 5xx.
                let entry = &mut self.entries[i];
                entry.attempts += 1;
                entry.maybe_created = true;
                entry.result.code = Some(ProvisioningCode::ResponseInvalid.code().into());
                entry.result.message =
                    Some("The Worker's answer had no result for this line.".into());
                self.retry_later(i, now_ms);
                failed += 1;
                retry.push(i);
                continue;
            };
            if result.outcome == ItemOutcome::Retry {
                let limited = result.code.as_deref() == Some(UpstreamError::RateLimited.code());
                // A rate limit is a clear "not done": it slows the whole run down (the back-off)
                // and uses up no attempt. Another sent retry is unclear (it may have been
                // made) and waits a back-off of its own; an unsent one just goes back in line.
                if limited {
                    rate_limited = true;
                    hint = hint.max(result.retry_after_ms);
                } else if result.sent {
                    let entry = &mut self.entries[i];
                    entry.attempts += 1;
                    entry.maybe_created = true;
                    self.retry_later(i, now_ms);
                    failed += 1;
                }
                let entry = &mut self.entries[i];
                entry.result.code = result.code;
                entry.result.message = result.message;
                retry.push(i);
                continue;
            }
            self.answered += 1;
            let entry = &mut self.entries[i];
            entry.result.outcome = match result.outcome {
                ItemOutcome::Created => Outcome::Created,
                ItemOutcome::Exists => Outcome::Exists,
                ItemOutcome::Invalid => Outcome::Invalid,
                _ => Outcome::Failed,
            };
            entry.result.code = result.code;
            entry.result.message = result.message;
            if entry.result.outcome == Outcome::Exists && entry.earlier_unclear {
                entry.result.code = Some(PASSWORD_UNKNOWN.code().into());
                entry.result.message = Some(PASSWORD_UNKNOWN_MESSAGE.into());
            } else if entry.result.outcome == Outcome::Exists && entry.maybe_created {
                entry.result.message = Some(format!(
                    "{} An earlier attempt of this run got no clear answer and may have created it with the password in this report.",
                    entry.result.message.as_deref().unwrap_or("")
                ).trim().to_owned());
            }
        }
        self.note(failed * 2 > users);
        let slow = rate_limited || answer.stopped.is_some() || self.mostly_failing();
        self.requeue(retry);
        match answer.stopped {
            Some(error) if !error.retryable => self.halt(error, now_ms),
            _ if slow => self.pacing.slow_down(now_ms, hint),
            _ => self.pacing.speed_up(),
        }
    }

    fn record_failure(
        &mut self,
        indexes: Vec<usize>,
        status: u16,
        body: &[u8],
        retry_after: Option<&str>,
        now_ms: u64,
    ) {
        let error = serde_json::from_slice::<ErrorEnvelope>(body)
            .map(|e| e.error)
            .unwrap_or_else(|_| fallback_error(status));
        let retryable = status == 0
            || status == 429
            || (status >= 500 && error.retryable)
            || (status == 200 && error.is(ProvisioningCode::ResponseInvalid));
        if !retryable && matches!(status, 400 | 413 | 422) {
            for i in indexes {
                self.answered += 1;
                let entry = &mut self.entries[i];
                entry.result.outcome = Outcome::Failed;
                entry.result.code = Some(error.code.clone());
                entry.result.message = Some(error.message.clone());
            }
            return;
        }
        if !retryable {
            self.requeue(indexes);
            self.halt(error, now_ms);
            return;
        }
        if status != 429 {
            self.note(true);
            for &i in &indexes {
                self.entries[i].attempts += 1;
                self.entries[i].maybe_created = true;
                self.entries[i].result.code = Some(error.code.clone());
                self.entries[i].result.message = Some(error.message.clone());
                self.retry_later(i, now_ms);
            }
        }
        self.requeue(indexes);
        // A whole call rate-limited slows the run; a whole call lost or failed is retried for its
        // users, and slows the run only when most of the latest answers failed.
        if status == 429 || self.mostly_failing() {
            let hint = retry_after
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(|s| s.saturating_mul(1_000));
            self.pacing.slow_down(now_ms, hint);
        }
    }

    /// Records that batch `id` was answered by a redirect to a sign-in page (the access session
    /// expired): the call never reached the Worker, so its users go back to the queue without an
    /// attempt counted, and the run pauses until the operator signed in again and resumes.
    pub fn record_sign_in_required(&mut self, id: u64, now_ms: u64) {
        let Some(indexes) = self.in_flight.remove(&id) else {
            return;
        };
        self.requeue(indexes);
        self.halt(
            ApiError::new(
                ProvisioningCode::SignInRequired,
                "The sign-in to the Worker has expired: sign in again (reload the page in another tab), then resume.",
            ),
            now_ms,
        );
    }

    /// Puts users back at the front of the queue, in line order; those out of attempts fail, and
    /// after a cancel they are not sent.
    pub(super) fn requeue(&mut self, mut indexes: Vec<usize>) {
        indexes.sort_unstable();
        for &i in indexes.iter().rev() {
            let entry = &mut self.entries[i];
            if self.state == RunState::Cancelled {
                entry.result.outcome = Outcome::NotSent;
                entry.result.code = Some(ProvisioningCode::NotSent.code().into());
                entry.result.message = Some("Not sent: the run was cancelled.".into());
            } else if entry.attempts >= self.config.max_attempts {
                self.answered += 1;
                entry.result.outcome = Outcome::Failed;
                entry.result.message = Some(format!(
                    "Gave up after {} attempts: {}",
                    entry.attempts,
                    entry.result.message.as_deref().unwrap_or("no answer")
                ));
            } else {
                self.queue.push_front(i);
            }
        }
    }

    pub(super) fn halt(&mut self, error: ApiError, now_ms: u64) {
        self.last_error = Some(error);
        if self.state == RunState::Running {
            self.stop_clock(now_ms);
            self.state = RunState::Paused;
        }
    }
}

#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    error: ApiError,
}

fn fallback_error(status: u16) -> ApiError {
    match status {
        0 => ApiError::new(UpstreamError::Failed, "The Worker could not be reached."),
        200 => ApiError::new(
            ProvisioningCode::ResponseInvalid,
            "The Worker's answer to a batch could not be read.",
        ),
        429 => ApiError::new(UpstreamError::RateLimited, "Too many requests (HTTP 429)."),
        s if s >= 500 => ApiError::new(
            UpstreamError::Failed,
            format!("The Worker answered HTTP {s}."),
        ),
        s => {
            let mut error = ApiError::new(
                ProvisioningCode::ResponseInvalid,
                format!("The Worker answered HTTP {s}."),
            );
            error.retryable = false;
            error
        }
    }
}
