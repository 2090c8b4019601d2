//! The users step's state: what the page says on the helper's root (language, Worker, region,
//! API), the account's domains, the one-user form, the chosen CSV file and who of it already
//! exists, the run, the kept sessions, and what the step says. Plain data, no DOM: the update
//! changes it, the view shows it.

use mimecast_sso_core::provisioning::{AccountDomains, DnsRecord, dns_record};
use mimecast_sso_core::{Finding, UnixTime};

use super::saved::Session;
use crate::i18n::Lang;

mod domains;
mod file;
mod run;

pub(crate) use crate::app::Copied;
pub(crate) use domains::{Domains, List, RECORD_PARTS, Registered, record_part};
pub(crate) use file::{Csv, Existing, Loaded};
pub(crate) use run::{Run, run_state_name, state_line, summary_line};

pub(crate) use crate::app::Server;

/// What the page says on the helper's root: `data-lang`, `data-server`, `data-region` and
/// `data-api-base`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Contract {
    pub lang: Lang,
    pub server: Server,
    /// The region chosen in step 1, sent with Mimecast calls (API 1.0 needs it).
    pub region: Option<String>,
    /// The Worker's API, ending in `/`.
    pub api_base: String,
}

pub(crate) use crate::app::Problem;

/// Text for people, put into words by the view in the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A `ui.*` key, each `{name}` filled with another line.
    Ui(&'static str, Vec<(&'static str, Line)>),
    /// Text as it is: an address, a number, a file name.
    Text(String),
    /// A code with its English message.
    Problem(Problem),
    /// Lines one after the other.
    Join(Vec<Line>),
}

impl Line {
    /// The text of `key`, without values.
    pub fn ui(key: &'static str) -> Line {
        Line::Ui(key, Vec::new())
    }

    /// `value` as it is.
    pub fn text(value: impl ToString) -> Line {
        Line::Text(value.to_string())
    }
}

/// A field the admin types in (`data-users-field`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    Domain,
    Email,
    Name,
    Password,
    Confirm,
}

impl Input {
    /// Every field, in the page's order.
    pub const ALL: [Input; 5] = [
        Input::Domain,
        Input::Email,
        Input::Name,
        Input::Password,
        Input::Confirm,
    ];

    /// The `data-users-field` name.
    pub fn name(self) -> &'static str {
        match self {
            Input::Domain => "domain",
            Input::Email => "email",
            Input::Name => "name",
            Input::Password => "password",
            Input::Confirm => "confirm",
        }
    }
}

/// What the one-user form's last action gave: `what` names it (`created`, `exists`, `retry`,
/// `failed`, `generated`, `random_unavailable`), `severity` colours it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub what: &'static str,
    pub severity: &'static str,
    pub line: Line,
}

/// The "add one user" form. The password stays in memory, and leaves it once the user exists.
#[derive(Debug, Default)]
pub(crate) struct Single {
    pub email: String,
    pub name: String,
    pub password: String,
    pub confirm: String,
    /// Force a password change at next login (on by default: see [`State::new`]).
    pub force: bool,
    /// The password fields show their text (a generated password, shown once to copy).
    pub shown: bool,
    /// The core's findings about the form.
    pub findings: Vec<Finding>,
    pub outcome: Option<Outcome>,
    pub busy: bool,
}

/// Counters that change when a part of the step must be drawn again (its rows rebuilt).
#[derive(Debug, Default)]
pub(crate) struct Revisions {
    pub domains: u32,
    pub single: u32,
    pub file: u32,
    pub existing: u32,
    pub saved: u32,
}

/// Everything step 7 shows.
#[derive(Debug)]
pub(crate) struct State {
    pub lang: Lang,
    /// The language the page asked for, while its table loads.
    pub asked_lang: Lang,
    pub server: Server,
    pub region: Option<String>,
    pub api_base: String,
    pub domains: Domains,
    pub single: Single,
    pub csv: Csv,
    pub existing: Existing,
    pub run: Option<Run>,
    /// Why the last run did not start.
    pub run_error: Option<Problem>,
    pub generation: u64,
    /// The kept sessions, newest first.
    pub sessions: Vec<Session>,
    /// Numbers the writes of the sessions, so only the last one's answer counts.
    pub store_seq: u32,
    /// The last polite line and the last alert, each numbered.
    pub live: Option<(u32, Line)>,
    pub alert: Option<(u32, Line)>,
    pub seq: u32,
    pub revs: Revisions,
    /// The browser's clock at the last message, in ms since the epoch.
    pub now_ms: u64,
}

impl State {
    /// The step as the page's `contract` describes it, with the `sessions` kept earlier.
    pub fn new(contract: Contract, sessions: Vec<Session>) -> Self {
        Self {
            lang: contract.lang,
            asked_lang: contract.lang,
            server: contract.server,
            region: contract.region,
            api_base: contract.api_base,
            domains: Domains::default(),
            single: Single {
                force: true,
                ..Single::default()
            },
            csv: Csv::default(),
            existing: Existing::default(),
            run: None,
            run_error: None,
            generation: 0,
            sessions,
            store_seq: 0,
            live: None,
            alert: None,
            seq: 0,
            revs: Revisions::default(),
            now_ms: 0,
        }
    }

    /// The next number of a spoken line or feedback.
    pub fn next_seq(&mut self) -> u32 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Says `line` politely (progress, outcomes).
    pub fn say(&mut self, line: Line) {
        self.live = Some((self.next_seq(), line));
    }

    /// Says `line` at once (errors).
    pub fn alert(&mut self, line: Line) {
        self.alert = Some((self.next_seq(), line));
    }

    /// Whether a run is going on (running or paused).
    pub fn run_active(&self) -> bool {
        self.run.as_ref().is_some_and(Run::is_active)
    }

    /// The kept session of the file with `key`.
    pub fn session(&self, key: &str) -> Option<&Session> {
        self.sessions.iter().find(|session| session.key == key)
    }

    /// The browser's clock at the last message, in seconds.
    pub fn now(&self) -> UnixTime {
        UnixTime::from_secs(i64::try_from(self.now_ms / 1_000).unwrap_or(i64::MAX))
    }

    /// The account's domains, when listed.
    pub fn account(&self) -> Option<&AccountDomains> {
        match &self.domains.list {
            List::Loaded(account) => Some(account),
            _ => None,
        }
    }

    /// The DNS record shown: the last registration left its domain pending.
    pub fn record(&self) -> Option<DnsRecord> {
        match &self.domains.result {
            Some(Registered::Pending(pending)) => Some(dns_record(pending)),
            _ => None,
        }
    }
}
