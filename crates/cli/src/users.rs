//! `mimecast-sso users create`: the library's provisioning run with a progress display, Ctrl-C
//! handling, and a summary (text, or the JSON summary with `--json`) and exit code at the end.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use mimecast_sso::provision::{self, End, Finished, Options, ProvisionError};
use mimecast_sso::token;
use mimecast_sso::worker::{CALL_TIMEOUT, Client, Trust};
use mimecast_sso_core::provisioning::{LineResult, Outcome, RunConfig};

use crate::args::CreateArgs;
use crate::exit::Exit;
use crate::input;
use crate::progress::Display;

/// Lines of each kind (failed, invalid) the text summary lists; the report has them all.
const LINES_SHOWN: usize = 10;

/// Runs `users create`.
pub fn create(args: CreateArgs) -> Exit {
    let token = match token::resolve(args.token_file.as_deref()) {
        Ok(token) => token,
        Err(error) => return fail(&error, Exit::File),
    };
    let mut trust = Trust::default();
    if let Some(path) = &args.ca_cert {
        let added = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|pem| trust.add_pem(&pem).map_err(|e| e.to_string()));
        if let Err(reason) = added {
            return fail(
                &format!("--ca-cert {}: {reason}", path.display()),
                Exit::File,
            );
        }
    }
    let client = Client::new(args.worker.clone(), token.as_ref(), &trust, CALL_TIMEOUT);
    let options = Options {
        csv: args.csv.clone(),
        report: args.report.clone(),
        saved: args.saved.clone(),
        config: RunConfig {
            batch_size: usize::from(args.batch_size),
            max_in_flight: usize::from(args.max_in_flight),
            region: args.region.map(|r| r.code().to_owned()),
            ..RunConfig::default()
        },
        list_existing: !args.no_list_existing,
        deadline: None,
    };

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let handler = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: quit now, without waiting for the calls in flight.
            std::process::exit(i32::from(Exit::Interrupted.code()));
        }
    });
    if let Err(error) = handler {
        eprintln!("mimecast-sso: warning: Ctrl-C will quit without writing the report ({error})");
    }

    let mut display = Display::new(std::io::stderr().is_terminal(), args.batch_size);
    let result = provision::provision(&client, &options, &stop, &mut |event| {
        display.show(event);
    });
    display.finish();
    let finished = match result {
        Ok(finished) => finished,
        Err(error) => return fail(&error, exit_for_error(&error)),
    };
    if args.json {
        match serde_json::to_string(&finished.summary) {
            Ok(json) => input::print(&format!("{json}\n")),
            Err(error) => eprintln!("mimecast-sso: the summary could not be written: {error}"),
        }
    } else {
        input::print(&summary_text(&finished));
    }
    for error in &finished.file_errors {
        eprintln!("mimecast-sso: {error}");
    }
    if finished.report.is_none()
        && options.report.is_none()
        && finished.summary.progress.created > 0
        && finished.generated_passwords > 0
    {
        eprintln!(
            "mimecast-sso: note: no --report: the {} generated passwords were not kept (users \
             who sign in with SAML do not need them; reset one in Mimecast if needed)",
            finished.generated_passwords
        );
    }
    exit_for(&finished)
}

fn fail(error: &dyn std::fmt::Display, exit: Exit) -> Exit {
    eprintln!("mimecast-sso: {error}");
    exit
}

fn exit_for_error(error: &ProvisionError) -> Exit {
    match error {
        ProvisionError::Unreachable(_) | ProvisionError::NotAuthorized(_) => Exit::Worker,
        ProvisionError::Csv(_) | ProvisionError::File(_) => Exit::File,
        _ => Exit::Stopped,
    }
}

/// The exit code of a run that started.
pub fn exit_for(finished: &Finished) -> Exit {
    let p = &finished.summary.progress;
    match &finished.end {
        End::Stopped => Exit::Interrupted,
        end if end.is_worker_unreachable_or_refused() => Exit::Worker,
        End::Halted { .. } | End::TimedOut => Exit::Stopped,
        _ if !finished.file_errors.is_empty() => Exit::File,
        _ if p.failed + p.not_sent + p.remaining > 0 => Exit::Negative,
        _ => Exit::Success,
    }
}

/// The text summary: counts, time, where the report is, the first failed and invalid lines, and
/// why the run stopped.
pub fn summary_text(finished: &Finished) -> String {
    let summary = &finished.summary;
    let p = &summary.progress;
    let secs = summary.elapsed_ms as f64 / 1000.0;
    let mut text = format!(
        "{} lines: {} created, {} already in Mimecast, {} failed, {} invalid",
        p.total, p.created, p.skipped, p.failed, p.invalid
    );
    if p.not_sent > 0 {
        text.push_str(&format!(", {} not sent", p.not_sent));
    }
    if p.remaining > 0 {
        text.push_str(&format!(", {} not done", p.remaining));
    }
    text.push_str(&format!(" ({secs:.1} s"));
    if summary.restored > 0 {
        text.push_str(&format!(
            "; {} done in an earlier run, from the saved outcomes",
            summary.restored
        ));
    }
    text.push_str(").\n");
    if let Some(report) = &finished.report {
        text.push_str(&format!("Report: {}", report.display()));
        if finished.generated_passwords > 0 {
            text.push_str(&format!(
                " (holds {} generated passwords: keep it safe, delete it once handed over)",
                finished.generated_passwords
            ));
        }
        text.push('\n');
    }
    for (outcome, title) in [(Outcome::Failed, "Failed"), (Outcome::Invalid, "Invalid")] {
        text.push_str(&lines_of(&summary.results, outcome, title));
    }
    if let Some(error) = &p.last_error {
        text.push_str(&format!(
            "The run stopped: {} ({})\n",
            error.message, error.code
        ));
    }
    if let End::Halted {
        transport: Some(transport),
        ..
    } = &finished.end
    {
        text.push_str(&format!("Last connection error: {transport}\n"));
    }
    match &finished.end {
        End::Stopped => text.push_str("Interrupted: the users still queued were not sent.\n"),
        End::TimedOut => text.push_str("Out of time: the users still queued were not sent.\n"),
        _ => {}
    }
    if let End::Halted { status, .. } = &finished.end {
        text.push_str(match status {
            0 => "The Worker could not be reached: check the network and the Worker's address.\n",
            401 | 403 | 300..=399 => {
                "The Worker refused the credential: set PROXY_TOKEN or give --token-file.\n"
            }
            _ => "Fix what the message says (the Worker's or Mimecast's settings) first.\n",
        });
    }
    if p.remaining + p.not_sent > 0 {
        text.push_str(
            "Run the same command again to go on (with --saved FILE, lines already done are not \
             sent again; users already in Mimecast are listed and left out anyway).\n",
        );
    }
    text
}

