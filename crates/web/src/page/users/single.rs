//! "Add one user": address, name, password and its confirmation (or a generated one), force a
//! password change at next login (on by default). The core checks the form; the user is sent as a
//! one-user batch, so an existing address is reported as "exists" like in a CSV run.

use mimecast_sso_core::provisioning::{
    self, BatchResponse, ItemOutcome, Password, ProvisioningCode, UserInput, validate_user,
};
use mimecast_sso_core::{Coded, Finding};
use serde_json::json;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::{Users, button, error_text, heading, http, with};
use crate::api;
use crate::dom::{DomResult, attrs, cast, clear, on};
use crate::i18n::{core_text, t, tf};
use crate::page::Page;
use crate::page::render::severity_class;
use crate::page::view::field;

/// The form's last outcome.
#[derive(Default)]
pub(super) struct State {
    findings: Vec<Finding>,
    /// (class, text, outcome) of the last answer.
    outcome: Option<(&'static str, String, &'static str)>,
}

pub(super) struct Refs {
    email: HtmlInputElement,
    name: HtmlInputElement,
    password: HtmlInputElement,
    confirm: HtmlInputElement,
    force: HtmlInputElement,
    notes: [Element; 4],
    create: HtmlButtonElement,
    result: Element,
}

/// The fields of the form and the JSON field names of their findings.
const FIELDS: [&str; 4] = ["emailAddress", "name", "password", "passwordConfirmation"];

pub(super) fn build(
    page: &Page,
    section: &Element,
    remote: &mut Vec<HtmlButtonElement>,
) -> DomResult<Refs> {
    let b = &page.b;
    let lang = page.lang;
    let block = heading(page, section, "ui.users.single.title", "single-title")?;
    let grid = b.child(&block, "div", "mss-grid mss-grid-wide")?;
    let id = |name: &str| format!("{}users-{name}", page.prefix);
    let input = |kind: &str, autocomplete: &str| -> DomResult<HtmlInputElement> {
        let input: HtmlInputElement = cast(b.el("input", "mss-input")?, "input")?;
        attrs(
            &input,
            &[
                ("type", kind),
                ("autocomplete", autocomplete),
                ("spellcheck", "false"),
            ],
        )?;
        Ok(input)
    };
    let email = input("email", "off")?;
    attrs(&email, &[("placeholder", "ann.lee@example.com")])?;
    let email_note = field(
        b,
        &grid,
        &id("email"),
        &t(lang, "ui.users.email"),
        &t(lang, "ui.users.email.hint"),
        &email,
    )?;
    let name = input("text", "off")?;
    attrs(&name, &[("placeholder", "Ann Lee")])?;
    let name_note = field(
        b,
        &grid,
        &id("name"),
        &t(lang, "ui.users.name"),
        &t(lang, "ui.users.name.hint"),
        &name,
    )?;
    let password = input("password", "new-password")?;
    let password_note = field(
        b,
        &grid,
        &id("password"),
        &t(lang, "ui.users.password"),
        &t(lang, "ui.users.password.hint"),
        &password,
    )?;
    let confirm = input("password", "new-password")?;
    let confirm_note = field(
        b,
        &grid,
        &id("confirm"),
        &t(lang, "ui.users.confirm"),
        &t(lang, "ui.users.confirm.hint"),
        &confirm,
    )?;
    let options = b.child(&block, "div", "mss-inline-form")?;
    let check_label = b.child(&options, "label", "mss-check-label")?;
    let force: HtmlInputElement = cast(b.child(&check_label, "input", "")?, "input")?;
    attrs(&force, &[("type", "checkbox"), ("id", &id("force"))])?;
    force.set_checked(true);
    b.child_text(&check_label, "span", "", &t(lang, "ui.users.force"))?;
    let generate = button(
        page,
        &options,
        "mss-button mss-secondary",
        "ui.users.generate",
        "users-generate",
        None,
    )?;
    let create = button(
        page,
        &options,
        "mss-button",
        "ui.users.create",
        "users-create",
        Some(remote),
    )?;
    let result = b.child(&block, "div", "mss-single-result")?;
    attrs(
        &result,
        &[("data-single-result", ""), ("aria-live", "polite")],
    )?;

    let (pw, cf) = (password.clone(), confirm.clone());
    let me = page.me.clone();
    on(&generate, "click", move |_| {
        let Ok(generated) = provisioning::generate_password(&mut api::random_bytes) else {
            with(&me, |page, users| {
                users.single.outcome = Some((
                    "error",
                    t(page.lang, ProvisioningCode::RandomUnavailable.code()),
                    "random_unavailable",
                ));
                let _ = render(page, users);
            });
            return;
        };
        for field in [&pw, &cf] {
            field.set_value(&generated);
            // Shown once, so the admin can copy it; it is never kept.
            let _ = field.set_attribute("type", "text");
        }
        let _ = pw.focus();
        with(&me, |page, users| {
            users.single.findings.clear();
            users.single.outcome = Some(("info", t(page.lang, "ui.users.generated"), "generated"));
            let _ = render(page, users);
        });
    });
    let me = page.me.clone();
    on(&create, "click", move |_| {
        with(&me, submit);
    });
    Ok(Refs {
        email,
        name,
        password,
        confirm,
        force,
        notes: [email_note, name_note, password_note, confirm_note],
        create,
        result,
    })
}

