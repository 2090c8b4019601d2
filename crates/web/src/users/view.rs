//! Shows step 7's state in its markup (`www/src/users.html`): the language, the note about the
//! Worker, the fields, the buttons, and the spoken lines; the domains, the one-user form, the
//! file and the run are in `view/`. Reads only the state; writes only the DOM, and only what
//! differs: a part built from rows is built again only when its revision (or the language) moved.

mod csv;
mod domains;
mod run;
mod single;

use mimecast_sso_core::Severity;
use mimecast_sso_core::mimecast_api::InboundType;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlTemplateElement};

use super::state::{Input, Line, Server, State};
use crate::app::dom::{self, Dom, attr, part_text, show, text};
use crate::i18n::{self, Lang, core_text, t, tf};

/// Shows `state`.
pub(super) fn view(state: &State, dom: &Dom) {
    language(state, dom);
    server(state, dom);
    fields(state, dom);
    domains::view(state, dom);
    single::view(state, dom);
    csv::view(state, dom);
    run::view(state, dom);
    for (slot, said) in [("users-live", &state.live), ("users-alert", &state.alert)] {
        if let (Some((seq, line)), Some(region)) = (said, dom.slot(slot))
            && fresh(&region, &seq.to_string())
        {
            text(&region, &say(state.lang, line));
        }
    }
}

/// Writes the language's texts into the step and its templates when the language changed.
fn language(state: &State, dom: &Dom) {
    let tag = state.lang.tag();
    if dom.root.get_attribute("data-users-lang").as_deref() == Some(tag) {
        return;
    }
    i18n::apply(&dom.root, state.lang);
    for template in dom.all("template[data-template]") {
        let row = template
            .dyn_into::<HtmlTemplateElement>()
            .ok()
            .and_then(|t| t.content().first_element_child());
        if let Some(row) = row {
            i18n::apply(&row, state.lang);
        }
    }
    attr(&dom.root, "data-users-lang", Some(tag));
}

/// The note about the Worker, which registering domains and creating users need.
fn server(state: &State, dom: &Dom) {
    let Some(note) = dom.slot("users-server") else {
        return;
    };
    let name = match state.server {
        Server::Checking => "checking",
        Server::Available | Server::Simulator => "available",
        Server::Unavailable => "unavailable",
    };
    let key = match name {
        "available" => "ui.users.server.available",
        "unavailable" => "ui.users.server.unavailable",
        _ => "ui.users.server.checking",
    };
    attr(&note, "data-users-server", Some(name));
    attr(&note, "data-i18n", Some(key));
    text(&note, &t(state.lang, key));
}

/// The fields as the state holds them (a generated password shown, a created user's gone).
fn fields(state: &State, dom: &Dom) {
    let single = &state.single;
    for input in Input::ALL {
        let value = match input {
            Input::Domain => &state.domains.typed,
            Input::Email => &single.email,
            Input::Name => &single.name,
            Input::Password => &single.password,
            Input::Confirm => &single.confirm,
        };
        let selector = format!("[data-users-field={}]", input.name());
        dom.set_value(&selector, value);
        if matches!(input, Input::Password | Input::Confirm)
            && let Some(field) = dom.find(&selector)
        {
            attr(
                &field,
                "type",
                Some(if single.shown { "text" } else { "password" }),
            );
        }
    }
    if let Some(force) = dom.find("[data-users-field=force]") {
        dom::set_checked(&force, single.force);
    }
    for kind in InboundType::ALL {
        if let Some(radio) = dom.find(&format!("[data-inbound={}]", kind.code())) {
            dom::set_checked(&radio, kind == state.domains.inbound);
        }
    }
}

/// Whether `element` shows something other than `stamp`; if so it is marked as showing it (the
/// caller then rebuilds it).
fn fresh(element: &Element, stamp: &str) -> bool {
    if element.get_attribute("data-shown").as_deref() == Some(stamp) {
        return false;
    }
    attr(element, "data-shown", Some(stamp));
    true
}

/// Enables or disables the button `action` (and marks it busy while its call is out).
fn enable(dom: &Dom, action: &str, enabled: bool, busy: bool) -> Option<Element> {
    let button = dom.find(&format!("button[data-action=\"{action}\"]"))?;
    attr(&button, "disabled", (!enabled).then_some(""));
    attr(&button, "aria-busy", busy.then_some("true"));
    Some(button)
}

/// A `<p class="mss-finding sev-…">` (or another `class`) row saying `said`.
fn line(dom: &Dom, class: &str, said: &str) -> Option<Element> {
    let row = dom.stamp("users-line")?;
    row.set_class_name(class);
    part_text(&row, "text", said);
    Some(row)
}

/// A row of an error, with its code in `data-code`.
fn problem_row(dom: &Dom, lang: Lang, code: &str, message: &str) -> Option<Element> {
    let row = line(
        dom,
        "mss-finding sev-error",
        &error_text(lang, code, message),
    )?;
    attr(&row, "data-code", Some(code));
    Some(row)
}

/// Shows or hides `row`'s part `name`, with `said` as its text when shown.
fn part_shown(row: &Element, name: &str, said: Option<&str>) {
    if let Some(part) = dom::part(row, name) {
        show(&part, said.is_some());
        if let Some(said) = said {
            text(&part, said);
        }
    }
}

/// Removes `row`'s part `name` unless it is `wanted` (a badge that does not apply is not there).
fn remove_unless(row: &Element, name: &str, wanted: bool) {
    if let Some(element) = dom::part(row, name).filter(|_| !wanted) {
        element.remove();
    }
}

/// The class name of a severity.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// `line` in words, in `lang`.
fn say(lang: Lang, line: &Line) -> String {
    match line {
        Line::Text(text) => text.clone(),
        Line::Problem(problem) => error_text(lang, &problem.code, &problem.message),
        Line::Join(lines) => lines
            .iter()
            .map(|line| say(lang, line))
            .collect::<Vec<_>>()
            .join(" "),
        Line::Ui(key, words) => {
            let words: Vec<(&str, String)> = words
                .iter()
                .map(|(name, line)| (*name, say(lang, line)))
                .collect();
            let pairs: Vec<(&str, &str)> = words
                .iter()
                .map(|(name, word)| (*name, word.as_str()))
                .collect();
            tf(lang, key, &pairs)
        }
    }
}

/// The text of `key` in `lang` with its one placeholder `{name}` filled with `value`.
fn tf1(lang: Lang, key: &str, name: &str, value: &str) -> String {
    tf(lang, key, &[(name, value)])
}

/// The text of an error: the table's translation of `code` when it has one (the core's own
/// English message in English), else `message` as the Worker or Mimecast wrote it (`err_…`).
fn error_text(lang: Lang, code: &str, message: &str) -> String {
    let known = !code.is_empty() && t(lang, code) != code;
    match (known, message.is_empty()) {
        (true, _) => core_text(lang, code, message),
        (false, true) => code.to_owned(),
        (false, false) => message.to_owned(),
    }
}

/// A day for people, in `lang`, from seconds since the epoch.
fn local_date(lang: Lang, secs: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from(secs as f64 * 1000.0));
    date.to_locale_date_string(lang.tag(), &JsValue::UNDEFINED)
        .into()
}

/// A moment for people, in `lang`, from milliseconds since the epoch.
fn local_time(lang: Lang, ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from(ms as f64));
    date.to_locale_string(lang.tag(), &JsValue::UNDEFINED)
        .into()
}
