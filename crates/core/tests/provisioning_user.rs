//! One user's checks, the password policy and generator, the domains the users need, and the
//! batch route's request and result rules.

use mimecast_sso_core::api_error::{ApiError, ErrorDetail};
use mimecast_sso_core::mimecast_api::{
    Operation, Upstream, UpstreamError, interpret, validate_request,
};
use mimecast_sso_core::provisioning::{
    ItemOutcome, Password, UserInput, check_password, generate_password, is_user_exists,
    parse_batch_request, result_for_upstream, stops_batch, validate_user,
};
use serde_json::{Value, json};

fn input(email: &str, name: &str, password: &str, confirmation: Option<&str>) -> UserInput {
    UserInput {
        email_address: email.into(),
        name: name.into(),
        password: Some(Password::new(password)),
        password_confirmation: confirmation.map(Password::new),
        force_password_change: None,
    }
}

fn codes(input: &UserInput) -> Vec<String> {
    validate_user(input)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn a_good_user_defaults_to_force_password_change() {
    let user = validate_user(&input(
        "Ann@Example.com",
        " Ann Lee ",
        "Str0ng-Pass",
        Some("Str0ng-Pass"),
    ))
    .expect("valid");
    assert_eq!(user.email_address, "Ann@example.com");
    assert_eq!(user.name, "Ann Lee");
    assert!(user.force_password_change);
    assert_eq!(user.domain(), "example.com");
}

#[test]
fn every_problem_is_reported_at_once_with_its_field() {
    let findings =
        validate_user(&input("ann", "", "Str0ng-Pass", Some("other"))).expect_err("invalid");
    let pairs: Vec<(&str, Option<&str>)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.field.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("user.domain_missing", Some("emailAddress")),
            ("user.name_required", Some("name")),
            ("user.password_mismatch", Some("passwordConfirmation")),
        ]
    );
}

