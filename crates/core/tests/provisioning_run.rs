//! The bulk-run engine driven by a fake Worker and a fake clock: batching, concurrency, rate
//! limits and failures, pause / resume / cancel, restoring saved outcomes, and the report.

use std::collections::{BTreeSet, VecDeque};

use mimecast_sso_core::Coded;
use mimecast_sso_core::provisioning::{
    BulkRun, CsvLimits, Outcome, RandomUnavailable, RunConfig, RunState, Step, read_csv,
};
use serde_json::{Value, json};

/// What the fake Worker does with the next batch call.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// The whole call answers HTTP 429 with `Retry-After: 2`.
    Http429,
    /// The whole call answers HTTP 502 `upstream.failed`.
    Http502,
    /// The first user is rate limited (after being sent); the rest are not sent.
    UserRateLimited,
    /// Every user gets a retryable `upstream.failed` after being sent (Mimecast 500).
    User500,
    /// Every user is created, but the answer is a retryable `upstream.failed` (a 500 after the
    /// change, or a timeout).
    CreatedThen500,
    /// A 200 answer with no result for any user sent.
    NoResults,
    /// No answer at all (status 0: offline, or a sign-in redirect the browser blocked).
    NoAnswer,
}

#[derive(Default)]
struct FakeWorker {
    users: BTreeSet<String>,
    creates: usize,
    calls: usize,
    faults: VecDeque<Fault>,
    seen_passwords: Vec<String>,
}

impl FakeWorker {
    fn answer(&mut self, body: &str) -> (u16, String, Option<&'static str>) {
        self.calls += 1;
        let request: Value = serde_json::from_str(body).expect("batch JSON");
        let users = request["users"].as_array().expect("users").clone();
        assert!(users.len() <= 100);
        let fault = self.faults.pop_front();
        match fault {
            Some(Fault::Http429) => {
                return (429, json!({"error":{"code":"upstream.rate_limited","message":"slow down","retryable":true}}).to_string(), Some("2"));
            }
            Some(Fault::NoAnswer) => return (0, String::new(), None),
            Some(Fault::NoResults) => {
                return (200, json!({"results": []}).to_string(), None);
            }
            Some(Fault::Http502) => {
                return (502, json!({"error":{"code":"upstream.failed","message":"Mimecast answered HTTP 500.","retryable":true}}).to_string(), None);
            }
            _ => {}
        }
        let mut results = Vec::new();
        let mut stopped = Value::Null;
        for (i, user) in users.iter().enumerate() {
            let line = user["line"].clone();
            let email = user["emailAddress"].as_str().expect("email").to_owned();
            self.seen_passwords
                .push(user["password"].as_str().unwrap_or("").to_owned());
            let result = match fault {
                Some(Fault::UserRateLimited) if i == 0 => {
                    stopped =
                        json!({"code":"upstream.rate_limited","message":"limit","retryable":true});
                    json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.rate_limited","message":"limit","retryAfterMs":1500,"sent":true})
                }
                Some(Fault::UserRateLimited) => {
                    json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.rate_limited","message":"Not sent","sent":false})
                }
                Some(Fault::User500) => {
                    json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.failed","message":"Mimecast answered HTTP 500.","sent":true})
                }
                Some(Fault::CreatedThen500) => {
                    self.users.insert(email.to_lowercase());
                    self.creates += 1;
                    json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.failed","message":"Mimecast answered HTTP 500.","sent":true})
                }
                _ if email.starts_with("refused") => {
                    json!({"line":line,"emailAddress":email,"outcome":"failed","code":"err_validation_blank","message":"refused","sent":true})
                }
                _ if !self.users.insert(email.to_lowercase()) => {
                    json!({"line":line,"emailAddress":email,"outcome":"exists","code":"err_user_already_exists","message":"exists","sent":true})
                }
                _ => {
                    self.creates += 1;
                    json!({"line":line,"emailAddress":email,"outcome":"created","sent":true})
                }
            };
            results.push(result);
        }
        let mut body = json!({ "results": results });
        if !stopped.is_null() {
            body["stopped"] = stopped;
        }
        (200, body.to_string(), None)
    }
}

