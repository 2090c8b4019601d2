//! The engine's loop with real threads and a real clock: send each batch the engine gives on its
//! own thread, record each answer as it comes, tell the caller how far the run is, and stop when
//! every line has its outcome, the engine halts, or the caller stops it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mimecast_sso_core::provisioning::{BulkRun, LineResult, Progress, RunState, Step};
use serde::Serialize;

use super::{BATCH_PATH, Event, Options};
use crate::worker::{CallError, Client, Reply};

/// Longest wait between two looks at the clock, the stop flag and the progress.
const TICK: Duration = Duration::from_millis(200);

/// What a run did (JSON, camelCase): the summary `mimecast-sso users create --json` prints.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The final counts.
    pub progress: Progress,
    /// Every line's outcome (no passwords).
    pub results: Vec<LineResult>,
    /// Lines restored from saved outcomes.
    pub restored: usize,
    /// Wall time, in milliseconds.
    pub elapsed_ms: u64,
    /// Batch calls made, by HTTP status (0: no answer).
    pub statuses: BTreeMap<u16, u64>,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum End {
    /// Every line has its outcome.
    Finished,
    /// The engine halted on an error every call would get (see the progress's `lastError`).
    Halted {
        /// The HTTP status of the answer that halted it: 0 when the Worker could not be reached,
        /// a 3xx for a sign-in redirect, 401/403 for a refused credential.
        status: u16,
        /// The last failure without an HTTP answer, if any (a TLS or connection error).
        transport: Option<String>,
    },
    /// Stopped by the caller: users still queued were not sent.
    Stopped,
    /// The deadline passed: users still queued were not sent.
    TimedOut,
}

impl End {
    /// Whether the run stopped because the Worker could not be reached or refused the
    /// credential (no answer, a redirect to a sign-in page, 401 or 403).
    pub fn is_worker_unreachable_or_refused(&self) -> bool {
        matches!(self, End::Halted { status, .. }
            if *status == 0 || (300..400).contains(status) || matches!(status, 401 | 403))
    }
}

/// One batch call's answer, from its thread.
type Answer = (u64, Result<Reply, CallError>);

/// The engine's loop: send what it says, record what comes back, until it finishes or halts.
pub(super) fn drive(
    run: &mut BulkRun,
    client: &Client,
    options: &Options,
    restored: usize,
    skipped: usize,
    stop: &AtomicBool,
    observe: &mut dyn FnMut(Event<'_>),
) -> (Summary, End) {
    let started = Instant::now();
    let now = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (answers, inbox) = mpsc::channel::<Answer>();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    let mut stopping: Option<End> = None;
    let mut halted: Option<u16> = None;
    let mut transport: Option<String> = None;
    let mut calls_in_flight = 0_usize;
    observe(Event::Started {
        skipped,
        progress: &run.progress(now()),
    });
    loop {
        if stopping.is_none() {
            let timed_out = options.deadline.is_some_and(|d| started.elapsed() > d);
            if timed_out || stop.load(Ordering::SeqCst) {
                run.cancel(now());
                stopping = Some(if timed_out {
                    End::TimedOut
                } else {
                    End::Stopped
                });
                observe(Event::Stopping {
                    in_flight: run.progress(now()).in_flight,
                });
            }
        }
        let wait_for = match run.next(now()) {
            Step::Send(batch) => {
                let (client, answers) = (client.clone(), answers.clone());
                calls_in_flight += 1;
                std::thread::spawn(move || {
                    let reply = client.post(BATCH_PATH, "application/json", batch.body.as_bytes());
                    let _ = answers.send((batch.id, reply));
                });
                continue;
            }
            Step::Wait { until_ms } => Duration::from_millis(until_ms.saturating_sub(now())),
            Step::AwaitResponses => TICK,
            // Halted: nothing more is sent, but the calls in flight may create users (with
            // generated passwords the report must hold), so their answers are still recorded.
            Step::Paused if calls_in_flight > 0 => TICK,
            Step::Paused | Step::Finished => break,
        };
        if let Ok((id, answer)) = inbox.recv_timeout(wait_for.min(TICK)) {
            calls_in_flight -= 1;
            let was_running = run.state() == RunState::Running;
            let status = match answer {
                Ok(reply) if reply.is_redirect() => {
                    run.record_sign_in_required(id, now());
                    reply.status
                }
                Ok(reply) => {
                    run.record_response(
                        id,
                        reply.status,
                        &reply.body,
                        reply.retry_after.as_deref(),
                        now(),
                    );
                    reply.status
                }
                Err(error) => {
                    transport = Some(error.to_string());
                    run.record_response(id, 0, b"", None, now());
                    0
                }
            };
            *statuses.entry(status).or_default() += 1;
            if was_running && run.state() == RunState::Paused {
                halted = Some(status);
            }
        }
        observe(Event::Progress(&run.progress(now())));
    }
    let end = match (stopping, halted) {
        (Some(end), _) => end,
        (None, Some(status)) if run.state() == RunState::Paused => End::Halted {
            status,
            transport: transport.filter(|_| status == 0),
        },
        _ => End::Finished,
    };
    let summary = Summary {
        progress: run.progress(now()),
        results: run.results(),
        restored,
        elapsed_ms: now(),
        statuses,
    };
    (summary, end)
}
