//! The watch panel written from its state: whether it needs the Worker, what the last click did,
//! and the watched applications with their health, last check and next expiry.

use mimecast_sso_core::UnixTime;
use web_sys::Element;

use super::{State, Watched};
use crate::app::dom::{Dom, attr, part_text, show, text};
use crate::i18n::{Lang, core_text, t, tf};

/// Writes the panel.
pub(super) fn view(state: &State, dom: &Dom) {
    let lang = state.contract.lang;
    let server = state.contract.server;
    if let Some(slot) = dom.slot("watch-needs") {
        show(&slot, !server.has_worker() && server.name() != "checking");
    }
    for button in dom.all("[data-action=watch-add]") {
        attr(&button, "aria-busy", state.sending.then_some("true"));
    }
    if let Some(slot) = dom.slot("watch-status") {
        let (line, severity) = match (&state.created, state.sending) {
            (_, true) => (t(lang, "ui.watch.sending"), "info"),
            (Some(Ok(label)), _) => (tf(lang, "ui.watch.added", &[("label", label)]), "ok"),
            (Some(Err(problem)), _) => (core_text(lang, &problem.code, &problem.message), "error"),
            (None, _) => (String::new(), "info"),
        };
        attr(
            &slot,
            "class",
            Some(&format!("mss-watch-status sev-{severity}")),
        );
        attr(
            &slot,
            "data-code",
            state
                .created
                .as_ref()
                .and_then(|c| c.as_ref().err())
                .map(|p| p.code.as_str()),
        );
        text(&slot, &line);
    }
    let (watches, error) = match &state.list {
        Some(Ok(watches)) => (watches.as_slice(), None),
        Some(Err(problem)) => (&[][..], Some(problem)),
        None => (&[][..], None),
    };
    if let Some(list) = dom.slot("watch-list") {
        dom.rows(&list, watches.iter().map(|w| row(dom, lang, w)));
    }
    if let Some(slot) = dom.slot("watch-empty") {
        show(&slot, matches!(&state.list, Some(Ok(w)) if w.is_empty()));
    }
    if let Some(slot) = dom.slot("watch-list-error") {
        show(&slot, error.is_some());
        text(
            &slot,
            &error
                .map(|p| core_text(lang, &p.code, &p.message))
                .unwrap_or_default(),
        );
    }
}

fn row(dom: &Dom, lang: Lang, watched: &Watched) -> Option<Element> {
    let row = dom.stamp("watch-item")?;
    let health = watched.state.health.as_str();
    attr(&row, "data-health", Some(health));
    part_text(&row, "label", &watched.label);
    part_text(&row, "health", &t(lang, health_key(health)));
    // Before the first check the health already says so.
    let checked = watched
        .state
        .checked_at
        .map(|at| tf(lang, "ui.watch.checked", &[("date", &date(at))]))
        .unwrap_or_default();
    part_text(&row, "checked", &checked);
    let expiry = match (&watched.state.not_after, watched.days_remaining) {
        (Some(end), Some(days)) => tf(
            lang,
            "ui.watch.expires",
            &[
                ("date", end.get(..10).unwrap_or(end)),
                ("days", &days.to_string()),
            ],
        ),
        _ => String::new(),
    };
    part_text(&row, "expiry", &expiry);
    part_text(&row, "thumbprint", &watched.thumbprint);
    Some(row)
}

fn health_key(health: &str) -> &'static str {
    match health {
        "healthy" => "ui.watch.health.healthy",
        "warning" => "ui.watch.health.warning",
        "broken" => "ui.watch.health.broken",
        _ => "ui.watch.health.unknown",
    }
}

/// `2026-12-03` of seconds since the epoch.
fn date(secs: i64) -> String {
    let full = UnixTime::from_secs(secs).to_rfc3339();
    full.get(..10).unwrap_or(&full).to_owned()
}
