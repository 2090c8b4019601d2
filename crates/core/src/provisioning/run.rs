//! The bulk-run engine: a pure state machine that turns checked rows into batch calls of the
//! `users:batch` route and their answers into per-line outcomes.
//!
//! The caller (the page, a test driver) loops: [`BulkRun::next`] says what to do now (send a
//! batch, wait until a time, wait for an answer, or stop), and [`BulkRun::record_response`] takes
//! each HTTP answer. No I/O and no clock: `now_ms` is always a parameter. A rate limit puts the
//! users back in the queue and slows the whole run down; a transient failure (a lost connection,
//! a 5xx, an unclear answer) is retried for that user alone after a jittered back-off of its own,
//! and slows the run only when most recent answers are failures ([`retry`]). Only a Mimecast
//! refusal or exhausted retries fail a user. A run can be rebuilt after a page reload from its
//! [`SavedOutcome`]s: lines already created or existing are not sent again.

mod answers;
mod config;
mod outcomes;
mod pacing;
mod progress;
mod retry;

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::json;

pub use self::config::RunConfig;
use self::pacing::Pacing;
pub use self::progress::Progress;
use super::ProvisioningCode;
use super::batch::MAX_BATCH_USERS;
use super::csv_input::CsvImport;
use super::password::{RandomUnavailable, generate_password};
use super::report::{LineResult, Outcome};
use super::user::{LineError, NewUser, Password};
use crate::api_error::ApiError;

/// One user to create, with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunRow {
    /// The input line.
    pub line: u32,
    /// The checked user (with its password).
    pub user: NewUser,
    /// Whether the password was generated for this run (it then goes into the report).
    pub generated_password: bool,
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunState {
    /// Sending.
    Running,
    /// Paused by the caller, or halted by an error every call would get (see `lastError`).
    Paused,
    /// Cancelled: nothing more is sent; answers in flight are still recorded.
    Cancelled,
    /// Every line has its outcome.
    Finished,
}

/// One batch call to make: `POST /api/v1/mimecast/users:batch` with `body`. `Debug` shows the
/// body's size, never the body (it holds passwords).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// Pass it back to [`BulkRun::record_response`].
    pub id: u64,
    /// The JSON request body (it holds passwords: send it, never store or log it).
    pub body: String,
    /// The input lines in this batch.
    pub lines: Vec<u32>,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("id", &self.id)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("lines", &self.lines)
            .finish()
    }
}

/// What the caller should do now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Send this batch, then call `next` again.
    Send(Batch),
    /// Call `next` again at `untilMs` (back-off), or when an answer comes.
    #[serde(rename_all = "camelCase")]
    Wait {
        /// When to call again.
        until_ms: u64,
    },
    /// Call `next` again when an answer in flight comes back.
    AwaitResponses,
    /// Paused (or halted): call `resume` to go on.
    Paused,
    /// Nothing more to do: finished or cancelled, and no answer in flight.
    Finished,
}

#[derive(Clone, Debug)]
struct Entry {
    result: LineResult,
    user: Option<NewUser>,
    generated: bool,
    attempts: u32,
    /// A sent attempt ended without a clear answer (5xx, timeout): Mimecast may have created it.
    maybe_created: bool,
    /// An earlier session (a closed tab) sent it without getting an answer: if it now exists,
    /// that session may have created it with a password nobody has any more.
    earlier_unclear: bool,
    /// Not sent again before this time (its own back-off after a transient failure), in ms.
    not_before_ms: u64,
}

/// The code of a pending line saved while it was sent without a clear answer.
pub(super) const SENT_UNCLEAR: ProvisioningCode = ProvisioningCode::SentUnclear;
/// The code of a line whose address Mimecast listed before the run.
pub(super) const ALREADY_IN_MIMECAST: ProvisioningCode = ProvisioningCode::AlreadyInMimecast;
/// The code of a line that exists after an earlier session sent it without an answer.
pub(super) const PASSWORD_UNKNOWN: ProvisioningCode = ProvisioningCode::PasswordUnknown;
/// Its message.
pub(super) const PASSWORD_UNKNOWN_MESSAGE: &str = "It may have been created in the interrupted session; its password is unknown: reset it in Mimecast.";

