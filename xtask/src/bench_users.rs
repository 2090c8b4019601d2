//! `cargo xtask bench`, users part: the time to create 1,000 users from a CSV file through the
//! Worker's `users:batch` route (under `wrangler dev`) against the Mimecast API simulator, with the
//! simulator's rate limit off, then on, then with 4 % of its connections closed without an answer,
//! driven by the `mimecast-sso` CLI's library (the run
//! `mimecast-sso users create` makes). Starts and stops its own simulator and Worker.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use mimecast_sso::provision::{End, Options, provision};
use mimecast_sso::worker::{CALL_TIMEOUT, Client, Origin, Trust};
use serde_json::Value;

use crate::local;
use crate::process::step;
use crate::{Result, build, root};

/// Users in the bench file.
const USERS: usize = 1_000;

/// The simulator's rate limit for the "on" run, in calls per second.
const RATE_LIMIT_PER_SECOND: u64 = 50;

/// Builds the Worker and the simulator, then times the two runs.
pub fn run() -> Result {
    build::worker()?;
    build::simulator()?;
    measure()
}

/// Times the two runs against the Worker and the simulator built already.
pub fn measure() -> Result {
    step(&format!(
        "bench: {USERS} users through POST /api/v1/mimecast/users:batch (wrangler dev + simulator)"
    ));
    let stack = local::start_stack()?;
    let (worker_url, sim_url) = (&stack.worker_url, &stack.simulator_url);
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let csv = dir.join("users-1000.csv");
    let mut text = String::from("email,name\n");
    for i in 0..USERS {
        text.push_str(&format!("bench.user{i}@example.com,Bench User {i}\n"));
    }
    std::fs::write(&csv, text).map_err(|e| e.to_string())?;
    let mut clean_secs = None;
    for (label, per_second, flaky) in [
        ("rate limit off".to_owned(), 0, false),
        (
            format!("rate limit on ({RATE_LIMIT_PER_SECOND} calls/s)"),
            RATE_LIMIT_PER_SECOND,
            false,
        ),
        (
            "4 % of upstream connections failing (2 % closed before, 2 % after the call is handled)"
                .to_owned(),
            0,
            true,
        ),
    ] {
        control(sim_url, "/__sim/reset", "{}")?;
        control(
            sim_url,
            "/__sim/rate-limit",
            &format!("{{\"perSecond\":{per_second}}}"),
        )?;
        if flaky {
            control(sim_url, "/__sim/faults", &flaky_faults())?;
        }
        let secs = once(worker_url, sim_url, &csv, &label, flaky)?;
        match (flaky, clean_secs) {
            (false, None) => clean_secs = Some(secs),
            (true, Some(clean)) => println!(
                "users:batch with 4 % of connections failing took {:.2}x the clean run's time (target: at most 2x)",
                secs / clean
            ),
            _ => {}
        }
    }
    Ok(())
}

/// The simulator's fault queue for the flaky run: of every 50 Mimecast calls, one connection is
/// closed before the call is handled and one after (the user is then made, and its answer lost);
/// enough for every call of the run and its retries.
fn flaky_faults() -> String {
    let mut pattern = vec!["{\"kind\":\"pass\"}"; 50];
    pattern[12] = "{\"kind\":\"drop\"}";
    pattern[37] = "{\"kind\":\"drop_after\"}";
    format!("{{\"faults\":[{}],\"repeat\":60}}", pattern.join(","))
}

/// One run; its time in seconds. A `flaky` run may report users made before their answer was lost
/// as existing (with a note), never as failed, and never creates anyone twice.
fn once(worker_url: &str, sim_url: &str, csv: &Path, label: &str, flaky: bool) -> Result<f64> {
    let options = Options {
        deadline: Some(Duration::from_secs(600)),
        ..Options::new(csv)
    };
    let started = Instant::now();
    let finished = provision(
        &client(worker_url)?,
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    let summary = &finished.summary;
    if finished.end != End::Finished {
        return Err(format!("{label}: the run ended early: {:?}", finished.end));
    }
    let stats = control_get(sim_url, "/__sim/stats")?;
    let p = &summary.progress;
    let done = if flaky {
        p.created + p.skipped
    } else {
        p.created
    };
    if done != USERS || stats["maxCreatesPerAddress"].as_u64() != Some(1) {
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
            "{label}: {} created, {} existing, {} failed, {} remaining; expected {USERS} created, \
             each once ({codes:?}; batch answers by HTTP status {:?}; most creates per address {})",
            p.created,
            p.skipped,
            p.failed,
            p.remaining,
            summary.statuses,
            stats["maxCreatesPerAddress"]
        ));
    }
    let calls: u64 = summary.statuses.values().sum();
    println!(
        "users:batch, {USERS} users, {label}: {secs:.1} s ({:.0} users/min); {calls} batch calls; \
         simulator: {} Mimecast calls, {} answered 429, {} connections dropped, {} users, most \
         creates per address {}; report: {} created, {} existing",
        USERS as f64 * 60.0 / secs,
        stats["requests"],
        stats["rateLimited"],
        stats["dropped"],
        stats["users"],
        stats["maxCreatesPerAddress"],
        p.created,
        p.skipped,
    );
    Ok(secs)
}

/// A client of a loopback origin (the Worker under `wrangler dev`, or the simulator), no token.
fn client(origin: &str) -> Result<Client> {
    let origin = Origin::parse(origin).map_err(|e| format!("{origin}: {e}"))?;
    Ok(Client::new(origin, None, &Trust::default(), CALL_TIMEOUT))
}

fn control(sim_url: &str, path: &str, body: &str) -> Result {
    let reply = client(sim_url)?
        .post(path, "application/json", body.as_bytes())
        .map_err(|e| e.to_string())?;
    if reply.status == 200 {
        Ok(())
    } else {
        Err(format!("{path}: HTTP {}", reply.status))
    }
}

fn control_get(sim_url: &str, path: &str) -> Result<Value> {
    let reply = client(sim_url)?.get(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&reply.body).map_err(|e| format!("{path}: {e}"))
}
