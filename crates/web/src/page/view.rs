//! Shows the state of steps 1–6 in the markup: the language, the fields, the notes under them,
//! the summary, every value with its copy button, the Worker's note, and the spoken line; the
//! certificate, import and checklist parts are in `view/`. Reads only the state; writes only the
//! DOM, and only what differs.

mod certificate;
mod checklist;
mod import;

use mimecast_sso_core::Severity;
use mimecast_sso_core::plan::Plan;
use web_sys::Element;

use super::state::{Field, State, Word, copy_label};
use crate::app::dom::{self, Dom, attr, class, part_text, show, text};
use crate::i18n::{self, core_text, t, tf};

/// The values with a `data-value` slot the plan fills, each with its copy button.
const VALUES: [&str; 12] = [
    "entra.identifier",
    "entra.replyUrl",
    "entra.signOnUrl",
    "profile.description",
    "profile.provider",
    "profile.metadataUrl",
    "profile.issuerUrl",
    "profile.loginUrl",
    "profile.logoutUrl",
    "profile.identityProviderCertificate",
    "cert.subject",
    "cert.thumbprint",
];

/// Values longer than this scroll, so keyboard users can reach and scroll them.
const LONG_VALUE: usize = 160;

/// Shows `state`.
pub(super) fn view(state: &State, dom: &Dom) {
    language(state, dom);
    contract(state, dom);
    for field in Field::ALL {
        dom.set_value(
            &format!("[data-field=\"{}\"]", field.name()),
            field.of(&state.inputs),
        );
    }
    for field in Field::ALL {
        notes(state, dom, field);
    }
    summary(state, dom);
    for key in VALUES {
        value(state, dom, key);
    }
    if let Some(slot) = dom.find("[data-value=\"profile.enforceSamlCheckboxOlder\"]") {
        text(
            &slot,
            &state
                .value("profile.enforceSamlCheckboxOlder")
                .unwrap_or_default(),
        );
    }
    certificate::view(state, dom);
    import::view(state, dom);
    checklist::view(state, dom);
    server(state, dom);
    for zone in dom.all("[data-drop-slot]") {
        let over = zone.get_attribute("data-drop-slot").as_deref() == state.dragging;
        class(&zone, "is-over", over);
    }
    if let Some(live) = dom.slot("live") {
        spoken(state, &live);
    }
}

/// The live region: the latest line, said once (a line said again is set again).
fn spoken(state: &State, live: &Element) {
    let Some(spoken) = &state.spoken else {
        text(live, "");
        attr(live, "data-seq", None);
        return;
    };
    let seq = spoken.seq.to_string();
    if live.get_attribute("data-seq").as_deref() != Some(&seq) {
        let words: Vec<(&str, String)> = spoken
            .words
            .iter()
            .map(|(name, word)| (*name, say(state, word)))
            .collect();
        let pairs: Vec<(&str, &str)> = words
            .iter()
            .map(|(name, word)| (*name, word.as_str()))
            .collect();
        live.set_text_content(Some(&tf(state.lang, spoken.key, &pairs)));
        attr(live, "data-seq", Some(&seq));
    }
}

/// A spoken word in the page's language.
fn say(state: &State, word: &Word) -> String {
    match word {
        Word::Text(text) => text.clone(),
        Word::Key(key) => t(state.lang, key),
    }
}

/// Writes the language's texts into the markup when the language changed (and the title, `<html
/// lang>` and footer when the page is the whole document).
fn language(state: &State, dom: &Dom) {
    let tag = state.lang.tag();
    if dom.root.get_attribute("data-lang").as_deref() == Some(tag) {
        return;
    }
    match (state.owns_document, dom.doc.document_element()) {
        (true, Some(html)) => {
            i18n::apply(&html, state.lang);
            attr(&html, "lang", Some(tag));
        }
        _ => i18n::apply(&dom.root, state.lang),
    }
    attr(&dom.root, "lang", Some(tag));
    attr(&dom.root, "data-lang", Some(tag));
    dom.set_value("[data-action=language]", tag);
}

/// What the users module reads from the root (`crates/web/src/users`): the language, the Worker's
/// state, the region, where the API is and where the helper's files are.
fn contract(state: &State, dom: &Dom) {
    attr(&dom.root, "data-server", Some(state.server.name()));
    attr(
        &dom.root,
        "data-region",
        Some(state.plan.region.map_or("", |r| r.code())),
    );
    attr(&dom.root, "data-api-base", Some(&state.api_base));
    attr(&dom.root, "data-asset-base", Some(&dom.asset_base));
}

