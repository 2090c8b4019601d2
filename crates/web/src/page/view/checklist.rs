//! The checklist of what is left: each manual step in the tutorial's order, with its console, its
//! status as the core judges it, what it waits for, and a link to open the console.

use mimecast_sso_core::plan::{Console, StepStatus};

use crate::app::dom::{Dom, attr, part, part_text, show};
use crate::i18n::{core_text, t, tf};
use crate::page::state::State;

/// Shows the checklist.
pub(super) fn view(state: &State, dom: &Dom) {
    let Some(list) = dom.slot("checklist") else {
        return;
    };
    let lang = state.lang;
    let rows = state.plan.checklist.iter().map(|step| {
        let row = dom.stamp("step")?;
        let status = match step.status {
            StepStatus::Done => "done",
            StepStatus::Todo => "todo",
            StepStatus::Blocked => "blocked",
        };
        let console = match step.console {
            Console::Entra => "entra",
            Console::Mimecast => "mimecast",
        };
        row.set_class_name(&format!("mss-step is-{status}"));
        attr(&row, "data-step", Some(&step.id));
        attr(&row, "data-status", Some(status));
        if let Some(badge) = part(&row, "status") {
            badge.set_class_name(&format!("mss-status is-{status}"));
            badge.set_text_content(Some(&t(lang, &format!("ui.status.{status}"))));
        }
        part_text(&row, "console", &t(lang, &format!("ui.console.{console}")));
        part_text(
            &row,
            "text",
            &core_text(lang, &format!("step.{}", step.id), &step.text),
        );
        if let Some(blocked) = part(&row, "blocked") {
            show(&blocked, !step.blocked_by.is_empty());
            let fields: Vec<String> = step
                .blocked_by
                .iter()
                .map(|f| t(lang, &format!("ui.field.{f}")))
                .collect();
            blocked.set_text_content(Some(&tf(
                lang,
                "ui.blocked_by",
                &[("fields", &fields.join(", "))],
            )));
        }
        if let Some(link) = part(&row, "link") {
            show(&link, step.link.is_some());
            attr(&link, "href", step.link.as_deref());
            link.set_text_content(Some(&t(lang, &format!("ui.open.{console}"))));
        }
        Some(row)
    });
    dom.rows(&list, rows);
}
