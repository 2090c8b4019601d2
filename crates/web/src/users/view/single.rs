//! The one-user form's outputs: the core's findings under their fields (the field marked
//! invalid), the buttons, and what the last action gave.

use super::{enable, fresh, line, severity};
use crate::app::dom::{Dom, attr};
use crate::i18n::core_text;
use crate::users::state::State;

/// The form's fields: the core's name of each in findings, and the field's own name.
const FIELDS: [(&str, &str); 4] = [
    ("emailAddress", "email"),
    ("name", "name"),
    ("password", "password"),
    ("passwordConfirmation", "confirm"),
];

/// Shows the form's outputs.
pub(super) fn view(state: &State, dom: &Dom) {
    let single = &state.single;
    let lang = state.lang;
    enable(dom, "users-generate", true, false);
    enable(
        dom,
        "users-create",
        state.server.has_worker() && !single.busy,
        single.busy,
    );
    let stamp = format!("{}:{}", lang.tag(), state.revs.single);
    for (field, name) in FIELDS {
        let findings: Vec<_> = single
            .findings
            .iter()
            .filter(|f| f.field.as_deref() == Some(field))
            .collect();
        if let Some(input) = dom.find(&format!("[data-users-field={name}]")) {
            attr(
                &input,
                "aria-invalid",
                (!findings.is_empty()).then_some("true"),
            );
        }
        let Some(note) = dom
            .find(&format!("[data-users-note={name}]"))
            .filter(|note| fresh(note, &stamp))
        else {
            continue;
        };
        let rows = findings.into_iter().map(|finding| {
            let class = format!("mss-finding sev-{}", severity(finding.severity));
            let row = line(
                dom,
                &class,
                &core_text(lang, &finding.code, &finding.message),
            )?;
            attr(&row, "data-code", Some(&finding.code));
            Some(row)
        });
        dom.rows(&note, rows);
    }
    if let Some(slot) = dom
        .slot("users-single-result")
        .filter(|slot| fresh(slot, &stamp))
    {
        let row = single.outcome.as_ref().and_then(|outcome| {
            let row = line(
                dom,
                &format!("mss-finding sev-{}", outcome.severity),
                &super::say(lang, &outcome.line),
            )?;
            attr(&row, "data-outcome", Some(outcome.what));
            Some(row)
        });
        dom.rows(&slot, [row]);
    }
}
