//! The run of a CSV import: the core's engine ([`BulkRun`]) says what to do; this module sends its
//! batches to the Worker's `users:batch` route, feeds the answers back, keeps the outcomes (never a
//! password) after each answer, and shows the progress: a progress bar, the counts, the rate, the
//! state (rate-limited, paused, halted with the reason), pause / resume / cancel and the report.

mod report;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use mimecast_sso_core::Coded;
use mimecast_sso_core::provisioning::{BulkRun, Outcome, Progress, RunConfig, RunState, Step};
use web_sys::{Element, HtmlButtonElement, HtmlElement};

pub(super) use self::report::download_saved;
use self::report::{download_run, guard_unload};

use super::{Users, button, error_text, http, import, saved, with};
use crate::api;
use crate::dom::{DomResult, attrs, cast, on};
use crate::i18n::{Lang, t, tf};
use crate::page::Page;

/// Users per batch call: small enough that progress moves smoothly, a pause takes effect within
/// one batch, and one call stays far below a Worker's subrequest limit.
pub(super) const BATCH_SIZE: usize = 25;

/// The run, if one was started, and its panel.
#[derive(Default)]
pub(super) struct State {
    active: Option<Active>,
    /// Numbers runs, so a late answer to an earlier run is dropped.
    generation: u64,
    refs: Option<Panel>,
    /// What was last said, to speak only changes.
    spoken: Option<(RunState, usize)>,
}

struct Active {
    run: BulkRun,
    key: String,
    file: String,
    delimiter: char,
    generation: u64,
    timer: Option<Timeout>,
    /// The other files' kept sessions, read once when the run starts.
    others: Vec<saved::Session>,
    /// The browser refused to keep the outcomes even after dropping older sessions.
    not_saved: bool,
    /// Whether that was said (once per run).
    not_saved_told: bool,
    /// Generated passwords in the report when it was last downloaded.
    downloaded: usize,
    /// Asks before the tab closes while the run holds passwords not downloaded; removed with
    /// the run.
    _unload: Option<EventListener>,
}

struct Panel {
    bar: Element,
    segments: [HtmlElement; 4],
    counts: [Element; 6],
    state: Element,
    toggle: HtmlButtonElement,
    cancel: HtmlButtonElement,
    /// Shown when the outcomes could not be kept: download the report before closing the tab.
    notice: Element,
    problems: Element,
}

fn now_ms() -> u64 {
    let now = js_sys::Date::now();
    if now.is_finite() && now > 0.0 {
        now as u64
    } else {
        0
    }
}

/// Whether a run is going on (running or paused).
pub(super) fn is_active(users: &Users) -> bool {
    users
        .run
        .active
        .as_ref()
        .is_some_and(|a| matches!(a.run.state(), RunState::Running | RunState::Paused))
}

/// Forgets the shown run (a new file was chosen).
pub(super) fn forget_shown(page: &Page, users: &mut Users) {
    if is_active(users) {
        return;
    }
    users.run.active = None;
    users.run.refs = None;
    if let Some(refs) = &users.refs {
        crate::dom::clear(&refs.import.run);
    }
    let _ = page;
}

/// Starts a run over the chosen file: the core generates the missing passwords and takes back the
/// lines an earlier session already did.
pub(super) fn start(page: &Page, users: &mut Users) {
    if is_active(users) || !super::has_worker(page) {
        return;
    }
    let Some(loaded) = &users.import.file else {
        return;
    };
    let config = RunConfig {
        batch_size: BATCH_SIZE,
        region: super::region(page),
        ..RunConfig::default()
    };
    let mut run = match BulkRun::from_import(&loaded.import, &mut api::random_bytes, config) {
        Ok(run) => run,
        Err(error) => {
            // No run with guessable passwords: say why, visibly, and send nothing.
            let text = error_text(page.lang, error.code(), &error.to_string());
            if let Some(refs) = &users.refs {
                crate::dom::clear(&refs.import.run);
                if let Ok(p) =
                    page.b
                        .child_text(&refs.import.run, "p", "mss-finding sev-error", &text)
                {
                    let _ = attrs(&p, &[("data-code", error.code())]);
                }
            }
            super::alert(users, &text);
            return;
        }
    };
    let (earlier, others): (Vec<_>, Vec<_>) =
        saved::all().into_iter().partition(|s| s.key == loaded.key);
    let restored = earlier.first().map_or(0, |s| run.restore(&s.results));
    if let Some(existing) = super::existing::for_run(users, &loaded.key) {
        run.skip_existing(existing);
    }
    users.run.generation += 1;
    users.run.spoken = None;
    users.run.active = Some(Active {
        run,
        key: loaded.key.clone(),
        file: loaded.name.clone(),
        delimiter: loaded.import.delimiter,
        generation: users.run.generation,
        timer: None,
        others,
        not_saved: false,
        not_saved_told: false,
        downloaded: 0,
        _unload: guard_unload(page),
    });
    persist(users);
    let _ = rebuild(page, users);
    if restored > 0 {
        super::say(
            users,
            &tf(
                page.lang,
                "ui.users.run.restored",
                &[("n", &restored.to_string())],
            ),
        );
    }
    pump(page, users);
    if let Some(panel) = &users.run.refs {
        let _ = panel.toggle.focus();
    }
}

