//! One libFuzzer run: its output echoed (without the line per new input), and its figures read
//! from the closing lines: `stat::number_of_executed_units`, `stat::average_exec_per_sec`, the last
//! `corp:` count (`#N DONE … corp: 57/1933b`), and every `Test unit written to …` (a crash, a leak,
//! a timeout or an out-of-memory input).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::Result;
use crate::process;

/// What one target's run gave.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// The target's name.
    pub target: String,
    /// Inputs executed.
    pub executions: u64,
    /// Executions per second, as libFuzzer averages them.
    pub execs_per_sec: u64,
    /// Inputs in the corpus at the end.
    pub corpus: u64,
    /// Inputs written as artifacts: each a finding.
    pub artifacts: Vec<String>,
    /// The first panic message, if the target panicked.
    pub panic: Option<String>,
    /// Whether the fuzzer ended normally.
    pub success: bool,
    /// Wall time of the run, in seconds (with the build check and the corpus loading).
    pub seconds: f64,
}

impl Outcome {
    /// `Ok` when the run ended normally and wrote no artifact.
    pub fn result(&self) -> Result {
        match (self.success, self.artifacts.first()) {
            (true, None) => Ok(()),
            (_, Some(artifact)) => Err(format!(
                "fuzz target {} crashed on {artifact}{}",
                self.target,
                self.panic
                    .as_deref()
                    .map(|p| format!(": {p}"))
                    .unwrap_or_default()
            )),
            (false, None) => Err(format!(
                "fuzz target {} did not run to its end",
                self.target
            )),
        }
    }

    /// One line for the console.
    pub fn line(&self) -> String {
        format!(
            "fuzz: {:<12} {:>11} executions {:>7} exec/s  corpus {:>5}  crashes {}  ({:.0} s)",
            self.target,
            self.executions,
            self.execs_per_sec,
            self.corpus,
            self.artifacts.len(),
            self.seconds
        )
    }

    /// One row of the Markdown report.
    pub fn row(&self) -> String {
        let crashes = if self.artifacts.is_empty() && self.success {
            "0".to_owned()
        } else if self.artifacts.is_empty() {
            "did not finish".to_owned()
        } else {
            format!(
                "{}: {}{}",
                self.artifacts.len(),
                self.artifacts.join(", "),
                self.panic
                    .as_deref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            )
        };
        format!(
            "| {} | {} | {} | {} | {} |",
            self.target, self.executions, self.execs_per_sec, self.corpus, crashes
        )
    }

    /// Reads one line of libFuzzer's (or the target's) output.
    fn read(&mut self, line: &str, panic_next: &mut bool) {
        let line = line.trim();
        if *panic_next {
            *panic_next = false;
            self.panic.get_or_insert_with(|| line.to_owned());
        }
        if let Some(n) = stat(line, "stat::number_of_executed_units:") {
            self.executions = n;
        } else if let Some(n) = stat(line, "stat::average_exec_per_sec:") {
            self.execs_per_sec = n;
        } else if let Some(path) = line.split("Test unit written to ").nth(1) {
            self.artifacts.push(path.trim().to_owned());
        } else if line.contains(" panicked at ") {
            *panic_next = true;
        }
        if let Some(corpus) = line
            .split_once(" corp: ")
            .and_then(|(_, rest)| rest.split('/').next())
            .and_then(|n| n.trim().parse().ok())
        {
            self.corpus = corpus;
        }
    }
}

fn stat(line: &str, name: &str) -> Option<u64> {
    line.strip_prefix(name)?.trim().parse().ok()
}

/// Whether a line is libFuzzer's note of one new or reduced input: thousands in a long run.
fn is_progress(line: &str) -> bool {
    line.starts_with('#') && (line.contains("\tNEW ") || line.contains("\tREDUCE "))
}

/// Runs `command` (a `cargo fuzz run`), echoing its output, and reads its figures.
pub fn run(target: &str, command: &mut Command) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome {
        target: target.to_owned(),
        ..Outcome::default()
    };
    process::announce(command);
    let child = command.stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("xtask: could not start cargo fuzz: {e}");
            return outcome;
        }
    };
    let (mut panic_next, mut progress, mut dictionary) = (false, 0u64, false);
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
            // libFuzzer's closing "recommended dictionary": a hundred lines of byte strings.
            if line.starts_with("###### Recommended dictionary") {
                dictionary = true;
            } else if line.starts_with("###### End of recommended dictionary") {
                dictionary = false;
            } else if is_progress(&line) {
                progress += 1;
            } else if !dictionary {
                eprintln!("{line}");
            }
            outcome.read(&line, &mut panic_next);
        }
    }
    outcome.success = child.wait().is_ok_and(|status| status.success());
    outcome.seconds = started.elapsed().as_secs_f64();
    println!("fuzz: {progress} new or reduced inputs (their lines and the dictionary not shown)");
    println!("{}", outcome.line());
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &str) -> Outcome {
        let mut outcome = Outcome::default();
        let mut panic_next = false;
        for line in lines.lines() {
            outcome.read(line, &mut panic_next);
        }
        outcome
    }

    #[test]
    fn closing_lines_give_the_figures() {
        let outcome = read(
            "#524288\tpulse  cov: 1510 ft: 6094 corp: 980/220Kb lim: 4096 exec/s: 17476 rss: 90Mb\n\
             #601000\tDONE   cov: 1512 ft: 6101 corp: 984/221Kb lim: 4096 exec/s: 19387 rss: 91Mb\n\
             Done 601000 runs in 31 second(s)\n\
             stat::number_of_executed_units: 601000\n\
             stat::average_exec_per_sec:     19387\n\
             stat::new_units_added:          120\n",
        );
        assert_eq!(
            (outcome.executions, outcome.execs_per_sec, outcome.corpus),
            (601_000, 19_387, 984)
        );
        assert!(outcome.artifacts.is_empty());
    }

    #[test]
    fn a_crash_gives_its_artifact_and_panic_message() {
        let outcome = read(
            "thread '<unnamed>' panicked at crates/core/src/x.rs:1:2:\n\
             index out of bounds: the len is 0 but the index is 0\n\
             ==1== ERROR: libFuzzer: deadly signal\n\
             artifact_prefix='fuzz/artifacts/saml/'; Test unit written to fuzz/artifacts/saml/crash-abc\n",
        );
        assert_eq!(outcome.artifacts, ["fuzz/artifacts/saml/crash-abc"]);
        assert_eq!(
            outcome.panic.as_deref(),
            Some("index out of bounds: the len is 0 but the index is 0")
        );
        assert!(outcome.result().is_err());
    }

    #[test]
    fn new_input_lines_are_progress() {
        assert!(is_progress("#1234\tNEW    cov: 10 ft: 11 corp: 3/9b"));
        assert!(!is_progress("#1048576\tpulse  cov: 10 ft: 11 corp: 3/9b"));
    }
}
