//! `cargo xtask setup`: installs what is missing, and only that; a second run takes seconds. It
//! prints how long each step took.

use std::path::Path;
use std::process::{Child, Command};
use std::time::Instant;

use crate::process::{self, output, step};
use crate::tools::{
    CHROMEDRIVER, CHROMIUM, TWIGGY_VERSION, WRK, XMLSEC1, cargo_bin, npm_bin, wasm_bindgen_version,
};
use crate::{Result, root};

/// Installs every missing tool. Debian's Chromium installs and wasm-bindgen-cli compiles in the
/// background while npm installs its tools.
pub fn run() -> Result {
    step("setup: checking tools");
    let started = Instant::now();
    let apt = start_apt_install()?;
    timed("rust target and components", rust_target_and_components)?;
    let bindgen = wasm_bindgen_version()?;
    let install = start_cargo_install("wasm-bindgen-cli", "wasm-bindgen", &bindgen)?;
    let mut result = timed("npm tools", npm_tools);
    for (what, child) in install.into_iter().chain(apt) {
        result = result.and(wait(what, child, started));
    }
    result?;
    println!(
        "setup: all tools present ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Installs twiggy [`TWIGGY_VERSION`] unless present: only the page bench needs it. It installs
/// before the bench measures anything, so compiling it does not share the cores with a measurement.
pub fn twiggy() -> Result {
    let started = Instant::now();
    match start_cargo_install("twiggy", "twiggy", TWIGGY_VERSION)? {
        Some((what, child)) => wait(what, child, started),
        None => Ok(()),
    }
}

/// Runs `step` and prints how long it took.
fn timed(what: &str, step: impl FnOnce() -> Result) -> Result {
    let started = Instant::now();
    let result = step();
    println!("setup: {what}: {:.1} s", started.elapsed().as_secs_f64());
    result
}

fn rust_target_and_components() -> Result {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        process::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    for (component, probe) in [("rustfmt", "fmt"), ("clippy", "clippy")] {
        if output(Command::new("cargo").args([probe, "--version"])).is_none() {
            process::run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// Starts `cargo install crate --version version` unless `binary --version` already reports it.
/// Without `--locked`: wasm-bindgen-cli's lock file pins crates these machines cannot fetch.
fn start_cargo_install(
    krate: &'static str,
    binary: &str,
    version: &str,
) -> Result<Option<(&'static str, Child)>> {
    let installed = output(Command::new(cargo_bin(binary)).arg("--version")).unwrap_or_default();
    if installed.split_whitespace().any(|word| word == version) {
        println!("setup: {krate} {version} present");
        return Ok(None);
    }
    let mut command = Command::new("cargo");
    // A debug build: it compiles in about 2 minutes instead of 7 on two cores, and runs in under
    // a second on this project's modules (0.2 s as a release build).
    command.args(["install", krate, "--version", version, "--debug"]);
    process::announce(&command);
    let child = command
        .spawn()
        .map_err(|e| format!("could not start cargo install {krate}: {e}"))?;
    Ok(Some((krate, child)))
}

/// Waits for an install started in the background, and says when it ended (from `started`).
fn wait(what: &str, mut child: Child, started: Instant) -> Result {
    let status = child.wait();
    println!(
        "setup: {what}: done {:.0} s after setup started",
        started.elapsed().as_secs_f64()
    );
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("installing {what} failed ({status})")),
        Err(e) => Err(format!("installing {what} did not finish: {e}")),
    }
}

fn npm_tools() -> Result {
    if output(Command::new("node").arg("--version")).is_none() {
        return Err("Node.js 20 or newer is needed (node was not found on PATH)".to_owned());
    }
    let root = root();
    let installed_lock = root.join("node_modules/.package-lock.json");
    if newer(&root.join("package-lock.json"), &installed_lock) || !npm_bin("wrangler").exists() {
        process::run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&root),
        )?;
    } else {
        println!("setup: npm tools present");
    }
    Ok(())
}

/// Whether `a` was modified after `b` (or `b` is missing).
fn newer(a: &Path, b: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a > b,
        _ => true,
    }
}

/// Starts `apt-get install chromium chromium-driver xmlsec1 wrk` when any is missing (xmlsec1: the
/// independent XML-Signature verifier the SAML tests compare the core with; wrk: the load generator
/// of `cargo xtask load`).
fn start_apt_install() -> Result<Option<(&'static str, Child)>> {
    if [CHROMIUM, CHROMEDRIVER, XMLSEC1, WRK]
        .iter()
        .all(|p| Path::new(p).exists())
    {
        println!("setup: chromium, chromedriver, xmlsec1 and wrk present");
        return Ok(None);
    }
    let sudo = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() != "0");
    // Without Chromium's recommended packages (a GL driver stack, printing, a notification daemon:
    // nothing a headless test uses), but with the fonts it recommends, so pages render text.
    let script = "apt-get update -qq && apt-get install -y -qq --no-install-recommends \
                  chromium chromium-driver fonts-liberation xmlsec1 wrk";
    let mut command = if sudo {
        let mut c = Command::new("sudo");
        c.args(["-E", "sh", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    };
    command.env("DEBIAN_FRONTEND", "noninteractive");
    process::announce(&command);
    command
        .spawn()
        .map(|child| Some(("chromium, chromium-driver, xmlsec1 and wrk", child)))
        .map_err(|e| format!("could not start apt-get: {e}"))
}
