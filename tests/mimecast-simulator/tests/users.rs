//! The simulator's provisioning side over HTTP: create-user on registered domains only, the
//! per-second rate limit, a 500 after the change, and the counters tests use to prove that no
//! address was created twice.

#[path = "support/call.rs"]
mod call;
use call::call;

use mimecast_simulator::server::Simulator;
use serde_json::{Value, json};

fn start() -> (u16, String) {
    let sim = Simulator::bind(0).expect("bind");
    let port = sim.addr().expect("address").port();
    std::thread::spawn(move || sim.run());
    let (_, _, token) = call(
        port,
        "POST",
        "/oauth/token",
        &[],
        "grant_type=client_credentials&client_id=sim-client-id&client_secret=sim-client-secret",
    );
    (
        port,
        format!("Bearer {}", token["access_token"].as_str().expect("token")),
    )
}

fn create(port: u16, bearer: &str, email: &str) -> (u16, Value) {
    let body = json!({"data":[{"emailAddress": email, "name": "N", "password": "Str0ng-Pass"}]});
    api(port, bearer, "/api/user/create-user", body)
}

#[test]
fn counters_show_each_address_created_once_and_refusals_of_existing_ones() {
    let (port, bearer) = start();
    assert_eq!(create(port, &bearer, "a@example.com").0, 200);
    assert_eq!(create(port, &bearer, "b@example.com").0, 200);
    let (_, again) = create(port, &bearer, "A@EXAMPLE.com");
    assert_eq!(
        again["fail"][0]["errors"][0]["code"],
        "err_user_already_exists"
    );
    let (_, refused) = create(port, &bearer, "c@not-registered.org");
    assert_eq!(
        refused["fail"][0]["errors"][0]["code"],
        "err_domain_not_registered"
    );
    let (_, _, stats) = call(port, "GET", "/__sim/stats", &[], "");
    assert_eq!(stats["usersCreated"], 2);
    assert_eq!(stats["usersAlreadyExisting"], 1);
    assert_eq!(stats["maxCreatesPerAddress"], 1);
    let (_, _, users) = call(port, "GET", "/__sim/users", &[], "");
    assert_eq!(users["users"], json!(["a@example.com", "b@example.com"]));
}

#[test]
fn the_rate_limit_answers_429_past_n_calls_per_second_then_lets_calls_through() {
    let (port, bearer) = start();
    let (status, _, _) = call(port, "POST", "/__sim/rate-limit", &[], r#"{"perSecond":3}"#);
    assert_eq!(status, 200);
    let statuses: Vec<u16> = (0..5)
        .map(|i| create(port, &bearer, &format!("u{i}@example.com")).0)
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let (_, head, _) = call(
        port,
        "POST",
        "/api/account/get-account",
        &[("Authorization", &bearer)],
        r#"{"data":[]}"#,
    );
    let reset: u64 = head
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| l.strip_prefix("x-ratelimit-reset: ").map(str::to_owned))
        .and_then(|v| v.trim().parse().ok())
        .expect("X-RateLimit-Reset");
    assert!((1..=1000).contains(&reset), "{reset}");
    std::thread::sleep(std::time::Duration::from_millis(reset + 20));
    assert_eq!(create(port, &bearer, "later@example.com").0, 200);
    call(port, "POST", "/__sim/rate-limit", &[], r#"{"perSecond":0}"#);
    let statuses: Vec<u16> = (0..6)
        .map(|i| create(port, &bearer, &format!("v{i}@example.com")).0)
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}

#[test]
fn a_500_after_the_change_still_creates_the_user() {
    let (port, bearer) = start();
    call(
        port,
        "POST",
        "/__sim/faults",
        &[],
        r#"{"faults":[{"kind":"server_error_after"},{"kind":"server_error"}]}"#,
    );
    assert_eq!(create(port, &bearer, "a@example.com").0, 500);
    assert_eq!(create(port, &bearer, "b@example.com").0, 500);
    let (_, _, users) = call(port, "GET", "/__sim/users", &[], "");
    assert_eq!(
        users["users"],
        json!(["a@example.com"]),
        "only the first 500 came after the change"
    );
    let (_, _, stats) = call(port, "GET", "/__sim/stats", &[], "");
    assert_eq!(stats["serverErrors"], 2);
}

fn api(port: u16, bearer: &str, path: &str, body: Value) -> (u16, Value) {
    let (status, _, answer) = call(
        port,
        "POST",
        path,
        &[("Authorization", bearer)],
        &body.to_string(),
    );
    (status, answer)
}

#[test]
fn a_request_that_does_not_fit_the_reference_is_refused_400_with_the_reason() {
    let (port, bearer) = start();
    let (status, answer) = api(
        port,
        &bearer,
        "/api/domain/create-domain",
        json!({"data":[{"domain":"acme.test"}]}),
    );
    assert_eq!(status, 400);
    assert!(
        answer["fail"][0]["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("inboundType")
    );
    let (status, _) = api(
        port,
        &bearer,
        "/api/user/create-user",
        json!({"data":[{"emailAddress":"a@example.com","verified":true}]}),
    );
    assert_eq!(status, 400);
    let (_, _, stats) = call(port, "GET", "/__sim/stats", &[], "");
    assert_eq!(stats["referenceRefusals"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_registered_domain_waits_for_its_record_until_the_verify_hook() {
    let (port, bearer) = start();
    let (status, created) = api(
        port,
        &bearer,
        "/api/domain/create-domain",
        json!({"data":[{"domain":"acme.test","inboundType":"any"}]}),
    );
    assert_eq!(status, 200);
    let token = created["data"][0]["token"].as_str().expect("a token");
    let (_, pending) = api(
        port,
        &bearer,
        "/api/domain/get-pending-domain",
        json!({"data":[]}),
    );
    assert_eq!(pending["data"][0]["token"], token);
    let (status, _, _) = call(
        port,
        "POST",
        "/__sim/verify-domain",
        &[],
        r#"{"domain":"acme.test"}"#,
    );
    assert_eq!(status, 200);
    let (_, registered) = api(
        port,
        &bearer,
        "/api/domain/get-internal-domain",
        json!({"data":[]}),
    );
    assert!(
        registered["data"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["domain"] == "acme.test"))
    );
}

#[test]
fn the_binding_expired_fault_answers_418() {
    let (port, bearer) = start();
    call(
        port,
        "POST",
        "/__sim/faults",
        &[],
        r#"{"faults":[{"kind":"binding_expired"}]}"#,
    );
    let (status, answer) = api(
        port,
        &bearer,
        "/api/account/get-account",
        json!({"data":[]}),
    );
    assert_eq!(status, 418);
    assert!(
        answer["fail"][0]["errors"][0]["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("Binding Expired")
    );
}