fn csv(users: usize, bad_every: usize) -> String {
    let mut text = String::from("email,name\n");
    for i in 0..users {
        if bad_every > 0 && i % bad_every == 0 {
            text.push_str(&format!("broken{i},User {i}\n"));
        } else {
            text.push_str(&format!("user{i}@example.com,User {i}\n"));
        }
    }
    text
}

fn run_for(text: &str, config: RunConfig) -> BulkRun {
    let import = read_csv(text.as_bytes(), CsvLimits::default()).expect("csv");
    let mut counter = 0u8;
    BulkRun::from_import(
        &import,
        &mut |bytes: &mut [u8]| {
            for b in bytes {
                counter = counter.wrapping_add(37);
                *b = counter;
            }
            Ok(())
        },
        config,
    )
    .expect("random bytes")
}

/// Drives `run` to the end, answering every batch at once; returns the simulated time taken (ms)
/// and the most batches seen in flight.
fn drive(run: &mut BulkRun, worker: &mut FakeWorker) -> (u64, usize) {
    let mut now = 1_000_000u64;
    let start = now;
    let mut pending: VecDeque<(u64, String)> = VecDeque::new();
    let mut most_in_flight = 0;
    for _ in 0..100_000 {
        match run.next(now) {
            Step::Send(batch) => {
                pending.push_back((batch.id, batch.body));
                most_in_flight = most_in_flight.max(pending.len());
            }
            Step::Wait { until_ms } => {
                assert!(until_ms > now);
                now = until_ms;
            }
            Step::AwaitResponses => {
                let (id, body) = pending.pop_front().expect("something in flight");
                now += 50;
                let (status, answer, retry_after) = worker.answer(&body);
                run.record_response(id, status, answer.as_bytes(), retry_after, now);
            }
            Step::Paused => panic!("paused unexpectedly: {:?}", run.progress(now).last_error),
            Step::Finished => return (now - start, most_in_flight),
        }
    }
    panic!("the run did not finish");
}

#[test]
fn a_thousand_users_go_in_batches_of_at_most_100_and_all_are_created() {
    let mut run = run_for(&csv(1000, 20), RunConfig::default());
    let mut worker = FakeWorker::default();
    let (_, most) = drive(&mut run, &mut worker);
    let progress = run.progress(0);
    assert_eq!(progress.total, 1000);
    assert_eq!(progress.invalid, 50);
    assert_eq!(progress.created, 950);
    assert_eq!(progress.remaining, 0);
    assert_eq!(progress.state, RunState::Finished);
    assert_eq!(worker.calls, 10);
    assert!(most <= 3, "at most max_in_flight batches: {most}");
    let invalid: Vec<u32> = run
        .results()
        .iter()
        .filter(|r| r.outcome == Outcome::Invalid)
        .map(|r| r.line)
        .collect();
    assert_eq!(
        invalid[..3],
        [2, 22, 42],
        "bad rows keep their input line numbers"
    );
}

#[test]
fn rate_limits_and_failures_are_retried_without_duplicates_and_rate_limits_slow_the_run() {
    let mut run = run_for(&csv(500, 0), RunConfig::default());
    let mut worker = FakeWorker {
        faults: [
            Fault::Http429,
            Fault::UserRateLimited,
            Fault::User500,
            Fault::Http502,
            Fault::UserRateLimited,
        ]
        .into(),
        ..FakeWorker::default()
    };
    let (elapsed, _) = drive(&mut run, &mut worker);
    let progress = run.progress(0);
    assert_eq!(progress.created + progress.skipped, 500);
    assert_eq!(progress.failed, 0);
    assert_eq!(
        worker.creates,
        worker.users.len(),
        "no address created twice"
    );
    // The rate limits slowed the run (their Retry-After was waited out); the failures among them
    // were retried for their users alone (`a_transient_failure_is_retried_…`).
    assert!(
        elapsed >= 2_000,
        "waited at least Retry-After: {elapsed} ms"
    );
}

