//! `cargo xtask bench`: benchmarks, each printing its figures and ratios against its peers (for
//! certificate inspection also in `target/bench/report.md` and `report.json`), the size of the
//! page's WebAssembly module (raw and gzip -9) against its budget, the page's first load on a slow
//! link (`bench page`), and the time to create 1,000 users through the Worker with
//! the simulator's rate limit off and on (`bench users`).

use std::path::Path;
use std::process::Command;

use crate::process::{self, step};
use crate::{Result, bench_page, bench_users, build, criterion, root, setup};

/// The page's module for steps 1–6, as `cargo xtask build` leaves it (shipped as
/// `www/pkg/page.<hash>.wasm`).
const PAGE_WASM: &str = "target/web/page/page_bg.wasm";

/// The size budget of the WebAssembly for steps 1–6, gzip -9 (the HTML-first page: 160 KiB).
const GZIP_BUDGET: u64 = 160 * 1024;

/// Runs every benchmark; extra arguments go to criterion (e.g. `--quick`). `bench users` runs only
/// the 1,000-user provisioning bench, `bench page` only the page's first load.
pub fn run(args: &[String]) -> Result {
    setup::run()?;
    match args.first().map(String::as_str) {
        Some("users") => return bench_users::run(),
        Some("page") => return bench_page::run(),
        _ => {}
    }
    // Before anything is measured, so compiling it shares the cores with no measurement.
    setup::twiggy()?;
    for bench in ["inspect_certificate", "inspect_saml"] {
        step(&format!("bench: {bench} (criterion)"));
        process::run(
            Command::new("cargo")
                .current_dir(root())
                .args([
                    "bench",
                    "--package",
                    "mimecast-sso-core",
                    "--bench",
                    bench,
                    "--",
                ])
                .args(args),
        )?;
        criterion::print_ratios(bench, "mimecast-sso-core");
    }
    build::web()?;
    step("bench: the sign-on test's verification in WebAssembly (Node.js's V8)");
    process::run(
        Command::new("node")
            .current_dir(root())
            .arg("tests/bench/saml-wasm.mjs"),
    )?;
    step("bench: certificate inspection in WebAssembly against its JavaScript peers (Node.js)");
    process::run(
        Command::new("node")
            .current_dir(root())
            .arg("tests/bench/cert-peers.mjs"),
    )?;
    step("bench: size of the page's wasm");
    wasm_size(&root().join(PAGE_WASM))?;
    build::worker()?;
    build::simulator()?;
    bench_page::measure()?;
    bench_users::measure()
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
