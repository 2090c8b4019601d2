//! `cargo xtask bench page` (and part of `cargo xtask bench`): the hosted page's first load as an
//! admin on a slow link feels it. Starts the simulator and `wrangler dev`, and runs
//! `tests/bench/page-load.mjs`, which loads the page five times in Chromium under network emulation
//! (150 ms, 1.6 Mbit/s down, 750 kbit/s up, cache off) and prints, against their budgets: when the
//! form is usable, when the values show after typing, the bytes by type and file with the request
//! waterfall, and the gzip size of the WebAssembly that steps 1–6 needed. When that is over budget,
//! twiggy says what it is made of. Figures are printed, never asserted.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::build::{self, Names};
use crate::process::{self, step};
use crate::tools::cargo_bin;
use crate::{Result, local, root, setup};

/// The page-load script (outside `tests/e2e`, so `cargo xtask test` does not run it).
const SCRIPT: &str = "tests/bench/page-load.mjs";

/// Cold loads measured; the script prints the median, min and max.
const RUNS: u32 = 5;

/// Characters of a twiggy line printed.
const WIDTH: usize = 160;

/// Lines of `twiggy dominators` printed (the tree's top; the whole tree runs to thousands).
const DOMINATOR_LINES: usize = 30;

/// Installs twiggy, builds what the page needs, then measures.
pub fn run() -> Result {
    setup::twiggy()?;
    build::web()?;
    build::worker()?;
    build::simulator()?;
    measure()
}

/// Measures the page built already (`www/pkg/`, the Worker, the simulator); twiggy installed.
pub fn measure() -> Result {
    step(&format!(
        "bench: the page's first load on a slow link, {RUNS} cold runs (wrangler dev + simulator, Chromium)"
    ));
    let json = root().join("target/bench/page-load.json");
    let _ = std::fs::remove_file(&json);
    {
        let stack = local::start_stack()?;
        process::run(
            Command::new("node")
                .current_dir(root())
                .arg(SCRIPT)
                .arg("--url")
                .arg(format!("{}/", stack.worker_url))
                .args(["--runs", &RUNS.to_string(), "--json"])
                .arg(&json),
        )?;
    }
    let text = std::fs::read_to_string(&json).map_err(|e| {
        format!(
            "{}: {e} (the page-load script wrote no report)",
            json.display()
        )
    })?;
    let report: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
    if report["wasm"]["overBudget"].as_bool() == Some(true) {
        let files = report["wasm"]["files"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        what_the_wasm_is_made_of(&files)?;
    }
    Ok(())
}

/// twiggy's top 25 items and the top of its dominator tree, for each module steps 1–6 loaded
/// (`files`: the report's `{ "file": "pkg/….wasm", … }`). The shipped module has no function names,
/// so twiggy reads a copy built the same way with its names kept (`target/bench/names/`); a module
/// with no such copy is read as shipped.
fn what_the_wasm_is_made_of(files: &[Value]) -> Result {
    step("bench: the WebAssembly for steps 1-6 is over budget; what it is made of (twiggy)");
    let named = root().join("target/bench/names");
    build::page_modules_into(&named, Names::Keep)?;
    for file in files.iter().filter_map(|f| f["file"].as_str()) {
        // `pkg/page.<hash>.wasm` was built as `page/page_bg.wasm`.
        let Some(stem) = Path::new(file)
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
        else {
            continue;
        };
        let copy = named.join(stem).join(format!("{stem}_bg.wasm"));
        let wasm = if copy.exists() {
            println!(
                "\n{file}: twiggy on {} (the same code with its names; the \"function names\" \
                 subsection is this copy's only, the shipped file has none)",
                copy.display()
            );
            copy
        } else {
            println!("\n{file}: twiggy on the shipped file (no names: functions show as code[N])");
            root().join("www").join(file)
        };
        twiggy(&["top", "-n", "25"], &wasm, usize::MAX)?;
        twiggy(&["dominators"], &wasm, DOMINATOR_LINES)?;
    }
    Ok(())
}

/// Runs `twiggy args… wasm` and prints the first `lines` lines of what it says.
fn twiggy(args: &[&str], wasm: &Path, lines: usize) -> Result {
    let mut command = Command::new(cargo_bin("twiggy"));
    command.args(args).arg(wasm);
    process::announce(&command);
    let output = command
        .output()
        .map_err(|e| format!("could not start twiggy: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "twiggy {} failed ({}): {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let total = text.lines().count();
    for line in text.lines().take(lines) {
        // twiggy rules its tables across the longest row; a screen's width is enough.
        println!("{}", line.chars().take(WIDTH).collect::<String>());
    }
    if total > lines {
        println!("… ({} more lines)", total - lines);
    }
    Ok(())
}
