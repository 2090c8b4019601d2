//! `cargo xtask bench`: benchmarks, each printing its figures and ratios against its peers, the
//! size of the page's WebAssembly module (raw and gzip -9) against its budget, and the time to
//! create 1,000 users through the Worker with the simulator's rate limit off and on.

use std::path::Path;
use std::process::Command;

use crate::process::{self, step};
use crate::{Result, bench_users, build, criterion, root, setup};

/// The page's optimised module, as `cargo xtask build` leaves it.
const PAGE_WASM: &str = "www/pkg/mimecast_sso_web_bg.wasm";

/// The size budget of the page's module, gzip -9 (issue 4: at most 120 KiB).
const GZIP_BUDGET: u64 = 120 * 1024;

/// Runs every benchmark; extra arguments go to criterion (e.g. `--quick`). `bench users` runs only
/// the 1,000-user provisioning bench.
pub fn run(args: &[String]) -> Result {
    setup::run()?;
    if args.first().map(String::as_str) == Some("users") {
        return bench_users::run();
    }
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
    )?;
    criterion::print_ratios("inspect_certificate", "mimecast-sso-core");
    build::web()?;
    step("bench: size of the page's wasm");
    wasm_size(&root().join(PAGE_WASM))?;
    bench_users::run()
}

/// Prints the raw and gzip -9 sizes of `wasm`, and how the gzip size compares with the budget.
fn wasm_size(wasm: &Path) -> Result {
    let raw = std::fs::metadata(wasm)
        .map_err(|error| format!("{}: {error}", wasm.display()))?
        .len();
    let output = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(wasm)
        .output()
        .map_err(|error| format!("gzip: {error}"))?;
    if !output.status.success() {
        return Err(format!("gzip -9 failed on {}", wasm.display()));
    }
    let gzip = output.stdout.len() as u64;
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    println!(
        "{PAGE_WASM}: raw {raw} bytes ({:.1} KiB), gzip -9 {gzip} bytes ({:.1} KiB); budget {:.0} KiB gzip: {}",
        kib(raw),
        kib(gzip),
        kib(GZIP_BUDGET),
        if gzip <= GZIP_BUDGET {
            format!(
                "within, {:.0}% of it",
                gzip as f64 * 100.0 / GZIP_BUDGET as f64
            )
        } else {
            format!("OVER by {:.1} KiB", kib(gzip - GZIP_BUDGET))
        }
    );
    Ok(())
}