/// Asks the engine what to do until it has to wait: sends its batches, sets the back-off timer.
fn pump(page: &Page, users: &mut Users) {
    let url = format!("{}mimecast/users:batch", page.api_base);
    let mut finished = false;
    loop {
        let Some(active) = users.run.active.as_mut() else {
            return;
        };
        match active.run.next(now_ms()) {
            Step::Send(batch) => {
                let (me, url, generation) = (page.me.clone(), url.clone(), active.generation);
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = http::post(&url, &batch.body).await;
                    drop(batch.body);
                    with(&me, |page, users| {
                        let Some(active) = users
                            .run
                            .active
                            .as_mut()
                            .filter(|a| a.generation == generation)
                        else {
                            return;
                        };
                        if answer.sign_in_required {
                            active.run.record_sign_in_required(batch.id, now_ms());
                        } else {
                            active.run.record_response(
                                batch.id,
                                answer.status,
                                &answer.body,
                                answer.retry_after.as_deref(),
                                now_ms(),
                            );
                        }
                        pump(page, users);
                    });
                });
            }
            Step::Wait { until_ms } => {
                let delay = until_ms.saturating_sub(now_ms()).min(600_000) as u32 + 1;
                let me = page.me.clone();
                active.timer = Some(Timeout::new(delay, move || {
                    with(&me, pump);
                }));
                break;
            }
            Step::AwaitResponses | Step::Paused => break,
            Step::Finished => {
                active.timer = None;
                finished = true;
                break;
            }
        }
    }
    // Once per answer (or timer, or button): the batches just started are saved as sent
    // without an answer, so a tab closed now still knows they may have been created.
    persist(users);
    if finished {
        let _ = import::render_saved(page, users);
    }
    update(page, users);
}

/// Saves every line's outcome (no passwords) under the file's key: once per answer, with the
/// other files' sessions read when the run started. When the browser refuses even after older
/// sessions were dropped, the panel says the report must be downloaded before closing the tab.
fn persist(users: &mut Users) {
    let Some(active) = users.run.active.as_mut() else {
        return;
    };
    let session = saved::Session {
        key: active.key.clone(),
        file: active.file.clone(),
        delimiter: active.delimiter,
        updated_ms: now_ms(),
        results: active.run.saved_results(),
    };
    active.not_saved = !saved::put_among(&mut active.others, &session);
}

