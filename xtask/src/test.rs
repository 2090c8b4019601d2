//! `cargo xtask test`: what CI runs. Every level, explicitly, then one closing line `N passed, N failed`.
//!
//! Levels: formatting, clippy (native and wasm32) each count as one check; native `cargo test`; the
//! web crate's wasm-bindgen tests in headless Chromium; the end-to-end suite (Node's test runner
//! driving local workerd and Chromium). A level that runs zero tests fails: a silent skip is a lie.
//! The one exception is the fuzz smoke run (each fuzz target a few seconds, one check per target):
//! it needs the nightly toolchain and cargo-fuzz, which `cargo xtask test` never installs, so
//! without them it is skipped with a note, and a skip is not a failure.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::process::{self, step};
use crate::tools::{CHROMEDRIVER, cargo_bin};
use crate::{Result, build, fuzz, root, setup, tidy};

/// Counts of one level.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// The counts of a level whose command ended with `success`: a failing command with no failed
    /// test counts one failure, and so does a level where no `kind` ran.
    fn settle(mut self, success: bool, kind: &str) -> Tally {
        if !success && self.failed == 0 {
            self.failed = 1;
        }
        if self.passed + self.failed == 0 {
            eprintln!("xtask: no {kind} ran; that counts as a failure");
            self.failed = 1;
        }
        self
    }
}