#[test]
fn a_transient_failure_is_retried_for_its_users_alone_and_does_not_slow_the_run() {
    let mut run = run_for(&csv(600, 0), RunConfig::default());
    let mut worker = FakeWorker {
        faults: [Fault::User500, Fault::Http502].into(),
        ..FakeWorker::default()
    };
    let (elapsed, _) = drive(&mut run, &mut worker);
    let progress = run.progress(0);
    assert_eq!(progress.created + progress.skipped, 600);
    assert_eq!(progress.concurrency, 3, "a failure is not a rate limit");
    assert!(
        elapsed < 1_000,
        "waited only the users' own back-off: {elapsed} ms"
    );
    assert_eq!(
        worker.creates,
        worker.users.len(),
        "no address created twice"
    );
}

#[test]
fn when_most_answers_fail_the_whole_run_slows_down() {
    let mut run = run_for(&csv(300, 0), RunConfig::default());
    let mut worker = FakeWorker {
        faults: [Fault::User500; 4].into(),
        ..FakeWorker::default()
    };
    let (elapsed, _) = drive(&mut run, &mut worker);
    let progress = run.progress(0);
    assert_eq!(progress.created + progress.skipped, 300);
    assert!(elapsed >= 1_000, "the run's back-off applied: {elapsed} ms");
}

#[test]
fn a_user_that_keeps_failing_stops_after_its_attempts() {
    let config = RunConfig {
        max_attempts: 3,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(2, 0), config);
    let mut worker = FakeWorker {
        faults: [Fault::User500; 10].into(),
        ..FakeWorker::default()
    };
    drive(&mut run, &mut worker);
    let results = run.results();
    assert!(results.iter().all(|r| r.outcome == Outcome::Failed));
    assert_eq!(results[0].code.as_deref(), Some("upstream.failed"));
    assert!(
        results[0]
            .message
            .as_deref()
            .unwrap_or("")
            .contains("3 attempts")
    );
}

#[test]
fn a_user_missing_from_every_answer_fails_after_its_attempts() {
    let config = RunConfig {
        max_attempts: 3,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(2, 0), config);
    let mut worker = FakeWorker {
        faults: [Fault::NoResults; 10].into(),
        ..FakeWorker::default()
    };
    drive(&mut run, &mut worker);
    // Each user waits its own back-off, so the two may go together or apart: at most one call
    // per user and attempt, then both give up.
    assert!((3..=6).contains(&worker.calls), "{} calls", worker.calls);
    let results = run.results();
    assert!(results.iter().all(|r| r.outcome == Outcome::Failed));
    assert!(
        results[0]
            .message
            .as_deref()
            .unwrap_or("")
            .contains("3 attempts"),
        "{results:?}"
    );
}

#[test]
fn a_failing_random_source_starts_no_run() {
    let import = read_csv(b"email,name\nann@example.com,Ann\n", CsvLimits::default()).expect("csv");
    let refused = BulkRun::from_import(
        &import,
        &mut |_: &mut [u8]| Err(RandomUnavailable),
        RunConfig::default(),
    )
    .expect_err("no run with guessable passwords");
    assert_eq!(refused.code(), "provisioning.random_unavailable");
    let with_passwords = read_csv(
        b"email,name,password\nann@example.com,Ann,Given-Passw0rd\n",
        CsvLimits::default(),
    )
    .expect("csv");
    assert!(
        BulkRun::from_import(
            &with_passwords,
            &mut |_: &mut [u8]| Err(RandomUnavailable),
            RunConfig::default(),
        )
        .is_ok(),
        "no password to generate: no random bytes needed"
    );
}