/// A bulk run. See the module documentation for the loop that drives it.
#[derive(Clone, Debug)]
pub struct BulkRun {
    config: RunConfig,
    delimiter: char,
    entries: Vec<Entry>,
    queue: VecDeque<usize>,
    in_flight: BTreeMap<u64, Vec<usize>>,
    next_id: u64,
    state: RunState,
    pacing: Pacing,
    last_error: Option<ApiError>,
    running_since_ms: Option<u64>,
    active_ms: u64,
    answered: usize,
    /// Calls in a row that got no answer at all (status 0).
    lost_in_a_row: u32,
    /// The latest users' answers, newest last: `true` for a transient failure.
    recent: VecDeque<bool>,
}

impl BulkRun {
    /// A run over `rows` (to send) and `invalid` line errors (reported, never sent), sorted by line.
    pub fn new(rows: Vec<RunRow>, invalid: Vec<LineError>, config: RunConfig) -> Self {
        let mut config = config;
        config.batch_size = config.batch_size.clamp(1, MAX_BATCH_USERS);
        let mut entries: Vec<Entry> = rows
            .into_iter()
            .map(|row| Entry {
                result: LineResult {
                    line: row.line,
                    email_address: row.user.email_address.clone(),
                    outcome: Outcome::Pending,
                    code: None,
                    message: None,
                },
                user: Some(row.user),
                generated: row.generated_password,
                attempts: 0,
                maybe_created: false,
                earlier_unclear: false,
                not_before_ms: 0,
            })
            .collect();
        let mut by_line: BTreeMap<u32, Vec<LineError>> = BTreeMap::new();
        for error in invalid {
            by_line.entry(error.line).or_default().push(error);
        }
        for (line, errors) in by_line {
            let first = &errors[0];
            entries.push(Entry {
                result: LineResult {
                    line,
                    email_address: first.email_address.clone().unwrap_or_default(),
                    outcome: Outcome::Invalid,
                    code: Some(first.code.clone()),
                    message: Some(
                        errors
                            .iter()
                            .map(|e| e.message.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                },
                user: None,
                generated: false,
                attempts: 0,
                maybe_created: false,
                earlier_unclear: false,
                not_before_ms: 0,
            });
        }
        entries.sort_by_key(|e| e.result.line);
        let queue = (0..entries.len())
            .filter(|&i| entries[i].result.outcome == Outcome::Pending)
            .collect();
        let pacing = Pacing::new(
            config.max_in_flight,
            config.base_backoff_ms,
            config.max_backoff_ms,
        );
        Self {
            config,
            delimiter: ',',
            entries,
            queue,
            in_flight: BTreeMap::new(),
            next_id: 1,
            state: RunState::Running,
            pacing,
            last_error: None,
            running_since_ms: None,
            active_ms: 0,
            answered: 0,
            lost_in_a_row: 0,
            recent: VecDeque::new(),
        }
    }

    /// A run over a CSV import: its good rows (a password generated with `fill`'s random bytes for
    /// each row without one) and its line errors. The report uses the file's separator. Fails
    /// with [`RandomUnavailable`] when `fill` does: no run starts with guessable passwords.
    pub fn from_import(
        import: &CsvImport,
        fill: &mut dyn FnMut(&mut [u8]) -> Result<(), RandomUnavailable>,
        config: RunConfig,
    ) -> Result<Self, RandomUnavailable> {
        let rows = import
            .rows
            .iter()
            .map(|row| {
                let (password, generated) = match &row.password {
                    Some(p) => (p.clone(), false),
                    None => (Password::new(generate_password(fill)?), true),
                };
                Ok(RunRow {
                    line: row.line,
                    user: NewUser {
                        email_address: row.email_address.clone(),
                        name: row.name.clone(),
                        password,
                        force_password_change: row.force_password_change,
                    },
                    generated_password: generated,
                })
            })
            .collect::<Result<Vec<_>, RandomUnavailable>>()?;
        let mut run = Self::new(rows, import.errors.clone(), config);
        run.delimiter = import.delimiter;
        Ok(run)
    }

    /// What to do now.
    pub fn next(&mut self, now_ms: u64) -> Step {
        if self.running_since_ms.is_none() && self.state == RunState::Running {
            self.running_since_ms = Some(now_ms);
        }
        if self.queue.is_empty() && self.in_flight.is_empty() {
            self.stop_clock(now_ms);
            if self.state != RunState::Cancelled {
                self.state = RunState::Finished;
            }
            return Step::Finished;
        }
        match self.state {
            RunState::Paused => return Step::Paused,
            RunState::Cancelled | RunState::Finished => return Step::AwaitResponses,
            RunState::Running => {}
        }
        if self.queue.is_empty() || self.in_flight.len() >= self.pacing.limit() {
            return Step::AwaitResponses;
        }
        if now_ms < self.pacing.hold_until_ms() {
            return Step::Wait {
                until_ms: self.pacing.hold_until_ms(),
            };
        }
        // The first users in line whose own back-off is over; the others keep their places.
        let mut indexes = Vec::new();
        let mut rest = VecDeque::with_capacity(self.queue.len());
        for i in self.queue.drain(..) {
            if indexes.len() < self.config.batch_size && self.entries[i].not_before_ms <= now_ms {
                indexes.push(i);
            } else {
                rest.push_back(i);
            }
        }
        self.queue = rest;
        if indexes.is_empty() {
            let until_ms = self
                .queue
                .iter()
                .map(|&i| self.entries[i].not_before_ms)
                .min()
                .unwrap_or(now_ms);
            return Step::Wait {
                until_ms: until_ms.max(now_ms + 1),
            };
        }
        let users: Vec<_> = indexes
            .iter()
            .filter_map(|&i| {
                let entry = &self.entries[i];
                entry.user.as_ref().map(|user| {
                    json!({
                        "line": entry.result.line,
                        "emailAddress": user.email_address,
                        "name": user.name,
                        "password": user.password.expose(),
                        "forcePasswordChange": user.force_password_change,
                    })
                })
            })
            .collect();
        let mut body = json!({ "users": users });
        if let Some(region) = &self.config.region {
            body["region"] = region.clone().into();
        }
        let id = self.next_id;
        self.next_id += 1;
        let lines = indexes
            .iter()
            .map(|&i| self.entries[i].result.line)
            .collect();
        self.in_flight.insert(id, indexes);
        Step::Send(Batch {
            id,
            body: body.to_string(),
            lines,
        })
    }

    fn stop_clock(&mut self, now_ms: u64) {
        if let Some(since) = self.running_since_ms.take() {
            self.active_ms += now_ms.saturating_sub(since);
        }
    }

    /// Pauses: no new batch starts; answers in flight are still recorded.
    pub fn pause(&mut self, now_ms: u64) {
        if self.state == RunState::Running {
            self.stop_clock(now_ms);
            self.state = RunState::Paused;
        }
    }

    /// Resumes a paused or halted run.
    pub fn resume(&mut self, now_ms: u64) {
        if self.state == RunState::Paused {
            self.state = RunState::Running;
            self.last_error = None;
            self.running_since_ms = Some(now_ms);
        }
    }

    /// Cancels: queued users become `not_sent`; answers in flight are still recorded.
    pub fn cancel(&mut self, now_ms: u64) {
        if matches!(self.state, RunState::Running | RunState::Paused) {
            self.stop_clock(now_ms);
            self.state = RunState::Cancelled;
            let queued: Vec<usize> = self.queue.drain(..).collect();
            self.requeue(queued);
        }
    }

    /// Where the run is.
    pub fn state(&self) -> RunState {
        self.state
    }
}
