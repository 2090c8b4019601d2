//! `cargo xtask`: the one place that knows how to set up, build, serve, test and benchmark the project.
//!
//! Every step is printed before it runs. See `cargo xtask help`.
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used)]

mod bench;
mod bench_page;
mod bench_users;
mod build;
mod criterion;
mod dev;
mod fuzz;
mod load;
mod local;
mod process;
mod setup;
mod site;
mod test;
mod tidy;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

  setup            install what is missing (wasm32 target, wasm-bindgen-cli, npm tools, Chromium), timing each step
  build            build the page's wasm into www/pkg/, the Worker into worker/build/, and the
                   simulator and the `mimecast-sso` CLI into target/debug/
  dev [--port N]   setup, build, then serve the helper and the Worker locally (default port 8787)
  test             what CI runs: fmt, clippy (native + wasm32), tidy, unit tests, wasm tests in Chromium, end-to-end,
                   and a fuzz smoke run when nightly and cargo-fuzz are present
  tidy             the shape rules: module docs, file length, import cycles, code literals, unwrap(),
                   and worker/openapi.json up to date
  openapi          writes worker/openapi.json (the API as OpenAPI 3.1) from the core's routes and types
  bench [users|page]
                   benchmarks, with ratios against their peers and figures against budgets
                   (`users`: only the 1,000-user run; `page`: only the page's first load on a slow
                   link in Chromium, 5 runs)
  load [--quick]   wrk (-t2) against the simulator and the Worker on 127.0.0.1: a static file and
                   health (200 connections x 60 s), get-account through the proxy and directly to the
                   simulator (50 x 30 s; the difference is the proxy's latency); checks no 5xx of the
                   Worker's own; writes target/load/report.md and .json (`--quick`: durations / 6)
  fuzz [--time SECONDS] [TARGET...]
                   the core's parsers under cargo-fuzz (installs nightly and cargo-fuzz if missing),
                   each target SECONDS (default 60) in turn: certificate, metadata, users_csv,
                   plan_input, request, saml; writes target/fuzz/report.md (`--smoke`: only the
                   8 s per target that `test` runs when nightly and cargo-fuzz are present)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("build") => setup::run().and_then(|()| build::run()),
        Some("dev") => dev::run(&args[1..]),
        Some("test") => test::run(),
        Some("tidy") => tidy::run(&root()),
        Some("openapi") => tidy::write_openapi(&root()),
        Some("bench") => bench::run(&args[1..]),
        Some("load") => load::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// An error message, for `?` on anything displayable.
type Result<T = ()> = std::result::Result<T, String>;
