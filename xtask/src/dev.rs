//! `cargo xtask dev`: builds, then serves the helper and the Worker on 127.0.0.1 in local workerd.
//!
//! No Cloudflare account is involved: `wrangler dev --local` runs the Worker in the workerd that npm
//! installed. The children run in their own process group, so Ctrl-C stops all of them.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::process::{self, step};
use crate::tools::{WRANGLER_ENV, npm_bin};
use crate::{Result, build, root, setup};

const DEFAULT_PORT: u16 = 8787;

/// Runs the dev server until Ctrl-C (or until wrangler exits).
pub fn run(args: &[String]) -> Result {
    let port = port(args)?;
    setup::run()?;
    build::run()?;
    step(&format!(
        "dev: serving http://127.0.0.1:{port}/ (Ctrl-C stops)"
    ));
    let mut command = Command::new(npm_bin("wrangler"));
    command
        .current_dir(root())
        .args(["dev", "--local", "--ip", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .arg("--show-interactive-dev-session=false")
        .envs(WRANGLER_ENV.iter().copied())
        .process_group(0);
    process::announce(&command);
    let child = command
        .spawn()
        .map_err(|e| format!("could not start wrangler: {e}"))?;
    supervise(child)
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
fn supervise(mut child: Child) -> Result {
    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| format!("could not install the Ctrl-C handler: {e}"))?;
    let group = child.id();
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
