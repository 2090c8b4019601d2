//! The CSV block's outputs: the sessions kept from earlier visits with their reports, the preview
//! of the chosen file (every line, or the bad ones and the first good ones of a long file, bad
//! lines with their problems), the domains it needs against the account's with who already
//! exists, and the button that starts the run.

use mimecast_sso_core::provisioning::{
    AccountDomains, CsvImport, DomainStatus, DomainUse, LineError, Outcome, check_domains,
};
use web_sys::Element;

use super::{enable, error_text, fresh, line, local_time, remove_unless, tf1};
use crate::app::dom::{Dom, attr, class, part, part_text, show, text};
use crate::i18n::{Lang, t, tf};
use crate::users::state::{Existing, Loaded, State};

/// Most lines listed in the preview; beyond it, the bad lines and the first good ones.
const PREVIEW_LINES: usize = 500;

/// Good lines listed in the preview of a long file.
const LONG_FILE_GOOD_LINES: usize = 100;

/// Shows the CSV block's outputs.
pub(super) fn view(state: &State, dom: &Dom) {
    if let Some(zone) = dom.find("[data-users-drop]") {
        class(&zone, "is-over", state.csv.dragging);
    }
    let file = state.csv.file.as_ref();
    let ready = file.map_or(0, |file| file.import.rows.len());
    let startable = state.server.has_worker() && ready > 0 && !state.run_active();
    if let Some(start) = enable(dom, "users-start", startable, false) {
        show(&start, file.is_some());
        text(
            &start,
            &tf1(state.lang, "ui.users.start", "n", &ready.to_string()),
        );
    }
    let lang = state.lang.tag();
    if let Some(slot) = dom
        .slot("users-saved")
        .filter(|slot| fresh(slot, &format!("{lang}:{}", state.revs.saved)))
    {
        dom.rows(&slot, [saved(state, dom)]);
    }
    if let Some(slot) = dom
        .slot("users-preview")
        .filter(|slot| fresh(slot, &format!("{lang}:{}", state.revs.file)))
    {
        let error = state
            .csv
            .error
            .as_ref()
            .and_then(|p| super::problem_row(dom, state.lang, &p.code, &p.message));
        dom.rows(
            &slot,
            [error, file.and_then(|file| preview(state, dom, file))],
        );
    }
    let revs = &state.revs;
    let stamp = format!(
        "{lang}:{}:{}:{}:{}",
        revs.file,
        revs.domains,
        revs.existing,
        state.now_ms / 86_400_000
    );
    if let Some(slot) = dom.slot("users-needed").filter(|slot| fresh(slot, &stamp)) {
        dom.rows(&slot, [file.and_then(|file| needed(state, dom, file))]);
    }
}

/// The outcomes kept from earlier sessions, each with its report and a way to forget it.
fn saved(state: &State, dom: &Dom) -> Option<Element> {
    if state.sessions.is_empty() {
        return None;
    }
    let lang = state.lang;
    let block = dom.stamp("users-saved")?;
    let rows = state.sessions.iter().map(|session| {
        let row = dom.stamp("users-session")?;
        attr(&row, "data-saved", Some(&session.key));
        let count = |n: usize| n.to_string();
        let said = tf(
            lang,
            "ui.users.saved.item",
            &[
                ("file", &session.file),
                ("when", &local_time(lang, session.updated_ms)),
                ("done", &count(session.done())),
                ("total", &count(session.results.len())),
                ("created", &count(session.count(Outcome::Created))),
                ("exists", &count(session.count(Outcome::Exists))),
            ],
        );
        part_text(&row, "text", &said);
        for name in ["report", "forget"] {
            if let Some(button) = part(&row, name) {
                attr(&button, "data-key", Some(&session.key));
            }
        }
        Some(row)
    });
    dom.rows(&part(&block, "list")?, rows);
    Some(block)
}

