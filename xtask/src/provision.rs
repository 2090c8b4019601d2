//! `cargo xtask provision`: creates the users of a CSV file through a running Worker's
//! `POST /api/v1/mimecast/users:batch`, driven by the core's bulk-run engine (the same
//! `BulkRun` state machine the page drives in the browser), with real threads and a real clock.
//!
//! It is the native driver of the 1,000-user end-to-end test (`tests/e2e/worker-users.test.mjs`)
//! and of `cargo xtask bench`, and a way to provision from a script. Prints one JSON summary on
//! stdout (per-line outcomes, counts, time); never prints a password. The bearer token comes from
//! the `PROXY_TOKEN` environment variable, if set.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mimecast_sso_core::Coded;
use mimecast_sso_core::provisioning::{
    BulkRun, CsvLimits, LineResult, Progress, RandomUnavailable, RunConfig, SavedOutcome, Step,
    read_csv,
};
use serde::Serialize;

use crate::Result;
use crate::http_client;

const USAGE: &str = "usage: cargo xtask provision --worker http://127.0.0.1:PORT --csv FILE \
[--report FILE] [--saved FILE] [--batch-size N] [--max-in-flight N] [--timeout-secs N]";

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Worker's origin, `http://127.0.0.1:PORT`.
    pub worker: String,
    /// The users' CSV file.
    pub csv: PathBuf,
    /// Where to write the CSV report (it holds generated passwords).
    pub report: Option<PathBuf>,
    /// Saved outcomes: restored from this file when it exists, written back at the end.
    pub saved: Option<PathBuf>,
    /// The engine's settings.
    pub config: RunConfig,
    /// Longest the whole run may take.
    pub timeout: Duration,
}

/// What a run did (JSON, camelCase).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The final counts.
    pub progress: Progress,
    /// Every line's outcome.
    pub results: Vec<LineResult>,
    /// Lines restored from saved outcomes.
    pub restored: usize,
    /// Wall time, in milliseconds.
    pub elapsed_ms: u64,
    /// Batch calls made, by HTTP status (0: no answer).
    pub statuses: BTreeMap<u16, u64>,
}

/// `cargo xtask provision …`: runs and prints the summary as JSON.
pub fn run(args: &[String]) -> Result {
    let options = parse_args(args)?;
    let token = std::env::var("PROXY_TOKEN").ok().filter(|t| !t.is_empty());
    let summary = provision(&options, token.as_deref())?;
    let json = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
    println!("{json}");
    match &summary.progress.last_error {
        Some(error) => Err(format!(
            "the run halted: {} ({})",
            error.message, error.code
        )),
        None => Ok(()),
    }
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut options = Options {
        worker: String::new(),
        csv: PathBuf::new(),
        report: None,
        saved: None,
        config: RunConfig::default(),
        timeout: Duration::from_secs(600),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| USAGE.to_owned())?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number\n{USAGE}"))
        };
        match flag.as_str() {
            "--worker" => options.worker = value.trim_end_matches('/').to_owned(),
            "--csv" => options.csv = PathBuf::from(value),
            "--report" => options.report = Some(PathBuf::from(value)),
            "--saved" => options.saved = Some(PathBuf::from(value)),
            "--batch-size" => options.config.batch_size = number()? as usize,
            "--max-in-flight" => options.config.max_in_flight = number()? as usize,
            "--timeout-secs" => options.timeout = Duration::from_secs(number()?),
            _ => return Err(USAGE.to_owned()),
        }
    }
    if options.worker.is_empty() || options.csv.as_os_str().is_empty() {
        return Err(USAGE.to_owned());
    }
    if !options.worker.starts_with("http://") {
        return Err(format!(
            "--worker {}: only plain http:// origins (a local `wrangler dev`): the client has no \
             TLS\n{USAGE}",
            options.worker
        ));
    }
    Ok(options)
}