fn lines_of(results: &[LineResult], outcome: Outcome, title: &str) -> String {
    let lines: Vec<&LineResult> = results.iter().filter(|r| r.outcome == outcome).collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut text = format!("{title} lines ({}):\n", lines.len());
    for r in lines.iter().take(LINES_SHOWN) {
        // An invalid line's "address" is whatever its first cell held (a shifted row may put a
        // password there): the line number says where it is.
        let address = match outcome {
            Outcome::Invalid => String::new(),
            _ => format!("{}: ", r.email_address),
        };
        text.push_str(&format!(
            "  line {}: {address}{} ({})\n",
            r.line,
            r.message.as_deref().unwrap_or(""),
            r.code.as_deref().unwrap_or("")
        ));
    }
    if lines.len() > LINES_SHOWN {
        text.push_str(&format!(
            "  … and {} more: see the report\n",
            lines.len() - LINES_SHOWN
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use mimecast_sso::provision::Summary;
    use mimecast_sso_core::provisioning::{BulkRun, RunConfig};

    use super::*;

    fn finished(end: End, set: impl FnOnce(&mut Summary)) -> Finished {
        let mut summary = Summary {
            progress: BulkRun::new(Vec::new(), Vec::new(), RunConfig::default()).progress(0),
            results: Vec::new(),
            restored: 0,
            elapsed_ms: 1_500,
            statuses: BTreeMap::new(),
        };
        summary.progress.total = 3;
        set(&mut summary);
        Finished {
            summary,
            end,
            listed: Vec::new(),
            skipped_existing: 0,
            generated_passwords: 0,
            report: None,
            file_errors: Vec::new(),
        }
    }

    fn line(line: u32, outcome: Outcome, code: &str) -> LineResult {
        LineResult {
            line,
            email_address: format!("user{line}@example.com"),
            outcome,
            code: Some(code.to_owned()),
            message: Some(format!("message {line}")),
        }
    }

    #[test]
    fn the_exit_code_says_how_the_run_ended() {
        let done = |s: &mut Summary| s.progress.created = 3;
        assert_eq!(exit_for(&finished(End::Finished, done)), Exit::Success);
        let one_failed = |s: &mut Summary| {
            s.progress.created = 2;
            s.progress.failed = 1;
        };
        assert_eq!(
            exit_for(&finished(End::Finished, one_failed)),
            Exit::Negative
        );
        let invalid_only = |s: &mut Summary| {
            s.progress.created = 2;
            s.progress.invalid = 1;
        };
        assert_eq!(
            exit_for(&finished(End::Finished, invalid_only)),
            Exit::Success
        );
        for (status, exit) in [
            (0, Exit::Worker),
            (403, Exit::Worker),
            (302, Exit::Worker),
            (502, Exit::Stopped),
        ] {
            let end = End::Halted {
                status,
                transport: None,
            };
            assert_eq!(exit_for(&finished(end, |_| {})), exit, "status {status}");
        }
        assert_eq!(exit_for(&finished(End::Stopped, |_| {})), Exit::Interrupted);
        assert_eq!(exit_for(&finished(End::TimedOut, |_| {})), Exit::Stopped);
    }

    #[test]
    fn the_summary_lists_counts_the_report_and_the_lines_that_need_attention() {
        let mut run = finished(End::Finished, |s| {
            s.progress.created = 1;
            s.progress.failed = 1;
            s.progress.invalid = 1;
            s.results = vec![
                line(2, Outcome::Created, ""),
                line(3, Outcome::Failed, "err_domain_not_registered"),
                line(4, Outcome::Invalid, "user.domain_missing"),
            ];
        });
        run.report = Some(PathBuf::from("report.csv"));
        run.generated_passwords = 1;
        let text = summary_text(&run);
        assert!(text.starts_with(
            "3 lines: 1 created, 0 already in Mimecast, 1 failed, 1 invalid (1.5 s).\n"
        ));
        assert!(text.contains("Report: report.csv (holds 1 generated passwords"));
        assert!(text.contains(
            "Failed lines (1):\n  line 3: user3@example.com: message 3 (err_domain_not_registered)\n"
        ));
        assert!(text.contains("Invalid lines (1):\n  line 4: message 4 (user.domain_missing)\n"));
        assert!(!text.contains("line 2:"));
    }
}
