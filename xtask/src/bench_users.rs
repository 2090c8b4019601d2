//! `cargo xtask bench`, users part: the time to create 1,000 users from a CSV file through the
//! Worker's `users:batch` route (under `wrangler dev`) against the Mimecast API simulator, with the
//! simulator's rate limit off and then on. Starts and stops its own simulator and Worker.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::process::{self, step};
use crate::provision::{Options, provision};
use crate::tools::{WRANGLER_ENV, npm_bin};
use crate::{Result, build, http_client, root};

/// Users in the bench file.
const USERS: usize = 1_000;

/// The simulator's rate limit for the "on" run, in calls per second.
const RATE_LIMIT_PER_SECOND: u64 = 50;

/// The simulator's built-in credentials (`tests/mimecast-simulator/src/lib.rs`); not secrets.
const SIMULATOR_VARS: &[(&str, &str)] = &[
    ("MIMECAST_API_VERSION", "2"),
    ("MIMECAST_REGION", "eu"),
    ("MIMECAST_CLIENT_ID", "sim-client-id"),
    ("MIMECAST_CLIENT_SECRET", "sim-client-secret"),
    ("LOCAL_DEV_AUTH", "loopback"),
];

/// A child process group, killed when dropped.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let _ = process::output(
            Command::new("kill")
                .args(["-s", "KILL", "--"])
                .arg(format!("-{}", self.0.id())),
        );
        let _ = self.0.wait();
    }
}

/// Builds the Worker and the simulator, then times the two runs.
pub fn run() -> Result {
    build::worker()?;
    build::simulator()?;
    step(&format!(
        "bench: {USERS} users through POST /api/v1/mimecast/users:batch (wrangler dev + simulator)"
    ));
    let (_simulator, sim_url) = start_simulator()?;
    let (_worker, worker_url) = start_worker(&sim_url)?;
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let csv = dir.join("users-1000.csv");
    let mut text = String::from("email,name\n");
    for i in 0..USERS {
        text.push_str(&format!("bench.user{i}@example.com,Bench User {i}\n"));
    }
    std::fs::write(&csv, text).map_err(|e| e.to_string())?;
    for (label, per_second) in [
        ("rate limit off".to_owned(), 0),
        (
            format!("rate limit on ({RATE_LIMIT_PER_SECOND} calls/s)"),
            RATE_LIMIT_PER_SECOND,
        ),
    ] {
        control(&sim_url, "/__sim/reset", "{}")?;
        control(
            &sim_url,
            "/__sim/rate-limit",
            &format!("{{\"perSecond\":{per_second}}}"),
        )?;
        once(&worker_url, &sim_url, &csv, &label)?;
    }
    Ok(())
}

fn once(worker_url: &str, sim_url: &str, csv: &Path, label: &str) -> Result {
    let options = Options {
        worker: worker_url.to_owned(),
        csv: csv.to_path_buf(),
        report: None,
        saved: None,
        config: Default::default(),
        timeout: Duration::from_secs(600),
    };
    let started = Instant::now();
    let summary = provision(&options, None)?;
    let secs = started.elapsed().as_secs_f64();
    let stats = control_get(sim_url, "/__sim/stats")?;
    let p = &summary.progress;
    if p.created != USERS {
        let mut codes = std::collections::BTreeMap::<String, usize>::new();
        for r in summary
            .results
            .iter()
            .filter(|r| r.outcome.as_str() != "created")
        {
            let key = format!("{} {}", r.outcome.as_str(), r.code.as_deref().unwrap_or(""));
            *codes.entry(key).or_default() += 1;
        }
        return Err(format!(
            "{label}: {} created, {} existing, {} failed, {} remaining; expected {USERS} created \
             ({codes:?}; batch answers by HTTP status {:?})",
            p.created, p.skipped, p.failed, p.remaining, summary.statuses
        ));
    }
    let calls: u64 = summary.statuses.values().sum();
    println!(
        "users:batch, {USERS} users, {label}: {secs:.1} s ({:.0} users/min); {calls} batch calls; \
         simulator: {} Mimecast calls, {} answered 429, {} users, most creates per address {}",
        USERS as f64 * 60.0 / secs,
        stats["requests"],
        stats["rateLimited"],
        stats["users"],
        stats["maxCreatesPerAddress"],
    );
    Ok(())
}

fn control(sim_url: &str, path: &str, body: &str) -> Result {
    let reply = http_client::post(
        &format!("{sim_url}{path}"),
        &[("content-type", "application/json")],
        body.as_bytes(),
        Duration::from_secs(5),
    )?;
    if reply.status == 200 {
        Ok(())
    } else {
        Err(format!("{path}: HTTP {}", reply.status))
    }
}

fn control_get(sim_url: &str, path: &str) -> Result<Value> {
    let reply = http_client::get(&format!("{sim_url}{path}"), Duration::from_secs(5))?;
    serde_json::from_slice(&reply.body).map_err(|e| format!("{path}: {e}"))
}

fn start_simulator() -> Result<(Group, String)> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let mut command = Command::new(target.join("debug/mimecast-simulator"));
    command
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .process_group(0);
    process::announce(&command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not start the simulator: {e}"))?;
    let stdout = child.stdout.take();
    let group = Group(child);
    let first = stdout
        .and_then(|out| BufReader::new(out).lines().next())
        .and_then(|l| l.ok())
        .unwrap_or_default();
    let url = first
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://127.0.0.1:"))
        .ok_or_else(|| format!("the simulator did not print its address: `{first}`"))?
        .to_owned();
    Ok((group, url))
}

fn start_worker(sim_url: &str) -> Result<(Group, String)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut command = Command::new(npm_bin("wrangler"));
    command
        .current_dir(root())
        .args(["dev", "--local", "--ip", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .args(["--show-interactive-dev-session=false", "--var"])
        .arg(format!("MIMECAST_BASE_URL:{sim_url}"));
    for (name, value) in SIMULATOR_VARS {
        command.arg("--var").arg(format!("{name}:{value}"));
    }
    command
        .envs(WRANGLER_ENV.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    process::announce(&command);
    let child = command
        .spawn()
        .map_err(|e| format!("could not start wrangler: {e}"))?;
    let group = Group(child);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let health = http_client::get(&format!("{url}/api/v1/health"), Duration::from_secs(2));
        if health.is_ok_and(|r| r.status == 200) {
            return Ok((group, url));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!("wrangler dev did not answer on {url} within 60 s"))
}
