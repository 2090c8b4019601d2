//! The chosen CSV file as the step holds it, and who of it already exists in Mimecast.

use std::collections::BTreeSet;

use mimecast_sso_core::provisioning::{CsvImport, UserListing};

use super::Problem;

/// A CSV file read by the core (its passwords stay in memory only).
#[derive(Debug)]
pub(crate) struct Loaded {
    pub name: String,
    /// Its [`crate::users::saved::file_key`].
    pub key: String,
    pub import: CsvImport,
    /// Lines an earlier session of the same file created or found, as kept when it was chosen.
    pub earlier: usize,
}

/// The chosen file.
#[derive(Debug, Default)]
pub(crate) struct Csv {
    pub file: Option<Loaded>,
    /// A file-level refusal.
    pub error: Option<Problem>,
    /// Something is dragged over the drop zone.
    pub dragging: bool,
}

/// Who of the chosen file already exists in Mimecast, for the file with `key`.
#[derive(Debug, Default)]
pub(crate) enum Existing {
    #[default]
    NotChecked,
    /// Listing `listing`'s domain, then the domains in `todo`.
    Checking {
        key: String,
        listing: UserListing,
        todo: Vec<String>,
        found: BTreeSet<String>,
        truncated: Vec<String>,
    },
    /// Every page read: every address on the file's registered domains (lowercase), how many of
    /// the file's users are among them, and the domains whose listing stopped at the core's limit.
    Checked {
        key: String,
        found: BTreeSet<String>,
        in_file: usize,
        truncated: Vec<String>,
    },
    /// A call failed: the run goes on without the list (existing users come back `exists`).
    Failed { key: String, error: Problem },
}

impl Existing {
    /// The file it is about.
    pub fn key(&self) -> Option<&str> {
        match self {
            Existing::NotChecked => None,
            Existing::Checking { key, .. }
            | Existing::Checked { key, .. }
            | Existing::Failed { key, .. } => Some(key),
        }
    }
}
