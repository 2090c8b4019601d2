//! The bulk-run engine: a pure state machine that turns checked rows into batch calls of the
//! `users:batch` route and their answers into per-line outcomes.
//!
//! The caller (the page, a test driver) loops: [`BulkRun::next`] says what to do now (send a
//! batch, wait until a time, wait for an answer, or stop), and [`BulkRun::record_response`] takes
//! each HTTP answer. No I/O and no clock: `now_ms` is always a parameter. Rate limits and
//! retryable failures put the users back in the queue and slow the run down; only a Mimecast
//! refusal or exhausted retries fail a user. A run can be rebuilt after a page reload from its
//! [`SavedOutcome`]s: lines already created or existing are not sent again.

mod answers;
mod pacing;
mod progress;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde::Serialize;
use serde_json::json;

use self::pacing::Pacing;
pub use self::progress::Progress;
use super::batch::MAX_BATCH_USERS;
use super::csv_input::CsvImport;
use super::password::{RandomUnavailable, generate_password};
use super::report::{LineResult, Outcome, SavedOutcome, write_report};
use super::user::{LineError, NewUser, Password};
use crate::api_error::ApiError;

/// How a run behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunConfig {
    /// Users per batch call, 1 to 100.
    pub batch_size: usize,
    /// Most batch calls in flight at once (the run lowers it after rate limits).
    pub max_in_flight: usize,
    /// Calls per user before it fails (each retry after a sent attempt counts).
    pub max_attempts: u32,
    /// First back-off after a rate limit or failure, in milliseconds.
    pub base_backoff_ms: u64,
    /// Longest back-off, in milliseconds.
    pub max_backoff_ms: u64,
    /// `region` sent with each batch (API 1.0), if any.
    pub region: Option<String>,
}

impl Default for RunConfig {
    /// 100 users per call, 3 calls in flight, 8 attempts, back-off from 1 s to 60 s.
    fn default() -> Self {
        Self {
            batch_size: MAX_BATCH_USERS,
            max_in_flight: 3,
            max_attempts: 8,
            base_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
            region: None,
        }
    }
}

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
}