/// Sends what the run asks and answers each call at once, until it pauses or finishes.
fn drive_until_paused(run: &mut BulkRun, worker: &mut FakeWorker, now: &mut u64) -> Step {
    for _ in 0..10_000 {
        match run.next(*now) {
            Step::Send(batch) => {
                *now += 50;
                let (status, answer, retry_after) = worker.answer(&batch.body);
                run.record_response(batch.id, status, answer.as_bytes(), retry_after, *now);
            }
            Step::Wait { until_ms } => *now = until_ms,
            Step::AwaitResponses => panic!("answers are given at once"),
            step @ (Step::Paused | Step::Finished) => return step,
        }
    }
    panic!("the run neither paused nor finished");
}

#[test]
fn a_lost_connection_pauses_the_run_instead_of_failing_users() {
    let config = RunConfig {
        batch_size: 2,
        max_attempts: 3,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(6, 0), config);
    let mut worker = FakeWorker {
        faults: [Fault::NoAnswer; 20].into(),
        ..FakeWorker::default()
    };
    let mut now = 1_000;
    assert_eq!(
        drive_until_paused(&mut run, &mut worker, &mut now),
        Step::Paused
    );
    let progress = run.progress(now);
    assert_eq!(
        progress.last_error.as_ref().map(|e| e.code.as_str()),
        Some("provisioning.connection_lost")
    );
    assert_eq!(progress.failed, 0, "no user failed for a lost connection");
    assert_eq!(progress.remaining, 6);
    // Still offline: each resume pauses again at the first call, without using up attempts.
    for _ in 0..5 {
        run.resume(now);
        assert_eq!(
            drive_until_paused(&mut run, &mut worker, &mut now),
            Step::Paused
        );
        assert_eq!(run.progress(now).failed, 0);
    }
    worker.faults.clear();
    run.resume(now);
    assert_eq!(
        drive_until_paused(&mut run, &mut worker, &mut now),
        Step::Finished
    );
    assert_eq!(run.progress(now).created, 6);
}

#[test]
fn a_single_call_without_answer_is_retried_without_pausing() {
    let mut run = run_for(
        &csv(4, 0),
        RunConfig {
            batch_size: 2,
            ..RunConfig::default()
        },
    );
    let mut worker = FakeWorker {
        faults: [Fault::NoAnswer, Fault::NoAnswer].into(),
        ..FakeWorker::default()
    };
    let mut now = 1_000;
    assert_eq!(
        drive_until_paused(&mut run, &mut worker, &mut now),
        Step::Finished
    );
    assert_eq!(run.progress(now).created, 4);
}

#[test]
fn a_sign_in_redirect_pauses_the_run_and_counts_no_attempt() {
    let config = RunConfig {
        max_attempts: 1,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(2, 0), config);
    let Step::Send(batch) = run.next(0) else {
        panic!("batch")
    };
    run.record_sign_in_required(batch.id, 10);
    let progress = run.progress(10);
    assert_eq!(progress.state, RunState::Paused);
    assert_eq!(
        progress.last_error.as_ref().map(|e| e.code.as_str()),
        Some("provisioning.sign_in_required")
    );
    assert_eq!((progress.failed, progress.remaining), (0, 2));
    run.resume(20);
    let mut now = 20;
    let mut worker = FakeWorker::default();
    assert_eq!(
        drive_until_paused(&mut run, &mut worker, &mut now),
        Step::Finished
    );
    assert_eq!(
        run.progress(now).created,
        2,
        "its one attempt was not used up"
    );
}

