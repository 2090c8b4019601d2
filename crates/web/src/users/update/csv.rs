//! The CSV import before any run: a chosen or dropped file, refused by its size before it is read,
//! then read by the core (every bad line with its problems, the preview); and who of the file
//! already exists in Mimecast: for each registered domain the file needs, the core's
//! [`UserListing`] reads every page of `get-internal-users`, so the run leaves those lines out.

use std::collections::BTreeSet;

use mimecast_sso_core::provisioning::{
    CsvLimits, DomainStatus, UserListing, check_csv_size, check_domains, read_csv,
};

use super::{FILE_SLOT, Msg, post};
use crate::app::{Effect, Reply};
use crate::users::saved::file_key;
use crate::users::state::{Existing, Line, Loaded, Problem, State};

/// A file was chosen: its size first, so a file the core would refuse is never read.
pub(super) fn chosen(state: &mut State, name: String, size: f64) -> Vec<Effect<Msg>> {
    if state.run_active() {
        state.alert(Line::ui("ui.users.csv.busy"));
        return Vec::new();
    }
    // `f64 as u64` saturates (and NaN is 0): a size beyond u64 is still over the limit.
    if let Err(finding) = check_csv_size(size.max(0.0) as u64, CsvLimits::default()) {
        refuse(state, finding.into());
        return Vec::new();
    }
    vec![Effect::ReadFile {
        slot: FILE_SLOT,
        then: Box::new(move |bytes| Msg::FileRead { name, bytes }),
    }]
}

/// The file's bytes, read by the core: the preview, or the file-level refusal. Whether a file
/// is now loaded.
pub(super) fn read(state: &mut State, name: String, bytes: Option<Vec<u8>>) -> bool {
    if state.run_active() {
        state.alert(Line::ui("ui.users.csv.busy"));
        return false;
    }
    let Some(bytes) = bytes else {
        refuse(state, Problem::ui("ui.users.csv.unreadable"));
        return false;
    };
    match read_csv(&bytes, CsvLimits::default()) {
        Ok(import) => {
            let count = |n: usize| Line::text(n);
            state.say(Line::Ui(
                "ui.users.preview.summary",
                vec![
                    ("lines", count(import.records)),
                    ("ready", count(import.rows.len())),
                    ("bad", count(import.invalid_lines().len())),
                ],
            ));
            state.csv.error = None;
            state.csv.file = Some(Loaded {
                name,
                key: file_key(&bytes),
                import,
                earlier: 0,
            });
            state.revs.file += 1;
            forget_run(state);
            true
        }
        Err(finding) => {
            refuse(state, finding.into());
            false
        }
    }
}

/// A file refused as a whole: said at once, and the earlier preview and run are gone.
fn refuse(state: &mut State, problem: Problem) {
    state.alert(Line::Problem(problem.clone()));
    state.csv.file = None;
    state.csv.error = Some(problem);
    state.revs.file += 1;
    forget_run(state);
}

/// Forgets the run shown for the earlier file (one going on is never forgotten).
fn forget_run(state: &mut State) {
    if !state.run_active() {
        state.run = None;
        state.run_error = None;
    }
}

/// Lists the users of the file's registered domains, once the file and the domains are known
/// (again after the domains were listed again: one may have turned registered). A listing
/// already running for this file goes on.
pub(super) fn check_existing(state: &mut State) -> Vec<Effect<Msg>> {
    let (Some(file), Some(account)) = (&state.csv.file, state.account()) else {
        return Vec::new();
    };
    let running = matches!(&state.existing, Existing::Checking { key, .. } if *key == file.key);
    if running || !state.server.has_worker() {
        return Vec::new();
    }
    let addresses = file
        .import
        .rows
        .iter()
        .map(|row| row.email_address.as_str());
    let todo = check_domains(addresses, account, state.now())
        .needed
        .into_iter()
        .filter(|need| need.status == DomainStatus::Registered)
        .map(|need| need.domain)
        .collect();
    let key = file.key.clone();
    next_domain(state, key, todo, BTreeSet::new(), Vec::new())
}

/// Starts listing the next domain of `todo`, or ends the check.
fn next_domain(
    state: &mut State,
    key: String,
    mut todo: Vec<String>,
    found: BTreeSet<String>,
    truncated: Vec<String>,
) -> Vec<Effect<Msg>> {
    state.revs.existing += 1;
    if todo.is_empty() {
        let in_file = state.csv.file.as_ref().map_or(0, |file| {
            let rows = file.import.rows.iter();
            rows.filter(|row| found.contains(&row.email_address.to_ascii_lowercase()))
                .count()
        });
        state.existing = Existing::Checked {
            key,
            found,
            in_file,
            truncated,
        };
        return Vec::new();
    }
    let listing = UserListing::new(&todo.remove(0), state.region.as_deref());
    let effects = page_request(state, &key, &listing);
    state.existing = Existing::Checking {
        key,
        listing,
        todo,
        found,
        truncated,
    };
    effects
}

/// The call for `listing`'s next page.
fn page_request(state: &State, key: &str, listing: &UserListing) -> Vec<Effect<Msg>> {
    let Some(body) = listing
        .request()
        .and_then(|body| serde_json::from_str(&body).ok())
    else {
        return Vec::new();
    };
    let key = key.to_owned();
    vec![post(state, "get-internal-users", body, move |reply| {
        Msg::UsersListed { key, reply }
    })]
}

/// A page of users for the file with `key`: the next page, the next domain, or the end; a
/// failure ends the check (the run then reports existing users as Mimecast answers them).
pub(super) fn users_listed(state: &mut State, key: &str, reply: &Reply) -> Vec<Effect<Msg>> {
    let Existing::Checking {
        key: checking,
        listing,
        ..
    } = &mut state.existing
    else {
        return Vec::new();
    };
    if checking != key {
        return Vec::new();
    }
    let accepted = if reply.ok() {
        listing.accept(&reply.body).map_err(|e| Problem::of(&e))
    } else {
        Err(reply.error().into())
    };
    if let Err(error) = accepted {
        state.existing = Existing::Failed {
            key: key.to_owned(),
            error,
        };
        state.revs.existing += 1;
        return Vec::new();
    }
    if let Existing::Checking { listing, .. } = &state.existing
        && !listing.is_done()
    {
        return page_request(state, key, listing);
    }
    let Existing::Checking {
        key,
        listing,
        todo,
        mut found,
        mut truncated,
    } = std::mem::take(&mut state.existing)
    else {
        return Vec::new();
    };
    if listing.truncated() {
        truncated.push(listing.domain().to_owned());
    }
    found.extend(listing.addresses().iter().cloned());
    next_domain(state, key, todo, found, truncated)
}
