//! `cargo xtask load`: the local stack ([`local::start_stack`]: the Mimecast API simulator and the
//! Worker under `wrangler dev`) under load from wrk, on loopback only and bounded in time (each run
//! has its duration; wrk is stopped 30 s past it; the stack starts within 60 s or not at all).
//!
//! Runs, with `wrk -t2` (the machines have two cores, which wrk shares with workerd, wrangler's
//! node and the simulator, so the figures are the local stack's, not Cloudflare's): a static file
//! (the hashed `/pkg/style.<hash>.css`) and `GET /api/v1/health`, 200 connections × 60 s; the
//! proxied `POST /api/v1/mimecast/get-account` (a read-only call, admitted by
//! `LOCAL_DEV_AUTH=loopback`) and the same call made directly to the simulator with its own token,
//! 50 connections × 30 s, whose latencies' difference is what the proxy adds (when the proxied run
//! saturates the stack, that difference is mostly queueing: connections / throughput). `--quick`
//! divides every duration by 6. Writes `target/load/report.md` and `report.json`, and fails when a
//! check fails ([`checks`]).
//!
//! Why not `GET /`: under `wrangler dev` (4.86.0) every 4 KiB chunk of a response becomes a
//! devtools `Network.dataReceived` event that wrangler's inspector proxy forwards to node, so the
//! 52 KB page ran at about 20 requests/s on two cores (load average 10 from other work), and at 200
//! connections wrangler's ProxyWorker lost its connection to the Worker ("Network connection
//! lost", "Error inside ProxyWorker") and wrangler exited within seconds, three times in three. A
//! Worker that stops answering is restarted before the next run and the run is marked.

mod checks;
mod report;
mod wrk;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mimecast_sso::token::Token;
use mimecast_sso::worker::{Client, Origin, Trust};
use serde_json::Value;

use crate::process::step;
use crate::{Result, build, local, root, setup};

/// `--quick` divides every duration by this.
const QUICK_DIVISOR: u64 = 6;

/// Set by Ctrl-C (or SIGTERM): the running wrk is stopped and the stack with it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What answers a run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Server {
    /// The Worker alone (static files, health).
    Worker,
    /// The Worker, which calls the simulator.
    Proxy,
    /// The simulator, called directly.
    Simulator,
}

/// One load run.
struct Run {
    /// Name of its files in `target/load/` and key in `report.json`.
    slug: &'static str,
    /// What it asks for.
    label: &'static str,
    server: Server,
    method: &'static str,
    /// The path; a `*` stands for the content hash of a file in `www/pkg/`.
    path: &'static str,
    body: Option<&'static str>,
    connections: u32,
    /// Seconds of a full run.
    secs: u64,
}