#[test]
fn users_in_flight_when_the_tab_closed_come_back_as_existing_with_an_unknown_password() {
    let text = csv(3, 0);
    let config = RunConfig {
        batch_size: 2,
        max_in_flight: 1,
        ..RunConfig::default()
    };
    let mut first = run_for(&text, config.clone());
    let mut worker = FakeWorker::default();
    worker.users.insert("user2@example.com".into());
    let Step::Send(batch) = first.next(0) else {
        panic!("batch")
    };
    // The Worker creates both users, but the tab closes before the answer arrives.
    let _ = worker.answer(&batch.body);
    let saved = first.saved_results();
    let shown = serde_json::to_string(&saved).expect("json");
    assert!(!shown.contains("\"password"), "{shown}");
    let codes: Vec<Option<&str>> = saved.iter().map(|s| s.code.as_deref()).collect();
    assert_eq!(
        codes,
        [
            Some("provisioning.sent_unclear"),
            Some("provisioning.sent_unclear"),
            None
        ],
        "only the lines in flight are marked"
    );
    assert_eq!(first.generated_passwords(), 0);

    let mut second = run_for(&text, config);
    assert_eq!(second.restore(&saved), 0, "nothing is known to be done");
    drive(&mut second, &mut worker);
    let results = second.results();
    assert!(results.iter().all(|r| r.outcome == Outcome::Exists));
    assert_eq!(
        results[0].code.as_deref(),
        Some("provisioning.password_unknown")
    );
    assert!(
        results[0]
            .message
            .as_deref()
            .unwrap_or("")
            .contains("reset it in Mimecast")
    );
    assert_eq!(
        results[2].code.as_deref(),
        Some("err_user_already_exists"),
        "a line never sent before is a plain skip"
    );
    let report = second.report_csv();
    for row in report.lines().skip(1) {
        assert!(
            row.ends_with(','),
            "no password for a user this run did not create: {row}"
        );
    }
    assert_eq!(second.generated_passwords(), 0);
}

#[test]
fn rate_limits_slow_a_user_down_but_never_fail_it() {
    let config = RunConfig {
        max_attempts: 3,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(1, 0), config);
    let mut worker = FakeWorker {
        faults: [Fault::UserRateLimited; 10].into(),
        ..FakeWorker::default()
    };
    let (elapsed, _) = drive(&mut run, &mut worker);
    assert_eq!(worker.calls, 11, "ten rate limits, then created");
    assert_eq!(run.progress(0).created, 1);
    assert!(
        elapsed >= 10 * 1_500,
        "each wait at least the hint: {elapsed} ms"
    );
    let report = run.report_csv();
    let row = report.lines().nth(1).expect("a row");
    assert!(row.contains(",created,"), "{row}");
}

#[test]
fn mimecast_refusals_fail_and_existing_users_are_skipped() {
    let text = "email,name\nrefused@example.com,R\nann@example.com,Ann\n";
    let mut run = run_for(text, RunConfig::default());
    let mut worker = FakeWorker::default();
    worker.users.insert("ann@example.com".into());
    drive(&mut run, &mut worker);
    let results = run.results();
    assert_eq!(results[0].outcome, Outcome::Failed);
    assert_eq!(results[0].code.as_deref(), Some("err_validation_blank"));
    assert_eq!(results[1].outcome, Outcome::Exists);
}

#[test]
fn pause_holds_new_batches_and_resume_goes_on() {
    let config = RunConfig {
        batch_size: 10,
        max_in_flight: 1,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(30, 0), config);
    let mut worker = FakeWorker::default();
    let Step::Send(first) = run.next(0) else {
        panic!("first batch")
    };
    run.pause(10);
    assert_eq!(run.next(20), Step::Paused);
    let (status, body, _) = worker.answer(&first.body);
    run.record_response(first.id, status, body.as_bytes(), None, 30);
    assert_eq!(
        run.progress(30).created,
        10,
        "answers in flight still count"
    );
    assert_eq!(run.next(40), Step::Paused);
    run.resume(50);
    drive(&mut run, &mut worker);
    assert_eq!(run.progress(0).created, 30);
}

