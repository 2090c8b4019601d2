//! `cargo xtask fuzz`: the core's parsers under libFuzzer (`fuzz/`, cargo-fuzz), one target at a
//! time, and the short smoke run `cargo xtask test` adds when nightly and cargo-fuzz are present.
//!
//! Each target starts from its committed seeds (`fuzz/seeds/<target>/`) and the core's test
//! fixtures, copied into its corpus (`fuzz/corpus/<target>/`, git-ignored, kept between runs) by
//! [`copy_fixtures`]. Targets are built without a sanitizer: the core forbids `unsafe`, and what
//! is looked for is a panic, a stack overflow, a timeout or memory growth, which libFuzzer catches
//! alone, at about twice the executions per second of an AddressSanitizer build.

mod libfuzzer;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use self::libfuzzer::Outcome;
use crate::process::{self, output, step};
use crate::tools::{CARGO_FUZZ_VERSION, cargo_bin};
use crate::{Result, root};

/// The targets of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: &[&str] = &[
    "certificate",
    "metadata",
    "users_csv",
    "plan_input",
    "request",
    "saml",
];

/// Fixtures of `crates/core/tests/data` each target starts from: the target, a directory, and the
/// file extensions taken from it. CSV samples, plan inputs and requests live inline in the core's
/// tests, so theirs are committed seeds instead.
const FIXTURES: &[(&str, &str, &[&str])] = &[
    (
        "certificate",
        "",
        &["pem", "der", "p7b", "pfx", "txt", "bin"],
    ),
    ("certificate", "saml", &["pem"]),
    ("metadata", "saml", &["xml"]),
    ("saml", "saml", &["xml"]),
    ("saml", "entra-errors", &["txt", "json"]),
];

/// Seconds each target runs in the smoke level of `cargo xtask test`: 6 × 8 s stays under a minute.
pub const SMOKE_SECONDS: u64 = 8;

/// Largest resident memory of a target before libFuzzer stops it as out-of-memory.
const RSS_LIMIT_MB: u32 = 2048;

/// One input running longer than this many seconds is a finding (libFuzzer's default is 20 min).
const TIMEOUT_SECS: u32 = 10;

/// `cargo xtask fuzz [--time SECONDS] [TARGET…]`: installs what is missing, runs each target for
/// SECONDS (default 60), prints and writes `target/fuzz/report.md`. Fails when any target found a
/// crash. `cargo xtask fuzz --smoke` runs the smoke level of `cargo xtask test` alone.
pub fn run(args: &[String]) -> Result {
    if args.iter().any(|a| a == "--smoke") {
        let started = Instant::now();
        let results = smoke().ok_or("nightly or cargo-fuzz is missing")?;
        println!("fuzz smoke: {:.0} s", started.elapsed().as_secs_f64());
        return results.into_iter().collect();
    }
    let (seconds, targets) = parse_args(args)?;
    install()?;
    let outcomes = fuzz(&targets, seconds, Corpus::Kept)?;
    let report = report(&outcomes, seconds);
    let path = root().join("target/fuzz/report.md");
    std::fs::create_dir_all(path.parent().unwrap_or(&path))
        .and_then(|()| std::fs::write(&path, &report))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    step("fuzz: summary");
    print!("{report}");
    println!("fuzz: wrote {}", path.display());
    verdict(&outcomes)
}

/// The smoke level of `cargo xtask test`: every target for [`SMOKE_SECONDS`] from its seeds and
/// fixtures alone, one result per target. `None` (with a note printed) when nightly or cargo-fuzz
/// is missing: the test run installs neither.
pub fn smoke() -> Option<Vec<Result>> {
    let missing = match (has_nightly(), cargo_fuzz_installed()) {
        (true, Some(_)) => None,
        (false, _) => Some("no nightly toolchain"),
        (true, None) => Some("cargo-fuzz is not installed"),
    };
    if let Some(what) = missing {
        println!("fuzz smoke: skipped, {what} (`cargo xtask fuzz` installs both); not a failure");
        return None;
    }
    let targets: Vec<String> = TARGETS.iter().map(|t| (*t).to_owned()).collect();
    Some(match fuzz(&targets, SMOKE_SECONDS, Corpus::Scratch) {
        Ok(outcomes) => {
            for outcome in &outcomes {
                println!("{}", outcome.line());
            }
            outcomes.iter().map(Outcome::result).collect()
        }
        Err(message) => vec![Err(message)],
    })
}

/// Where new inputs go: the kept corpus, or a scratch directory emptied first (the smoke run, so
/// its time does not grow with the corpus).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Corpus {
    Kept,
    Scratch,
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = 60;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--time" {
            seconds = args
                .next()
                .and_then(|s| s.parse().ok())
                .filter(|s| *s > 0)
                .ok_or("--time takes a number of seconds")?;
        } else if TARGETS.contains(&arg.as_str()) {
            targets.push(arg.clone());
        } else {
            return Err(format!(
                "unknown fuzz argument `{arg}`; targets: {}",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| (*t).to_owned()).collect();
    }
    Ok((seconds, targets))
}

