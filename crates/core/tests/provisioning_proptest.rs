//! Properties: the CSV reader never panics and keeps line numbers; the bulk-run engine always
//! finishes under any sequence of rate limits and failures, sends every user until it is done,
//! never sends a finished line again, and gives every line exactly one final outcome.

use std::collections::{BTreeMap, HashSet, VecDeque};

use mimecast_sso_core::provisioning::{BulkRun, CsvLimits, Outcome, RunConfig, Step, read_csv};
use proptest::prelude::*;
use serde_json::{Value, json};

proptest! {
    #[test]
    fn the_csv_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_csv(&bytes, CsvLimits::default());
    }

    #[test]
    fn rows_keep_their_line_numbers_across_blank_lines(blanks in proptest::collection::vec(0usize..3, 1..40)) {
        let mut text = String::from("email;name\r\n");
        let mut expected = Vec::new();
        let mut line = 1u32;
        for (i, blank) in blanks.iter().enumerate() {
            for _ in 0..*blank {
                text.push_str("\r\n");
                line += 1;
            }
            line += 1;
            text.push_str(&format!("u{i}@example.com;User {i}\r\n"));
            expected.push(line);
        }
        let import = read_csv(text.as_bytes(), CsvLimits::default()).expect("csv");
        let lines: Vec<u32> = import.rows.iter().map(|r| r.line).collect();
        prop_assert_eq!(lines, expected);
    }

    #[test]
    fn the_engine_always_finishes_without_sending_a_finished_line_twice(
        users in 1usize..250,
        faults in proptest::collection::vec(0u8..6, 0..40),
        batch_size in 1usize..=100,
        max_in_flight in 1usize..5,
    ) {
        let mut text = String::from("email,name,password\n");
        for i in 0..users {
            text.push_str(&format!("u{i}@example.com,U {i},Str0ng-Pass\n"));
        }
        let import = read_csv(text.as_bytes(), CsvLimits::default()).expect("csv");
        let config = RunConfig { batch_size, max_in_flight, max_attempts: 50, ..RunConfig::default() };
        let mut seed = 1u8;
        let mut run = BulkRun::from_import(
            &import,
            &mut |b: &mut [u8]| {
                for byte in b {
                    seed = seed.wrapping_mul(5).wrapping_add(3);
                    *byte = seed;
                }
                Ok(())
            },
            config,
        )
        .expect("random bytes");
        let mut faults: VecDeque<u8> = faults.into();
        let mut created: HashSet<String> = HashSet::new();
        let mut finished: HashSet<u64> = HashSet::new();
        let mut pending: VecDeque<(u64, Vec<Value>)> = VecDeque::new();
        let mut now = 0u64;
        let mut steps = 0;
        loop {
            steps += 1;
            prop_assert!(steps < 100_000, "the run did not finish");
            match run.next(now) {
                Step::Send(batch) => {
                    let body: Value = serde_json::from_str(&batch.body).expect("json");
                    let users = body["users"].as_array().expect("users").clone();
                    prop_assert!(users.len() <= batch_size);
                    prop_assert!(pending.len() < max_in_flight);
                    for u in &users {
                        let line = u["line"].as_u64().expect("line");
                        prop_assert!(!finished.contains(&line), "line {} sent after it finished", line);
                    }
                    pending.push_back((batch.id, users));
                }
                Step::Wait { until_ms } => now = until_ms,
                Step::AwaitResponses => {
                    let (id, users) = pending.pop_front().expect("in flight");
                    now += 10;
                    let fault = faults.pop_front();
                    let (status, answer) = match fault {
                        Some(0) => (429, json!({"error":{"code":"upstream.rate_limited","message":"m","retryable":true}})),
                        Some(1) => (0, Value::Null),
                        _ => {
                            let results: Vec<Value> = users.iter().enumerate().map(|(i, u)| {
                                let email = u["emailAddress"].as_str().expect("email").to_owned();
                                let line = u["line"].clone();
                                match fault {
                                    Some(2) if i % 2 == 0 => json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.failed","sent":true}),
                                    Some(3) if i > 0 => json!({"line":line,"emailAddress":email,"outcome":"retry","code":"upstream.rate_limited","sent":false}),
                                    _ if !created.insert(email.clone()) => json!({"line":line,"emailAddress":email,"outcome":"exists","code":"err_user_already_exists","sent":true}),
                                    _ => json!({"line":line,"emailAddress":email,"outcome":"created","sent":true}),
                                }
                            }).collect();
                            (200, json!({"results": results}))
                        }
                    };
                    let body = if answer.is_null() { String::new() } else { answer.to_string() };
                    run.record_response(id, status, body.as_bytes(), None, now);
                    for r in run.results() {
                        if r.outcome != Outcome::Pending {
                            finished.insert(u64::from(r.line));
                        }
                    }
                }
                Step::Paused => {
                    // Only calls without any answer, three in a row, pause: the operator resumes.
                    let halted = run.progress(now).last_error.map(|e| e.code);
                    prop_assert_eq!(halted.as_deref(), Some("provisioning.connection_lost"));
                    run.resume(now);
                }
                Step::Finished => break,
            }
        }
        let results = run.results();
        prop_assert_eq!(results.len(), users);
        let outcomes: BTreeMap<Outcome, usize> = results.iter().fold(BTreeMap::new(), |mut m, r| {
            *m.entry(r.outcome).or_default() += 1;
            m
        });
        prop_assert!(results.iter().all(|r| r.outcome.is_done_in_mimecast()), "{:?}", outcomes);
        prop_assert_eq!(created.len(), users);
    }
}