#[test]
fn cancel_marks_the_rest_not_sent_and_keeps_answers_in_flight() {
    let config = RunConfig {
        batch_size: 10,
        max_in_flight: 1,
        ..RunConfig::default()
    };
    let mut run = run_for(&csv(30, 0), config);
    let mut worker = FakeWorker::default();
    let Step::Send(first) = run.next(0) else {
        panic!("first batch")
    };
    run.cancel(5);
    assert_eq!(run.next(6), Step::AwaitResponses);
    let (status, body, _) = worker.answer(&first.body);
    run.record_response(first.id, status, body.as_bytes(), None, 10);
    assert_eq!(run.next(11), Step::Finished);
    let progress = run.progress(11);
    assert_eq!((progress.created, progress.not_sent), (10, 20));
    assert_eq!(progress.state, RunState::Cancelled);
    assert!(run.report_csv().contains("not_sent"));
}

#[test]
fn a_reload_restores_saved_outcomes_and_sends_only_the_rest() {
    let text = csv(250, 0);
    let config = RunConfig {
        batch_size: 100,
        max_in_flight: 1,
        ..RunConfig::default()
    };
    let mut run = run_for(&text, config.clone());
    let mut worker = FakeWorker::default();
    let Step::Send(first) = run.next(0) else {
        panic!("first batch")
    };
    let (status, body, _) = worker.answer(&first.body);
    run.record_response(first.id, status, body.as_bytes(), None, 10);
    let saved = serde_json::to_string(&run.saved_outcomes()).expect("json");
    assert!(!saved.to_lowercase().contains("password"));
    for password in &worker.seen_passwords {
        assert!(
            !saved.contains(password.as_str()),
            "a saved outcome holds a password"
        );
    }

    // The tab is closed; a new page reads the same file and the saved outcomes.
    let mut again = run_for(&text, config);
    let saved: Vec<_> = serde_json::from_str(&saved).expect("saved outcomes");
    assert_eq!(again.restore(&saved), 100);
    let before = worker.calls;
    drive(&mut again, &mut worker);
    assert_eq!(worker.calls - before, 2, "only the 150 users left are sent");
    assert_eq!(again.progress(0).created, 250);
    assert_eq!(worker.creates, 250);
}

#[test]
fn the_report_has_one_row_per_line_and_generated_passwords_only_for_created_users() {
    let text = "email,name,password\nann@example.com,Ann,\nbob@example.com,Bob,Given-Passw0rd\nbroken,Carl,\ndan@example.com,Dan,\n";
    let mut run = run_for(text, RunConfig::default());
    let mut worker = FakeWorker::default();
    worker.users.insert("dan@example.com".into());
    drive(&mut run, &mut worker);
    let report = run.report_csv();
    let rows: Vec<Vec<String>> = report
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "line",
            "email",
            "outcome",
            "error_code",
            "message",
            "generated_password"
        ]
    );
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1][..3], ["2", "ann@example.com", "created"]);
    assert_eq!(
        rows[1][5].len(),
        16,
        "generated password shown once, in the report"
    );
    assert_eq!(rows[2][5], "", "a given password is not repeated");
    assert!(!report.contains("Given-Passw0rd"));
    assert_eq!(
        rows[3][..4],
        ["4", "broken", "invalid", "user.domain_missing"]
    );
    assert_eq!(rows[4][2], "exists");
    assert_eq!(rows[4][5], "", "an existing user's password is not shown");
}

#[test]
fn a_refused_credential_halts_the_run_until_resumed() {
    let mut run = run_for(&csv(5, 0), RunConfig::default());
    let Step::Send(batch) = run.next(0) else {
        panic!("batch")
    };
    let body = json!({"error":{"code":"auth.invalid","message":"bad token","retryable":false}})
        .to_string();
    run.record_response(batch.id, 403, body.as_bytes(), None, 10);
    assert_eq!(run.next(20), Step::Paused);
    let progress = run.progress(20);
    assert_eq!(
        progress.last_error.map(|e| e.code).as_deref(),
        Some("auth.invalid")
    );
    assert_eq!(progress.remaining, 5, "nobody failed: the users wait");
    run.resume(30);
    let mut worker = FakeWorker::default();
    drive(&mut run, &mut worker);
    assert_eq!(run.progress(0).created, 5);
}

