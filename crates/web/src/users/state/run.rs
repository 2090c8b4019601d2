//! A run of the chosen file as the step holds it: the core's engine and what the page keeps
//! beside it, and the run's state and counts in words (for the panel and the live region).

use mimecast_sso_core::provisioning::{BulkRun, Progress, RunState};

use super::Line;
use crate::users::saved::Session;

/// A run of the chosen file: the core's engine and what the page keeps beside it.
#[derive(Debug)]
pub(crate) struct Run {
    pub engine: BulkRun,
    pub key: String,
    pub file: String,
    pub delimiter: char,
    /// Numbers runs, so a late answer to an earlier run is dropped.
    pub generation: u64,
    /// When the back-off timer asked for will fire.
    pub timer: Option<u64>,
    /// The other files' kept sessions, as they were when the run started.
    pub others: Vec<Session>,
    /// The browser refused to keep the outcomes even after dropping older sessions.
    pub not_saved: bool,
    /// Whether that was said (once per run).
    pub not_saved_told: bool,
    /// Generated passwords in the report when it was last downloaded.
    pub downloaded: usize,
    /// The state and quarter last said, to speak only changes.
    pub spoken: Option<(RunState, usize)>,
}

impl Run {
    /// Running or paused (not finished, not cancelled).
    pub fn is_active(&self) -> bool {
        matches!(self.engine.state(), RunState::Running | RunState::Paused)
    }

    /// Whether the report holds generated passwords not downloaded yet: they exist nowhere else.
    pub fn holds_passwords(&self) -> bool {
        self.is_active() && self.engine.generated_passwords() > self.downloaded
    }
}

/// The name of where a run is, for `data-run-state`.
pub(crate) fn run_state_name(progress: &Progress) -> &'static str {
    match progress.state {
        RunState::Running if progress.waiting_until_ms.is_some() => "waiting",
        RunState::Running => "running",
        RunState::Paused if progress.last_error.is_some() => "halted",
        RunState::Paused => "paused",
        RunState::Cancelled => "cancelled",
        RunState::Finished => "finished",
    }
}

/// What the run is doing, in words, at `now_ms`.
pub(crate) fn state_line(progress: &Progress, now_ms: u64) -> Line {
    match run_state_name(progress) {
        "waiting" => {
            let seconds = progress
                .waiting_until_ms
                .map_or(0, |until| until.saturating_sub(now_ms).div_ceil(1_000));
            Line::Ui("ui.users.run.waiting", vec![("s", Line::text(seconds))])
        }
        "running" => Line::Ui(
            "ui.users.run.running",
            vec![("n", Line::text(progress.concurrency))],
        ),
        "halted" => {
            let detail = progress
                .last_error
                .clone()
                .map_or(Line::text(""), |error| Line::Problem(error.into()));
            Line::Ui("ui.users.run.halted", vec![("detail", detail)])
        }
        "paused" => Line::ui("ui.users.run.paused"),
        "cancelled" => Line::ui("ui.users.run.cancelled"),
        _ => Line::ui("ui.users.run.finished"),
    }
}

/// The run's counts, in words.
pub(crate) fn summary_line(progress: &Progress) -> Line {
    Line::Ui(
        "ui.users.run.summary",
        vec![
            ("processed", Line::text(progress.processed)),
            ("total", Line::text(progress.total)),
            ("created", Line::text(progress.created)),
            ("skipped", Line::text(progress.skipped)),
            ("failed", Line::text(progress.failed)),
            ("invalid", Line::text(progress.invalid)),
        ],
    )
}