/// The runs, in order.
const RUNS: [Run; 4] = [
    Run {
        slug: "static",
        label: "static file, hashed name (Worker + ASSETS)",
        server: Server::Worker,
        method: "GET",
        path: "/pkg/style.*.css",
        body: None,
        connections: 200,
        secs: 60,
    },
    Run {
        slug: "health",
        label: "health (Worker)",
        server: Server::Worker,
        method: "GET",
        path: "/api/v1/health",
        body: None,
        connections: 200,
        secs: 60,
    },
    Run {
        slug: "proxied",
        label: "get-account through the proxy (Worker -> simulator)",
        server: Server::Proxy,
        method: "POST",
        path: "/api/v1/mimecast/get-account",
        body: Some("{}"),
        connections: 50,
        secs: 30,
    },
    Run {
        slug: "direct",
        label: "get-account, simulator directly",
        server: Server::Simulator,
        method: "POST",
        path: "/api/account/get-account",
        body: Some(r#"{"data":[]}"#),
        connections: 50,
        secs: 30,
    },
];

/// The simulator's counters over one run (from `GET /__sim/stats` before and after).
#[derive(Clone, Copy, Default)]
struct SimCalls {
    requests: u64,
    rate_limited: u64,
    server_errors: u64,
    auth_failures: u64,
}

/// One run and its figures.
struct Outcome {
    run: &'static Run,
    /// The path requested (`*` resolved).
    path: String,
    /// Seconds asked of wrk.
    secs: u64,
    /// The 1-minute load average when the run started (other work on the machine shows here).
    load: f64,
    measured: wrk::Measured,
    /// The simulator's side, for runs that reach it.
    simulator: Option<SimCalls>,
    /// The Worker did not answer `GET /api/v1/health` after the run (wrangler dev had exited).
    worker_died: bool,
}

/// `cargo xtask load [--quick]`: setup (which installs wrk), build the Worker and the simulator,
/// then measure. The page is built (minutes) only when `www/pkg/` has no file for the static run:
/// that run needs a file of the right kind, not the newest page.
pub fn run(args: &[String]) -> Result {
    let divisor = match args {
        [] => 1,
        [flag] if flag == "--quick" => QUICK_DIVISOR,
        _ => return Err("usage: cargo xtask load [--quick]".to_owned()),
    };
    setup::run()?;
    if RUNS.iter().any(|run| resolve(run.path).is_err()) {
        build::web()?;
    }
    build::worker()?;
    build::simulator()?;
    measure(divisor)
}

/// Starts the stack, makes every run (durations divided by `divisor`), reports and checks. A stack
/// whose Worker stopped answering is replaced before the next run.
fn measure(divisor: u64) -> Result {
    ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::Release))
        .map_err(|e| format!("could not install the Ctrl-C handler: {e}"))?;
    let dir = root().join("target/load");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut stack = None;
    let mut outcomes = Vec::new();
    for run in &RUNS {
        let current: &local::Stack = match stack {
            Some(ref s) => s,
            None => {
                step("load: starting the simulator and the Worker (wrangler dev)");
                stack.insert(local::start_stack()?)
            }
        };
        let outcome = once(run, current, divisor, &dir)?;
        report::print_run(&outcome);
        if outcome.worker_died {
            println!(
                "load: the Worker stopped answering during this run (wrangler dev exited; its log \
                 is the newest file in ~/.config/.wrangler/logs/); a new stack serves the next run"
            );
            stack = None;
        }
        outcomes.push(outcome);
    }
    drop(stack);
    let checks = checks::all(&outcomes);
    report::finish(&dir, divisor, &outcomes, &checks)?;
    let failed = checks.iter().filter(|c| !c.pass).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("load: {failed} check(s) failed"))
    }
}

/// One run against `stack`.
fn once(
    run: &'static Run,
    stack: &local::Stack,
    divisor: u64,
    dir: &std::path::Path,
) -> Result<Outcome> {
    let secs = (run.secs / divisor).max(1);
    let path = resolve(run.path)?;
    step(&format!(
        "load: {}, {} {path}, {} connections x {secs} s",
        run.label, run.method, run.connections
    ));
    let origin = match run.server {
        Server::Worker | Server::Proxy => &stack.worker_url,
        Server::Simulator => &stack.simulator_url,
    };
    let sim = client(&stack.simulator_url, None, 30)?;
    let authorization = prepare(run, &path, origin, &sim)?;
    let before = stats(&sim, run)?;
    let mut headers = Vec::new();
    if run.body.is_some() {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    if let Some(value) = authorization {
        headers.push(("Authorization", value));
    }
    let spec = wrk::Spec {
        url: format!("{origin}{path}"),
        method: run.method,
        headers,
        body: run.body,
        connections: run.connections,
        secs,
        files: dir.join(run.slug),
    };
    let load = load_average();
    let measured = wrk::run(&spec, &INTERRUPTED)?;
    let worker_died = !answers(&stack.worker_url);
    let simulator = match (before, stats(&sim, run)?) {
        (Some(before), Some(after)) => Some(after.since(before)),
        _ => None,
    };
    Ok(Outcome {
        run,
        path,
        secs,
        load,
        measured,
        simulator,
        worker_died,
    })
}

/// `path` with a `*` replaced by the hash of the one matching file in `www/pkg/`.
fn resolve(path: &str) -> Result<String> {
    let Some((before, after)) = path.split_once('*') else {
        return Ok(path.to_owned());
    };
    let (dir, prefix) = before.rsplit_once('/').unwrap_or(("", before));
    let www = root().join("www").join(dir.trim_start_matches('/'));
    let entries = std::fs::read_dir(&www).map_err(|e| format!("{}: {e}", www.display()))?;
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(prefix) && name.ends_with(after))
        .map(|name| format!("{dir}/{name}"))
        .ok_or_else(|| format!("no {path} in www/ (run `cargo xtask build`)"))
}

