//! What `cargo xtask load` prints and keeps: a table per run, then all runs, what the proxy adds to
//! the direct call's latency, the checks, and `target/load/report.md` + `report.json`.

use std::path::Path;

use serde_json::{Value, json};

use super::checks::Check;
use super::wrk::{self, Measured};
use super::{Outcome, Server};
use crate::Result;

/// The terminal table's header.
const HEADER: &str = "run      conns  secs  load   requests     req/s   p50 ms   p90 ms   p99 ms   max ms  \
                      statuses / socket errors";

/// Prints one run's row under the header, and the simulator's side of it.
pub fn print_run(outcome: &Outcome) {
    println!("\n{HEADER}");
    println!("{}", row(outcome));
    if let Some(line) = simulator_line(outcome) {
        println!("  {line}");
    }
}

/// Prints every run, the proxy's added latency and the checks; writes the reports into `dir`.
pub fn finish(dir: &Path, divisor: u64, outcomes: &[Outcome], checks: &[Check]) -> Result {
    println!("\n==> load: all runs (wrk -t2, loopback)\n{HEADER}");
    for outcome in outcomes {
        println!("{}", row(outcome));
    }
    let added = proxy_added(outcomes);
    if let Some((p50, p99)) = added {
        println!(
            "proxy's added latency (Worker -> simulator minus simulator directly): p50 {p50:+.2} ms, p99 {p99:+.2} ms"
        );
    }
    for check in checks {
        let verdict = if check.pass { "PASS" } else { "FAIL" };
        let detail = if check.detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", check.detail)
        };
        println!("{verdict}: {}{detail}", check.name);
    }
    let md = dir.join("report.md");
    let json_path = dir.join("report.json");
    std::fs::write(&md, markdown(divisor, outcomes, added, checks))
        .map_err(|e| format!("{}: {e}", md.display()))?;
    let text = serde_json::to_string_pretty(&document(divisor, outcomes, added, checks))
        .map_err(|e| e.to_string())?;
    std::fs::write(&json_path, text + "\n").map_err(|e| format!("{}: {e}", json_path.display()))?;
    println!("load: wrote {} and {}", md.display(), json_path.display());
    Ok(())
}

/// `wrk`'s socket errors as `connect 1, timeout 2`, or `none`.
pub fn socket_errors(m: &Measured) -> String {
    let parts: Vec<String> = [
        ("connect", m.connect),
        ("read", m.read),
        ("write", m.write),
        ("timeout", m.timeout),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(name, n)| format!("{name} {n}"))
    .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Answers by status as `200: 12, 429: 3`.
pub fn statuses(m: &Measured) -> String {
    let parts: Vec<String> = m
        .statuses
        .iter()
        .map(|(status, n)| format!("{status}: {n}"))
        .collect();
    parts.join(", ")
}

fn row(o: &Outcome) -> String {
    let m = &o.measured;
    format!(
        "{:<8} {:>5} {:>5} {:>5.1} {:>10} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.1}  {} / {}{}",
        o.run.slug,
        o.run.connections,
        o.secs,
        o.load,
        m.requests,
        m.rate(),
        m.p50,
        m.p90,
        m.p99,
        m.max,
        statuses(m),
        socket_errors(m),
        died(o)
    )
}

/// A mark for a run during which the Worker stopped answering.
fn died(o: &Outcome) -> &'static str {
    if o.worker_died {
        " / the Worker stopped answering"
    } else {
        ""
    }
}

fn simulator_line(o: &Outcome) -> Option<String> {
    let s = o.simulator?;
    Some(format!(
        "simulator during the run: {} /api calls, {} answered 429, {} answered 500, {} refused \
         for credentials",
        s.requests, s.rate_limited, s.server_errors, s.auth_failures
    ))
}

/// The proxied call's p50 and p99 minus the direct call's, in milliseconds.
fn proxy_added(outcomes: &[Outcome]) -> Option<(f64, f64)> {
    let find = |server| outcomes.iter().find(|o| o.run.server == server);
    let (proxied, direct) = (
        &find(Server::Proxy)?.measured,
        &find(Server::Simulator)?.measured,
    );
    Some((proxied.p50 - direct.p50, proxied.p99 - direct.p99))
}