/// Runs every level and fails if any test or check failed.
pub fn run() -> Result {
    let started = Instant::now();
    setup::run()?;
    let root = root();
    let mut total = Tally::default();
    let mut report = Vec::new();
    let mut level = |name: &str, tally: Tally| {
        report.push(format!(
            "  {name:<28} {} passed, {} failed",
            tally.passed, tally.failed
        ));
        total.add(tally);
    };

    level(
        "cargo fmt --check",
        check(cargo(&root, &["fmt", "--all", "--check"])),
    );
    level(
        "clippy (native)",
        check(cargo(
            &root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )),
    );
    level(
        "clippy (wasm32)",
        check(cargo(
            &root,
            &[
                "clippy",
                "--package",
                "mimecast-sso-core",
                "--package",
                "mimecast-sso-web",
                "--package",
                "mimecast-sso-worker",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
        )),
    );
    step("tidy");
    level("tidy", one(tidy::run(&root)));
    level(
        "cargo test (native)",
        libtest(cargo(&root, &["test", "--workspace"])),
    );
    let mut wasm = cargo(
        &root,
        &[
            "test",
            "--package",
            "mimecast-sso-web",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    wasm.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        cargo_bin("wasm-bindgen-test-runner"),
    )
    .env("CHROMEDRIVER", CHROMEDRIVER);
    level("wasm-bindgen-test (Chromium)", libtest(wasm));
    let e2e = match build::run() {
        Ok(()) => end_to_end(&root),
        Err(message) => {
            eprintln!("xtask: build failed, end-to-end tests not run: {message}");
            Tally {
                passed: 0,
                failed: 1,
            }
        }
    };
    level("end-to-end (workerd, Chromium)", e2e);
    step("fuzz smoke: each fuzz target for a few seconds, if nightly and cargo-fuzz are present");
    let smoke_started = Instant::now();
    match fuzz::smoke() {
        Some(results) => {
            let mut smoke = Tally::default();
            results.into_iter().for_each(|r| smoke.add(one(r)));
            let seconds = smoke_started.elapsed().as_secs_f64();
            println!("fuzz smoke: {seconds:.0} s, building included");
            level("fuzz smoke (nightly)", smoke);
        }
        None => level("fuzz smoke (skipped)", Tally::default()),
    }

    step(&format!(
        "summary ({:.0} s)",
        started.elapsed().as_secs_f64()
    ));
    for line in &report {
        println!("{line}");
    }
    println!("{} passed, {} failed", total.passed, total.failed);
    if total.failed == 0 && total.passed > 0 {
        Ok(())
    } else {
        Err(format!("{} test(s) or check(s) failed", total.failed))
    }
}

fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command.current_dir(root).args(args);
    command
}

/// A check passes as one test when the command succeeds.
fn check(mut command: Command) -> Tally {
    one(process::run(&mut command))
}

/// One check: passed when `result` is `Ok`, else failed with its message printed.
fn one(result: Result) -> Tally {
    match result {
        Ok(()) => Tally {
            passed: 1,
            failed: 0,
        },
        Err(message) => {
            eprintln!("xtask: {message}");
            Tally {
                passed: 0,
                failed: 1,
            }
        }
    }
}

/// Runs a libtest-style command (cargo test, wasm-bindgen-test-runner), echoing its output and
/// adding up its `test result:` lines. A failing command with no failed test counts one failure;
/// zero tests run counts one failure.
fn libtest(mut command: Command) -> Tally {
    let mut tally = Tally::default();
    let success = stream(&mut command, |line| {
        if let Some(counts) = line.trim().strip_prefix("test result: ") {
            tally.add(parse_libtest_counts(counts));
        }
    });
    tally.settle(success, "test")
}

/// `ok. 12 passed; 0 failed; 0 ignored; …` → counts.
fn parse_libtest_counts(text: &str) -> Tally {
    let mut tally = Tally::default();
    for part in text.split([';', '.']) {
        let mut words = part.split_whitespace();
        if let (Some(n), Some(kind)) = (words.next(), words.next()) {
            match (n.parse::<u64>(), kind) {
                (Ok(n), "passed") => tally.passed += n,
                (Ok(n), "failed") => tally.failed += n,
                _ => {}
            }
        }
    }
    tally
}

/// The end-to-end suite: every `tests/e2e/*.test.mjs` file under Node's test runner, with a TAP copy
/// of the results to count from.
fn end_to_end(root: &Path) -> Tally {
    step("end-to-end: tests/e2e/*.test.mjs");
    let dir = root.join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".test.mjs"))
                .map(|name| format!("tests/e2e/{name}"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let out = root.join("target/e2e");
    let _ = std::fs::create_dir_all(&out);
    // One TAP file per run, so two `cargo xtask test` runs in the same checkout cannot read each
    // other's half-written results; it becomes `results.tap` once counted.
    let tap = out.join(format!("results-{}.tap", std::process::id()));
    let _ = std::fs::remove_file(&tap);
    let mut command = Command::new("node");
    command
        .current_dir(root)
        .args([
            "--test",
            "--test-concurrency=1",
            "--test-reporter=spec",
            "--test-reporter-destination=stdout",
            "--test-reporter=tap",
        ])
        .arg(format!("--test-reporter-destination={}", tap.display()))
        .args(&files);
    let success = process::run(&mut command).is_ok();
    let mut tally = Tally::default();
    for line in std::fs::read_to_string(&tap).unwrap_or_default().lines() {
        let mut words = line.split_whitespace();
        if let (Some("#"), Some(kind), Some(n)) = (words.next(), words.next(), words.next()) {
            match (kind, n.parse::<u64>()) {
                ("pass", Ok(n)) => tally.passed += n,
                ("fail", Ok(n)) => tally.failed += n,
                _ => {}
            }
        }
    }
    let _ = std::fs::rename(&tap, out.join("results.tap"));
    tally.settle(success, "end-to-end test")
}

/// Runs `command`, printing and handing each stdout line to `on_line`; true if it succeeded.
fn stream(command: &mut Command, mut on_line: impl FnMut(&str)) -> bool {
    process::announce(command);
    let child = command.stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("xtask: could not start the command: {e}");
            return false;
        }
    };
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            println!("{line}");
            on_line(&line);
        }
    }
    child.wait().is_ok_and(|status| status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_summary_lines_are_counted() {
        let t = parse_libtest_counts(
            "ok. 12 passed; 3 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s",
        );
        assert_eq!((t.passed, t.failed), (12, 3));
    }
}
