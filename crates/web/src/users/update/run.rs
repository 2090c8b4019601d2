//! The run of a CSV import: the core's engine ([`BulkRun`]) says what to do; this module sends its
//! batches to the Worker's `users:batch` route, feeds the answers back, keeps the outcomes (never
//! a password) after each answer, says how it goes, and downloads the reports: the run's (with
//! this session's generated passwords) or a kept session's (without any).

use mimecast_sso_core::provisioning::{BulkRun, RunConfig, Step, report_csv_from_results};

use super::{Msg, password_bytes, pool};
use crate::app::{Effect, Reply, Request};
use crate::users::saved::{self, Session};
use crate::users::state::{Existing, Line, Problem, Run, State, state_line, summary_line};

/// The button that pauses and resumes, focused when a run starts.
const TOGGLE: &str = "[data-users-run] [data-part=toggle]";

/// The reports' type.
const CSV: &str = "text/csv;charset=utf-8";

/// Longest wait asked of one timer, in milliseconds.
const MAX_WAIT_MS: u64 = 600_000;

/// "Create the users": the random bytes for the passwords the core will generate come first.
pub(super) fn start(state: &State) -> Vec<Effect<Msg>> {
    let Some(file) = state
        .csv
        .file
        .as_ref()
        .filter(|_| !state.run_active() && state.server.has_worker())
    else {
        return Vec::new();
    };
    let generated = file
        .import
        .rows
        .iter()
        .filter(|row| row.password.is_none())
        .count();
    let key = file.key.clone();
    vec![Effect::Random {
        len: generated * password_bytes(),
        then: Box::new(move |random| Msg::StartWith { key, random }),
    }]
}

/// Starts the run of the file with `key`: the core generates the missing passwords (no run with
/// guessable ones: without random bytes nothing is sent), takes back the lines an earlier session
/// did, and leaves out the users Mimecast already lists.
pub(super) fn start_with(
    state: &mut State,
    key: &str,
    random: Option<Vec<u8>>,
) -> Vec<Effect<Msg>> {
    let Some(file) = state
        .csv
        .file
        .as_ref()
        .filter(|file| file.key == key && !state.run_active())
    else {
        return Vec::new();
    };
    let config = RunConfig {
        region: state.region.clone(),
        ..RunConfig::browser()
    };
    let mut engine = match BulkRun::from_import(&file.import, &mut pool(random), config) {
        Ok(engine) => engine,
        Err(error) => {
            let problem = Problem::of(&error);
            state.alert(Line::Problem(problem.clone()));
            state.run = None;
            state.run_error = Some(problem);
            return Vec::new();
        }
    };
    let (earlier, others): (Vec<Session>, Vec<Session>) =
        state.sessions.iter().cloned().partition(|s| s.key == key);
    let restored = earlier
        .first()
        .map_or(0, |session| engine.restore(&session.results));
    if let Existing::Checked {
        key: listed, found, ..
    } = &state.existing
        && listed == key
    {
        engine.skip_existing(found);
    }
    state.generation += 1;
    state.run = Some(Run {
        engine,
        key: key.to_owned(),
        file: file.name.clone(),
        delimiter: file.import.delimiter,
        generation: state.generation,
        timer: None,
        others,
        not_saved: false,
        not_saved_told: false,
        downloaded: 0,
        spoken: None,
    });
    state.run_error = None;
    if restored > 0 {
        state.say(Line::Ui(
            "ui.users.run.restored",
            vec![("n", Line::text(restored))],
        ));
    }
    let mut effects = pump(state);
    effects.push(Effect::Focus(TOGGLE));
    effects
}

/// The answer to batch `id` of run `generation` (a late answer to an earlier run is dropped).
pub(super) fn answered(
    state: &mut State,
    generation: u64,
    id: u64,
    reply: &Reply,
) -> Vec<Effect<Msg>> {
    let now_ms = state.now_ms;
    let Some(run) = state
        .run
        .as_mut()
        .filter(|run| run.generation == generation)
    else {
        return Vec::new();
    };
    if reply.sign_in_required {
        run.engine.record_sign_in_required(id, now_ms);
    } else {
        run.engine.record_response(
            id,
            reply.status,
            &reply.body,
            reply.retry_after.as_deref(),
            now_ms,
        );
    }
    pump(state)
}

/// The back-off timer until `until` fired.
pub(super) fn tick(state: &mut State, generation: u64, until: u64) -> Vec<Effect<Msg>> {
    let Some(run) = state
        .run
        .as_mut()
        .filter(|run| run.generation == generation)
    else {
        return Vec::new();
    };
    if run.timer == Some(until) {
        run.timer = None;
    }
    pump(state)
}

/// Pause, resume or cancel.
pub(super) fn control(state: &mut State, msg: &Msg) -> Vec<Effect<Msg>> {
    let now_ms = state.now_ms;
    let Some(run) = state.run.as_mut() else {
        return Vec::new();
    };
    match msg {
        Msg::Pause => run.engine.pause(now_ms),
        Msg::Resume => run.engine.resume(now_ms),
        _ => run.engine.cancel(now_ms),
    }
    pump(state)
}