/// Checks the form with the core; when it passes, sends the user as a one-user batch.
fn submit(page: &Page, users: &mut Users) {
    let Some(refs) = &users.refs else {
        return;
    };
    let f = &refs.single;
    let text = |input: &HtmlInputElement| {
        let value = input.value();
        (!value.is_empty()).then(|| Password::new(value))
    };
    let input = UserInput {
        email_address: f.email.value(),
        name: f.name.value(),
        password: text(&f.password),
        password_confirmation: text(&f.confirm),
        force_password_change: Some(f.force.checked()),
    };
    let user = match validate_user(&input) {
        Ok(user) => user,
        Err(findings) => {
            users.single.findings = findings;
            users.single.outcome = None;
            let _ = render(page, users);
            focus_first_error(users);
            return;
        }
    };
    users.single.findings.clear();
    let entry = json!({
        "line": 1,
        "emailAddress": user.email_address,
        "name": user.name,
        "password": user.password.expose(),
        "forcePasswordChange": user.force_password_change,
    });
    let body = super::domains::with_region(page, json!({ "users": [entry] })).to_string();
    let url = format!("{}mimecast/users:batch", page.api_base);
    let create = f.create.clone();
    super::set_busy(page, users, &create, true);
    let me = page.me.clone();
    let address = user.email_address.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = http::post(&url, &body).await;
        with(&me, |page, users| {
            super::set_busy(page, users, &create, false);
            users.single.outcome = Some(outcome(page, &answer, &address));
            if let Some((class, text, what)) = &users.single.outcome {
                if *class == "error" {
                    super::alert(users, text);
                } else {
                    super::say(users, text);
                }
                if *what == "created"
                    && let Some(refs) = &users.refs
                {
                    // The password is gone from the page once the user exists.
                    for field in [&refs.single.password, &refs.single.confirm] {
                        field.set_value("");
                        let _ = field.set_attribute("type", "password");
                    }
                }
            }
            let _ = render(page, users);
        });
    });
}

/// What the one-user batch answered, as (class, text, outcome).
fn outcome(
    page: &Page,
    answer: &http::Answer,
    address: &str,
) -> (&'static str, String, &'static str) {
    let lang = page.lang;
    let parsed = (answer.status == 200)
        .then(|| serde_json::from_slice::<BatchResponse>(&answer.body).ok())
        .flatten();
    let Some(result) = parsed.and_then(|r| r.results.into_iter().next()) else {
        let error = answer.error();
        return (
            "error",
            error_text(lang, &error.code, &error.message),
            "failed",
        );
    };
    let detail = || {
        error_text(
            lang,
            result.code.as_deref().unwrap_or(""),
            result.message.as_deref().unwrap_or(""),
        )
    };
    match result.outcome {
        ItemOutcome::Created => (
            "ok",
            tf(lang, "ui.users.single.created", &[("email", address)]),
            "created",
        ),
        ItemOutcome::Exists => (
            "info",
            tf(lang, "ui.users.single.exists", &[("email", address)]),
            "exists",
        ),
        ItemOutcome::Retry => (
            "warning",
            tf(lang, "ui.users.single.retry", &[("detail", &detail())]),
            "retry",
        ),
        _ => (
            "error",
            tf(
                lang,
                "ui.users.single.failed",
                &[("email", address), ("detail", &detail())],
            ),
            "failed",
        ),
    }
}

fn focus_first_error(users: &Users) {
    let Some(refs) = &users.refs else {
        return;
    };
    let f = &refs.single;
    let inputs = [&f.email, &f.name, &f.password, &f.confirm];
    for (field, input) in FIELDS.iter().zip(inputs) {
        if users
            .single
            .findings
            .iter()
            .any(|finding| finding.field.as_deref() == Some(field))
        {
            let _ = input.focus();
            return;
        }
    }
}

/// The findings under their fields and the last answer.
pub(super) fn render(page: &Page, users: &Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let f = &refs.single;
    let lang = page.lang;
    let inputs = [&f.email, &f.name, &f.password, &f.confirm];
    for ((field, note), input) in FIELDS.iter().zip(&f.notes).zip(inputs) {
        clear(note);
        let mut invalid = false;
        for finding in users
            .single
            .findings
            .iter()
            .filter(|finding| finding.field.as_deref() == Some(field))
        {
            invalid = true;
            let p = page.b.child_text(
                note,
                "p",
                &format!("mss-finding sev-{}", severity_class(finding.severity)),
                &core_text(lang, &finding.code, &finding.message),
            )?;
            attrs(&p, &[("data-code", &finding.code)])?;
        }
        if invalid {
            input.set_attribute("aria-invalid", "true")?;
        } else {
            input.remove_attribute("aria-invalid")?;
        }
    }
    clear(&f.result);
    if let Some((class, text, what)) = &users.single.outcome {
        let p = page
            .b
            .child_text(&f.result, "p", &format!("mss-finding sev-{class}"), text)?;
        attrs(&p, &[("data-outcome", what)])?;
    }
    Ok(())
}