/// Whether the Worker answers `GET /api/v1/health` (twice tried, once the load is off).
fn answers(worker_url: &str) -> bool {
    let Ok(worker) = client(worker_url, None, 10) else {
        return false;
    };
    (0..2).any(|_| worker.get("/api/v1/health").is_ok_and(|r| r.status == 200))
}

/// The 1-minute load average, from `/proc/loadavg` (0 where there is none).
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// Readies a run and makes its request once, which must answer 200; gives the `Authorization`
/// value the run sends. Runs that reach the simulator start from a reset simulator; the direct run
/// gets its own API 2.0 token (the Worker, after the reset, refreshes its cached one on the first
/// call, here).
fn prepare(run: &Run, path: &str, origin: &str, sim: &Client) -> Result<Option<String>> {
    let mut token = None;
    if run.server != Server::Worker {
        control(sim, "/__sim/reset", "{}")?;
    }
    if run.server == Server::Simulator {
        token = Some(simulator_token(sim)?);
    }
    let reply = {
        let client = client(origin, token.as_ref(), 30)?;
        match run.body {
            Some(body) => client.post(path, "application/json", body.as_bytes()),
            None => client.get(path),
        }
    }
    .map_err(|e| format!("{} {path}: {e}", run.method))?;
    if reply.status != 200 {
        return Err(format!(
            "{} {path} answered HTTP {} before the run: {}",
            run.method,
            reply.status,
            String::from_utf8_lossy(&reply.body)
        ));
    }
    Ok(token.map(|t| t.authorization()))
}

/// A token from the simulator's `POST /oauth/token`, with its built-in API 2.0 credentials.
fn simulator_token(sim: &Client) -> Result<Token> {
    let secrets: std::collections::BTreeMap<String, String> =
        mimecast_simulator::worker_secrets().into_iter().collect();
    let secret = |name: &str| secrets.get(name).map(String::as_str).unwrap_or("");
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        secret("MIMECAST_CLIENT_ID"),
        secret("MIMECAST_CLIENT_SECRET")
    );
    let reply = sim
        .post(
            "/oauth/token",
            "application/x-www-form-urlencoded",
            form.as_bytes(),
        )
        .map_err(|e| format!("/oauth/token: {e}"))?;
    let json: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    json["access_token"]
        .as_str()
        .and_then(|t| Token::new(t).ok())
        .ok_or_else(|| {
            format!(
                "/oauth/token answered HTTP {} without a token",
                reply.status
            )
        })
}

/// The simulator's counters, for runs that reach it.
fn stats(sim: &Client, run: &Run) -> Result<Option<SimCalls>> {
    if run.server == Server::Worker {
        return Ok(None);
    }
    let reply = sim
        .get("/__sim/stats")
        .map_err(|e| format!("/__sim/stats: {e}"))?;
    let json: Value =
        serde_json::from_slice(&reply.body).map_err(|e| format!("/__sim/stats: {e}"))?;
    let n = |name: &str| json[name].as_u64().unwrap_or(0);
    Ok(Some(SimCalls {
        requests: n("requests"),
        rate_limited: n("rateLimited"),
        server_errors: n("serverErrors"),
        auth_failures: n("authFailures"),
    }))
}

impl SimCalls {
    /// The counts between `before` and now.
    fn since(self, before: Self) -> Self {
        Self {
            requests: self.requests.saturating_sub(before.requests),
            rate_limited: self.rate_limited.saturating_sub(before.rate_limited),
            server_errors: self.server_errors.saturating_sub(before.server_errors),
            auth_failures: self.auth_failures.saturating_sub(before.auth_failures),
        }
    }
}

fn control(sim: &Client, path: &str, body: &str) -> Result {
    let reply = sim
        .post(path, "application/json", body.as_bytes())
        .map_err(|e| format!("{path}: {e}"))?;
    if reply.status == 200 {
        Ok(())
    } else {
        Err(format!("{path}: HTTP {}", reply.status))
    }
}

/// A client of a loopback origin, with `token` if given; each call may take `secs`.
fn client(origin: &str, token: Option<&Token>, secs: u64) -> Result<Client> {
    let parsed = Origin::parse(origin).map_err(|e| format!("{origin}: {e}"))?;
    Ok(Client::new(
        parsed,
        token,
        &Trust::default(),
        Duration::from_secs(secs),
    ))
}
