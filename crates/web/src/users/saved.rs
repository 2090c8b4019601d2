//! The outcomes of CSV runs kept in `localStorage`, so a closed tab loses nothing: after a reload
//! the report so far can be downloaded, and running the same file again skips the lines already
//! created or existing. Kept per file (keyed by a hash of its bytes), the newest few only. Never a
//! password: a `LineResult` has none, and the file itself is not kept. Pure: the mount reads the
//! text, the update writes it with a store effect.

use mimecast_sso_core::provisioning::{LineResult, Outcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `localStorage` key (the signon module reads the addresses done, too).
pub(crate) const KEY: &str = crate::app::USERS_KEY;

/// The outcomes of one file's runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Session {
    /// The file's key: [`file_key`] of its bytes.
    pub key: String,
    /// The file's name, as chosen.
    pub file: String,
    /// The file's separator, for the report.
    pub delimiter: char,
    /// When the outcomes were last saved (ms since the epoch).
    pub updated_ms: u64,
    /// Every input line's outcome, in line order.
    pub results: Vec<LineResult>,
}

impl Session {
    /// Lines created or already there.
    pub fn done(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome.is_done_in_mimecast())
            .count()
    }

    /// Lines with `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.results.iter().filter(|r| r.outcome == outcome).count()
    }
}

/// The key of a file's outcomes: the first 128 bits of the SHA-256 of its bytes, in hex.
pub(crate) fn file_key(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The sessions in the kept text, newest first; none for anything else.
pub(crate) fn read(text: &str) -> Vec<Session> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The text to keep for `sessions`; `None` (forget the key) when there are none.
pub(crate) fn text(sessions: &[Session]) -> Option<String> {
    // Strings, numbers and enums only: serialising cannot fail.
    (!sessions.is_empty()).then(|| serde_json::to_string(sessions).unwrap_or_default())
}

/// The name of a file's report: `users.csv` gives `users-mimecast-report.csv`.
pub(crate) fn report_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "users" } else { stem };
    format!("{stem}-mimecast-report.csv")
}