/// Builds the run's panel (when a run starts, and again after a language switch).
pub(super) fn rebuild(page: &Page, users: &mut Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let target = refs.import.run.clone();
    crate::dom::clear(&target);
    users.run.refs = None;
    if users.run.active.is_none() {
        return Ok(());
    }
    let b = &page.b;
    let lang = page.lang;
    let label_id = format!("{}users-progress-label", page.prefix);
    let title = b.child_text(
        &target,
        "h4",
        "mss-users-subtitle",
        &t(lang, "ui.users.run.title"),
    )?;
    attrs(&title, &[("id", &label_id)])?;
    let bar = b.child(&target, "div", "mss-progress")?;
    attrs(
        &bar,
        &[
            ("role", "progressbar"),
            ("aria-labelledby", &label_id),
            ("aria-valuemin", "0"),
            ("data-users-progress", ""),
        ],
    )?;
    let segment =
        |class: &str| -> DomResult<HtmlElement> { cast(b.child(&bar, "div", class)?, "div") };
    let segments = [
        segment("mss-progress-created")?,
        segment("mss-progress-skipped")?,
        segment("mss-progress-failed")?,
        segment("mss-progress-invalid")?,
    ];
    let counts_list = b.child(&target, "dl", "mss-counts")?;
    let mut counts = Vec::new();
    for (key, name) in [
        ("ui.users.count.created", "created"),
        ("ui.users.count.skipped", "skipped"),
        ("ui.users.count.failed", "failed"),
        ("ui.users.count.invalid", "invalid"),
        ("ui.users.count.remaining", "remaining"),
        ("ui.users.count.rate", "rate"),
    ] {
        let item = b.child(&counts_list, "div", &format!("mss-count-item is-{name}"))?;
        b.child_text(&item, "dt", "", &t(lang, key))?;
        let dd = b.child_text(&item, "dd", "", "0")?;
        attrs(&dd, &[("data-count", name)])?;
        counts.push(dd);
    }
    let [created, skipped, failed, invalid, remaining, rate]: [Element; 6] = counts
        .try_into()
        .map_err(|_| wasm_bindgen::JsValue::from_str("six counters"))?;
    let state = b.child(&target, "p", "mss-run-state")?;
    attrs(&state, &[("data-run-state", "")])?;
    let actions = b.child(&target, "div", "mss-inline-form")?;
    let toggle = button(
        page,
        &actions,
        "mss-button",
        "ui.users.run.pause",
        "users-pause",
        None,
    )?;
    let cancel = button(
        page,
        &actions,
        "mss-button mss-secondary",
        "ui.users.run.cancel",
        "users-cancel",
        None,
    )?;
    let report = button(
        page,
        &actions,
        "mss-button mss-secondary",
        "ui.users.run.report",
        "users-report",
        None,
    )?;
    let notice = b.child(&target, "p", "mss-finding sev-warning")?;
    attrs(&notice, &[("data-users-not-saved", ""), ("hidden", "")])?;
    let problems = b.child(&target, "div", "mss-problems-box")?;
    attrs(&problems, &[("data-users-problems", "")])?;

    let me = page.me.clone();
    let pressed = toggle.clone();
    on(&toggle, "click", move |_| {
        let resume = pressed.get_attribute("data-action").as_deref() == Some("users-resume");
        with(&me, |page, users| {
            if let Some(active) = users.run.active.as_mut() {
                if resume {
                    active.run.resume(now_ms());
                } else {
                    active.run.pause(now_ms());
                }
            }
            pump(page, users);
        });
    });
    let me = page.me.clone();
    on(&cancel, "click", move |_| {
        with(&me, |page, users| {
            if let Some(active) = users.run.active.as_mut() {
                active.run.cancel(now_ms());
                active.timer = None;
            }
            persist(users);
            pump(page, users);
        });
    });
    let me = page.me.clone();
    on(&report, "click", move |_| {
        with(&me, download_run);
    });
    users.run.refs = Some(Panel {
        bar,
        segments,
        counts: [created, skipped, failed, invalid, remaining, rate],
        state,
        toggle,
        cancel,
        notice,
        problems,
    });
    update(page, users);
    Ok(())
}

/// Shows the engine's progress.
fn update(page: &Page, users: &mut Users) {
    let Some(active) = &users.run.active else {
        return;
    };
    let progress = active.run.progress(now_ms());
    let lang = page.lang;
    // Invalid lines are never sent: their own count, not "failed" before anything went out.
    let failed = progress.failed;
    let summary = tf(
        lang,
        "ui.users.run.summary",
        &[
            ("processed", &progress.processed.to_string()),
            ("total", &progress.total.to_string()),
            ("created", &progress.created.to_string()),
            ("skipped", &progress.skipped.to_string()),
            ("failed", &failed.to_string()),
            ("invalid", &progress.invalid.to_string()),
        ],
    );
    let state_text = state_text(lang, &progress);
    if let Some(panel) = &users.run.refs {
        let total = progress.total.max(1);
        let _ = attrs(
            &panel.bar,
            &[
                ("aria-valuemax", &progress.total.to_string()),
                ("aria-valuenow", &progress.processed.to_string()),
                ("aria-valuetext", &summary),
                ("data-in-flight", &progress.in_flight.to_string()),
            ],
        );
        let not_done = failed + progress.not_sent;
        for (segment, count) in panel.segments.iter().zip([
            progress.created,
            progress.skipped,
            not_done,
            progress.invalid,
        ]) {
            // Hundredths of a percent, in integers (no float formatting in the module).
            let share = count * 10_000 / total;
            // Through the CSSOM: the page's CSP (style-src 'self') refuses style attributes.
            let _ = segment
                .style()
                .set_property("width", &format!("{}.{:02}%", share / 100, share % 100));
        }
        let rate = format!("{}/min", progress.rate_per_minute.round() as u64);
        for (cell, value) in panel.counts.iter().zip([
            progress.created.to_string(),
            progress.skipped.to_string(),
            failed.to_string(),
            progress.invalid.to_string(),
            progress.remaining.to_string(),
            rate,
        ]) {
            cell.set_text_content(Some(&value));
        }
        let state = run_state_name(&progress);
        let _ = attrs(&panel.state, &[("data-run-state", state)]);
        panel.state.set_text_content(Some(&state_text));
        let open = matches!(progress.state, RunState::Running | RunState::Paused);
        let paused = progress.state == RunState::Paused;
        let (action, key) = if paused {
            ("users-resume", "ui.users.run.resume")
        } else {
            ("users-pause", "ui.users.run.pause")
        };
        let _ = attrs(&panel.toggle, &[("data-action", action)]);
        panel.toggle.set_text_content(Some(&t(lang, key)));
        panel.toggle.set_disabled(!open);
        panel.cancel.set_disabled(!open);
        if active.not_saved {
            panel
                .notice
                .set_text_content(Some(&t(lang, "ui.users.run.not_saved")));
            let _ = panel.notice.remove_attribute("hidden");
        } else {
            let _ = panel.notice.set_attribute("hidden", "");
        }
        let _ = problems(page, &panel.problems, active);
    }
    if let Some(start) = import::start_button(users) {
        let _ = if is_active(users) {
            start.set_attribute("data-blocked", "")
        } else if users
            .import
            .file
            .as_ref()
            .is_some_and(|f| !f.import.rows.is_empty())
        {
            start.remove_attribute("data-blocked")
        } else {
            Ok(())
        };
    }
    super::refresh_buttons(page, users);
    speak(users, &progress, &summary, &state_text, lang);
    if let Some(active) = users.run.active.as_mut()
        && active.not_saved
        && !active.not_saved_told
    {
        active.not_saved_told = true;
        super::alert(users, &t(lang, "ui.users.run.not_saved"));
    }
}

