//! Step 7, Mimecast users: register a domain (with the DNS TXT record to publish), list the
//! registered ones, add one user, or import a CSV file: a preview with every bad line before
//! anything is sent, the domains the file needs, then a run with progress, pause, resume, cancel
//! and a CSV report. Every rule is the core's (`mimecast_sso_core::provisioning`); the run is the
//! core's engine, which this step only feeds with the Worker's answers.
//!
//! The calls go to the Worker's `mimecast/*` routes; on static hosting (no Worker) the step says
//! so and only the preview works. Outcomes (never passwords) are kept in `localStorage` so a closed
//! tab loses nothing (see `saved`).

mod domains;
mod existing;
mod http;
mod import;
mod run;
mod saved;
mod single;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use web_sys::{Element, HtmlButtonElement};

use super::{Page, Server};
use crate::dom::{DomResult, attrs};
use crate::i18n::t;

/// The step's state, shared by its handlers; lives in the [`Page`] so a language switch keeps it.
#[derive(Clone, Default)]
pub(crate) struct Handle(Rc<RefCell<Users>>);

/// Everything the step knows.
#[derive(Default)]
pub(crate) struct Users {
    refs: Option<Refs>,
    domains: domains::State,
    existing: existing::State,
    single: single::State,
    import: import::State,
    run: run::State,
}

/// The elements the step updates.
struct Refs {
    server_note: Element,
    /// Buttons that call the Worker: disabled without it.
    remote: Vec<HtmlButtonElement>,
    domains: domains::Refs,
    single: single::Refs,
    import: import::Refs,
    /// Spoken progress and outcomes (polite).
    live: Element,
    /// Spoken errors (assertive).
    alert: Element,
}

/// The page and the step, for a handler: `None` when either is busy (a handler re-entered) or gone.
pub(super) fn with<R>(
    page: &Weak<RefCell<Page>>,
    f: impl FnOnce(&Page, &mut Users) -> R,
) -> Option<R> {
    let shared = page.upgrade()?;
    let page = shared.try_borrow().ok()?;
    let handle = page.users.0.clone();
    let mut users = handle.try_borrow_mut().ok()?;
    Some(f(&page, &mut users))
}

/// Builds the step into `section` (again after a language switch, from the kept state).
pub(super) fn build(page: &Page, section: &Element) -> DomResult {
    let handle = page.users.0.clone();
    let mut users = handle.borrow_mut();
    let b = &page.b;
    attrs(section, &[("data-step-users", "")])?;
    let server_note = b.child(section, "div", "mss-users-server")?;
    let mut remote = Vec::new();
    let domains = domains::build(page, section, &mut remote, domains::inbound(&users))?;
    let single = single::build(page, section, &mut remote)?;
    let import = import::build(page, section, &mut remote)?;
    let live = b.child(section, "div", "mss-visually-hidden")?;
    attrs(&live, &[("aria-live", "polite"), ("data-users-live", "")])?;
    let alert = b.child(section, "div", "mss-visually-hidden")?;
    attrs(&alert, &[("role", "alert"), ("data-users-alert", "")])?;
    users.refs = Some(Refs {
        server_note,
        remote,
        domains,
        single,
        import,
        live,
        alert,
    });
    render_server(page, &users);
    domains::render(page, &users)?;
    single::render(page, &users)?;
    import::render(page, &users)?;
    run::rebuild(page, &mut users)?;
    Ok(())
}

/// The Worker's state changed: enable or disable what needs it. (Nothing is asked of Mimecast
/// until the admin uses the step: a Worker without Mimecast credentials is a normal set-up.)
pub(super) fn server_changed(page: &Page) {
    let handle = page.users.0.clone();
    let Ok(users) = handle.try_borrow() else {
        return;
    };
    render_server(page, &users);
}

/// Whether the Worker answers beside the page.
pub(super) fn has_worker(page: &Page) -> bool {
    matches!(page.server, Server::Available | Server::Simulator)
}

