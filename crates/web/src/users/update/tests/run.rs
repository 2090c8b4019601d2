//! A run of a CSV file: batches of 25 through `users:batch`, pause, resume and cancel, the back-off
//! after a rate limit, the halt on an expired sign-in, and a broken random source.

use mimecast_sso_core::provisioning::RunConfig;
use mimecast_sso_core::provisioning::{RunState, Step};

use super::files::{choose, csv};
use super::*;
use crate::users::saved;

/// A file of `n` users on example.com, every third with its own password.
pub(super) fn users(n: usize) -> Vec<u8> {
    let rows: Vec<(String, String, String)> = (1..=n)
        .map(|i| {
            (
                format!("user{i}@example.com"),
                format!("User {i}"),
                if i % 3 == 0 {
                    format!("Given-{i}-Pw9")
                } else {
                    String::new()
                },
            )
        })
        .collect();
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(e, n, p)| (e.as_str(), n.as_str(), p.as_str()))
        .collect();
    csv(&rows)
}

/// Chooses `n` users and starts their run with good random bytes; gives the first calls.
pub(super) fn started(state: &mut State, n: usize) -> Vec<Effect<Msg>> {
    choose(state, "users.csv", &users(n));
    let effects = start(state);
    let needed = state.csv.file.as_ref().map_or(0, |f| {
        f.import
            .rows
            .iter()
            .filter(|r| r.password.is_none())
            .count()
    });
    random(
        state,
        effects,
        Some(bytes(needed * super::super::password_bytes())),
    )
}

/// The answer of `users:batch` to `request`: every user with `outcome`.
pub(super) fn every(request: &Request, outcome: &str) -> Reply {
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}")).expect("JSON");
    let results: Vec<Value> = body["users"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| json!({ "line": u["line"], "emailAddress": u["emailAddress"], "outcome": outcome, "sent": true }))
        .collect();
    ok(&json!({ "results": results }))
}

/// Answers every call in `effects` (batches: all created) at `now_ms`, and the ones they lead to,
/// until none is left; gives the other effects seen.
pub(super) fn answer_all(
    state: &mut State,
    effects: Vec<Effect<Msg>>,
    now_ms: u64,
) -> Vec<Effect<Msg>> {
    let mut queue = effects;
    let mut others = Vec::new();
    while !queue.is_empty() {
        let mut next = Vec::new();
        for effect in queue {
            match effect {
                Effect::Fetch { request, then } => {
                    let answer = every(&request, "created");
                    next.extend(update(state, then(answer), now_ms));
                }
                other => others.push(other),
            }
        }
        queue = next;
    }
    others
}

/// The last sessions written by `effects`, and the message their answer becomes.
pub(super) fn written(
    effects: &mut Vec<Effect<Msg>>,
) -> Option<(Option<String>, crate::app::effect::Then<bool, Msg>)> {
    let index = effects
        .iter()
        .rposition(|e| matches!(e, Effect::TryStore { .. }))?;
    match effects.remove(index) {
        Effect::TryStore { key, value, then } => {
            assert_eq!(key, saved::KEY);
            Some((value, then))
        }
        _ => None,
    }
}

#[test]
fn a_run_sends_batches_and_pauses_resumes_and_cancels() {
    let mut state = step();
    let mut effects = started(&mut state, 100);
    assert_eq!(focus(&effects), Some("[data-users-run] [data-part=toggle]"));
    assert!(written(&mut effects).is_some(), "kept from the start");
    let calls = fetches(effects);
    assert_eq!(calls.len(), 3, "three calls in flight");
    let body: Value = serde_json::from_str(calls[0].0.body.as_deref().unwrap_or("")).expect("JSON");
    assert_eq!(
        body["users"].as_array().map(Vec::len),
        Some(RunConfig::browser().batch_size)
    );
    assert_eq!(body["region"], "eu");
    assert!(
        matches!(&state.live, Some((_, Line::Join(lines))) if lines[0] == Line::ui("ui.users.run.started"))
    );

    send(&mut state, Msg::Pause);
    let run = state.run.as_ref().expect("a run");
    assert_eq!(run.engine.state(), RunState::Paused);
    // The calls in flight still come back; nothing new goes out while paused.
    let mut later = Vec::new();
    for (request, then) in calls {
        let answer = every(&request, "created");
        later.extend(send(&mut state, then(answer)));
    }
    assert!(fetches(later).is_empty());
    let progress = state
        .run
        .as_ref()
        .map(|r| r.engine.progress(NOW_MS))
        .expect("a run");
    assert_eq!((progress.created, progress.in_flight), (75, 0));
    assert!(state.run_active(), "paused is still going on");

    let effects = send(&mut state, Msg::Resume);
    assert_eq!(fetches(effects).len(), 1, "the last 25");
    send(&mut state, Msg::Cancel);
    let progress = state
        .run
        .as_ref()
        .map(|r| r.engine.progress(NOW_MS))
        .expect("a run");
    assert_eq!(progress.state, RunState::Cancelled);
    assert!(!state.run_active());
}

