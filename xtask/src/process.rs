//! Running commands: print each one, then run it and report failure as an error message.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::Result;

/// Prints `command` as a step and runs it, inheriting stdout/stderr.
pub fn run(command: &mut Command) -> Result {
    announce(command);
    let status = command
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Runs `command` quietly and returns its stdout if it succeeded; `None` when it is missing or failed.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Prints a step heading.
pub fn step(text: &str) {
    println!("\n==> {text}");
}

/// Prints the command about to run.
pub fn announce(command: &Command) {
    println!("$ {}", describe(command));
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    if let Some(dir) = command.get_current_dir().filter(|d| *d != Path::new(".")) {
        text = format!("(cd {}) {text}", dir.display());
    }
    text
}
