//! `cargo xtask dev`: builds, then serves the helper and the Worker on 127.0.0.1 in local workerd.
//!
//! No Cloudflare account is involved: `wrangler dev --local` runs the Worker in the workerd that npm
//! installed. No Mimecast account either: the Mimecast API simulator runs on a free loopback port and
//! the Worker is pointed at it (`MIMECAST_BASE_URL`, the simulator's credentials, and
//! `LOCAL_DEV_AUTH=loopback` so the proxy routes need no token from 127.0.0.1). The simulator and
//! wrangler share one process group, so Ctrl-C stops all of them.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::process::{self, step};
use crate::tools::{WRANGLER_ENV, npm_bin};
use crate::{Result, build, root, setup};

const DEFAULT_PORT: u16 = 8787;

/// The simulator's built-in credentials (`tests/mimecast-simulator/src/lib.rs`); not secrets.
const SIMULATOR_VARS: &[(&str, &str)] = &[
    ("MIMECAST_API_VERSION", "2"),
    ("MIMECAST_REGION", "eu"),
    ("MIMECAST_CLIENT_ID", "sim-client-id"),
    ("MIMECAST_CLIENT_SECRET", "sim-client-secret"),
    ("MIMECAST_APP_ID", "sim-app-id"),
    ("MIMECAST_APP_KEY", "sim-app-key"),
    ("MIMECAST_ACCESS_KEY", "sim-access-key"),
    (
        "MIMECAST_SECRET_KEY",
        "c2ltdWxhdG9yLXNlY3JldC1rZXktZm9yLWxvY2FsLWRldg==",
    ),
    ("LOCAL_DEV_AUTH", "loopback"),
];

/// Runs the dev server until Ctrl-C (or until wrangler exits).
pub fn run(args: &[String]) -> Result {
    let port = port(args)?;
    setup::run()?;
    build::run()?;
    let (mut simulator, simulator_url) = start_simulator()?;
    let group = simulator.id();
    step(&format!(
        "dev: serving http://127.0.0.1:{port}/ with the Mimecast API simulator at {simulator_url} \
         (no Mimecast account needed; Ctrl-C stops)"
    ));
    let mut command = Command::new(npm_bin("wrangler"));
    command
        .current_dir(root())
        .args(["dev", "--local", "--ip", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .arg("--show-interactive-dev-session=false")
        .arg("--var")
        .arg(format!("MIMECAST_BASE_URL:{simulator_url}"));
    for (name, value) in SIMULATOR_VARS {
        command.arg("--var").arg(format!("{name}:{value}"));
    }
    command
        .envs(WRANGLER_ENV.iter().copied())
        .process_group(i32::try_from(group).unwrap_or(0));
    process::announce(&command);
    let child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            stop_group(group);
            let _ = simulator.wait();
            return Err(format!("could not start wrangler: {e}"));
        }
    };
    let result = supervise(child, group);
    let _ = simulator.wait();
    result
}

/// Starts the simulator in a new process group on a free loopback port; returns it and its URL.
fn start_simulator() -> Result<(Child, String)> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let binary = target.join("debug/mimecast-simulator");
    let mut command = Command::new(binary);
    command
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .process_group(0);
    process::announce(&command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not start the Mimecast API simulator: {e}"))?;
    let Some(stdout) = child.stdout.take() else {
        return Err("the simulator has no stdout".to_owned());
    };
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(|l| l.ok()).unwrap_or_default();
    let Some(url) = first
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://127.0.0.1:"))
    else {
        let _ = child.kill();
        return Err(format!(
            "the simulator did not print its address: `{first}`"
        ));
    };
    let url = url.to_owned();
    println!("{first}");
    std::thread::spawn(move || {
        for line in lines.map_while(|l| l.ok()) {
            println!("{line}");
        }
    });
    Ok((child, url))
}

fn port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| format!("--port needs a number from 1 to 65535, not `{value}`")),
        _ => Err("usage: cargo xtask dev [--port N]".to_owned()),
    }
}

/// Waits for the child's process group to end; on Ctrl-C or SIGTERM, stops the whole group.
fn supervise(mut child: Child, group: u32) -> Result {
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| format!("could not install the Ctrl-C handler: {e}"))?;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            stop_group(group);
            return if status.success() {
                Ok(())
            } else {
                Err(format!("wrangler dev exited ({status})"))
            };
        }
        if stop_rx.recv_timeout(Duration::from_millis(200)).is_ok() {
            println!("\ndev: stopping");
            signal_group(group, "INT");
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            stop_group(group);
            let _ = child.wait();
            return Ok(());
        }
    }
}

/// Kills whatever is left of the process group (workerd children of wrangler included).
fn stop_group(group: u32) {
    signal_group(group, "KILL");
}

fn signal_group(group: u32, signal: &str) {
    let _ = process::output(
        Command::new("kill")
            .args(["-s", signal, "--"])
            .arg(format!("-{group}")),
    );
}
