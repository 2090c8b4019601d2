//! `cargo xtask dev`: builds, then serves the helper and the Worker on 127.0.0.1 in local workerd.
//!
//! No Cloudflare account is involved: `wrangler dev --local` runs the Worker in the workerd that npm
//! installed. No Mimecast account either: the Mimecast API simulator runs on a free loopback port and
//! the Worker is pointed at it (`MIMECAST_BASE_URL`, the simulator's credentials, and
//! `LOCAL_DEV_AUTH=loopback` so the proxy routes need no token from 127.0.0.1). The simulator and
//! wrangler share one process group, so Ctrl-C stops all of them.

use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::local;
use crate::process::{self, step};
use crate::{Result, build, setup};

const DEFAULT_PORT: u16 = 8787;

/// Runs the dev server until Ctrl-C (or until wrangler exits).
pub fn run(args: &[String]) -> Result {
    let port = port(args)?;
    setup::run()?;
    build::run()?;
    let (mut simulator, simulator_url, output) = local::start_simulator()?;
    std::thread::spawn(move || output.for_each(|line| println!("{line}")));
    let group = simulator.id();
    step(&format!(
        "dev: serving http://127.0.0.1:{port}/ with the Mimecast API simulator at {simulator_url} \
         (no Mimecast account needed; Ctrl-C stops)"
    ));
    let mut command = local::wrangler_dev(port, &simulator_url, group);
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
            local::signal_group(group, "INT");
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
    local::signal_group(group, "KILL");
}
