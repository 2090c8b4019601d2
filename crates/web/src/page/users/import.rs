//! The CSV import: choose or drop a file, read by the core; a preview of every line with the bad
//! ones highlighted and explained, the domains the file needs against the registered ones, what an
//! earlier session already did, and the button that starts the run. Also the outcomes kept from
//! earlier sessions, with their report.

use js_sys::Uint8Array;
use mimecast_sso_core::provisioning::{
    AccountDomains, CsvImport, CsvLimits, DomainStatus, LineError, Outcome, check_csv_size,
    check_domains,
};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, File, HtmlButtonElement, HtmlInputElement};

use super::{Users, button, domains, existing, heading, run, saved, with};
use crate::api;
use crate::dom::{DomResult, attrs, cast, clear, file_drop, on};
use crate::i18n::{core_text, t, tf};
use crate::page::{Page, now};

/// Most lines listed in the preview; beyond it, the bad lines and the first good ones.
const PREVIEW_LINES: usize = 500;

/// The chosen file, as the core read it.
#[derive(Default)]
pub(super) struct State {
    pub file: Option<Loaded>,
    /// A file-level refusal: (code, English message).
    error: Option<(String, String)>,
}

/// A file read by the core (its passwords stay in memory only).
pub(super) struct Loaded {
    pub name: String,
    pub key: String,
    pub import: CsvImport,
}

pub(super) struct Refs {
    preview: Element,
    domains: Element,
    start: HtmlButtonElement,
    /// The run's panel (see `run`).
    pub run: Element,
    saved: Element,
}

pub(super) fn build(
    page: &Page,
    section: &Element,
    remote: &mut Vec<HtmlButtonElement>,
) -> DomResult<Refs> {
    let b = &page.b;
    let lang = page.lang;
    let block = heading(page, section, "ui.users.csv.title", "csv-title")?;
    let drop = b.child(&block, "div", "mss-drop")?;
    attrs(&drop, &[("data-users-drop", "")])?;
    let row = b.child(&drop, "div", "mss-file-row")?;
    let id = format!("{}users-file", page.prefix);
    let label = b.child_text(&row, "label", "mss-label", &t(lang, "ui.users.csv.file"))?;
    attrs(&label, &[("for", &id)])?;
    let file: HtmlInputElement = cast(b.child(&row, "input", "mss-file")?, "input")?;
    let hint_id = format!("{id}-hint");
    attrs(
        &file,
        &[
            ("type", "file"),
            ("id", &id),
            ("accept", ".csv,.txt,text/csv"),
            ("data-users-file", ""),
            ("aria-describedby", &hint_id),
        ],
    )?;
    let hint = b.child(&drop, "div", "mss-hint")?;
    attrs(&hint, &[("id", &hint_id)])?;
    b.child_text(&hint, "p", "", &t(lang, "ui.users.csv.hint"))?;
    b.child_text(
        &hint,
        "code",
        "mss-sample",
        "email,name,password,force_change",
    )?;
    let saved_box = b.child(&block, "div", "mss-saved")?;
    attrs(&saved_box, &[("data-users-saved", "")])?;
    let preview = b.child(&block, "div", "mss-preview")?;
    attrs(&preview, &[("data-users-preview", "")])?;
    let domains_box = b.child(&block, "div", "mss-needed")?;
    attrs(&domains_box, &[("data-users-needed", "")])?;
    let actions = b.child(&block, "div", "mss-inline-form")?;
    let start = button(
        page,
        &actions,
        "mss-button",
        "ui.users.start",
        "users-start",
        Some(remote),
    )?;
    let run = b.child(&block, "div", "mss-run")?;
    attrs(&run, &[("data-users-run", "")])?;

    let me = page.me.clone();
    file_drop(&file, &drop, move |chosen| read_file(&me, chosen), None);
    let me = page.me.clone();
    on(&start, "click", move |_| {
        with(&me, run::start);
    });
    Ok(Refs {
        preview,
        domains: domains_box,
        start,
        run,
        saved: saved_box,
    })
}

