//! Who of the chosen file already exists in Mimecast: for each registered domain the file needs,
//! the core's [`UserListing`] reads every page of `get-internal-users`; the run then leaves those
//! lines out (`BulkRun::skip_existing`), so nothing is sent for them.

use std::collections::BTreeSet;

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::provisioning::{DomainStatus, UserListing, check_domains};
use web_sys::Element;

use super::{Users, domains, error_text, http, import, with};
use crate::dom::{DomResult, attrs};
use crate::i18n::tf;
use crate::page::{Page, now};

/// What is known of the file's users in Mimecast.
#[derive(Default)]
pub(super) enum State {
    #[default]
    NotChecked,
    /// Listing, for the file with this key.
    Checking { key: String },
    /// Every page read, for the file with this key.
    Checked {
        key: String,
        /// Every address listed on the file's registered domains (lowercase).
        existing: BTreeSet<String>,
        /// How many of the file's users are among them.
        in_file: usize,
        /// Domains whose listing stopped at the core's page limit.
        truncated: Vec<String>,
    },
    /// A call failed: the run goes on without the list (existing users come back `exists`).
    Failed { key: String, error: ApiError },
}

/// Lists the users of the file's registered domains, when the file and the domains are known.
pub(super) fn check(page: &Page, users: &mut Users) {
    let Some(loaded) = &users.import.file else {
        return;
    };
    let key = loaded.key.clone();
    // A listing already running for this file goes on; otherwise list again (the domains were
    // listed again, and one may have turned registered).
    let running = matches!(&users.existing, State::Checking { key: k } if *k == key);
    let Some(account) = domains::account(users) else {
        return;
    };
    if running || !super::has_worker(page) {
        return;
    }
    let addresses: Vec<String> = loaded
        .import
        .rows
        .iter()
        .map(|r| r.email_address.to_ascii_lowercase())
        .collect();
    let registered: Vec<String> =
        check_domains(addresses.iter().map(String::as_str), account, now())
            .needed
            .into_iter()
            .filter(|need| need.status == DomainStatus::Registered)
            .map(|need| need.domain)
            .collect();
    users.existing = State::Checking { key: key.clone() };
    let region = super::region(page);
    let url = format!("{}mimecast/get-internal-users", page.api_base);
    let me = page.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let mut existing = BTreeSet::new();
        let mut truncated = Vec::new();
        let mut failure = None;
        'domains: for domain in registered {
            let mut listing = UserListing::new(&domain, region.as_deref());
            while let Some(body) = listing.request() {
                let answer = http::post(&url, &body).await;
                if answer.status != 200 {
                    failure = Some(answer.error());
                    break 'domains;
                }
                if let Err(e) = listing.accept(&answer.body) {
                    failure = Some(ApiError::from_coded(&e));
                    break 'domains;
                }
            }
            if listing.truncated() {
                truncated.push(domain);
            }
            existing.extend(listing.addresses().iter().cloned());
        }
        with(&me, |page, users| {
            let current = users.import.file.as_ref().map(|f| f.key.as_str());
            if current != Some(key.as_str()) {
                return;
            }
            users.existing = match failure {
                Some(error) => State::Failed { key, error },
                None => State::Checked {
                    in_file: addresses.iter().filter(|a| existing.contains(*a)).count(),
                    key,
                    existing,
                    truncated,
                },
            };
            let _ = import::render_domains(page, users);
        });
    });
}

/// The addresses to leave out of a run of the file with `key`, when they were listed.
pub(super) fn for_run<'a>(users: &'a Users, key: &str) -> Option<&'a BTreeSet<String>> {
    match &users.existing {
        State::Checked {
            key: k, existing, ..
        } if k == key => Some(existing),
        _ => None,
    }
}

/// One line under the domains: listing, how many already exist, or why it failed.
pub(super) fn render(page: &Page, users: &Users, target: &Element) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    let current = users.import.file.as_ref().map(|f| f.key.as_str());
    match &users.existing {
        State::Checking { key } if Some(key.as_str()) == current => {
            let p = b.child_text(
                target,
                "p",
                "mss-hint",
                &crate::i18n::t(lang, "ui.users.existing.checking"),
            )?;
            attrs(&p, &[("data-existing", "checking")])?;
        }
        State::Checked {
            key,
            in_file,
            truncated,
            ..
        } if Some(key.as_str()) == current => {
            let p = b.child_text(
                target,
                "p",
                "mss-finding sev-info",
                &tf(
                    lang,
                    "ui.users.existing.found",
                    &[("n", &in_file.to_string())],
                ),
            )?;
            attrs(&p, &[("data-existing", &in_file.to_string())])?;
            for domain in truncated {
                b.child_text(
                    target,
                    "p",
                    "mss-hint",
                    &tf(lang, "ui.users.existing.truncated", &[("domain", domain)]),
                )?;
            }
        }
        State::Failed { key, error } if Some(key.as_str()) == current => {
            let p = b.child_text(
                target,
                "p",
                "mss-finding sev-warning",
                &tf(
                    lang,
                    "ui.users.existing.failed",
                    &[("reason", &error_text(lang, &error.code, &error.message))],
                ),
            )?;
            attrs(
                &p,
                &[("data-existing", "failed"), ("data-code", &error.code)],
            )?;
        }
        _ => {}
    }
    Ok(())
}
