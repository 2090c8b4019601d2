//! One password policy: a user created alone through the proxy's `create-user` route (or changed
//! through `update-user`) is refused exactly as the same user in a `users:batch` call and in the
//! page's form, with the same code, before anything is sent to Mimecast.

use mimecast_sso_core::Coded;
use mimecast_sso_core::mimecast_api::{Operation, validate_request};
use mimecast_sso_core::password::{self, PasswordError};
use mimecast_sso_core::provisioning::{
    ItemOutcome, Password, UserInput, parse_batch_request, validate_user,
};
use serde_json::json;

/// Passwords around every rule of the policy, with the code each is refused with.
fn cases() -> Vec<(String, Option<&'static str>)> {
    vec![
        (String::new(), Some("user.password_required")),
        ("abc12".into(), Some("user.password_too_short")),
        ("Sh0rt!x".into(), Some("user.password_too_short")),
        ("weakpassword".into(), Some("user.password_weak")),
        ("WEAKPASSWORD".into(), Some("user.password_weak")),
        ("12345678".into(), Some("user.password_weak")),
        ("onlyletters-and-dashes".into(), Some("user.password_weak")),
        (" Str0ng-Pass".into(), Some("user.password_invalid")),
        ("Str0ng-Pass\t".into(), Some("user.password_invalid")),
        ("Str0ng\nPass".into(), Some("user.password_invalid")),
        ("Aa1!".repeat(33), Some("user.password_too_long")),
        ("Sh0rt!xy".into(), None),
        ("Str0ng-Pass".into(), None),
        ("correct-horse-9".into(), None),
        ("Aa1!".repeat(32), None),
    ]
}

fn create_user_code(password: &str) -> Option<String> {
    let body = json!({"emailAddress": "ann@example.com", "name": "Ann", "password": password});
    validate_request(Operation::CreateUser, body.to_string().as_bytes())
        .err()
        .map(|error| {
            assert_eq!(error.status(), 400, "{error:?}");
            assert_eq!(error.field.as_deref(), Some("password"));
            assert!(
                password.chars().count() < 4 || !error.message.contains(password),
                "the message repeats the password"
            );
            error.code
        })
}

fn batch_code(password: &str) -> Option<String> {
    let body = json!({"users": [
        {"line": 2, "emailAddress": "ann@example.com", "name": "Ann", "password": password}
    ]});
    let batch = parse_batch_request(body.to_string().as_bytes()).expect("a batch");
    batch.items[0].request.as_ref().err().map(|result| {
        assert_eq!(result.outcome, ItemOutcome::Invalid);
        assert_eq!(result.field.as_deref(), Some("password"));
        assert!(!result.sent);
        result.code.clone().expect("an invalid result has a code")
    })
}

fn form_code(password: &str) -> Option<String> {
    let input = UserInput {
        email_address: "ann@example.com".into(),
        name: "Ann".into(),
        password: Some(Password::new(password)),
        ..UserInput::default()
    };
    validate_user(&input)
        .err()
        .map(|findings| findings[0].code.clone())
}

#[test]
fn create_user_refuses_a_password_with_the_code_the_batch_and_the_form_give() {
    for (password, expected) in cases() {
        let expected = expected.map(str::to_owned);
        assert_eq!(
            create_user_code(&password),
            expected,
            "create-user {password:?}"
        );
        assert_eq!(batch_code(&password), expected, "users:batch {password:?}");
        assert_eq!(form_code(&password), expected, "the form {password:?}");
        let policy = password::check(&password)
            .err()
            .map(|e| e.code().to_owned());
        assert_eq!(policy, expected, "the policy {password:?}");
    }
}

#[test]
fn update_user_applies_the_same_policy_to_a_new_password() {
    for (password, expected) in cases() {
        let body = json!({"emailAddress": "ann@example.com", "password": password});
        let code = validate_request(Operation::UpdateUser, body.to_string().as_bytes())
            .err()
            .map(|error| error.code);
        assert_eq!(code.as_deref(), expected, "update-user {password:?}");
    }
    let unchanged = json!({"emailAddress": "ann@example.com", "name": "Ann B."});
    assert!(validate_request(Operation::UpdateUser, unchanged.to_string().as_bytes()).is_ok());
}

#[test]
fn a_strong_password_goes_to_mimecast_unchanged() {
    let body = json!({"emailAddress": "ann@example.com", "name": "Ann", "password": "Str0ng-Pass"});
    let request = validate_request(Operation::CreateUser, body.to_string().as_bytes())
        .expect("a strong password is sent");
    assert_eq!(request.body["data"][0]["password"], "Str0ng-Pass");
}

#[test]
fn every_password_refusal_is_a_listed_code_with_status_400() {
    let all: Vec<&str> = mimecast_sso_core::all_codes().collect();
    for error in PasswordError::ALL {
        assert!(all.contains(&error.code()), "{}", error.code());
        assert_eq!(error.status(), 400);
        assert!(!error.retryable());
        assert!(!error.to_string().is_empty());
    }
}
