//! What a run keeps and gives: its outcomes after each answer (never a password), taken back by
//! the next session, a full storage, the reports, and the question before the tab closes.

use super::run::{answer_all, every, started, written};
use super::*;
use crate::users::saved;
use crate::users::state::Run;
use mimecast_sso_core::provisioning::RunConfig;

#[test]
fn outcomes_are_kept_without_passwords_and_the_next_session_skips_what_was_done() {
    let mut state = step();
    let mut effects = started(&mut state, 30);
    let (kept, _) = written(&mut effects).expect("kept");
    let kept = kept.expect("some text");
    let (request, then) = fetches(effects).remove(0);
    let sent: Value = serde_json::from_str(request.body.as_deref().unwrap_or("")).expect("JSON");
    let password = sent["users"][0]["password"]
        .as_str()
        .expect("a generated password")
        .to_owned();
    assert!(!kept.contains(&password) && !kept.contains("Given-") && !kept.contains("\"password"));
    assert!(
        kept.contains(ProvisioningCode::SentUnclear.code()),
        "in flight: kept as sent without an answer"
    );
    let mut effects = send(&mut state, then(every(&request, "created")));
    let (kept, _) = written(&mut effects).expect("kept again");
    let sessions = saved::read(&kept.expect("text"));
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].file, "users.csv");
    assert_eq!(sessions[0].done(), RunConfig::browser().batch_size);

    // The tab closed; the next visit reads the sessions and runs the same file again.
    let mut next = step_with(sessions);
    let effects = started(&mut next, 30);
    assert!(matches!(&next.live, Some((_, Line::Join(_)))));
    let calls = fetches(effects);
    assert_eq!(calls.len(), 1, "only the lines not done");
    let body: Value = serde_json::from_str(calls[0].0.body.as_deref().unwrap_or("")).expect("JSON");
    assert_eq!(body["users"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        next.session(&next.csv.file.as_ref().expect("file").key)
            .map(|s| s.done()),
        Some(RunConfig::browser().batch_size)
    );
}

#[test]
fn a_full_storage_drops_the_oldest_sessions_then_says_to_download_the_report() {
    let old = |key: &str, at: u64| saved::Session {
        key: key.to_owned(),
        file: format!("{key}.csv"),
        delimiter: ',',
        updated_ms: at,
        results: Vec::new(),
    };
    let mut state = step_with((0..6).map(|i| old(&format!("s{i}"), 10 - i)).collect());
    let mut effects = started(&mut state, 5);
    let (value, then) = written(&mut effects).expect("kept");
    let files: Vec<String> = saved::read(&value.expect("text"))
        .into_iter()
        .map(|s| s.file)
        .collect();
    assert_eq!(
        files.len(),
        RunConfig::KEPT_RUNS,
        "the newest {}",
        RunConfig::KEPT_RUNS
    );
    assert_eq!(files[0], "users.csv");
    let mut effects = send(&mut state, then(false));
    let (value, then) = written(&mut effects).expect("tried again");
    assert_eq!(
        saved::read(&value.expect("text")).len(),
        RunConfig::KEPT_RUNS - 1,
        "the oldest made room"
    );
    send(&mut state, then(true));
    assert!(!state.run.as_ref().is_some_and(|r| r.not_saved));
    // Full even with this run's outcomes alone.
    if let Some(run) = state.run.as_mut() {
        run.others.clear();
    }
    let mut effects = send(&mut state, Msg::Pause);
    let (_, then) = written(&mut effects).expect("kept");
    send(&mut state, then(false));
    assert!(state.run.as_ref().is_some_and(|r| r.not_saved));
    assert_eq!(
        state.alert.as_ref().map(|(_, l)| l),
        Some(&Line::ui("ui.users.run.not_saved"))
    );
}

#[test]
fn the_reports_hold_this_sessions_generated_passwords_and_a_kept_one_none() {
    let mut state = step();
    let effects = started(&mut state, 6);
    answer_all(&mut state, effects, NOW_MS);
    assert!(
        state.run.as_ref().is_some_and(|r| !r.holds_passwords()),
        "finished: nothing to guard"
    );
    let Some(Effect::Download {
        file_name,
        mime,
        text,
    }) = send(&mut state, Msg::Report).into_iter().next()
    else {
        panic!("a download")
    };
    assert_eq!(
        (file_name.as_str(), mime),
        ("users-mimecast-report.csv", "text/csv;charset=utf-8")
    );
    let rows: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split("\r\n")
        .collect();
    assert_eq!(
        rows[0],
        "line,email,outcome,error_code,message,generated_password"
    );
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[1].rsplit(',').next().map(str::len),
        Some(16),
        "a generated password: {}",
        rows[1]
    );
    assert!(
        rows[3].ends_with(','),
        "a given password is not repeated: {}",
        rows[3]
    );
    let key = state.sessions[0].key.clone();
    let Some(Effect::Download { text, .. }) = send(&mut state, Msg::SavedReport(key.clone()))
        .into_iter()
        .next()
    else {
        panic!("a download")
    };
    assert!(
        text.trim_end()
            .split("\r\n")
            .skip(1)
            .all(|row| row.ends_with(',')),
        "no password kept: {text}"
    );
    let effects = send(&mut state, Msg::Forget(key));
    assert!(state.sessions.is_empty());
    assert!(matches!(
        effects.first(),
        Some(Effect::Store { value: None, .. })
    ));
}

#[test]
fn a_run_holding_undownloaded_passwords_asks_before_the_tab_closes() {
    let mut state = step();
    let effects = started(&mut state, 30);
    let (request, then) = fetches(effects).remove(0);
    send(&mut state, then(every(&request, "created")));
    assert!(
        state.run.as_ref().is_some_and(Run::holds_passwords),
        "created with generated passwords"
    );
    send(&mut state, Msg::Report);
    assert!(
        state.run.as_ref().is_some_and(|r| !r.holds_passwords()),
        "downloaded"
    );
}

#[test]
fn the_kept_sessions_are_read_again_when_a_file_is_chosen_and_their_lines_skipped() {
    let mut state = step();
    let effects = super::files::choose(&mut state, "users.csv", &super::run::users(30));
    let key = state
        .csv
        .file
        .as_ref()
        .map(|f| f.key.clone())
        .expect("read");
    // Another tab ran this file meanwhile.
    let done = |line: u32| mimecast_sso_core::provisioning::LineResult {
        line,
        email_address: format!("user{}@example.com", line - 1),
        outcome: mimecast_sso_core::provisioning::Outcome::Created,
        code: None,
        message: None,
    };
    let session = saved::Session {
        key,
        file: "users.csv".to_owned(),
        delimiter: ',',
        updated_ms: 1,
        results: (2..12).map(done).collect(),
    };
    let then = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::ReadStored { then, .. } => Some(then),
            _ => None,
        })
        .expect("the kept sessions are read");
    send(&mut state, then(saved::text(&[session])));
    assert_eq!(
        state.csv.file.as_ref().map(|f| f.earlier),
        Some(10),
        "shown in the preview"
    );
    let effects = start(&mut state);
    let effects = random(
        &mut state,
        effects,
        Some(bytes(20 * super::super::password_bytes())),
    );
    let calls = fetches(effects);
    let body: Value = serde_json::from_str(calls[0].0.body.as_deref().unwrap_or("")).expect("JSON");
    assert_eq!(
        body["users"].as_array().map(Vec::len),
        Some(20),
        "the 10 lines done elsewhere are not sent"
    );
}