/// Asks the engine what to do until it has to wait: its batches go out, a back-off sets a timer
/// (one per back-off). Then the outcomes are kept, and what changed is said.
fn pump(state: &mut State) -> Vec<Effect<Msg>> {
    let (now_ms, url) = (
        state.now_ms,
        format!("{}mimecast/users:batch", state.api_base),
    );
    let Some(run) = state.run.as_mut() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    loop {
        match run.engine.next(now_ms) {
            Step::Send(batch) => {
                let (generation, id) = (run.generation, batch.id);
                let then = move |reply| Msg::BatchAnswered {
                    generation,
                    id,
                    reply,
                };
                effects.push(Effect::Fetch {
                    request: Request::post(url.clone(), batch.body),
                    then: Box::new(then),
                });
            }
            Step::Wait { until_ms: until } => {
                if run.timer != Some(until) {
                    run.timer = Some(until);
                    // At most ten minutes, so it fits a u32; the engine asks again if it is early.
                    let ms = u32::try_from(until.saturating_sub(now_ms).min(MAX_WAIT_MS) + 1)
                        .unwrap_or(u32::MAX);
                    effects.push(Effect::Timer {
                        ms,
                        msg: Msg::Tick {
                            generation: run.generation,
                            until,
                        },
                    });
                }
                break;
            }
            Step::AwaitResponses | Step::Paused => break,
            Step::Finished => {
                run.timer = None;
                break;
            }
        }
    }
    effects.extend(persist(state));
    speak(state);
    effects
}

/// Keeps every line's outcome (no passwords) under the file's key, with the other files'
/// sessions as they were when the run started, within [`KEPT_RUNS`]. The batches just started
/// are kept as sent without an answer, so a tab closed now still knows they may be created.
fn persist(state: &mut State) -> Vec<Effect<Msg>> {
    let Some(run) = state.run.as_mut() else {
        return Vec::new();
    };
    let session = Session {
        key: run.key.clone(),
        file: run.file.clone(),
        delimiter: run.delimiter,
        updated_ms: state.now_ms,
        results: run.engine.saved_results(),
    };
    run.others.truncate(RunConfig::KEPT_RUNS - 1);
    state.sessions = std::iter::once(session)
        .chain(run.others.iter().cloned())
        .collect();
    state.revs.saved += 1;
    state.store_seq += 1;
    let seq = state.store_seq;
    vec![Effect::TryStore {
        key: saved::KEY,
        value: saved::text(&state.sessions),
        then: Box::new(move |kept| Msg::Kept { seq, kept }),
    }]
}

/// Whether the browser kept the last write: when its storage is full, the oldest other session
/// makes room and the write is tried again; when nothing is left to drop, the step says to
/// download the report before closing the tab.
pub(super) fn kept(state: &mut State, seq: u32, kept: bool) -> Vec<Effect<Msg>> {
    let Some(run) = state.run.as_mut().filter(|_| seq == state.store_seq) else {
        return Vec::new();
    };
    run.not_saved = !kept;
    if kept {
        return Vec::new();
    }
    if run.others.pop().is_some() {
        return persist(state);
    }
    if !run.not_saved_told {
        run.not_saved_told = true;
        state.alert(Line::ui("ui.users.run.not_saved"));
    }
    Vec::new()
}

/// Says a change of state at once, and the progress at each quarter.
fn speak(state: &mut State) {
    let now_ms = state.now_ms;
    let Some(run) = state.run.as_mut() else {
        return;
    };
    let progress = run.engine.progress(now_ms);
    let quarter = (progress.processed * 4)
        .checked_div(progress.total)
        .unwrap_or(4);
    let before = run.spoken.replace((progress.state, quarter));
    let summary = summary_line(&progress);
    match before {
        Some((was, _)) if was != progress.state => {
            if progress.last_error.is_some() {
                state.alert(state_line(&progress, now_ms));
            } else {
                state.say(Line::Join(vec![state_line(&progress, now_ms), summary]));
            }
        }
        Some((_, was)) if was != quarter => state.say(summary),
        None => state.say(Line::Join(vec![Line::ui("ui.users.run.started"), summary])),
        _ => {}
    }
}

/// The run's report, with the passwords generated in this session.
pub(super) fn report(state: &mut State) -> Vec<Effect<Msg>> {
    let Some(run) = state.run.as_mut() else {
        return Vec::new();
    };
    run.downloaded = run.engine.generated_passwords();
    vec![Effect::Download {
        file_name: saved::report_name(&run.file),
        mime: CSV,
        text: run.engine.report_csv(),
    }]
}

/// The sessions kept in `localStorage`, read again (a run going on keeps what it wrote, even
/// what the browser could not keep); the chosen file's lines done in an earlier session with them.
pub(super) fn sessions_read(state: &mut State, text: Option<&str>) {
    if state.run_active() {
        return;
    }
    state.sessions = text.map(saved::read).unwrap_or_default();
    state.revs.saved += 1;
    let done = |key: &str| state.session(key).map_or(0, Session::done);
    if let Some(earlier) = state.csv.file.as_ref().map(|file| done(&file.key))
        && let Some(file) = state.csv.file.as_mut()
    {
        file.earlier = earlier;
        state.revs.file += 1;
    }
}

/// A kept session's report (no passwords: they were never kept).
pub(super) fn saved_report(state: &State, key: &str) -> Vec<Effect<Msg>> {
    let Some(session) = state.session(key) else {
        return Vec::new();
    };
    let text = report_csv_from_results(session.delimiter, &session.results);
    vec![Effect::Download {
        file_name: saved::report_name(&session.file),
        mime: CSV,
        text,
    }]
}

/// Forgets the kept session of the file with `key` (a run going on keeps its own).
pub(super) fn forget(state: &mut State, key: &str) -> Vec<Effect<Msg>> {
    state.sessions.retain(|session| session.key != key);
    if let Some(run) = &mut state.run {
        run.others.retain(|session| session.key != key);
    }
    state.revs.saved += 1;
    state.say(Line::ui("ui.users.saved.forgotten"));
    vec![Effect::Store {
        key: saved::KEY,
        value: saved::text(&state.sessions),
    }]
}