/// Random bytes from the operating system's CSPRNG.
fn fill_random(bytes: &mut [u8]) -> std::result::Result<(), RandomUnavailable> {
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(bytes))
        .map_err(|_| RandomUnavailable)
}

/// Runs the file through the Worker to the end (or until the engine halts or time runs out).
pub fn provision(options: &Options, token: Option<&str>) -> Result<Summary> {
    let bytes =
        std::fs::read(&options.csv).map_err(|e| format!("{}: {e}", options.csv.display()))?;
    let import = read_csv(&bytes, CsvLimits::default())
        .map_err(|f| format!("{}: {} ({})", options.csv.display(), f.message, f.code))?;
    let mut run = BulkRun::from_import(&import, &mut fill_random, options.config.clone())
        .map_err(|e| format!("/dev/urandom: {e} ({})", e.code()))?;
    let restored = match options.saved.as_ref().and_then(|p| std::fs::read(p).ok()) {
        Some(saved) => {
            let saved: Vec<SavedOutcome> =
                serde_json::from_slice(&saved).map_err(|e| format!("saved outcomes: {e}"))?;
            run.restore(&saved)
        }
        None => 0,
    };
    let url = format!("{}/api/v1/mimecast/users:batch", options.worker);
    let authorization = token.map(|t| format!("Bearer {t}"));
    let started = Instant::now();
    let now = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (answers, inbox) = mpsc::channel::<(u64, http_client::Reply)>();
    let mut statuses: BTreeMap<u16, u64> = BTreeMap::new();
    loop {
        if started.elapsed() > options.timeout {
            run.cancel(now());
            return Err(format!(
                "the run did not finish within {} s",
                options.timeout.as_secs()
            ));
        }
        let wait_for = match run.next(now()) {
            Step::Send(batch) => {
                let (url, answers) = (url.clone(), answers.clone());
                let authorization = authorization.clone();
                std::thread::spawn(move || {
                    let mut headers = vec![("content-type", "application/json")];
                    if let Some(value) = authorization.as_deref() {
                        headers.push(("authorization", value));
                    }
                    let reply = http_client::post(
                        &url,
                        &headers,
                        batch.body.as_bytes(),
                        Duration::from_secs(120),
                    )
                    .unwrap_or(http_client::Reply {
                        status: 0,
                        retry_after: None,
                        body: Vec::new(),
                    });
                    let _ = answers.send((batch.id, reply));
                });
                continue;
            }
            Step::Wait { until_ms } => Duration::from_millis(until_ms.saturating_sub(now())),
            Step::AwaitResponses => Duration::from_secs(1),
            Step::Paused | Step::Finished => break,
        };
        if let Ok((id, reply)) = inbox.recv_timeout(wait_for) {
            *statuses.entry(reply.status).or_default() += 1;
            run.record_response(
                id,
                reply.status,
                &reply.body,
                reply.retry_after.as_deref(),
                now(),
            );
        }
    }
    if let Some(path) = &options.report {
        std::fs::write(path, run.report_csv()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &options.saved {
        let saved = serde_json::to_vec(&run.saved_outcomes()).map_err(|e| e.to_string())?;
        std::fs::write(path, saved).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(Summary {
        progress: run.progress(now()),
        results: run.results(),
        restored,
        elapsed_ms: now(),
        statuses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(worker: &str) -> Vec<String> {
        ["--worker", worker, "--csv", "users.csv"]
            .iter()
            .map(|a| (*a).to_owned())
            .collect()
    }

    #[test]
    fn only_a_plain_http_worker_origin_is_accepted() {
        let options = parse_args(&args("http://127.0.0.1:8787/")).expect("http origin");
        assert_eq!(options.worker, "http://127.0.0.1:8787");
        let refused = parse_args(&args("https://helper.example"))
            .err()
            .unwrap_or_default();
        assert!(refused.starts_with("--worker https://helper.example: only plain http://"));
    }
}