#[test]
fn each_field_rule_has_its_own_code() {
    let long = "x".repeat(101);
    assert_eq!(
        codes(&input("", "A", "Str0ng-Pass", None)),
        ["user.email_required"]
    );
    assert_eq!(
        codes(&input("a b@example.com", "A", "Str0ng-Pass", None)),
        ["user.email_invalid"]
    );
    assert_eq!(
        codes(&input("a@example", "A", "Str0ng-Pass", None)),
        ["user.domain_invalid"]
    );
    assert_eq!(
        codes(&input("a@example.com", &long, "Str0ng-Pass", None)),
        ["user.name_too_long"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A\tB", "Str0ng-Pass", None)),
        ["user.name_invalid"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A", "", None)),
        ["user.password_required"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A", "Sh0rt!", None)),
        ["user.password_too_short"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A", &"Aa1!".repeat(33), None)),
        ["user.password_too_long"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A", "onlylowercase", None)),
        ["user.password_weak"]
    );
    assert_eq!(
        codes(&input("a@example.com", "A", " Str0ng-Pass", None)),
        ["user.password_invalid"]
    );
}

#[test]
fn the_address_rule_agrees_with_the_create_user_route() {
    for address in [
        "ann@example.com",
        "a.b+c@sub.example.co.uk",
        "o'neil@example.ie",
        "a@b.c",
        "a..b@example.com",
        ".a@example.com",
        "a@-x.com",
        "a@x_y.com",
        "a@123.45",
        "ann",
        "ann@",
        "@example.com",
        "a@b@example.com",
        "ann lee@example.com",
        "émile@example.fr",
    ] {
        let ours = validate_user(&input(address, "A", "Str0ng-Pass", None)).is_ok();
        let body =
            json!({"emailAddress": address, "name": "A", "password": "Str0ng-Pass"}).to_string();
        let route = validate_request(Operation::CreateUser, body.as_bytes()).is_ok();
        assert_eq!(ours, route, "{address}");
    }
}

#[test]
fn the_policy_explains_without_repeating_the_password() {
    let finding = check_password("password").expect_err("weak");
    assert_eq!(finding.code, "user.password_weak");
    assert!(!finding.message.contains("password\""));
    assert!(check_password("Correct-Horse-9").is_ok());
}

#[test]
fn generated_passwords_pass_the_policy_and_differ() {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut fill = |bytes: &mut [u8]| {
        for b in bytes {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = state as u8;
        }
        Ok(())
    };
    let mut seen = std::collections::HashSet::new();
    for _ in 0..500 {
        let password = generate_password(&mut fill).expect("random bytes");
        assert!(check_password(&password).is_ok(), "{password}");
        assert!(password.starts_with(|c: char| c.is_ascii_uppercase()));
        assert!(!password.contains([',', ';', '"', '\'', ' ', '\\']));
        assert!(seen.insert(password));
    }
}

fn batch(users: Vec<Value>) -> Vec<u8> {
    json!({ "users": users }).to_string().into_bytes()
}

#[test]
fn a_batch_checks_each_user_and_keeps_the_order_and_lines() {
    let body = batch(vec![
        json!({"line": 2, "emailAddress": "ann@example.com", "name": "Ann", "password": "Str0ng-Pass"}),
        json!({"line": 3, "emailAddress": "bad", "name": "Bob", "password": "Str0ng-Pass"}),
        json!({"line": 4, "emailAddress": "ANN@example.com", "name": "Ann 2", "password": "Str0ng-Pass"}),
        json!({"line": 5, "emailAddress": "eve@example.com", "name": "Eve", "password": "Str0ng-Pass", "admin": true}),
        json!({"emailAddress": "fay@example.com", "name": "Fay", "password": "Str0ng-Pass", "forcePasswordChange": false}),
    ]);
    let parsed = parse_batch_request(&body).expect("a batch");
    let summary: Vec<(Option<u32>, Option<String>)> = parsed
        .items
        .iter()
        .map(|i| {
            (
                i.line,
                i.request.as_ref().err().and_then(|r| r.code.clone()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some(2), None),
            (Some(3), Some("user.domain_missing".into())),
            (Some(4), Some("user.duplicate".into())),
            (Some(5), Some("provisioning.batch_invalid".into())),
            (None, None),
        ]
    );
    let first = parsed.items[0].request.as_ref().expect("request");
    assert_eq!(first.operation, Operation::CreateUser);
    assert_eq!(first.body["data"][0]["forcePasswordChange"], true);
    let last = parsed.items[4].request.as_ref().expect("request");
    assert_eq!(last.body["data"][0]["forcePasswordChange"], false);
    let invalid = parsed.items[1].request.as_ref().expect_err("invalid");
    assert_eq!(invalid.outcome, ItemOutcome::Invalid);
    assert!(!invalid.sent);
    assert!(
        !serde_json::to_string(invalid)
            .expect("json")
            .contains("Str0ng-Pass")
    );
}

#[test]
fn a_batch_body_is_refused_whole_only_when_it_is_not_a_batch() {
    let code = |body: &[u8]| {
        parse_batch_request(body)
            .err()
            .map(|e| e.code)
            .unwrap_or_default()
    };
    assert_eq!(code(b"{\"users\":[]}"), "provisioning.batch_empty");
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"emailAddress": format!("u{i}@example.com"), "name": "U", "password": "Str0ng-Pass"}))
        .collect();
    assert_eq!(code(&batch(many)), "provisioning.batch_too_large");
    assert_eq!(code(b"not json"), "provisioning.batch_invalid");
    assert_eq!(
        code(b"{\"users\":[],\"url\":\"http://evil\"}"),
        "provisioning.batch_invalid"
    );
    assert_eq!(
        code(b"{\"region\":\"mars\",\"users\":[{}]}"),
        "region.unknown"
    );
    let wrong_type = br#"{"users":[{"emailAddress":"a@example.com","name":"A","password":"Str0ng-Pass","forcePasswordChange":"Sekr3t-Value"}]}"#;
    let parsed = parse_batch_request(wrong_type).expect("batch");
    let message = parsed.items[0]
        .request
        .as_ref()
        .expect_err("invalid")
        .message
        .clone()
        .unwrap_or_default();
    assert!(!message.contains("Sekr3t"), "{message}");
}

/// Mimecast's refusal with its own code, as the proxy passes it on.
fn refusal(code: &str, message: &str) -> ApiError {
    ApiError::new(UpstreamError::Rejected, message).with_code(code)
}

#[test]
fn existing_addresses_are_recognised_by_code_or_message() {
    let exists = |code: &str, message: &str| is_user_exists(&refusal(code, message));
    assert!(exists("err_user_already_exists", ""));
    assert!(exists("err_validation_duplicate_user", ""));
    assert!(exists("err_some_new_code", "The user already exists"));
    assert!(!exists("err_domain_not_registered", "domain not internal"));
    assert!(!exists("upstream.failed", "HTTP 500"));
}

#[test]
fn an_exists_code_in_the_details_is_recognised() {
    let mut error = ApiError::new(UpstreamError::Failed, "Mimecast answered HTTP 409.");
    assert!(!is_user_exists(&error));
    error.details.push(ErrorDetail {
        code: "err_user_already_exists".into(),
        message: "User exists".into(),
        retryable: false,
    });
    assert!(is_user_exists(&error));
}

#[test]
fn a_4xx_refusal_with_mimecasts_exists_code_is_exists_not_retry() {
    let body = br#"{"meta":{"status":409},"data":[],"fail":[{"key":{"emailAddress":"a@example.com"},"errors":[{"code":"err_user_already_exists","message":"User exists","retryable":false}]}]}"#;
    for status in [409, 400] {
        let Upstream::Failed(error) = interpret(status, body, None, None) else {
            panic!("expected a failure for HTTP {status}");
        };
        assert_eq!(error.code, "err_user_already_exists", "HTTP {status}");
        assert!(!error.retryable, "HTTP {status}");
        let result = result_for_upstream(Some(2), "a@example.com", Err((&error, None)));
        assert_eq!(result.outcome, ItemOutcome::Exists, "HTTP {status}");
    }
}

#[test]
fn a_4xx_refusal_with_another_mimecast_code_fails_without_retry() {
    let body = br#"{"fail":[{"errors":[{"code":"err_validation_blank","message":"Field is blank","retryable":true}]}]}"#;
    let Upstream::Failed(error) = interpret(400, body, None, None) else {
        panic!("expected a failure");
    };
    assert_eq!(
        (error.code.as_str(), error.retryable),
        ("err_validation_blank", false)
    );
    let result = result_for_upstream(None, "a@example.com", Err((&error, None)));
    assert_eq!(result.outcome, ItemOutcome::Failed);
    for status in [408, 500, 503] {
        let Upstream::Failed(error) = interpret(status, body, None, None) else {
            panic!("expected a failure for HTTP {status}");
        };
        assert_eq!(
            (error.code.as_str(), error.retryable),
            ("upstream.failed", true)
        );
    }
    let Upstream::Failed(error) = interpret(404, b"not found", None, None) else {
        panic!("expected a failure");
    };
    assert_eq!(
        error.code, "upstream.failed",
        "a 4xx without fail[] is unchanged"
    );
}

#[test]
fn upstream_answers_become_created_exists_retry_or_failed() {
    let outcome = |error: Option<(ApiError, Option<u64>)>| {
        let answer = match &error {
            None => Ok(()),
            Some((e, s)) => Err((e, *s)),
        };
        let r = result_for_upstream(Some(7), "a@example.com", answer);
        (r.outcome, r.retry_after_ms, r.sent, r.line)
    };
    assert_eq!(outcome(None), (ItemOutcome::Created, None, true, Some(7)));
    let exists = refusal("err_user_already_exists", "exists");
    assert_eq!(outcome(Some((exists, None))).0, ItemOutcome::Exists);
    let limited = ApiError::new(UpstreamError::RateLimited, "slow");
    assert_eq!(
        outcome(Some((limited.clone(), Some(2)))).0,
        ItemOutcome::Retry
    );
    assert_eq!(outcome(Some((limited.clone(), Some(2)))).1, Some(2_000));
    assert_eq!(
        outcome(Some((ApiError::new(UpstreamError::Timeout, "t"), None))).0,
        ItemOutcome::Retry
    );
    assert_eq!(
        outcome(Some((refusal("err_domain_not_registered", "d"), None))).0,
        ItemOutcome::Failed
    );
    let refused = ApiError::new(UpstreamError::AuthFailed, "creds");
    let refused = outcome(Some((refused, None)));
    assert_eq!(
        (refused.0, refused.2),
        (ItemOutcome::Retry, false),
        "not sent: waits for a resume"
    );
    assert!(stops_batch(&limited));
    assert!(stops_batch(&ApiError::new(
        UpstreamError::AuthFailed,
        "creds"
    )));
    assert!(!stops_batch(&ApiError::new(UpstreamError::Failed, "500")));
    assert!(!stops_batch(&refusal("err_domain_not_registered", "d")));
}

#[test]
fn the_batch_route_is_in_the_route_table_and_needs_auth() {
    use mimecast_sso_core::http_api::routes::{BodyKind, Route};
    let route = Route::resolve("POST", "/api/v1/mimecast/users:batch").expect("route");
    assert_eq!(route, Route::UsersBatch);
    assert!(route.needs_auth());
    assert_eq!(route.body(), BodyKind::Json);
    assert_eq!(route.name(), "POST /api/v1/mimecast/users:batch");
    let wrong = Route::resolve("GET", "/api/v1/mimecast/users:batch").expect_err("GET");
    assert_eq!(wrong.code, "method.not_allowed");
    let encoded = Route::resolve("POST", "/api/v1/mimecast/users%3Abatch").expect_err("encoded");
    assert_eq!(encoded.code, "route.not_found");
}

#[test]
fn debug_prints_of_requests_and_batches_never_show_a_password() {
    let secret = "Visible-Passw0rd";
    let body = json!({"region": "eu", "users": [
        {"line": 2, "emailAddress": "ann@example.com", "name": "Ann", "password": secret},
        {"line": 3, "emailAddress": "bad", "name": "Bob", "password": secret},
    ]})
    .to_string();
    let batch = parse_batch_request(body.as_bytes()).expect("batch");
    let request: mimecast_sso_core::provisioning::BatchRequest =
        serde_json::from_str(&body).expect("request");
    let single = validate_request(
        Operation::CreateUser,
        json!({"emailAddress": "ann@example.com", "name": "Ann", "password": secret})
            .to_string()
            .as_bytes(),
    )
    .expect("create-user");
    for shown in [
        format!("{batch:?}"),
        format!("{:?}", batch.items[0]),
        format!("{:?}", batch.items[1]),
        format!("{request:?}"),
        format!("{single:?}"),
        format!("{single:#?}"),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(format!("{batch:?}").contains("to_send: 1"));
    assert!(format!("{request:?}").contains("<2 users>"));
    assert!(format!("{single:?}").contains("CreateUser"));
}
