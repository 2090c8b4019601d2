//! The one-user form: the core's findings before anything is sent, a generated password, and the
//! one-user batch's answers.

use super::*;
use mimecast_sso_core::password::PasswordError;

/// Fills the one-user form.
fn fill(state: &mut State, email: &str, name: &str, password: &str, confirm: &str) {
    for (input, text) in [
        (Input::Email, email),
        (Input::Name, name),
        (Input::Password, password),
        (Input::Confirm, confirm),
    ] {
        send(state, Msg::Typed(input, text.to_owned()));
    }
}

fn codes(state: &State) -> Vec<&str> {
    state
        .single
        .findings
        .iter()
        .map(|f| f.code.as_str())
        .collect()
}

#[test]
fn one_user_is_checked_by_the_core_before_anything_is_sent() {
    let mut state = step();
    fill(
        &mut state,
        "ann@",
        "",
        "Str0ng!Passw0rd",
        "Str0ng!Passw0rd?",
    );
    let effects = send(&mut state, Msg::Create);
    assert_eq!(
        focus(&effects),
        Some("[data-users-field=email]"),
        "the first bad field"
    );
    let found = codes(&state);
    assert!(
        found.contains(&UserCode::NameRequired.code())
            && found.contains(&UserCode::PasswordMismatch.code()),
        "{found:?}"
    );
    assert!(effects.iter().all(|e| !matches!(e, Effect::Fetch { .. })));
    // A weak password is refused by the same rules, here and in the Worker.
    fill(
        &mut state,
        "ann.lee@example.com",
        "Ann Lee",
        "password",
        "password",
    );
    let effects = send(&mut state, Msg::Create);
    assert_eq!(codes(&state), [PasswordError::Weak.code()]);
    assert_eq!(focus(&effects), Some("[data-users-field=password]"));
}

#[test]
fn a_generated_password_fills_both_fields_once_and_a_failed_source_gives_none() {
    let mut state = step();
    let effects = send(&mut state, Msg::Generate);
    let effects = random(&mut state, effects, Some(bytes(super::password_bytes())));
    assert_eq!(state.single.password.chars().count(), 16);
    assert_eq!(state.single.confirm, state.single.password);
    assert!(state.single.shown, "shown, to copy");
    assert_eq!(focus(&effects), Some("[data-users-field=password]"));
    assert_eq!(
        state.single.outcome.as_ref().map(|o| o.what),
        Some("generated")
    );
    let effects = send(&mut state, Msg::Generate);
    random(&mut state, effects, None);
    let outcome = state.single.outcome.clone().expect("said");
    assert_eq!(outcome.what, "random_unavailable");
    assert!(
        matches!(outcome.line, Line::Problem(p) if p.code == ProvisioningCode::RandomUnavailable.code())
    );
}

#[test]
fn one_user_is_created_then_exists_and_a_refusal_is_explained() {
    let mut state = step();
    fill(
        &mut state,
        "Ann.Lee@Example.com",
        "Ann Lee",
        "Str0ng!Passw0rd",
        "Str0ng!Passw0rd",
    );
    let effects = send(&mut state, Msg::Create);
    assert!(state.single.busy);
    let created = json!({ "results": [{ "line": 1, "emailAddress": "Ann.Lee@example.com", "outcome": "created", "sent": true }] });
    let (request, body, _) = answer(&mut state, effects, ok(&created));
    assert_eq!(request.url, "/api/v1/mimecast/users:batch");
    assert_eq!(
        body["users"][0]["emailAddress"], "Ann.Lee@example.com",
        "the domain in lower case"
    );
    assert_eq!(body["users"][0]["password"], "Str0ng!Passw0rd");
    assert_eq!(
        body["users"][0]["forcePasswordChange"], true,
        "on by default"
    );
    assert_eq!(body["region"], "eu");
    assert_eq!(
        state.single.outcome.as_ref().map(|o| o.what),
        Some("created")
    );
    assert_eq!(
        (
            state.single.password.as_str(),
            state.single.confirm.as_str()
        ),
        ("", ""),
        "the password is gone"
    );

    fill(
        &mut state,
        "Ann.Lee@Example.com",
        "Ann Lee",
        "Str0ng!Passw0rd",
        "Str0ng!Passw0rd",
    );
    send(&mut state, Msg::Force(false));
    let effects = send(&mut state, Msg::Create);
    let exists = json!({ "results": [{ "line": 1, "emailAddress": "Ann.Lee@example.com", "outcome": "exists", "code": "err_validation_duplicate_user", "sent": true }] });
    let (_, body, _) = answer(&mut state, effects, ok(&exists));
    assert_eq!(body["users"][0]["forcePasswordChange"], false);
    assert_eq!(
        state.single.outcome.as_ref().map(|o| (o.what, o.severity)),
        Some(("exists", "info"))
    );
    assert_eq!(
        state.single.password, "Str0ng!Passw0rd",
        "kept: the user was not created"
    );

    let effects = send(&mut state, Msg::Create);
    let weak = json!({ "results": [{ "line": 1, "emailAddress": "Ann.Lee@example.com", "outcome": "invalid", "code": PasswordError::Weak.code(), "message": "Too weak.", "field": "password", "sent": false }] });
    answer(&mut state, effects, ok(&weak));
    let outcome = state.single.outcome.clone().expect("said");
    assert_eq!((outcome.what, outcome.severity), ("failed", "error"));
    let Line::Ui("ui.users.single.failed", words) = &outcome.line else {
        panic!("{:?}", outcome.line)
    };
    assert!(
        matches!(&words[1], ("detail", Line::Problem(p)) if p.code == PasswordError::Weak.code())
    );
    assert!(state.alert.is_some(), "a failure is said at once");

    let effects = send(&mut state, Msg::Create);
    answer(&mut state, effects, Reply::default());
    assert!(matches!(&state.single.outcome, Some(o) if o.what == "failed"));
}
