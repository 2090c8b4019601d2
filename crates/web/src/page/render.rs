//! Renders the plan: notes under the inputs, the Entra values, the certificate report, the
//! Mimecast Authentication Profile sheet and the checklist. Every text comes from the tables.

use mimecast_sso_core::plan::{ChecklistStep, Console, StepStatus};
use mimecast_sso_core::{Finding, Severity};
use web_sys::Element;

mod certificate;
mod import;
mod profile;

use super::{Page, actions};
use crate::dom::{DomResult, attrs, clear};
use crate::i18n::{Lang, core_text, t, tf};

/// Re-renders every output from the page's plan.
pub(super) fn outputs(page: &Page) -> DomResult {
    let Some(refs) = &page.refs else {
        return Ok(());
    };
    let lang = page.lang;
    let plan = &page.plan;
    notes(page, &refs.region_note, "region")?;
    if page.region_suggested && plan.region.is_some() {
        note(
            page,
            &refs.region_note,
            "info",
            &t(lang, "ui.region.suggested"),
        )?;
    }
    notes(page, &refs.account_note, "accountCode")?;
    notes(page, &refs.tenant_note, "tenantId")?;
    notes(page, &refs.description_note, "description")?;

    let errors = plan
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let summary = if plan.ready {
        t(lang, "ui.summary.ready")
    } else {
        tf(lang, "ui.summary.missing", &[("n", &errors.to_string())])
    };
    refs.summary.set_text_content(Some(&summary));
    refs.summary.set_class_name(if plan.ready {
        "mss-summary is-ready"
    } else {
        "mss-summary"
    });

    let entra = &plan.entra;
    clear(&refs.entra);
    let waiting_region = t(lang, "ui.wait.region");
    let waiting_account = t(lang, "ui.wait.region_account");
    row(
        page,
        &refs.entra,
        "entra.identifier",
        &t(lang, "ui.entra.identifier"),
        entra.identifier.as_deref(),
        &waiting_account,
    )?;
    row(
        page,
        &refs.entra,
        "entra.replyUrl",
        &t(lang, "ui.entra.reply_url"),
        entra.reply_url.as_deref(),
        &waiting_region,
    )?;
    row(
        page,
        &refs.entra,
        "entra.signOnUrl",
        &t(lang, "ui.entra.sign_on_url"),
        entra.sign_on_url.as_deref(),
        &waiting_region,
    )?;

    certificate::render(page)?;
    profile::render(page)?;
    import::render(page)?;
    checklist(page, &refs.checklist, &plan.checklist)
}

/// The import block alone (after the server check: importing by URL needs the server).
pub(super) fn import_block(page: &Page) -> DomResult {
    import::render(page)
}

/// The findings about `field`, under its input; empty-field findings stay quiet (the outputs say
/// what they wait for).
pub(super) fn notes(page: &Page, target: &Element, field: &str) -> DomResult {
    clear(target);
    for finding in page
        .plan
        .findings
        .iter()
        .filter(|f| f.field.as_deref() == Some(field))
    {
        if finding.code.ends_with(".empty") {
            continue;
        }
        note(
            page,
            target,
            severity_class(finding.severity),
            &finding_text(page.lang, finding),
        )?;
    }
    if field == "region"
        && let (Some(suggested), Some(chosen)) = (page.plan.suggested_region, page.plan.region)
        && suggested != chosen
    {
        let name = core_text(
            page.lang,
            &format!("region_name.{}", suggested.code()),
            suggested.name(),
        );
        let button = page.b.child_text(
            target,
            "button",
            "mss-button mss-small",
            &tf(page.lang, "ui.region.use", &[("region", &name)]),
        )?;
        attrs(
            &button,
            &[
                ("type", "button"),
                ("data-action", "use-region"),
                ("data-region", suggested.code()),
            ],
        )?;
        actions::wire_use_region(page, &button, suggested.code());
    }
    Ok(())
}

fn note(page: &Page, target: &Element, class: &str, text: &str) -> DomResult {
    page.b
        .child_text(target, "p", &format!("mss-finding sev-{class}"), text)?;
    Ok(())
}

pub(super) fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A finding's text in the page's language.
pub(super) fn finding_text(lang: Lang, finding: &Finding) -> String {
    core_text(lang, &finding.code, &finding.message)
}

/// One `<dt>`/`<dd>` pair: a value with its copy button, or what it waits for.
pub(super) fn row(
    page: &Page,
    list: &Element,
    key: &str,
    label: &str,
    value: Option<&str>,
    waiting: &str,
) -> DomResult<Element> {
    pair(page, list, key, label, value, waiting, true)
}