/// The findings about `field` under it; empty-field findings stay quiet (the outputs say what
/// they wait for). Under the region, also whether it was filled in from the account code, and a
/// button to use the region the account code points to when another is chosen.
fn notes(state: &State, dom: &Dom, field: Field) {
    let Some(target) = dom.find(&format!("[data-note=\"{}\"]", field.name())) else {
        return;
    };
    let plan = &state.plan;
    let mut rows: Vec<Option<Element>> = plan
        .findings
        .iter()
        .filter(|f| f.field.as_deref() == Some(field.name()) && !f.code.ends_with(".empty"))
        .map(|f| {
            finding(
                dom,
                severity(f.severity),
                &core_text(state.lang, &f.code, &f.message),
            )
        })
        .collect();
    if field == Field::Region {
        if state.region_suggested && plan.region.is_some() {
            rows.push(finding(dom, "info", &t(state.lang, "ui.region.suggested")));
        }
        if let (Some(suggested), Some(chosen)) = (plan.suggested_region, plan.region)
            && suggested != chosen
            && let Some(button) = dom.stamp("use-region")
        {
            let name = region_name(state, suggested.code(), suggested.name());
            text(
                &button,
                &tf(state.lang, "ui.region.use", &[("region", &name)]),
            );
            attr(&button, "data-region", Some(suggested.code()));
            rows.push(Some(button));
        }
    }
    dom.rows(&target, rows);
}

/// A region's name in the page's language.
pub(super) fn region_name(state: &State, code: &str, english: &str) -> String {
    core_text(state.lang, &format!("region_name.{code}"), english)
}

/// A `<p class="mss-finding sev-…">` row.
fn finding(dom: &Dom, severity: &str, line: &str) -> Option<Element> {
    let row = dom.stamp("finding")?;
    dom::severity(&row, "mss-finding", severity);
    part_text(&row, "text", line);
    Some(row)
}

/// The class name of a severity.
pub(super) fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn summary(state: &State, dom: &Dom) {
    let Some(slot) = dom.slot("summary") else {
        return;
    };
    let plan: &Plan = &state.plan;
    let line = if plan.ready {
        t(state.lang, "ui.summary.ready")
    } else {
        let errors = plan
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        tf(
            state.lang,
            "ui.summary.missing",
            &[("n", &errors.to_string())],
        )
    };
    text(&slot, &line);
    class(&slot, "is-ready", plan.ready);
}

/// One value: the plan's, with its copy button (saying "Copied" for two seconds after a copy), or
/// what it waits for.
fn value(state: &State, dom: &Dom, key: &str) {
    let Some(slot) = dom.find(&format!("[data-value=\"{key}\"]")) else {
        return;
    };
    let shown = state.value(key);
    match &shown {
        Some(value) => {
            text(&slot, value);
            class(&slot, "mss-value", true);
            class(&slot, "mss-missing", false);
            attr(&slot, "data-missing", None);
            let long = value.len() > LONG_VALUE;
            attr(&slot, "tabindex", long.then_some("0"));
            attr(&slot, "role", long.then_some("region"));
            attr(
                &slot,
                "aria-label",
                long.then(|| say(state, &copy_label(key))).as_deref(),
            );
        }
        None => {
            let wait = state
                .instead(key)
                .map(str::to_owned)
                .or_else(|| slot.get_attribute("data-wait"))
                .unwrap_or_default();
            text(&slot, &t(state.lang, &wait));
            class(&slot, "mss-value", false);
            class(&slot, "mss-missing", true);
            attr(&slot, "data-missing", Some(""));
        }
    }
    let Some(button) = dom.find(&format!("[data-copy=\"{key}\"]")) else {
        return;
    };
    show(&button, shown.is_some());
    let copied = state.copied.as_ref().filter(|copied| copied.key == key);
    let ok = copied.is_some_and(|copied| copied.ok);
    text(
        &button,
        &t(state.lang, if ok { "ui.copied" } else { "ui.copy" }),
    );
    class(&button, "is-copied", ok);
    class(
        &button,
        "is-failed",
        copied.is_some_and(|copied| !copied.ok),
    );
}

/// The note about the Worker, which creating users and importing by URL need.
fn server(state: &State, dom: &Dom) {
    let key = match state.server.name() {
        "available" => "ui.server.available",
        "simulator" => "ui.server.simulator",
        "unavailable" => "ui.server.unavailable",
        _ => "ui.server.checking",
    };
    if let Some(slot) = dom.slot("server") {
        attr(&slot, "data-server", Some(state.server.name()));
    }
    if let Some(slot) = dom.slot("server-text") {
        attr(&slot, "data-i18n", Some(key));
        text(&slot, &t(state.lang, key));
    }
}
