//! The run's panel: why a run did not start, or the progress bar (one segment per outcome), the
//! counts, the rate, where the run is (waiting, paused, halted with the reason, …), pause /
//! resume / cancel, the report, the note when the browser could not keep the outcomes, and the
//! lines that failed.

use mimecast_sso_core::provisioning::{Outcome, Progress};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::{error_text, fresh, say};
use crate::app::dom::{Dom, attr, part, show, text};
use crate::i18n::{t, tf};
use crate::users::state::{Run, State, run_state_name, state_line, summary_line};

/// Failed lines listed under the panel.
const PROBLEMS_SHOWN: usize = 50;

/// Shows the run's panel.
pub(super) fn view(state: &State, dom: &Dom) {
    let Some(slot) = dom.slot("users-run") else {
        return;
    };
    let lang = state.lang.tag();
    match (&state.run, &state.run_error) {
        (_, Some(problem)) => {
            if fresh(&slot, &format!("error:{lang}:{}", problem.code)) {
                dom.rows(
                    &slot,
                    [super::problem_row(
                        dom,
                        state.lang,
                        &problem.code,
                        &problem.message,
                    )],
                );
            }
        }
        (None, None) => {
            if fresh(&slot, "") {
                dom.rows(&slot, []);
            }
        }
        (Some(run), None) => {
            if fresh(&slot, &format!("run:{lang}:{}", run.generation)) {
                dom.rows(&slot, [dom.stamp("users-run")]);
            }
            panel(state, dom, &slot, run);
        }
    }
}

/// The panel's parts, from the engine's progress.
fn panel(state: &State, dom: &Dom, slot: &Element, run: &Run) {
    let lang = state.lang;
    let progress = run.engine.progress(state.now_ms);
    let find = |selector: &str| slot.query_selector(selector).ok().flatten();
    let summary = say(lang, &summary_line(&progress));
    if let Some(bar) = find("[data-users-progress]") {
        attr(&bar, "aria-valuemax", Some(&progress.total.to_string()));
        attr(&bar, "aria-valuenow", Some(&progress.processed.to_string()));
        attr(&bar, "aria-valuetext", Some(&summary));
        attr(
            &bar,
            "data-in-flight",
            Some(&progress.in_flight.to_string()),
        );
        segments(&bar, &progress);
    }
    let rate = format!("{}/min", progress.rate_per_minute.round() as u64);
    let counts = [
        ("created", progress.created.to_string()),
        ("skipped", progress.skipped.to_string()),
        ("failed", progress.failed.to_string()),
        ("invalid", progress.invalid.to_string()),
        ("remaining", progress.remaining.to_string()),
        ("rate", rate),
    ];
    for (name, value) in counts {
        if let Some(cell) = find(&format!("[data-count={name}]")) {
            text(&cell, &value);
        }
    }
    if let Some(line) = find("[data-run-state]") {
        attr(&line, "data-run-state", Some(run_state_name(&progress)));
        text(&line, &say(lang, &state_line(&progress, state.now_ms)));
    }
    let open = run.is_active();
    if let Some(toggle) = find("[data-part=toggle]") {
        let paused = progress.state == mimecast_sso_core::provisioning::RunState::Paused;
        let (action, key) = if paused {
            ("users-resume", "ui.users.run.resume")
        } else {
            ("users-pause", "ui.users.run.pause")
        };
        attr(&toggle, "data-action", Some(action));
        attr(&toggle, "data-i18n", Some(key));
        text(&toggle, &t(lang, key));
        attr(&toggle, "disabled", (!open).then_some(""));
    }
    if let Some(cancel) = find("[data-part=cancel]") {
        attr(&cancel, "disabled", (!open).then_some(""));
    }
    if let Some(notice) = find("[data-users-not-saved]") {
        show(&notice, run.not_saved);
    }
    if let Some(box_) = find("[data-part=problems]")
        && fresh(&box_, &format!("{}:{}", lang.tag(), progress.failed))
    {
        dom.rows(&box_, [problems(state, dom, run)]);
    }
}

/// The bar's segments: created, skipped, failed or not sent, invalid (never sent), as shares of
/// the lines, in hundredths of a percent (integers: no float formatting in the module).
fn segments(bar: &Element, progress: &Progress) {
    let total = progress.total.max(1);
    let shares = [
        ("created", progress.created),
        ("skipped", progress.skipped),
        ("failed", progress.failed + progress.not_sent),
        ("invalid", progress.invalid),
    ];
    for (name, count) in shares {
        let segment = bar
            .query_selector(&format!(".mss-progress-{name}"))
            .ok()
            .flatten();
        let Some(segment) = segment.and_then(|e| e.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let share = count * 10_000 / total;
        let width = format!("{}.{:02}%", share / 100, share % 100);
        // Through the CSSOM: the page's CSP (style-src 'self') refuses style attributes.
        let style = segment.style();
        if style.get_property_value("width").ok().as_deref() != Some(&width) {
            let _ = style.set_property("width", &width);
        }
    }
}

/// The failed lines so far (the first 50), with Mimecast's code and message.
fn problems(state: &State, dom: &Dom, run: &Run) -> Option<Element> {
    let lang = state.lang;
    let results = run.engine.results();
    let failed: Vec<_> = results
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .take(PROBLEMS_SHOWN)
        .collect();
    if failed.is_empty() {
        return None;
    }
    let block = dom.stamp("users-problems")?;
    let rows = failed.into_iter().map(|result| {
        let code = result.code.as_deref().unwrap_or("");
        let message = error_text(lang, code, result.message.as_deref().unwrap_or(""));
        let line = result.line.to_string();
        let values = [
            ("line", line.as_str()),
            ("email", &result.email_address),
            ("code", code),
            ("message", &message),
        ];
        let item = dom.stamp("users-item")?;
        item.set_class_name("mss-finding sev-error");
        attr(&item, "data-line", Some(&line));
        text(&item, &tf(lang, "ui.users.run.problem", &values));
        Some(item)
    });
    dom.rows(&part(&block, "list")?, rows);
    Some(block)
}
