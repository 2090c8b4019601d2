//! `cargo xtask bench`: benchmarks, each printing its figures and ratios against its peers.

use std::process::Command;

use crate::process::{self, step};
use crate::{Result, root, setup};

/// Runs every benchmark; extra arguments go to criterion (e.g. `--quick`).
pub fn run(args: &[String]) -> Result {
    setup::run()?;
    step("bench: inspect_certificate (criterion)");
    process::run(
        Command::new("cargo")
            .current_dir(root())
            .args([
                "bench",
                "--package",
                "mimecast-sso-core",
                "--bench",
                "inspect_certificate",
                "--",
            ])
            .args(args),
    )
}
