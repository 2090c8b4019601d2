//! "Add one user": address, name, password and its confirmation (or a generated one), force a
//! password change at next login (on by default). The core checks the form; the user is sent as
//! a one-user batch, so an existing address is reported as "exists" like in a CSV run.

use mimecast_sso_core::provisioning::{
    BatchResponse, ItemOutcome, Password, UserInput, generate_password, validate_user,
};
use serde_json::json;

use super::{Msg, password_bytes, pool, post};
use crate::app::{Effect, Reply};
use crate::users::state::{Input, Line, Outcome, Problem, State};

/// The form's fields in the page's order: the core's name of each in findings, and the field.
const FIELDS: [(&str, &str); 4] = [
    ("emailAddress", "[data-users-field=email]"),
    ("name", "[data-users-field=name]"),
    ("password", "[data-users-field=password]"),
    ("passwordConfirmation", "[data-users-field=confirm]"),
];

/// The admin typed in `input`.
pub(super) fn typed(state: &mut State, input: Input, text: String) {
    let single = &mut state.single;
    let field = match input {
        Input::Domain => &mut state.domains.typed,
        Input::Email => &mut single.email,
        Input::Name => &mut single.name,
        Input::Password => &mut single.password,
        Input::Confirm => &mut single.confirm,
    };
    *field = text;
}

/// "Generate a password": random bytes first.
pub(super) fn generate() -> Vec<Effect<Msg>> {
    vec![Effect::Random {
        len: password_bytes(),
        then: Box::new(Msg::Generated),
    }]
}

/// The core's password from the random bytes, shown once in both fields (never kept); or why
/// there is none.
pub(super) fn generated(state: &mut State, random: Option<Vec<u8>>) -> Vec<Effect<Msg>> {
    let single = &mut state.single;
    state.revs.single += 1;
    match generate_password(&mut pool(random)) {
        Ok(password) => {
            single.confirm.clone_from(&password);
            single.password = password;
            single.shown = true;
            single.findings.clear();
            single.outcome = Some(Outcome {
                what: "generated",
                severity: "info",
                line: Line::ui("ui.users.generated"),
            });
            vec![Effect::Focus(FIELDS[2].1)]
        }
        Err(error) => {
            let line = Line::Problem(Problem::of(&error));
            single.outcome = Some(Outcome {
                what: "random_unavailable",
                severity: "error",
                line: line.clone(),
            });
            state.alert(line);
            Vec::new()
        }
    }
}

/// "Create the user": the core's findings first (the focus goes to the first bad field); when
/// it passes, the user goes out as a one-user batch.
pub(super) fn create(state: &mut State) -> Vec<Effect<Msg>> {
    let single = &mut state.single;
    let password = |text: &str| (!text.is_empty()).then(|| Password::new(text));
    let input = UserInput {
        email_address: single.email.clone(),
        name: single.name.clone(),
        password: password(&single.password),
        password_confirmation: password(&single.confirm),
        force_password_change: Some(single.force),
    };
    state.revs.single += 1;
    let user = match validate_user(&input) {
        Ok(user) => user,
        Err(findings) => {
            let first = FIELDS
                .iter()
                .find(|(name, _)| findings.iter().any(|f| f.field.as_deref() == Some(name)));
            single.findings = findings;
            single.outcome = None;
            return first
                .map(|(_, selector)| Effect::Focus(selector))
                .into_iter()
                .collect();
        }
    };
    single.findings.clear();
    if !state.server.has_worker() || single.busy {
        return Vec::new();
    }
    single.busy = true;
    let entry = json!({
        "line": 1,
        "emailAddress": user.email_address,
        "name": user.name,
        "password": user.password.expose(),
        "forcePasswordChange": user.force_password_change,
    });
    let address = user.email_address;
    vec![post(
        state,
        "users:batch",
        json!({ "users": [entry] }),
        move |reply| Msg::UserCreated { address, reply },
    )]
}

/// What the one-user batch answered; the password leaves the page once the user exists.
pub(super) fn created(state: &mut State, address: &str, reply: &Reply) {
    let single = &mut state.single;
    single.busy = false;
    state.revs.single += 1;
    let result = reply.ok().then(|| reply.json::<BatchResponse>()).flatten();
    let email = || ("email", Line::text(address));
    let (what, severity, line) = match result.and_then(|r| r.results.into_iter().next()) {
        None => ("failed", "error", Line::Problem(reply.error().into())),
        Some(result) => {
            let code = result.code.unwrap_or_default();
            let detail = Problem {
                code,
                message: result.message.unwrap_or_default(),
            };
            let detail = ("detail", Line::Problem(detail));
            match result.outcome {
                ItemOutcome::Created => {
                    single.password.clear();
                    single.confirm.clear();
                    single.shown = false;
                    (
                        "created",
                        "ok",
                        Line::Ui("ui.users.single.created", vec![email()]),
                    )
                }
                ItemOutcome::Exists => (
                    "exists",
                    "info",
                    Line::Ui("ui.users.single.exists", vec![email()]),
                ),
                ItemOutcome::Retry => (
                    "retry",
                    "warning",
                    Line::Ui("ui.users.single.retry", vec![detail]),
                ),
                ItemOutcome::Failed | ItemOutcome::Invalid => (
                    "failed",
                    "error",
                    Line::Ui("ui.users.single.failed", vec![email(), detail]),
                ),
            }
        }
    };
    if severity == "error" {
        state.alert(line.clone());
    } else {
        state.say(line.clone());
    }
    state.single.outcome = Some(Outcome {
        what,
        severity,
        line,
    });
}
