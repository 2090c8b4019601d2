//! Per-line outcomes of a run, the form they are saved in (never with a password), and the CSV
//! report: one row per input line.

use serde::{Deserialize, Serialize};

/// What happened to one input line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not finished yet (waiting, in flight or to be retried).
    Pending,
    /// Created in Mimecast.
    Created,
    /// Already in Mimecast: skipped.
    Exists,
    /// Mimecast refused it, or its retries ran out.
    Failed,
    /// Refused before sending (a line error).
    Invalid,
    /// Never sent: the run was cancelled first.
    NotSent,
}

impl Outcome {
    /// The word in the report's `outcome` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Created => "created",
            Outcome::Exists => "exists",
            Outcome::Failed => "failed",
            Outcome::Invalid => "invalid",
            Outcome::NotSent => "not_sent",
        }
    }

    /// Whether the line needs nothing more (created or already there).
    pub fn is_done_in_mimecast(self) -> bool {
        matches!(self, Outcome::Created | Outcome::Exists)
    }
}

/// One line's outcome (JSON, camelCase). It holds no password, so it is what a page saves to
/// continue after a reload ([`SavedOutcome`]) and what it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineResult {
    /// The input line.
    pub line: u32,
    /// The address as written.
    pub email_address: String,
    /// What happened.
    pub outcome: Outcome,
    /// Mimecast's error code or ours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The message that goes with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What a page keeps between sessions: the same fields as [`LineResult`], never a password.
pub type SavedOutcome = LineResult;

/// The report's header row.
const HEADER: [&str; 6] = [
    "line",
    "email",
    "outcome",
    "error_code",
    "message",
    "generated_password",
];

/// Writes the CSV report (UTF-8 with a byte-order mark so Excel reads it as UTF-8, separated by
/// `delimiter` like the input). A cell that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
pub(crate) fn write_report<'a>(
    delimiter: char,
    rows: impl IntoIterator<Item = (&'a LineResult, Option<&'a str>)>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(u8::try_from(delimiter).unwrap_or(b','))
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    for (result, password) in rows {
        let line = result.line.to_string();
        let cells = [
            line.as_str(),
            &defuse(&result.email_address),
            result.outcome.as_str(),
            &defuse(result.code.as_deref().unwrap_or("")),
            &defuse(result.message.as_deref().unwrap_or("")),
            password.unwrap_or(""),
        ];
        let _ = writer.write_record(cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}
