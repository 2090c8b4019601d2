//! What a run has done, and taking back what an earlier session or Mimecast's own list says is
//! done: lines restored from saved outcomes, lines Mimecast already lists, and the results, saved
//! outcomes and CSV report of the run so far.

use std::collections::{BTreeSet, HashMap};

use super::{
    ALREADY_IN_MIMECAST, BulkRun, Entry, PASSWORD_UNKNOWN, PASSWORD_UNKNOWN_MESSAGE, SENT_UNCLEAR,
};
use crate::Coded;
use crate::provisioning::report::{LineResult, Outcome, SavedOutcome, write_report};

impl BulkRun {
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
                    s.outcome == Outcome::Pending && s.code.as_deref() == Some(SENT_UNCLEAR.code());
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
                entry.result.code = Some(PASSWORD_UNKNOWN.code().to_owned());
                entry.result.message = Some(PASSWORD_UNKNOWN_MESSAGE.to_owned());
            } else {
                entry.result.code = Some(ALREADY_IN_MIMECAST.code().to_owned());
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

    /// The domains of the lines still to send, each once, lowercase: the domains whose users to
    /// list before the run ([`super::super::UserListing`]).
    pub fn pending_domains(&self) -> BTreeSet<String> {
        self.queue
            .iter()
            .filter_map(|&i| self.entries[i].result.email_address.rsplit_once('@'))
            .map(|(_, domain)| domain.to_ascii_lowercase())
            .collect()
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
                    result.code = Some(SENT_UNCLEAR.code().to_owned());
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
