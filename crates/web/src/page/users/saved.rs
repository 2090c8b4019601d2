//! The outcomes of CSV runs in `localStorage`, so a closed tab loses nothing: after a reload the
//! report so far can be downloaded, and running the same file again skips the lines already
//! created or existing. Kept per file (keyed by a hash of its bytes), the newest few only. Never a
//! password: a `LineResult` has none, and the file itself is not kept.

use mimecast_sso_core::provisioning::{LineResult, Outcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use web_sys::Storage;

/// The `localStorage` key.
pub(super) const KEY: &str = "mimecast-sso-users:v1";

/// How many files' outcomes are kept.
const MAX_SESSIONS: usize = 5;

/// The outcomes of one file's runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Session {
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
pub(super) fn file_key(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Every kept session, newest first; nothing when the storage is unreadable.
pub(super) fn all() -> Vec<Session> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_slice(text.as_bytes()).ok())
        .unwrap_or_default()
}

/// The session of the file with `key`.
pub(super) fn find(key: &str) -> Option<Session> {
    all().into_iter().find(|s| s.key == key)
}

/// Keeps `session` as the newest before `others` (the other files' sessions, newest first, as
/// [`all`] gave them once: a run does not read them again at each answer), within
/// [`MAX_SESSIONS`]. When the browser refuses the write (its storage quota is full), the oldest
/// of `others` is dropped and the write tried again. Returns whether `session` was stored.
pub(super) fn put_among(others: &mut Vec<Session>, session: &Session) -> bool {
    others.truncate(MAX_SESSIONS - 1);
    loop {
        let sessions: Vec<&Session> = std::iter::once(session).chain(others.iter()).collect();
        if write(&sessions) {
            return true;
        }
        if others.pop().is_none() {
            return false;
        }
    }
}

/// Forgets the session of the file with `key`.
pub(super) fn forget(key: &str) {
    let mut sessions = all();
    sessions.retain(|s| s.key != key);
    write(&sessions.iter().collect::<Vec<_>>());
}

/// Writes `sessions`; whether the browser stored them.
fn write(sessions: &[&Session]) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    if sessions.is_empty() {
        storage.remove_item(KEY).is_ok()
    } else {
        serde_json::to_string(sessions).is_ok_and(|text| storage.set_item(KEY, &text).is_ok())
    }
}