/// Reads a chosen or dropped file's bytes and gives them to the core.
fn read_file(me: &std::rc::Weak<std::cell::RefCell<Page>>, file: File) {
    // The size first: a file the core would refuse is never read into memory.
    let size = file.size();
    let size = if size.is_finite() && size > 0.0 {
        size as u64
    } else {
        0
    };
    if let Err(finding) = check_csv_size(size, CsvLimits::default()) {
        with(me, |page, users| {
            if run::is_active(users) {
                super::alert(users, &t(page.lang, "ui.users.csv.busy"));
                return;
            }
            users.import.file = None;
            super::alert(
                users,
                &core_text(page.lang, &finding.code, &finding.message),
            );
            users.import.error = Some((finding.code, finding.message));
            let _ = render(page, users);
            run::forget_shown(page, users);
        });
        return;
    }
    let me = me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let bytes = JsFuture::from(file.array_buffer())
            .await
            .map(|buffer| Uint8Array::new(&buffer).to_vec());
        with(&me, |page, users| {
            if run::is_active(users) {
                super::alert(users, &t(page.lang, "ui.users.csv.busy"));
                return;
            }
            match bytes {
                Ok(bytes) => load(page, users, name, &bytes),
                Err(_) => {
                    users.import.file = None;
                    users.import.error = Some((
                        "ui.users.csv.unreadable".to_owned(),
                        t(page.lang, "ui.users.csv.unreadable"),
                    ));
                }
            }
            let _ = render(page, users);
            run::forget_shown(page, users);
        });
    });
}

/// The file's bytes, read by the core: the preview, or the file-level refusal.
fn load(page: &Page, users: &mut Users, name: String, bytes: &[u8]) {
    match api::read_csv(bytes) {
        Ok(import) => {
            let text = tf(
                page.lang,
                "ui.users.preview.summary",
                &[
                    ("lines", &import.records.to_string()),
                    ("ready", &import.rows.len().to_string()),
                    ("bad", &import.invalid_lines().len().to_string()),
                ],
            );
            users.import.error = None;
            users.import.file = Some(Loaded {
                key: saved::file_key(bytes),
                name,
                import,
            });
            domains::load_once(page, users);
            existing::check(page, users);
            super::say(users, &text);
        }
        Err(error) => {
            let code = js_sys::Reflect::get(&error, &"code".into())
                .ok()
                .and_then(|c| c.as_string())
                .unwrap_or_default();
            let message = js_sys::Reflect::get(&error, &"message".into())
                .ok()
                .and_then(|c| c.as_string())
                .unwrap_or_default();
            users.import.file = None;
            super::alert(users, &core_text(page.lang, &code, &message));
            users.import.error = Some((code, message));
        }
    }
}

/// The preview, the domains and the earlier sessions.
pub(super) fn render(page: &Page, users: &Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let refs = &refs.import;
    let b = &page.b;
    let lang = page.lang;
    clear(&refs.preview);
    if let Some((code, message)) = &users.import.error {
        let p = b.child_text(
            &refs.preview,
            "p",
            "mss-finding sev-error",
            &core_text(lang, code, message),
        )?;
        attrs(&p, &[("data-code", code)])?;
    }
    let ready = users
        .import
        .file
        .as_ref()
        .map_or(0, |f| f.import.rows.len());
    if ready == 0 {
        refs.start.set_attribute("data-blocked", "")?;
    } else {
        refs.start.remove_attribute("data-blocked")?;
    }
    refs.start.set_hidden(users.import.file.is_none());
    refs.start.set_text_content(Some(&tf(
        lang,
        "ui.users.start",
        &[("n", &ready.to_string())],
    )));
    render_saved(page, users)?;
    render_domains(page, users)?;
    super::refresh_buttons(page, users);
    let Some(loaded) = &users.import.file else {
        return Ok(());
    };
    let import = &loaded.import;
    let bad = import.invalid_lines();
    let summary = b.child_text(
        &refs.preview,
        "p",
        "mss-preview-summary",
        &tf(
            lang,
            "ui.users.preview.summary",
            &[
                ("lines", &import.records.to_string()),
                ("ready", &import.rows.len().to_string()),
                ("bad", &bad.len().to_string()),
            ],
        ),
    )?;
    attrs(
        &summary,
        &[
            ("data-ready", &import.rows.len().to_string()),
            ("data-bad", &bad.len().to_string()),
        ],
    )?;
    if let Some(earlier) = saved::find(&loaded.key) {
        let done = earlier.done();
        if done > 0 {
            let p = b.child_text(
                &refs.preview,
                "p",
                "mss-finding sev-info",
                &tf(
                    lang,
                    "ui.users.preview.earlier",
                    &[("n", &done.to_string())],
                ),
            )?;
            attrs(&p, &[("data-earlier", &done.to_string())])?;
        }
    }
    table(page, &refs.preview, import)
}