/// A fact to read, not to copy: a `<dt>`/`<dd>` pair without a copy button.
pub(super) fn fact(
    page: &Page,
    list: &Element,
    key: &str,
    label: &str,
    value: &str,
) -> DomResult<Element> {
    pair(page, list, key, label, Some(value), "", false)
}

fn pair(
    page: &Page,
    list: &Element,
    key: &str,
    label: &str,
    value: Option<&str>,
    waiting: &str,
    copy: bool,
) -> DomResult<Element> {
    let b = &page.b;
    let item = b.child(list, "div", "mss-row")?;
    attrs(&item, &[("data-row", key)])?;
    b.child_text(&item, "dt", "mss-row-label", label)?;
    let dd = b.child(&item, "dd", "mss-row-value")?;
    match value {
        Some(value) => {
            let code = b.child_text(&dd, "code", "mss-value", value)?;
            attrs(&code, &[("data-value", key)])?;
            if value.len() > 160 {
                // Long values scroll: let keyboard users reach and scroll them.
                attrs(
                    &code,
                    &[("tabindex", "0"), ("role", "region"), ("aria-label", label)],
                )?;
            }
            if !copy {
                code.set_class_name("mss-value mss-fact");
                return Ok(item);
            }
            let button = b.child_text(&dd, "button", "mss-copy", &t(page.lang, "ui.copy"))?;
            attrs(
                &button,
                &[
                    ("type", "button"),
                    (
                        "aria-label",
                        &tf(page.lang, "ui.copy.label", &[("label", label)]),
                    ),
                ],
            )?;
            actions::wire_copy(page, &button, value, label);
        }
        None => {
            let missing = b.child_text(&dd, "span", "mss-missing", waiting)?;
            attrs(&missing, &[("data-value", key), ("data-missing", "")])?;
        }
    }
    Ok(item)
}

/// A check-box of the profile: select it, or leave it cleared.
pub(super) fn check_row(
    page: &Page,
    list: &Element,
    key: &str,
    label: &str,
    on: bool,
) -> DomResult {
    let b = &page.b;
    let item = b.child(list, "div", "mss-row")?;
    attrs(&item, &[("data-row", key)])?;
    let dt = b.child_text(&item, "dt", "mss-row-label", label)?;
    attrs(&dt, &[("lang", "en")])?;
    let dd = b.child(&item, "dd", "mss-row-value")?;
    let (class, text) = if on {
        ("mss-check is-on", "ui.check.on")
    } else {
        ("mss-check is-off", "ui.check.off")
    };
    let badge = b.child_text(&dd, "span", class, &t(page.lang, text))?;
    attrs(&badge, &[("data-value", key)])?;
    Ok(())
}

fn checklist(page: &Page, list: &Element, steps: &[ChecklistStep]) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    clear(list);
    for step in steps {
        let status = match step.status {
            StepStatus::Done => "done",
            StepStatus::Todo => "todo",
            StepStatus::Blocked => "blocked",
        };
        let item = b.child(list, "li", &format!("mss-step is-{status}"))?;
        attrs(&item, &[("data-step", &step.id), ("data-status", status)])?;
        let head = b.child(&item, "div", "mss-step-head")?;
        b.child_text(
            &head,
            "span",
            &format!("mss-status is-{status}"),
            &t(lang, &format!("ui.status.{status}")),
        )?;
        let console = match step.console {
            Console::Entra => "entra",
            Console::Mimecast => "mimecast",
        };
        b.child_text(
            &head,
            "span",
            "mss-console",
            &t(lang, &format!("ui.console.{console}")),
        )?;
        b.child_text(
            &item,
            "p",
            "mss-step-text",
            &core_text(lang, &format!("step.{}", step.id), &step.text),
        )?;
        if !step.blocked_by.is_empty() {
            let fields: Vec<String> = step
                .blocked_by
                .iter()
                .map(|f| t(lang, &format!("ui.field.{f}")))
                .collect();
            b.child_text(
                &item,
                "p",
                "mss-blocked",
                &tf(lang, "ui.blocked_by", &[("fields", &fields.join(", "))]),
            )?;
        }
        if let Some(link) = &step.link {
            let anchor = b.child_text(
                &item,
                "a",
                "mss-link",
                &t(lang, &format!("ui.open.{console}")),
            )?;
            attrs(
                &anchor,
                &[
                    ("href", link),
                    ("target", "_blank"),
                    ("rel", "noopener noreferrer"),
                ],
            )?;
        }
    }
    Ok(())
}
