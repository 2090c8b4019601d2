//! The simulator over real HTTP on a loopback port: token, signed call, faults, stats, shutdown.

#[path = "support/call.rs"]
mod call;
use call::call;

use std::io::{Read, Write};
use std::net::TcpStream;

use mimecast_simulator::auth::expected_signature;
use mimecast_simulator::server::Simulator;
use serde_json::json;

fn start() -> u16 {
    let sim = Simulator::bind(0).expect("bind");
    let port = sim.addr().expect("address").port();
    std::thread::spawn(move || sim.run());
    port
}

#[test]
fn binds_only_to_loopback() {
    let sim = Simulator::bind(0).unwrap();
    assert!(sim.addr().unwrap().ip().is_loopback());
}

#[test]
fn token_then_bearer_call_then_stats() {
    let port = start();
    let (status, _, token) = call(
        port,
        "POST",
        "/oauth/token",
        &[],
        "grant_type=client_credentials&client_id=sim-client-id&client_secret=sim-client-secret",
    );
    assert_eq!(status, 200);
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let (status, _, body) = call(
        port,
        "POST",
        "/api/account/get-account",
        &[("Authorization", &bearer)],
        r#"{"data":[]}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(body["data"][0]["accountCode"], "CUKA00000");
    let (_, _, stats) = call(port, "GET", "/__sim/stats", &[], "");
    assert_eq!(
        (stats["tokenCalls"].as_u64(), stats["requests"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn wrong_client_secret_gets_no_token() {
    let port = start();
    let (status, _, _) = call(
        port,
        "POST",
        "/oauth/token",
        &[],
        "grant_type=client_credentials&client_id=sim-client-id&client_secret=nope",
    );
    assert_eq!(status, 401);
}

#[test]
fn signed_call_is_accepted_and_bad_signature_refused_like_mimecast() {
    let port = start();
    let date = "Tue, 24 Nov 2015 12:50:11 UTC";
    let sig = expected_signature(
        "c2ltdWxhdG9yLXNlY3JldC1rZXktZm9yLWxvY2FsLWRldg==",
        date,
        "rid",
        "/api/account/get-account",
        "sim-app-key",
    )
    .unwrap();
    let auth = format!("MC sim-access-key:{sig}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("x-mc-date", date),
        ("x-mc-req-id", "rid"),
        ("x-mc-app-id", "sim-app-id"),
    ];
    let (status, _, _) = call(
        port,
        "POST",
        "/api/account/get-account",
        &headers,
        r#"{"data":[]}"#,
    );
    assert_eq!(status, 200);
    let (status, _, body) = call(
        port,
        "POST",
        "/api/domain/get-internal-domain",
        &headers,
        r#"{"data":[]}"#,
    );
    assert_eq!(status, 401);
    assert_eq!(
        body["fail"][0]["errors"][0]["code"],
        "err_xdk_invalid_signature"
    );
}

#[test]
fn queued_rate_limit_fault_answers_429_with_reset_in_ms() {
    let port = start();
    let (status, _, _) = call(
        port,
        "POST",
        "/__sim/faults",
        &[],
        &json!({"faults":[{"kind":"rate_limit","resetMs":250}]}).to_string(),
    );
    assert_eq!(status, 200);
    let (status, head, _) = call(
        port,
        "POST",
        "/api/account/get-account",
        &[],
        r#"{"data":[]}"#,
    );
    assert_eq!(status, 429);
    assert!(
        head.to_ascii_lowercase().contains("x-ratelimit-reset: 250"),
        "{head}"
    );
    let (status, _, _) = call(
        port,
        "POST",
        "/api/account/get-account",
        &[],
        r#"{"data":[]}"#,
    );
    assert_eq!(status, 401, "fault consumed; unsigned call refused");
}

#[test]
fn shutdown_stops_the_server() {
    let sim = Simulator::bind(0).unwrap();
    let port = sim.addr().unwrap().port();
    let handle = std::thread::spawn(move || sim.run());
    call(port, "POST", "/__sim/shutdown", &[], "");
    handle.join().unwrap();
}

#[test]
fn an_oversized_body_is_refused_413_and_the_refusal_reaches_the_client() {
    let port = start();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .write_all(b"POST /api/account/get-account HTTP/1.1\r\nContent-Length: 99000000\r\n\r\n")
        .expect("head");
    // The client goes on sending part of its body after the server has refused it.
    std::thread::sleep(std::time::Duration::from_millis(100));
    let _ = stream.write_all(&[b'x'; 256 * 1024]);
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 413 "), "{answer}");
    assert!(answer.contains("\r\nConnection: close\r\n"), "{answer}");
    // The server still serves other connections.
    let (status, _, _) = call(port, "GET", "/__sim/stats", &[], "");
    assert_eq!(status, 200);
}