/// Every line (or the bad ones and the first good ones, for a long file), bad lines highlighted
/// with their problems.
fn table(page: &Page, parent: &Element, import: &CsvImport) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    // The errors come in line order: one group per bad line.
    let errors: Vec<&[LineError]> = import.errors.chunk_by(|a, b| a.line == b.line).collect();
    let all = import.rows.len() + errors.len() <= PREVIEW_LINES;
    let wrap = b.child(parent, "div", "mss-table-wrap")?;
    let caption_text = t(lang, "ui.users.preview.caption");
    attrs(
        &wrap,
        &[
            ("tabindex", "0"),
            ("role", "region"),
            ("aria-label", &caption_text),
        ],
    )?;
    let table = b.child(&wrap, "table", "mss-table")?;
    b.child_text(&table, "caption", "mss-visually-hidden", &caption_text)?;
    let head = b.child(&b.child(&table, "thead", "")?, "tr", "")?;
    for key in [
        "ui.users.col.line",
        "ui.users.col.email",
        "ui.users.col.name",
        "ui.users.col.password",
        "ui.users.col.force",
        "ui.users.col.status",
    ] {
        let th = b.child_text(&head, "th", "", &t(lang, key))?;
        attrs(&th, &[("scope", "col")])?;
    }
    let body = b.child(&table, "tbody", "")?;
    let mut good = import.rows.iter().peekable();
    let mut shown_good = 0;
    let mut bad = errors
        .iter()
        .filter_map(|group| Some((group.first()?.line, *group)))
        .peekable();
    loop {
        let take_bad = match (good.peek(), bad.peek()) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some(g), Some((line, _))) => *line < g.line,
        };
        if take_bad {
            let Some((line, problems)) = bad.next() else {
                break;
            };
            let tr = b.child(&body, "tr", "is-bad")?;
            attrs(&tr, &[("data-line", &line.to_string()), ("data-bad", "")])?;
            let th = b.child_text(&tr, "th", "", &line.to_string())?;
            attrs(&th, &[("scope", "row")])?;
            let email = problems
                .iter()
                .find_map(|p| p.email_address.as_deref())
                .unwrap_or("");
            b.child_text(&tr, "td", "mss-cell-mono", email)?;
            let cell = b.child(&tr, "td", "mss-problems")?;
            attrs(&cell, &[("colspan", "4")])?;
            let list = b.child(&cell, "ul", "")?;
            for problem in problems {
                let column = problem.field.as_deref().unwrap_or("");
                let text = core_text(lang, &problem.code, &problem.message);
                let text = if column.is_empty() {
                    text
                } else {
                    tf(
                        lang,
                        "ui.users.preview.column",
                        &[("column", column), ("text", &text)],
                    )
                };
                let li = b.child_text(&list, "li", "", &text)?;
                attrs(&li, &[("data-code", &problem.code)])?;
            }
        } else {
            let Some(row) = good.next() else {
                break;
            };
            shown_good += 1;
            if !all && shown_good > 100 {
                continue;
            }
            let tr = b.child(&body, "tr", "")?;
            attrs(&tr, &[("data-line", &row.line.to_string())])?;
            let th = b.child_text(&tr, "th", "", &row.line.to_string())?;
            attrs(&th, &[("scope", "row")])?;
            b.child_text(&tr, "td", "mss-cell-mono", &row.email_address)?;
            b.child_text(&tr, "td", "", &row.name)?;
            let password = if row.has_password {
                "ui.users.preview.password_given"
            } else {
                "ui.users.preview.password_generated"
            };
            b.child_text(&tr, "td", "", &t(lang, password))?;
            let force = if row.force_password_change {
                "ui.users.preview.yes"
            } else {
                "ui.users.preview.no"
            };
            b.child_text(&tr, "td", "", &t(lang, force))?;
            b.child_text(&tr, "td", "mss-ok-text", &t(lang, "ui.users.preview.ready"))?;
        }
    }
    if !all {
        b.child_text(parent, "p", "mss-hint", &t(lang, "ui.users.preview.long"))?;
    }
    Ok(())
}

/// The domains are known (listed again): show them against the file's, and look up who of the
/// file already exists.
pub(super) fn domains_known(page: &Page, users: &mut Users) {
    let _ = render_domains(page, users);
    existing::check(page, users);
}