/// Speaks a state change at once, and the progress at each quarter.
fn speak(users: &mut Users, progress: &Progress, summary: &str, state_text: &str, lang: Lang) {
    let quarter = (progress.processed * 4)
        .checked_div(progress.total)
        .unwrap_or(4);
    let now = (progress.state, quarter);
    let before = users.run.spoken.replace(now);
    match before {
        Some((state, _)) if state != progress.state => {
            if progress.last_error.is_some() {
                super::alert(users, state_text);
            } else {
                super::say(users, &format!("{state_text} {summary}"));
            }
        }
        Some((_, q)) if q != quarter => super::say(users, summary),
        None => super::say(
            users,
            &format!("{} {summary}", t(lang, "ui.users.run.started")),
        ),
        _ => {}
    }
}

fn run_state_name(progress: &Progress) -> &'static str {
    match progress.state {
        RunState::Running if progress.waiting_until_ms.is_some() => "waiting",
        RunState::Running => "running",
        RunState::Paused if progress.last_error.is_some() => "halted",
        RunState::Paused => "paused",
        RunState::Cancelled => "cancelled",
        RunState::Finished => "finished",
    }
}

/// What the run is doing, in words.
fn state_text(lang: Lang, progress: &Progress) -> String {
    match run_state_name(progress) {
        "waiting" => {
            let seconds = progress
                .waiting_until_ms
                .map_or(0, |until| until.saturating_sub(now_ms()).div_ceil(1_000));
            tf(lang, "ui.users.run.waiting", &[("s", &seconds.to_string())])
        }
        "running" => tf(
            lang,
            "ui.users.run.running",
            &[("n", &progress.concurrency.to_string())],
        ),
        "halted" => {
            let detail = progress
                .last_error
                .as_ref()
                .map(|e| error_text(lang, &e.code, &e.message))
                .unwrap_or_default();
            tf(lang, "ui.users.run.halted", &[("detail", &detail)])
        }
        "paused" => t(lang, "ui.users.run.paused"),
        "cancelled" => t(lang, "ui.users.run.cancelled"),
        _ => t(lang, "ui.users.run.finished"),
    }
}

/// The failed lines so far (the first 50), with Mimecast's code and message.
fn problems(page: &Page, target: &Element, active: &Active) -> DomResult {
    crate::dom::clear(target);
    let failed: Vec<_> = active
        .run
        .results()
        .into_iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    let b = &page.b;
    b.child_text(
        target,
        "p",
        "mss-label",
        &t(page.lang, "ui.users.run.problems"),
    )?;
    let list = b.child(target, "ul", "mss-findings")?;
    for result in failed.iter().take(50) {
        let text = tf(
            page.lang,
            "ui.users.run.problem",
            &[
                ("line", &result.line.to_string()),
                ("email", &result.email_address),
                ("code", result.code.as_deref().unwrap_or("")),
                (
                    "message",
                    &error_text(
                        page.lang,
                        result.code.as_deref().unwrap_or(""),
                        result.message.as_deref().unwrap_or(""),
                    ),
                ),
            ],
        );
        let li = b.child_text(&list, "li", "mss-finding sev-error", &text)?;
        attrs(&li, &[("data-line", &result.line.to_string())])?;
    }
    Ok(())
}