/// The file's summary, what an earlier session did, and its lines.
fn preview(state: &State, dom: &Dom, file: &Loaded) -> Option<Element> {
    let (lang, earlier) = (state.lang, file.earlier);
    let import = &file.import;
    let (ready, bad) = (
        import.rows.len().to_string(),
        import.invalid_lines().len().to_string(),
    );
    let block = dom.stamp("users-preview")?;
    if let Some(summary) = part(&block, "summary") {
        let lines = import.records.to_string();
        text(
            &summary,
            &tf(
                lang,
                "ui.users.preview.summary",
                &[("lines", &lines), ("ready", &ready), ("bad", &bad)],
            ),
        );
        attr(&summary, "data-ready", Some(&ready));
        attr(&summary, "data-bad", Some(&bad));
    }
    if let Some(element) = part(&block, "earlier").filter(|_| earlier > 0) {
        text(
            &element,
            &tf1(lang, "ui.users.preview.earlier", "n", &earlier.to_string()),
        );
        attr(&element, "data-earlier", Some(&earlier.to_string()));
    }
    remove_unless(&block, "earlier", earlier > 0);
    let all = lines(state, dom, &block, import);
    remove_unless(&block, "long", !all);
    Some(block)
}

/// Every line (or the bad ones and the first good ones, for a long file), bad lines highlighted
/// with their problems, in line order. Whether every line is listed.
fn lines(state: &State, dom: &Dom, block: &Element, import: &CsvImport) -> bool {
    let lang = state.lang;
    // The errors come in line order: one group per bad line.
    let errors: Vec<&[LineError]> = import.errors.chunk_by(|a, b| a.line == b.line).collect();
    let all = import.rows.len() + errors.len() <= PREVIEW_LINES;
    let good = import.rows.iter().take(if all {
        usize::MAX
    } else {
        LONG_FILE_GOOD_LINES
    });
    let mut rows: Vec<(u32, Option<Element>)> = good
        .map(|row| {
            let yes_no = |on| {
                t(
                    lang,
                    if on {
                        "ui.users.preview.yes"
                    } else {
                        "ui.users.preview.no"
                    },
                )
            };
            let source = if row.has_password {
                "ui.users.preview.password_given"
            } else {
                "ui.users.preview.password_generated"
            };
            let cells = [
                ("email", row.email_address.clone()),
                ("name", row.name.clone()),
                ("password", t(lang, source)),
                ("force", yes_no(row.force_password_change)),
            ];
            (row.line, table_row(dom, "users-row", row.line, &cells))
        })
        .collect();
    rows.extend(errors.iter().filter_map(|group| {
        let line = group.first()?.line;
        let email = group
            .iter()
            .find_map(|p| p.email_address.clone())
            .unwrap_or_default();
        let row = table_row(dom, "users-bad-row", line, &[("email", email)]);
        if let Some(list) = row.as_ref().and_then(|row| part(row, "problems")) {
            dom.rows(
                &list,
                group.iter().map(|problem| problem_item(dom, lang, problem)),
            );
        }
        Some((line, row))
    }));
    rows.sort_by_key(|(line, _)| *line);
    if let Some(body) = part(block, "rows") {
        dom.rows(&body, rows.into_iter().map(|(_, row)| row));
    }
    all
}

/// A row of the preview from `template`, its cells filled.
fn table_row(dom: &Dom, template: &str, line: u32, cells: &[(&str, String)]) -> Option<Element> {
    let row = dom.stamp(template)?;
    attr(&row, "data-line", Some(&line.to_string()));
    part_text(&row, "line", &line.to_string());
    for (name, value) in cells {
        part_text(&row, name, value);
    }
    Some(row)
}

/// One problem of a bad line, with its column.
fn problem_item(dom: &Dom, lang: Lang, problem: &LineError) -> Option<Element> {
    let said = error_text(lang, &problem.code, &problem.message);
    let said = match problem.field.as_deref().filter(|column| !column.is_empty()) {
        Some(column) => tf(
            lang,
            "ui.users.preview.column",
            &[("column", column), ("text", &said)],
        ),
        None => said,
    };
    let item = dom.stamp("users-item")?;
    text(&item, &said);
    attr(&item, "data-code", Some(&problem.code));
    Some(item)
}

