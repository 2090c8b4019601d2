//! `cargo xtask build`: the page's wasm into `www/pkg/`, the Worker into `worker/build/`, and the
//! Mimecast API simulator (`target/debug/mimecast-simulator`) that the end-to-end tests and
//! `cargo xtask dev` start.

use std::process::Command;

use crate::process::{self, step};
use crate::tools::{cargo_bin, npm_bin};
use crate::{Result, root};

/// wasm features rustc enables by default for wasm32-unknown-unknown; wasm-opt must be told.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// wasm-opt passes after `-Oz` (which `--merge-similar-functions` precedes, to fold near-identical
/// monomorphised functions): drop the custom sections no browser reads.
const WASM_OPT_EXTRA: &[&str] = &[
    "--strip-debug",
    "--strip-producers",
    "--strip-target-features",
];

/// Builds the page, the Worker and the simulator.
pub fn run() -> Result {
    web()?;
    worker()?;
    simulator()
}

/// The Mimecast API simulator, a native debug build (it starts in milliseconds either way).
pub fn simulator() -> Result {
    step("build: Mimecast API simulator -> target/debug/mimecast-simulator");
    process::run(Command::new("cargo").current_dir(root()).args([
        "build",
        "--package",
        "mimecast-simulator",
        "--bin",
        "mimecast-simulator",
    ]))
}

/// The page's module: release build, `wasm-bindgen --target web`, then `wasm-opt -Oz`.
pub fn web() -> Result {
    step("build: web helper -> www/pkg/");
    let root = root();
    process::run(Command::new("cargo").current_dir(&root).args([
        "build",
        "--package",
        "mimecast-sso-web",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    let out_dir = root.join("www/pkg");
    process::run(
        Command::new(cargo_bin("wasm-bindgen"))
            .current_dir(&root)
            .args(["--target", "web", "--out-dir"])
            .arg(&out_dir)
            .arg("target/wasm32-unknown-unknown/release/mimecast_sso_web.wasm"),
    )?;
    let wasm = out_dir.join("mimecast_sso_web_bg.wasm");
    process::run(
        Command::new(npm_bin("wasm-opt"))
            .args(["--merge-similar-functions", "-Oz"])
            .args(WASM_FEATURES)
            .args(WASM_OPT_EXTRA)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )
}

/// The Worker: worker-build with the locally installed wasm-bindgen, wasm-opt and esbuild (it would
/// otherwise download them, which these machines cannot).
pub fn worker() -> Result {
    step("build: worker -> worker/build/");
    process::run(
        Command::new(cargo_bin("worker-build"))
            .current_dir(root().join("worker"))
            .arg("--release")
            .env("WASM_BINDGEN_BIN", cargo_bin("wasm-bindgen"))
            .env("WASM_OPT_BIN", npm_bin("wasm-opt"))
            .env("ESBUILD_BIN", npm_bin("esbuild")),
    )
}