/// The code of a pending line saved while it was sent without a clear answer.
pub(super) const SENT_UNCLEAR: &str = "provisioning.sent_unclear";
/// The code of a line whose address Mimecast listed before the run.
pub(super) const ALREADY_IN_MIMECAST: &str = "provisioning.already_in_mimecast";
/// The code of a line that exists after an earlier session sent it without an answer.
pub(super) const PASSWORD_UNKNOWN: &str = "provisioning.password_unknown";
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

    /// Takes back the outcomes of an earlier session of the same file: lines saved as created or
    /// existing (same line, same address) are not sent again; lines saved as sent without an
    /// answer ([`BulkRun::saved_results`]) are sent again, and if they then exist the report says
    /// the earlier session may have created them with a password that is lost. Returns how many
    /// lines were taken back as done.
    pub fn restore(&mut self, saved: &[SavedOutcome]) -> usize {
        let saved: HashMap<u32, &SavedOutcome> = saved.iter().map(|s| (s.line, s)).collect();
        let mut restored = 0;
        self.queue.retain(|&i| {
            let entry = &mut self.entries[i];
            let Some(s) = saved
                .get(&entry.result.line)
                .filter(|s| s.email_address.eq_ignore_ascii_case(&entry.result.email_address))
            else {
                return true;
            };
            if !s.outcome.is_done_in_mimecast() {
                entry.earlier_unclear |=
                    s.outcome == Outcome::Pending && s.code.as_deref() == Some(SENT_UNCLEAR);
                return true;
            }
            entry.result.outcome = s.outcome;
            entry.result.code = s.code.clone();
            // Its password (if generated) belonged to the earlier session's report.
            entry.generated = false;
            entry.result.message = Some(match s.outcome {
                Outcome::Created => "Created in an earlier session; a generated password was in that session's report.".to_owned(),
                _ => s.message.clone().unwrap_or_default(),
            });
            restored += 1;
            false
        });
        restored
    }

    /// Takes the lines whose address Mimecast already lists (a [`super::UserListing`]'s
    /// addresses, lowercase) out of the queue as `exists` (`provisioning.already_in_mimecast`, or
    /// `provisioning.password_unknown` for a line an interrupted session sent without an answer):
    /// they are not sent and no password is made for them. Lines already sent are left alone.
    /// Returns how many lines were taken out.
    pub fn skip_existing(&mut self, existing: &BTreeSet<String>) -> usize {
        let mut skipped = 0;
        self.queue.retain(|&i| {
            let entry = &mut self.entries[i];
            if entry.attempts > 0
                || !existing.contains(&entry.result.email_address.to_ascii_lowercase())
            {
                return true;
            }
            entry.result.outcome = Outcome::Exists;
            if entry.earlier_unclear {
                entry.result.code = Some(PASSWORD_UNKNOWN.to_owned());
                entry.result.message = Some(PASSWORD_UNKNOWN_MESSAGE.to_owned());
            } else {
                entry.result.code = Some(ALREADY_IN_MIMECAST.to_owned());
                entry.result.message = Some(
                    "Already in Mimecast before this run (listed by get-internal-users): not sent."
                        .to_owned(),
                );
            }
            entry.generated = false;
            entry.user = None;
            skipped += 1;
            false
        });
        skipped
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
        let take = self.config.batch_size.min(self.queue.len());
        let indexes: Vec<usize> = self.queue.drain(..take).collect();
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

    /// Every line's outcome, in line order (no passwords).
    pub fn results(&self) -> Vec<LineResult> {
        self.entries.iter().map(|e| e.result.clone()).collect()
    }

    /// What to save to continue after a reload: the lines that are created or already exist.
    pub fn saved_outcomes(&self) -> Vec<SavedOutcome> {
        self.entries
            .iter()
            .filter(|e| e.result.outcome.is_done_in_mimecast())
            .map(|e| e.result.clone())
            .collect()
    }

    /// Every line's outcome to save after each answer (no passwords): a pending line that was
    /// sent without a clear answer yet (in flight, after a 5xx or timeout, or so in an earlier
    /// session) is marked `provisioning.sent_unclear`, so that if the tab closes now, the next
    /// session's [`BulkRun::restore`] knows Mimecast may have created it.
    pub fn saved_results(&self) -> Vec<SavedOutcome> {
        let in_flight: std::collections::HashSet<usize> =
            self.in_flight.values().flatten().copied().collect();
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut result = e.result.clone();
                if result.outcome == Outcome::Pending
                    && (in_flight.contains(&i) || e.maybe_created || e.earlier_unclear)
                {
                    result.code = Some(SENT_UNCLEAR.to_owned());
                    result.message = Some(
                        "Sent without a clear answer yet: Mimecast may have created it.".to_owned(),
                    );
                }
                result
            })
            .collect()
    }

    /// How many generated passwords the report holds now (the page asks before its tab closes
    /// while this is more than were downloaded).
    pub fn generated_passwords(&self) -> usize {
        self.entries.iter().filter(|e| shows_password(e)).count()
    }

    /// The CSV report, one row per input line: `line, email, outcome, error_code, message,
    /// generated_password`. The password column is filled only for users created in this run
    /// with a generated password (or, with a note, ones an unclear attempt may have created).
    pub fn report_csv(&self) -> String {
        write_report(
            self.delimiter,
            self.entries.iter().map(|e| {
                let password = e
                    .user
                    .as_ref()
                    .filter(|_| shows_password(e))
                    .map(|u| u.password.expose());
                (&e.result, password)
            }),
        )
    }
}

/// Whether the report shows a line's password: generated in this session, and created by it (or
/// existing after an unclear attempt of this session, but not of an earlier one).
fn shows_password(e: &Entry) -> bool {
    e.generated
        && (e.result.outcome == Outcome::Created
            || (e.result.outcome == Outcome::Exists && e.maybe_created && !e.earlier_unclear))
}
