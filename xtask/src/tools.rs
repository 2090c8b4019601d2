//! The one table of tool versions, and where each tool lives once installed.
//!
//! Rust tools are pinned here (wasm-bindgen-cli follows Cargo.lock's `wasm-bindgen`, as it must;
//! twiggy is [`TWIGGY_VERSION`]); npm tools are pinned in `package.json` / `package-lock.json` and
//! installed by `npm ci`.

use std::path::PathBuf;

use crate::{Result, root};

/// The wasm-bindgen version locked in Cargo.lock; wasm-bindgen-cli must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(version.to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_owned())
}

/// twiggy, the WebAssembly size profiler `cargo xtask bench page` runs when the page's module is over
/// its budget; installed by the bench only (`setup::twiggy`), not by `setup`.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// cargo-fuzz, which `cargo xtask fuzz` installs (with `--locked`) when missing; it drives the
/// nightly toolchain's libFuzzer builds of `fuzz/`.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Where `cargo install` puts binaries.
pub fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(name)
}

/// A binary installed by `npm ci` into `node_modules/.bin`.
pub fn npm_bin(name: &str) -> PathBuf {
    root().join("node_modules").join(".bin").join(name)
}

/// Debian's Chromium and its WebDriver, used by wasm-bindgen-test-runner and the end-to-end tests.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// ChromeDriver from Debian's `chromium-driver`.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's xmlsec1 (package `xmlsec1`), the SAML tests' independent signature verifier.
pub const XMLSEC1: &str = "/usr/bin/xmlsec1";
/// Debian's wrk (package `wrk`), the HTTP load generator `cargo xtask load` drives.
pub const WRK: &str = "/usr/bin/wrk";

/// The environment every wrangler invocation gets: no telemetry, no banner, no network lookups.
pub const WRANGLER_ENV: &[(&str, &str)] = &[
    ("WRANGLER_SEND_METRICS", "false"),
    ("WRANGLER_HIDE_BANNER", "true"),
    ("CLOUDFLARE_CF_FETCH_ENABLED", "false"),
];