fn conditions(divisor: u64) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{}, `-t2`, `--timeout 10s`, {cores} cores shared by wrk, workerd (`wrangler dev --local`) \
         and the simulator (a debug build), and by whatever else runs (the `load` column: the \
         1-minute load average as each run started); all on 127.0.0.1{}. Static file without \
         `Accept-Encoding` (the file as stored).",
        wrk::version(),
        if divisor > 1 {
            format!("; `--quick`: durations / {divisor}")
        } else {
            String::new()
        }
    )
}

fn markdown(
    divisor: u64,
    outcomes: &[Outcome],
    added: Option<(f64, f64)>,
    checks: &[Check],
) -> String {
    let mut text = format!(
        "# cargo xtask load\n\n{}\n\n| run | what | connections | s | load | requests | req/s | \
         p50 ms | p90 ms | p99 ms | max ms | statuses | socket errors |\n\
         |---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n",
        conditions(divisor)
    );
    for o in outcomes {
        let m = &o.measured;
        text.push_str(&format!(
            "| {} | {}, `{} {}` | {} | {} | {:.1} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1} | {} | {}{} |\n",
            o.run.slug,
            o.run.label,
            o.run.method,
            o.path,
            o.run.connections,
            o.secs,
            o.load,
            m.requests,
            m.rate(),
            m.p50,
            m.p90,
            m.p99,
            m.max,
            statuses(m),
            socket_errors(m),
            died(o)
        ));
    }
    text.push('\n');
    for line in outcomes
        .iter()
        .filter_map(|o| simulator_line(o).map(|l| format!("- {}: {l}\n", o.run.slug)))
    {
        text.push_str(&line);
    }
    if let Some((p50, p99)) = added {
        text.push_str(&format!(
            "\nThe proxy's added latency (proxied minus direct, 50 connections each): p50 {p50:+.2} ms, \
             p99 {p99:+.2} ms.\n"
        ));
    }
    text.push_str("\n## Checks\n\n");
    for c in checks {
        text.push_str(&format!(
            "- {}: {}{}\n",
            if c.pass { "PASS" } else { "FAIL" },
            c.name,
            if c.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.detail)
            }
        ));
    }
    text
}

fn document(
    divisor: u64,
    outcomes: &[Outcome],
    added: Option<(f64, f64)>,
    checks: &[Check],
) -> Value {
    let runs: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            let m = &o.measured;
            let statuses: serde_json::Map<String, Value> = m
                .statuses
                .iter()
                .map(|(s, n)| (s.to_string(), json!(n)))
                .collect();
            json!({
                "run": o.run.slug,
                "what": o.run.label,
                "method": o.run.method,
                "path": o.path,
                "connections": o.run.connections,
                "durationS": o.secs,
                "loadAverage": o.load,
                "workerStoppedAnswering": o.worker_died,
                "measuredS": m.secs,
                "requests": m.requests,
                "requestsPerS": m.rate(),
                "bytes": m.bytes,
                "latencyMs": { "p50": m.p50, "p90": m.p90, "p99": m.p99, "max": m.max, "mean": m.mean },
                "statuses": statuses,
                "socketErrors": { "connect": m.connect, "read": m.read, "write": m.write, "timeout": m.timeout },
                "simulator": o.simulator.map(|s| json!({
                    "requests": s.requests,
                    "rateLimited": s.rate_limited,
                    "serverErrors": s.server_errors,
                    "authFailures": s.auth_failures,
                })),
            })
        })
        .collect();
    json!({
        "conditions": conditions(divisor),
        "quick": divisor > 1,
        "threads": wrk::THREADS,
        "runs": runs,
        "proxyAddedMs": added.map(|(p50, p99)| json!({ "p50": p50, "p99": p99 })),
        "checks": checks.iter().map(|c| json!({ "check": c.name, "pass": c.pass, "detail": c.detail })).collect::<Vec<_>>(),
    })
}