#[test]
fn a_rate_limit_backs_off_with_one_timer_then_goes_on() {
    let mut state = step();
    let effects = started(&mut state, 30);
    let mut calls = fetches(effects);
    assert_eq!(calls.len(), 2);
    let (_, second) = calls.remove(1);
    let (_, first) = calls.remove(0);
    let limited = Reply {
        retry_after: Some("3".to_owned()),
        ..reply(
            429,
            &json!({ "error": { "code": "err_rate_limit", "message": "Slow down.", "retryable": true } }),
        )
    };
    let effects = send(&mut state, first(limited.clone()));
    assert!(
        effects
            .iter()
            .all(|e| !matches!(e, Effect::Fetch { .. } | Effect::Timer { .. })),
        "one call still out"
    );
    let effects = send(&mut state, second(limited));
    let timer = |effects: Vec<Effect<Msg>>| {
        effects
            .into_iter()
            .find(|e| matches!(e, Effect::Timer { .. }))
    };
    let Some(Effect::Timer { ms, msg }) = timer(effects) else {
        panic!("a back-off timer")
    };
    assert_eq!(ms, 3_001, "Retry-After: 3 s");
    assert_eq!(
        state.run.as_ref().map(|r| r.engine.progress(NOW_MS).state),
        Some(RunState::Running)
    );
    assert!(matches!(
        state.run.as_ref().map(|r| r.engine.clone().next(NOW_MS)),
        Some(Step::Wait { .. })
    ));
    let effects = send(&mut state, Msg::Resume);
    assert!(
        timer(effects).is_none(),
        "the same back-off: no second timer"
    );
    // The timer fires: the run goes on.
    let later = NOW_MS + u64::from(ms);
    let effects = update(&mut state, msg, later);
    let others = answer_all(&mut state, effects, later);
    assert!(others.iter().any(|e| matches!(e, Effect::TryStore { .. })));
    let progress = state
        .run
        .as_ref()
        .map(|r| r.engine.progress(NOW_MS + 4_000))
        .expect("a run");
    assert_eq!((progress.state, progress.created), (RunState::Finished, 30));
}

#[test]
fn an_expired_sign_in_halts_the_run_without_failing_anyone() {
    let mut state = step();
    let effects = started(&mut state, 10);
    let (_, then) = fetches(effects).remove(0);
    send(
        &mut state,
        then(Reply {
            sign_in_required: true,
            ..Reply::default()
        }),
    );
    let progress = state
        .run
        .as_ref()
        .map(|r| r.engine.progress(NOW_MS))
        .expect("a run");
    assert_eq!(crate::users::state::run_state_name(&progress), "halted");
    assert_eq!(progress.failed, 0);
    let Some((_, Line::Ui("ui.users.run.halted", words))) = &state.alert else {
        panic!("{:?}", state.alert)
    };
    assert!(
        matches!(&words[0].1, Line::Problem(p) if p.code == ProvisioningCode::SignInRequired.code())
    );
    let effects = send(&mut state, Msg::Resume);
    answer_all(&mut state, effects, NOW_MS);
    assert_eq!(
        state
            .run
            .as_ref()
            .map(|r| r.engine.progress(NOW_MS).created),
        Some(10)
    );
}

#[test]
fn a_broken_random_source_starts_no_run() {
    let mut state = step();
    choose(&mut state, "users.csv", &users(4));
    let effects = start(&mut state);
    let effects = random(&mut state, effects, None);
    assert!(effects.is_empty(), "nothing sent");
    assert!(state.run.is_none());
    assert_eq!(
        state.run_error.as_ref().map(|p| p.code.as_str()),
        Some(ProvisioningCode::RandomUnavailable.code())
    );
    let effects = start(&mut state);
    random(
        &mut state,
        effects,
        Some(bytes(3 * super::super::password_bytes())),
    );
    assert!(state.run.is_some() && state.run_error.is_none());
}
