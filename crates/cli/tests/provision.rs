//! The provisioning driver against a stand-in Worker on a loopback port: it lists who exists, sends
//! nothing for them, retries a rate limit, writes the report (0600) and the saved outcomes, stops
//! on a refused credential, and sends nothing once told to stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mimecast_sso::provision::{End, Options, provision};
use mimecast_sso::worker::{Client, Origin, Trust};
use mimecast_sso_core::provisioning::{Outcome, RunConfig};
use serde_json::{Value, json};

/// What the stand-in answers: status, extra headers, body.
type Answer = (u16, Vec<(&'static str, String)>, String);

/// A stand-in Worker answering every request with `answer(method, path, body)`; gives its origin
/// and the requests it saw (method and path).
fn stand_in(
    answer: impl Fn(&str, &str, &[u8]) -> Answer + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (answer, log) = (Arc::clone(&answer), Arc::clone(&log));
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream);
                let mut request_line = String::new();
                reader.read_line(&mut request_line).expect("request line");
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).expect("header");
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().expect("length");
                    }
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).expect("body");
                let mut parts = request_line.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                log.lock().expect("log").push(format!("{method} {path}"));
                let (status, headers, text) = answer(method, path, &body);
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    text.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                let stream = reader.get_mut();
                let _ = stream.write_all(format!("{head}\r\n{text}").as_bytes());
            });
        }
    });
    (origin, seen)
}