/// The domains the file needs, against the account's (once listed), and who already exists.
fn needed(state: &State, dom: &Dom, file: &Loaded) -> Option<Element> {
    let account = state.account();
    let empty = AccountDomains::default();
    let addresses = file
        .import
        .rows
        .iter()
        .map(|row| row.email_address.as_str());
    let check = check_domains(addresses, account.unwrap_or(&empty), state.now());
    if check.needed.is_empty() {
        return None;
    }
    let block = dom.stamp("users-needed")?;
    remove_unless(&block, "unknown", account.is_none());
    dom.rows(
        &part(&block, "list")?,
        check
            .needed
            .iter()
            .map(|need| need_row(state, dom, need, account.is_some())),
    );
    for row in existing(state, dom, &file.key) {
        // Appending a fresh element to a live one cannot fail.
        let _ = block.append_child(&row);
    }
    Some(block)
}

/// One domain the file needs, with its status and, when it is missing, a button to register it.
fn need_row(state: &State, dom: &Dom, need: &DomainUse, known: bool) -> Option<Element> {
    let lang = state.lang;
    let status = match (known, need.status) {
        (false, _) => "unknown",
        (true, DomainStatus::Registered) => "registered",
        (true, DomainStatus::Pending) => "pending",
        (true, DomainStatus::Expired) => "expired",
        (true, DomainStatus::Missing) => "missing",
    };
    let row = dom.stamp("users-need")?;
    attr(&row, "data-needed", Some(&need.domain));
    attr(&row, "data-status", Some(status));
    part_text(&row, "name", &need.domain);
    part_text(
        &row,
        "users",
        &tf1(lang, "ui.users.needed.users", "n", &need.users.to_string()),
    );
    if let Some(badge) = part(&row, "badge").filter(|_| known) {
        let kind = match status {
            "registered" => "is-ok",
            "pending" => "is-warn",
            _ => "is-bad",
        };
        badge.set_class_name(&format!("mss-badge {kind}"));
        text(&badge, &t(lang, &format!("ui.users.needed.{status}")));
    }
    remove_unless(&row, "badge", known);
    part_text(
        &row,
        "token",
        need.record
            .as_ref()
            .map_or("", |record| record.value.as_str()),
    );
    remove_unless(&row, "record", need.record.is_some());
    let register = matches!(status, "missing" | "expired");
    if let Some(button) = part(&row, "register").filter(|_| register) {
        text(
            &button,
            &tf1(lang, "ui.users.needed.register", "domain", &need.domain),
        );
        attr(&button, "data-domain", Some(&need.domain));
    }
    remove_unless(&row, "register", register);
    Some(row)
}

/// Who of the file with `key` already exists: listing, how many, or why it failed.
fn existing(state: &State, dom: &Dom, key: &str) -> Vec<Element> {
    let lang = state.lang;
    if state.existing.key() != Some(key) {
        return Vec::new();
    }
    let row = match &state.existing {
        Existing::Checking { .. } => line(dom, "mss-hint", &t(lang, "ui.users.existing.checking"))
            .map(|row| (row, "checking".to_owned())),
        Existing::Checked { in_file, .. } => {
            let said = tf1(lang, "ui.users.existing.found", "n", &in_file.to_string());
            line(dom, "mss-finding sev-info", &said).map(|row| (row, in_file.to_string()))
        }
        Existing::Failed { error, .. } => {
            let reason = error_text(lang, &error.code, &error.message);
            let row = line(
                dom,
                "mss-finding sev-warning",
                &tf1(lang, "ui.users.existing.failed", "reason", &reason),
            );
            row.inspect(|row| attr(row, "data-code", Some(&error.code)))
                .map(|row| (row, "failed".to_owned()))
        }
        Existing::NotChecked => None,
    };
    let mut rows = Vec::new();
    if let Some((row, said)) = row {
        attr(&row, "data-existing", Some(&said));
        rows.push(row);
    }
    if let Existing::Checked { truncated, .. } = &state.existing {
        let hint = |domain: &String| {
            line(
                dom,
                "mss-hint",
                &tf1(lang, "ui.users.existing.truncated", "domain", domain),
            )
        };
        rows.extend(truncated.iter().filter_map(hint));
    }
    rows
}