#[test]
fn steps_and_progress_serialise_for_the_page() {
    let mut run = run_for(&csv(3, 0), RunConfig::default());
    let step = serde_json::to_value(run.next(0)).expect("json");
    assert_eq!(step["kind"], "send");
    assert_eq!(step["lines"], json!([2, 3, 4]));
    let progress = serde_json::to_value(run.progress(0)).expect("json");
    assert_eq!(progress["remaining"], 3);
    assert_eq!(progress["inFlight"], 3);
    assert_eq!(progress["state"], "running");
}

#[test]
fn an_answer_without_line_numbers_is_matched_by_position() {
    let mut run = run_for(&csv(3, 0), RunConfig::default());
    let Step::Send(batch) = run.next(0) else {
        panic!("batch")
    };
    let body = json!({"results": [
        {"emailAddress": "user0@example.com", "outcome": "created", "sent": true},
        {"emailAddress": "user1@example.com", "outcome": "exists", "code": "err_user_already_exists", "sent": true},
        {"emailAddress": "user2@example.com", "outcome": "failed", "code": "err_validation_blank", "sent": true},
    ]})
    .to_string();
    run.record_response(batch.id, 200, body.as_bytes(), None, 10);
    let outcomes: Vec<Outcome> = run.results().iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [Outcome::Created, Outcome::Exists, Outcome::Failed]
    );
}

#[test]
fn a_batch_debug_print_never_shows_its_body() {
    let text = "email,name,password\nann@example.com,Ann,Visible-Passw0rd\n";
    let mut run = run_for(text, RunConfig::default());
    let step = run.next(0);
    let shown = format!("{step:?} {run:?}");
    assert!(!shown.contains("Visible-Passw0rd"), "{shown}");
}

#[test]
fn a_user_an_unclear_attempt_created_is_reported_as_existing_with_its_generated_password() {
    let mut run = run_for("email,name\nann@example.com,Ann\n", RunConfig::default());
    let mut worker = FakeWorker {
        faults: [Fault::CreatedThen500].into(),
        ..FakeWorker::default()
    };
    drive(&mut run, &mut worker);
    assert_eq!(worker.creates, 1);
    let result = &run.results()[0];
    assert_eq!(result.outcome, Outcome::Exists);
    assert!(
        result
            .message
            .as_deref()
            .unwrap_or("")
            .contains("may have created it")
    );
    let report = run.report_csv();
    let row = report.lines().nth(1).expect("a row");
    let password = row.rsplit(',').next().expect("password cell");
    assert_eq!(password.len(), 16, "{row}");
    assert_eq!(
        password, worker.seen_passwords[0],
        "the password that was sent"
    );
}

#[test]
fn the_browser_run_sends_25_users_per_call_and_paces_like_the_default() {
    let browser = RunConfig::browser();
    assert_eq!(browser.batch_size, 25);
    assert_eq!(
        RunConfig {
            batch_size: RunConfig::default().batch_size,
            ..browser.clone()
        },
        RunConfig::default(),
        "only the batch size differs from the default"
    );
    let mut run = run_for(&csv(60, 0), browser);
    let mut sizes = Vec::new();
    while let Step::Send(batch) = run.next(1_000) {
        sizes.push(batch.lines.len());
    }
    assert_eq!(sizes, [25, 25, 10]);
    let mut run = run_for(&csv(60, 0), RunConfig::browser());
    let mut worker = FakeWorker::default();
    drive(&mut run, &mut worker);
    assert_eq!(run.progress(0).created, 60);
    assert_eq!(worker.calls, 3);
}

#[test]
fn the_browser_keeps_the_outcomes_of_five_runs() {
    assert_eq!(RunConfig::KEPT_RUNS, 5);
}