/// Builds every target once, then runs `targets` one after another for `seconds` each.
fn fuzz(targets: &[String], seconds: u64, corpus: Corpus) -> Result<Vec<Outcome>> {
    let root = root();
    let fuzz_dir = root.join("fuzz");
    step("fuzz: build the targets (cargo +nightly fuzz build)");
    let started = Instant::now();
    process::run(cargo_fuzz(&root, "build").args(["--fuzz-dir", "fuzz"]))?;
    println!("fuzz: built in {:.0} s", started.elapsed().as_secs_f64());
    let mut outcomes = Vec::new();
    for target in targets {
        step(&format!("fuzz: {target} for {seconds} s"));
        let corpus_dir = match corpus {
            Corpus::Kept => fuzz_dir.join("corpus").join(target),
            Corpus::Scratch => {
                let dir = root.join("target/fuzz/smoke").join(target);
                let _ = std::fs::remove_dir_all(&dir);
                dir
            }
        };
        std::fs::create_dir_all(&corpus_dir)
            .map_err(|e| format!("cannot create {}: {e}", corpus_dir.display()))?;
        copy_fixtures(&root, target, &corpus_dir)?;
        let mut command = cargo_fuzz(&root, "run");
        command
            .args(["--fuzz-dir", "fuzz", target])
            .arg(&corpus_dir)
            .args(seeds(&fuzz_dir, target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-timeout={TIMEOUT_SECS}"))
            .arg("-print_final_stats=1");
        outcomes.push(libfuzzer::run(target, &mut command));
    }
    Ok(outcomes)
}

/// `cargo +nightly fuzz <subcommand>` with this project's build options (release with debug
/// assertions, cargo-fuzz's default; no sanitizer).
fn cargo_fuzz(root: &Path, subcommand: &str) -> Command {
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .args(["+nightly", "fuzz", subcommand, "--sanitizer", "none"]);
    command
}

/// The committed seed directory of `target`, when it has one.
fn seeds(fuzz_dir: &Path, target: &str) -> Option<PathBuf> {
    Some(fuzz_dir.join("seeds").join(target)).filter(|dir| dir.is_dir())
}

/// Copies the fixtures [`FIXTURES`] lists for `target` into `corpus` as `fixture-<dir>-<name>`
/// (the seed-copy step: fixtures stay in one place, in the core's tests).
fn copy_fixtures(root: &Path, target: &str, corpus: &Path) -> Result {
    let data = root.join("crates/core/tests/data");
    let mut copied = 0;
    for (_, dir, extensions) in FIXTURES.iter().filter(|(t, _, _)| *t == target) {
        let from = data.join(dir);
        let entries =
            std::fs::read_dir(&from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e));
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if wanted && path.is_file() {
                let prefix = if dir.is_empty() { "data" } else { dir };
                let to = corpus.join(format!("fixture-{prefix}-{name}"));
                std::fs::copy(&path, &to)
                    .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
                copied += 1;
            }
        }
    }
    if copied > 0 {
        println!("fuzz: {copied} fixture(s) of crates/core/tests/data copied into the corpus");
    }
    Ok(())
}

/// Installs the nightly toolchain and cargo-fuzz [`CARGO_FUZZ_VERSION`] when missing.
fn install() -> Result {
    step("fuzz: checking nightly and cargo-fuzz");
    if has_nightly() {
        println!("fuzz: nightly toolchain present");
    } else {
        process::run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    match cargo_fuzz_installed() {
        Some(version) if version.split_whitespace().any(|w| w == CARGO_FUZZ_VERSION) => {
            println!("fuzz: cargo-fuzz {CARGO_FUZZ_VERSION} present");
            Ok(())
        }
        _ => process::run(Command::new("cargo").args([
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--locked",
        ])),
    }
}

/// Whether rustup lists a nightly toolchain (`cargo +nightly` is not tried: it could install one).
fn has_nightly() -> bool {
    output(Command::new("rustup").args(["toolchain", "list"]))
        .is_some_and(|list| list.lines().any(|line| line.starts_with("nightly")))
}

/// `cargo-fuzz --version`, when it is installed.
fn cargo_fuzz_installed() -> Option<String> {
    output(Command::new(cargo_bin("cargo-fuzz")).arg("--version"))
}

/// The Markdown summary: one row per target.
fn report(outcomes: &[Outcome], seconds: u64) -> String {
    let mut text = format!(
        "# Fuzzing (cargo-fuzz {CARGO_FUZZ_VERSION}, libFuzzer, no sanitizer)\n\n\
         {seconds} s per target, one target at a time; corpora in fuzz/corpus/.\n\n\
         | target | executions | exec/s | corpus | crashes |\n\
         | --- | ---: | ---: | ---: | --- |\n"
    );
    for outcome in outcomes {
        text.push_str(&outcome.row());
        text.push('\n');
    }
    text
}

/// `Err` naming every target that found something or did not run.
fn verdict(outcomes: &[Outcome]) -> Result {
    let failed: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.result().is_err())
        .map(|o| o.target.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fuzz: {} (see target/fuzz/report.md and fuzz/artifacts/)",
            failed.join(", ")
        ))
    }
}
