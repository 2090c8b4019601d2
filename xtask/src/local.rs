//! The local stack `cargo xtask dev` and the benches run: the Mimecast API simulator on a free
//! loopback port, and `wrangler dev --local` pointed at it with the simulator's credentials
//! ([`mimecast_simulator::worker_secrets`], not secrets) and loopback-only caller authentication.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mimecast_sso::worker::{Client, Origin, Trust};

use crate::process;
use crate::tools::{WRANGLER_ENV, npm_bin};
use crate::{Result, root};

/// The Worker's settings beside the simulator's credentials.
const SIMULATOR_VARS: &[(&str, &str)] = &[
    ("MIMECAST_API_VERSION", "2"),
    ("MIMECAST_REGION", "eu"),
    ("LOCAL_DEV_AUTH", "loopback"),
];

/// Starts the simulator (built by `cargo xtask build`) as the leader of a new process group;
/// returns it, its URL, and the rest of its output, which the caller may print or drop.
pub fn start_simulator() -> Result<(Child, String, impl Iterator<Item = String>)> {
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
        .map_err(|e| format!("could not start the Mimecast API simulator: {e}"))?;
    let Some(stdout) = child.stdout.take() else {
        signal_group(child.id(), "KILL");
        return Err("the simulator has no stdout".to_owned());
    };
    let mut lines = BufReader::new(stdout).lines().map_while(|l| l.ok());
    let first = lines.next().unwrap_or_default();
    let Some(url) = first
        .split_whitespace()
        .last()
        .filter(|u| u.starts_with("http://127.0.0.1:"))
        .map(str::to_owned)
    else {
        signal_group(child.id(), "KILL");
        return Err(format!(
            "the simulator did not print its address: `{first}`"
        ));
    };
    println!("{first}");
    Ok((child, url, lines))
}

/// `wrangler dev --local` on 127.0.0.1:`port`, in front of the simulator at `simulator_url`, in
/// process group `group` (0: a new one).
pub fn wrangler_dev(port: u16, simulator_url: &str, group: u32) -> Command {
    let mut command = Command::new(npm_bin("wrangler"));
    command
        .current_dir(root())
        .args(["dev", "--local", "--ip", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .arg("--show-interactive-dev-session=false")
        .arg("--var")
        .arg(format!("MIMECAST_BASE_URL:{simulator_url}"));
    let vars = SIMULATOR_VARS
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .chain(mimecast_simulator::worker_secrets());
    for (name, value) in vars {
        command.arg("--var").arg(format!("{name}:{value}"));
    }
    command
        .envs(WRANGLER_ENV.iter().copied())
        .process_group(i32::try_from(group).unwrap_or(0));
    command
}

/// Sends `signal` (`INT`, `KILL`) to every process of `group`.
pub fn signal_group(group: u32, signal: &str) {
    let _ = process::output(
        Command::new("kill")
            .args(["-s", signal, "--"])
            .arg(format!("-{group}")),
    );
}

/// A child process group, killed when dropped.
pub struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        signal_group(self.0.id(), "KILL");
        let _ = self.0.wait();
    }
}

/// The simulator and `wrangler dev` in front of it, both stopped when this is dropped (the Worker
/// first).
pub struct Stack {
    /// The Worker's origin, `http://127.0.0.1:PORT`.
    pub worker_url: String,
    /// The simulator's origin.
    pub simulator_url: String,
    _worker: Group,
    _simulator: Group,
}

/// Starts the simulator and the Worker (both built already), quietly, and waits until the Worker
/// answers `GET /api/v1/health` (at most 60 s).
pub fn start_stack() -> Result<Stack> {
    let (child, simulator_url, _output) = start_simulator()?;
    let simulator = Group(child);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let mut command = wrangler_dev(port, &simulator_url, 0);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    process::announce(&command);
    let child = command
        .spawn()
        .map_err(|e| format!("could not start wrangler: {e}"))?;
    let worker = Group(child);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let client = Client::new(
        Origin::parse(&url).map_err(|e| format!("{url}: {e}"))?,
        None,
        &Trust::default(),
        Duration::from_secs(2),
    );
    while Instant::now() < deadline {
        if client.get("/api/v1/health").is_ok_and(|r| r.status == 200) {
            return Ok(Stack {
                worker_url: url,
                simulator_url,
                _worker: worker,
                _simulator: simulator,
            });
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!("wrangler dev did not answer on {url} within 60 s"))
}