/// The domains the file needs, against the account's (once listed), and who already exists.
pub(super) fn render_domains(page: &Page, users: &Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let target = &refs.import.domains;
    clear(target);
    let Some(loaded) = &users.import.file else {
        return Ok(());
    };
    let b = &page.b;
    let lang = page.lang;
    let account = domains::account(users);
    let empty = AccountDomains::default();
    let check = check_domains(
        loaded.import.rows.iter().map(|r| r.email_address.as_str()),
        account.unwrap_or(&empty),
        now(),
    );
    if check.needed.is_empty() {
        return Ok(());
    }
    b.child_text(
        target,
        "h4",
        "mss-users-subtitle",
        &t(lang, "ui.users.needed.title"),
    )?;
    if account.is_none() {
        b.child_text(target, "p", "mss-hint", &t(lang, "ui.users.needed.unknown"))?;
    }
    let list = b.child(target, "ul", "mss-domain-list")?;
    for need in &check.needed {
        let li = b.child(&list, "li", "mss-domain")?;
        b.child_text(&li, "code", "", &need.domain)?;
        b.child_text(
            &li,
            "span",
            "mss-count",
            &tf(
                lang,
                "ui.users.needed.users",
                &[("n", &need.users.to_string())],
            ),
        )?;
        let status = match (account.is_some(), need.status) {
            (false, _) => "unknown",
            (true, DomainStatus::Registered) => "registered",
            (true, DomainStatus::Pending) => "pending",
            (true, DomainStatus::Expired) => "expired",
            (true, DomainStatus::Missing) => "missing",
        };
        attrs(
            &li,
            &[("data-needed", &need.domain), ("data-status", status)],
        )?;
        if status == "unknown" {
            continue;
        }
        let class = match status {
            "registered" => "mss-badge is-ok",
            "pending" => "mss-badge is-warn",
            _ => "mss-badge is-bad",
        };
        b.child_text(
            &li,
            "span",
            class,
            &t(lang, &format!("ui.users.needed.{status}")),
        )?;
        if let Some(record) = &need.record {
            let line = b.child(&li, "div", "mss-domain-record")?;
            b.child_text(&line, "span", "", &t(lang, "ui.users.dns.value"))?;
            b.child_text(&line, "code", "", &record.value)?;
        }
        if matches!(status, "missing" | "expired") {
            let register = b.child_text(
                &li,
                "button",
                "mss-button mss-secondary mss-small",
                &tf(
                    lang,
                    "ui.users.needed.register",
                    &[("domain", &need.domain)],
                ),
            )?;
            attrs(
                &register,
                &[("type", "button"), ("data-action", "users-register-needed")],
            )?;
            let me = page.me.clone();
            let domain = need.domain.clone();
            on(&register, "click", move |_| {
                let domain = domain.clone();
                with(&me, |page, users| {
                    domains::register_domain(page, users, domain)
                });
            });
        }
    }
    existing::render(page, users, target)
}

/// The outcomes kept from earlier sessions, each with its report and a way to forget it.
pub(super) fn render_saved(page: &Page, users: &Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let target = &refs.import.saved;
    clear(target);
    let sessions = saved::all();
    if sessions.is_empty() {
        return Ok(());
    }
    let b = &page.b;
    let lang = page.lang;
    b.child_text(
        target,
        "h4",
        "mss-users-subtitle",
        &t(lang, "ui.users.saved.title"),
    )?;
    let list = b.child(target, "ul", "mss-saved-list")?;
    for session in sessions {
        let li = b.child(&list, "li", "mss-saved-item")?;
        attrs(&li, &[("data-saved", &session.key)])?;
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from(session.updated_ms as f64));
        let when: String = date
            .to_locale_string(lang.tag(), &wasm_bindgen::JsValue::UNDEFINED)
            .into();
        b.child_text(
            &li,
            "p",
            "",
            &tf(
                lang,
                "ui.users.saved.item",
                &[
                    ("file", &session.file),
                    ("when", &when),
                    ("done", &session.done().to_string()),
                    ("total", &session.results.len().to_string()),
                    ("created", &session.count(Outcome::Created).to_string()),
                    ("exists", &session.count(Outcome::Exists).to_string()),
                ],
            ),
        )?;
        let actions = b.child(&li, "div", "mss-inline-form")?;
        let report = button(
            page,
            &actions,
            "mss-button mss-secondary mss-small",
            "ui.users.saved.report",
            "users-saved-report",
            None,
        )?;
        let forget = button(
            page,
            &actions,
            "mss-button mss-quiet-dark mss-small",
            "ui.users.saved.forget",
            "users-saved-forget",
            None,
        )?;
        let key = session.key.clone();
        let me = page.me.clone();
        on(&report, "click", move |_| {
            if let Some(session) = saved::find(&key) {
                with(&me, |page, _| run::download_saved(page, &session));
            }
        });
        let key = session.key.clone();
        let me = page.me.clone();
        on(&forget, "click", move |_| {
            saved::forget(&key);
            with(&me, |page, users| {
                let _ = render(page, users);
                super::say(users, &t(page.lang, "ui.users.saved.forgotten"));
            });
        });
    }
    Ok(())
}

/// The start button, for the run to (re-)enable.
pub(super) fn start_button(users: &Users) -> Option<&HtmlButtonElement> {
    users.refs.as_ref().map(|r| &r.import.start)
}
