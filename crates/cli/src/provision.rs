//! Creating a CSV file's users through a Worker's `POST /api/v1/mimecast/users:batch`, driven by
//! the core's bulk-run engine ([`BulkRun`], the same state machine the page drives in the
//! browser) with real threads and a real clock.
//!
//! [`provision`] reads the file (the core's [`read_csv`]), takes back saved outcomes of an earlier
//! run, checks that the Worker answers, lists who already exists in Mimecast
//! ([`crate::existing`]), then sends batches in parallel as the engine says, until every line
//! has its outcome, the engine halts (an error every call would get), the caller stops it, or
//! the deadline passes. The report (with the generated passwords) and the saved outcomes are
//! written whatever the end. Nothing here prints: the caller sees [`Event`]s.

mod drive;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use mimecast_sso_core::Coded;
use mimecast_sso_core::provisioning::{
    BulkRun, CsvImport, CsvLimits, Progress, RandomUnavailable, RunConfig, UserListing,
    check_csv_size, read_csv,
};

pub use self::drive::{End, Summary};
use crate::existing::{self, DomainListed, ListError};
use crate::report::{self, FileError, ReportFile};
use crate::worker::{CallError, Client, Reply};

/// The Worker's batch route.
pub const BATCH_PATH: &str = "/api/v1/mimecast/users:batch";

/// The Worker's health route (no credential needed): the first call, to see it answers at all.
pub const HEALTH_PATH: &str = "/api/v1/health";

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The users' CSV file.
    pub csv: PathBuf,
    /// Where to write the CSV report (it holds generated passwords); it must not exist.
    pub report: Option<PathBuf>,
    /// Saved outcomes: restored from this file when it exists, written back at the end.
    pub saved: Option<PathBuf>,
    /// The engine's settings.
    pub config: RunConfig,
    /// List who already exists in Mimecast first, and send nothing for them.
    pub list_existing: bool,
    /// Longest the run may take; then it is cancelled (answers in flight are still recorded).
    pub deadline: Option<Duration>,
}

impl Options {
    /// A run of `csv` with the engine's defaults, listing existing users, no files written.
    pub fn new(csv: impl Into<PathBuf>) -> Self {
        Self {
            csv: csv.into(),
            report: None,
            saved: None,
            config: RunConfig::default(),
            list_existing: true,
            deadline: None,
        }
    }
}

/// What happens, for a progress display.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// The file was read.
    FileRead {
        /// Lines with a user.
        lines: usize,
        /// Lines refused before sending (line errors).
        invalid: usize,
    },
    /// Lines taken back from saved outcomes as done.
    Restored(usize),
    /// A page of a domain's users was read.
    Listing(&'a UserListing),
    /// A domain was listed (or its listing stopped early: see `problem`).
    Listed(&'a DomainListed),
    /// The run starts: `skipped` lines already in Mimecast are left out.
    Started {
        /// Lines left out because Mimecast lists them.
        skipped: usize,
        /// The counts at the start.
        progress: &'a Progress,
    },
    /// An answer was recorded, or time passed.
    Progress(&'a Progress),
    /// The caller asked to stop (or the deadline passed): the users still queued are not sent;
    /// the run waits for the calls in flight.
    Stopping {
        /// Users in calls still in flight.
        in_flight: usize,
    },
}

/// The result of [`provision`].
#[derive(Debug)]
pub struct Finished {
    /// The summary.
    pub summary: Summary,
    /// How it ended.
    pub end: End,
    /// The domains listed before the run.
    pub listed: Vec<DomainListed>,
    /// Lines left out because Mimecast listed them.
    pub skipped_existing: usize,
    /// Generated passwords in the report (of users this run created).
    pub generated_passwords: usize,
    /// The report, when written.
    pub report: Option<PathBuf>,
    /// Files that could not be written at the end (the report, the saved outcomes).
    pub file_errors: Vec<FileError>,
}

/// Why nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum ProvisionError {
    /// The CSV file cannot be read, or the core refused it whole.
    Csv(String),
    /// The report or saved-outcomes file cannot be used.
    File(FileError),
    /// The operating system's random source failed: no run with guessable passwords.
    Random(RandomUnavailable),
    /// The Worker did not answer.
    Unreachable(CallError),
    /// The Worker refused the credential.
    NotAuthorized(Reply),
}

impl std::fmt::Display for ProvisionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProvisionError::Csv(message) => f.write_str(message),
            ProvisionError::File(error) => error.fmt(f),
            ProvisionError::Random(error) => write!(f, "{error} ({})", error.code()),
            ProvisionError::Unreachable(error) => error.fmt(f),
            ProvisionError::NotAuthorized(reply) => ListError::NotAuthorized(reply.clone()).fmt(f),
        }
    }
}