/// Answers `users:batch` with `created` for every user.
fn all_created(body: &[u8]) -> String {
    let request: Value = serde_json::from_slice(body).expect("batch body");
    let results: Vec<Value> = request["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| json!({"line": u["line"], "emailAddress": u["emailAddress"], "outcome": "created", "sent": true}))
        .collect();
    json!({ "results": results }).to_string()
}

fn users_page(addresses: &[&str]) -> String {
    let users: Vec<Value> = addresses
        .iter()
        .map(|a| json!({"emailAddress": a, "name": "Old"}))
        .collect();
    json!({"meta": {"status": 200}, "data": [{"users": users}], "fail": []}).to_string()
}

fn dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("mimecast-sso-driver-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn options(dir: &std::path::Path, rows: usize) -> Options {
    let csv = dir.join("users.csv");
    let mut text = String::from("email,name\n");
    text.push_str("old@example.com,Old User\n");
    for i in 0..rows {
        text.push_str(&format!("new{i}@example.com,New User {i}\n"));
    }
    text.push_str("no-domain,Bad Line\n");
    std::fs::write(&csv, text).expect("csv");
    Options {
        report: Some(dir.join("report.csv")),
        saved: Some(dir.join("saved.json")),
        config: RunConfig {
            batch_size: 10,
            base_backoff_ms: 10,
            max_backoff_ms: 50,
            ..RunConfig::default()
        },
        ..Options::new(csv)
    }
}

fn client(origin: &str) -> Client {
    Client::new(
        Origin::parse(origin).expect("origin"),
        None,
        &Trust::default(),
        Duration::from_secs(10),
    )
}

#[test]
fn listed_users_are_not_sent_a_rate_limit_is_retried_and_the_files_are_written() {
    let batches = AtomicUsize::new(0);
    let (origin, seen) = stand_in(move |_, path, body| match path {
        "/api/v1/health" => (200, vec![], r#"{"status":"ok"}"#.to_owned()),
        "/api/v1/mimecast/get-internal-users" => (200, vec![], users_page(&["OLD@example.com"])),
        "/api/v1/mimecast/users:batch" if batches.fetch_add(1, Ordering::SeqCst) == 0 => (
            429,
            vec![("Retry-After", "0".to_owned())],
            r#"{"error":{"code":"upstream.rate_limited","message":"Slow down.","retryable":true}}"#
                .to_owned(),
        ),
        "/api/v1/mimecast/users:batch" => (200, vec![], all_created(body)),
        _ => (404, vec![], "{}".to_owned()),
    });
    let dir = dir("happy");
    let options = options(&dir, 25);
    let finished = provision(
        &client(&origin),
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("the run starts");

    assert_eq!(finished.end, End::Finished);
    let p = &finished.summary.progress;
    assert_eq!(
        (
            p.total,
            p.created,
            p.skipped,
            p.invalid,
            p.failed,
            p.remaining
        ),
        (27, 25, 1, 1, 0, 0)
    );
    assert_eq!(finished.skipped_existing, 1);
    assert_eq!(finished.summary.statuses.get(&429), Some(&1));
    assert_eq!(finished.summary.statuses.get(&200), Some(&3));
    let old = &finished.summary.results[0];
    assert_eq!(
        (old.outcome, old.code.as_deref()),
        (Outcome::Exists, Some("provisioning.already_in_mimecast"))
    );
    let first_calls: Vec<String> = seen.lock().expect("log").iter().take(2).cloned().collect();
    assert_eq!(
        first_calls,
        [
            "GET /api/v1/health",
            "POST /api/v1/mimecast/get-internal-users"
        ]
    );

    let report = std::fs::read_to_string(dir.join("report.csv")).expect("report");
    assert_eq!(
        report.trim_end().split("\r\n").count(),
        28,
        "a header and one row per line"
    );
    assert_eq!(finished.generated_passwords, 25);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("report.csv"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let saved = std::fs::read_to_string(dir.join("saved.json")).expect("saved");
    assert!(
        !saved.contains("password"),
        "saved outcomes hold no password"
    );

    // A second run with the saved outcomes sends nothing.
    let second = Options {
        report: Some(dir.join("second.csv")),
        ..options.clone()
    };
    let again = provision(
        &client(&origin),
        &second,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("the second run starts");
    assert_eq!(again.summary.restored, 26);
    assert!(again.summary.statuses.is_empty());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_refused_credential_halts_the_run_with_its_status() {
    let (origin, _) = stand_in(|_, path, _| match path {
        "/api/v1/health" => (200, vec![], r#"{"status":"ok"}"#.to_owned()),
        _ => (
            401,
            vec![],
            r#"{"error":{"code":"auth.required","message":"Send a token.","retryable":false}}"#
                .to_owned(),
        ),
    });
    let dir = dir("refused");
    let options = Options {
        list_existing: false,
        ..options(&dir, 5)
    };
    let finished = provision(
        &client(&origin),
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("the run starts");
    assert_eq!(
        finished.end,
        End::Halted {
            status: 401,
            transport: None
        }
    );
    assert!(finished.end.is_worker_unreachable_or_refused());
    assert_eq!(finished.summary.progress.remaining, 6);
    assert_eq!(finished.generated_passwords, 0);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_stopped_run_sends_nothing_and_still_writes_its_report() {
    let (origin, seen) = stand_in(|_, path, body| match path {
        "/api/v1/mimecast/users:batch" => (200, vec![], all_created(body)),
        "/api/v1/mimecast/get-internal-users" => (200, vec![], users_page(&[])),
        _ => (200, vec![], "{}".to_owned()),
    });
    let dir = dir("stopped");
    let options = options(&dir, 5);
    let finished = provision(
        &client(&origin),
        &options,
        &AtomicBool::new(true),
        &mut |_| {},
    )
    .expect("the run starts");
    assert_eq!(finished.end, End::Stopped);
    assert_eq!(finished.summary.progress.not_sent, 6);
    assert!(
        !seen
            .lock()
            .expect("log")
            .iter()
            .any(|r| r.ends_with("users:batch"))
    );
    assert!(dir.join("report.csv").exists());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_worker_that_does_not_answer_stops_the_run_before_it_starts() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let dir = dir("unreachable");
    let options = options(&dir, 1);
    let refused = provision(
        &client(&format!("http://127.0.0.1:{port}")),
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect_err("unreachable");
    assert!(refused.to_string().contains("cannot connect"), "{refused}");
    assert!(
        !dir.join("report.csv").exists(),
        "no report before anything was sent"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_listing_that_fails_is_a_warning_and_the_run_goes_on() {
    let (origin, _) = stand_in(|_, path, body| {
        match path {
        "/api/v1/mimecast/get-internal-users" => (
            422,
            vec![],
            r#"{"error":{"code":"err_xdk_domain_unknown","message":"Unknown domain.","retryable":false}}"#
                .to_owned(),
        ),
        "/api/v1/mimecast/users:batch" => (200, vec![], all_created(body)),
        _ => (200, vec![], "{}".to_owned()),
    }
    });
    let dir = dir("listing");
    let options = options(&dir, 3);
    let mut warned = Vec::new();
    let finished = provision(
        &client(&origin),
        &options,
        &AtomicBool::new(false),
        &mut |event| {
            if let mimecast_sso::provision::Event::Listed(domain) = event {
                warned.push(domain.problem.clone());
            }
        },
    )
    .expect("the run starts");
    assert_eq!(
        warned,
        [Some(
            "HTTP 422: Unknown domain. (err_xdk_domain_unknown)".to_owned()
        )]
    );
    assert_eq!(finished.end, End::Finished);
    assert_eq!(finished.summary.progress.created, 4);
    std::fs::remove_dir_all(&dir).expect("clean up");
}