/// The note about the Worker, and the buttons that need it.
fn render_server(page: &Page, users: &Users) {
    let Some(refs) = &users.refs else {
        return;
    };
    let (state, key) = match page.server {
        Server::Checking => ("checking", "ui.users.server.checking"),
        Server::Available | Server::Simulator => ("available", "ui.users.server.available"),
        Server::Unavailable => ("unavailable", "ui.users.server.unavailable"),
    };
    let _ = attrs(&refs.server_note, &[("data-users-server", state)]);
    refs.server_note.set_text_content(Some(&t(page.lang, key)));
    let enabled = has_worker(page);
    for button in &refs.remote {
        let busy = button.get_attribute("data-busy").is_some();
        let blocked = button.get_attribute("data-blocked").is_some();
        button.set_disabled(!enabled || busy || blocked);
    }
}

/// Re-applies the enabled state of the Worker's buttons (after a button's own state changed).
pub(super) fn refresh_buttons(page: &Page, users: &Users) {
    render_server(page, users);
}

/// Says `text` politely (progress, outcomes).
pub(super) fn say(users: &Users, text: &str) {
    if let Some(refs) = &users.refs {
        refs.live.set_text_content(Some(""));
        refs.live.set_text_content(Some(text));
    }
}

/// Says `text` at once (errors).
pub(super) fn alert(users: &Users, text: &str) {
    if let Some(refs) = &users.refs {
        refs.alert.set_text_content(Some(""));
        refs.alert.set_text_content(Some(text));
    }
}

/// The page's region, for the `region` of Mimecast calls (API 1.0); `None` when not chosen.
pub(super) fn region(page: &Page) -> Option<String> {
    let region = page.inputs.region.trim();
    (!region.is_empty()).then(|| region.to_owned())
}

/// A sub-heading of the step.
fn heading(page: &Page, parent: &Element, key: &str, id: &str) -> DomResult<Element> {
    let block = page.b.child(parent, "div", "mss-users-block")?;
    let title = page
        .b
        .child_text(&block, "h3", "mss-users-title", &t(page.lang, key))?;
    let heading_id = format!("{}{id}", page.prefix);
    attrs(&title, &[("id", &heading_id)])?;
    attrs(
        &block,
        &[("role", "group"), ("aria-labelledby", &heading_id)],
    )?;
    Ok(block)
}

/// A button of the step: `type=button`, its action name, and registered as needing the Worker
/// when `remote`.
fn button(
    page: &Page,
    parent: &Element,
    class: &str,
    key: &str,
    action: &str,
    remote: Option<&mut Vec<HtmlButtonElement>>,
) -> DomResult<HtmlButtonElement> {
    let element = page
        .b
        .child_text(parent, "button", class, &t(page.lang, key))?;
    attrs(&element, &[("type", "button"), ("data-action", action)])?;
    let button: HtmlButtonElement = crate::dom::cast(element, "button")?;
    if let Some(list) = remote {
        list.push(button.clone());
    }
    Ok(button)
}

/// Marks `button` busy (a call in flight) or not, keeping the Worker's rule.
pub(super) fn set_busy(page: &Page, users: &Users, button: &HtmlButtonElement, busy: bool) {
    if busy {
        let _ = button.set_attribute("data-busy", "");
        let _ = button.set_attribute("aria-busy", "true");
    } else {
        let _ = button.remove_attribute("data-busy");
        let _ = button.remove_attribute("aria-busy");
    }
    refresh_buttons(page, users);
}

/// The text of an error: the table's translation of `code` when it has one (the core's own English
/// message in English), else `message` as the Worker or Mimecast wrote it (`err_…` codes).
pub(super) fn error_text(lang: crate::i18n::Lang, code: &str, message: &str) -> String {
    let translated = t(lang, code);
    if translated == code || code.is_empty() {
        return if message.is_empty() {
            code.to_owned()
        } else {
            message.to_owned()
        };
    }
    crate::i18n::core_text(lang, code, message)
}