impl std::error::Error for ProvisionError {}

impl From<FileError> for ProvisionError {
    fn from(error: FileError) -> Self {
        ProvisionError::File(error)
    }
}

/// Reads the users' CSV file with the core's limits.
pub fn read_users(path: &std::path::Path) -> Result<CsvImport, ProvisionError> {
    let at = |reason: String| ProvisionError::Csv(format!("{}: {reason}", path.display()));
    let limits = CsvLimits::default();
    let size = std::fs::metadata(path)
        .map_err(|e| at(e.to_string()))?
        .len();
    check_csv_size(size, limits).map_err(|f| at(format!("{} ({})", f.message, f.code)))?;
    let bytes = std::fs::read(path).map_err(|e| at(e.to_string()))?;
    read_csv(&bytes, limits).map_err(|f| at(format!("{} ({})", f.message, f.code)))
}

/// Random bytes from the operating system.
fn fill_random(bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
    getrandom::fill(bytes).map_err(|_| RandomUnavailable)
}

/// Runs `options.csv` through the Worker of `client`. Setting `stop` cancels the run: nothing more
/// is sent, the answers in flight are recorded, and the files are written.
pub fn provision(
    client: &Client,
    options: &Options,
    stop: &AtomicBool,
    observe: &mut dyn FnMut(Event<'_>),
) -> Result<Finished, ProvisionError> {
    let import = read_users(&options.csv)?;
    observe(Event::FileRead {
        lines: import.rows.len() + import.invalid_lines().len(),
        invalid: import.invalid_lines().len(),
    });
    if let Some(path) = &options.report {
        ReportFile::check_free(path)?;
    }
    let mut run = BulkRun::from_import(&import, &mut fill_random, options.config.clone())
        .map_err(ProvisionError::Random)?;
    let restored = match &options.saved {
        Some(path) => report::read_saved(path)?.map_or(0, |saved| run.restore(&saved)),
        None => 0,
    };
    if restored > 0 {
        observe(Event::Restored(restored));
    }

    client
        .get(HEALTH_PATH)
        .map_err(ProvisionError::Unreachable)?;
    let mut listed = Vec::new();
    let mut skipped_existing = 0;
    if options.list_existing {
        let domains = run.pending_domains();
        let found = existing::list(
            client,
            &domains,
            options.config.region.as_deref(),
            &mut |listing| observe(Event::Listing(listing)),
        )
        .map_err(|error| match error {
            ListError::Unreachable(e) => ProvisionError::Unreachable(e),
            ListError::NotAuthorized(reply) => ProvisionError::NotAuthorized(reply),
        })?;
        for domain in &found.domains {
            observe(Event::Listed(domain));
        }
        skipped_existing = run.skip_existing(&found.addresses);
        listed = found.domains;
    }
    let report = options
        .report
        .as_deref()
        .map(ReportFile::create)
        .transpose()?;

    let (summary, end) = drive::drive(
        &mut run,
        client,
        options,
        restored,
        skipped_existing,
        stop,
        observe,
    );

    let mut file_errors = Vec::new();
    let generated_passwords = run.generated_passwords();
    let report = report.and_then(|file| match file.write(&run.report_csv()) {
        Ok(path) => Some(path),
        Err(error) => {
            file_errors.push(error);
            None
        }
    });
    if let Some(path) = &options.saved
        && let Err(error) = report::write_saved(path, &run.saved_results())
    {
        file_errors.push(error);
    }
    Ok(Finished {
        summary,
        end,
        listed,
        skipped_existing,
        generated_passwords,
        report,
        file_errors,
    })
}
