//! `cargo xtask build`: the page's wasm into `www/pkg/`, the Worker into `worker/build/`, the
//! Mimecast API simulator (`target/debug/mimecast-simulator`) that the end-to-end tests and
//! `cargo xtask dev` start, and the `mimecast-sso` CLI (`target/debug/mimecast-sso`) that the
//! end-to-end tests run.

use std::path::Path;
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

/// Builds the page, the Worker, the simulator and the CLI.
pub fn run() -> Result {
    web()?;
    worker()?;
    simulator()?;
    cli()
}

/// The `mimecast-sso` CLI, a native debug build (`cargo install --path crates/cli` makes the
/// release one).
pub fn cli() -> Result {
    step("build: mimecast-sso CLI -> target/debug/mimecast-sso");
    process::run(Command::new("cargo").current_dir(root()).args([
        "build",
        "--package",
        "mimecast-sso",
        "--bin",
        "mimecast-sso",
    ]))
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

/// The web crate's modules, each built with one feature, by wasm-bindgen's output name: `page`
/// (steps 1–6, loaded with the page), `users` (step 7) and `signon` (step 8), each loaded when
/// the admin comes to it, and `api` (the JavaScript functions of `docs/embedding.md`, kept in
/// `www/pkg/` under the stable name `mimecast_sso_web` for embedders).
const WEB_MODULES: [(&str, &str); 4] = [
    ("page", "page"),
    ("users", "users"),
    ("signon", "signon"),
    ("api", "mimecast_sso_web"),
];

/// The API module's name in `www/pkg/`.
const API_MODULE: &str = "mimecast_sso_web";

/// The page: each module (release build, `wasm-bindgen --target web`, `wasm-opt -Oz`) into
/// `target/web/<name>/`, the API module also into `www/pkg/`, then the site around them
/// ([`crate::site`]).
pub fn web() -> Result {
    let root = root();
    let modules = root.join("target/web");
    let pkg = root.join("www/pkg");
    std::fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;
    for (feature, name) in WEB_MODULES {
        step(&format!(
            "build: web module `{feature}` -> target/web/{name}/"
        ));
        module(feature, name, &modules.join(name), Names::Strip)?;
        if name != API_MODULE {
            continue;
        }
        for file in [
            format!("{name}.js"),
            format!("{name}.d.ts"),
            format!("{name}_bg.wasm"),
        ] {
            std::fs::copy(modules.join(name).join(&file), pkg.join(&file))
                .map_err(|e| format!("cannot copy {file} into www/pkg: {e}"))?;
        }
    }
    step("build: site -> www/index.html, www/embed.js, www/pkg/*.<hash>.*");
    crate::site::write(&root, &modules)
}

/// Whether a module keeps its function names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// As shipped: no names section.
    Strip,
    /// With the names section (`wasm-opt -g`), for twiggy to say what is in the module; the code
    /// is the shipped code, the file is bigger by its names.
    Keep,
}

/// The page's modules (`page`, `users`, `signon`) into `out_dir/<name>/`, with or without their
/// names.
pub fn page_modules_into(out_dir: &Path, names: Names) -> Result {
    for (feature, name) in WEB_MODULES
        .into_iter()
        .filter(|(_, name)| *name != API_MODULE)
    {
        module(feature, name, &out_dir.join(name), names)?;
    }
    Ok(())
}

/// One module: the web crate with `feature` (profile `release`; the API module `release-api`,
/// built for speed, see the workspace `Cargo.toml`), `wasm-bindgen --target web` as `name` into
/// `out_dir`, then `wasm-opt -Oz`.
fn module(feature: &str, name: &str, out_dir: &Path, names: Names) -> Result {
    let root = root();
    let profile = if name == API_MODULE {
        "release-api"
    } else {
        "release"
    };
    process::run(Command::new("cargo").current_dir(&root).args([
        "build",
        "--package",
        "mimecast-sso-web",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile,
        "--no-default-features",
        "--features",
        feature,
    ]))?;
    process::run(
        Command::new(cargo_bin("wasm-bindgen"))
            .current_dir(&root)
            .args(["--target", "web", "--out-name", name, "--out-dir"])
            .arg(out_dir)
            .arg(format!(
                "target/wasm32-unknown-unknown/{profile}/mimecast_sso_web.wasm"
            )),
    )?;
    let wasm = out_dir.join(format!("{name}_bg.wasm"));
    let mut opt = Command::new(npm_bin("wasm-opt"));
    opt.args(["--merge-similar-functions", "-Oz"])
        .args(WASM_FEATURES);
    if feature == "page" {
        // The module every visitor waits for: `-Oz` again until it stops shrinking (measured:
        // about 300 bytes of gzip for 7 more seconds of build).
        opt.arg("--converge");
    }
    match names {
        Names::Strip => opt.args(WASM_OPT_EXTRA),
        Names::Keep => opt
            .arg("-g")
            .args(WASM_OPT_EXTRA.iter().filter(|a| **a != "--strip-debug")),
    };
    process::run(opt.arg(&wasm).arg("-o").arg(&wasm))
}

/// The flags wasm-bindgen's Worker glue needs: the module target (workerd imports the `.wasm` as a
/// module), a reset function for the instance after a trap, and the abort handler that records it.
const WORKER_BINDGEN_FLAGS: &[&str] = &[
    "--target",
    "module",
    "--out-name",
    "index",
    "--no-typescript",
    "--experimental-reset-state-function",
    "--force-enable-abort-handler",
];

/// The Worker: release build, wasm-bindgen with [`WORKER_BINDGEN_FLAGS`], `wasm-opt -Oz`, then
/// our entry (`xtask/src/worker/entry.js`) bundled over the glue by esbuild into `index.js`, which
/// `wrangler.toml` names as `main`. The same steps worker-build takes, with the tools `setup`
/// installs anyway; worker-build itself is not needed.
pub fn worker() -> Result {
    step("build: worker -> worker/build/");
    let root = root();
    process::run(Command::new("cargo").current_dir(&root).args([
        "build",
        "--package",
        "mimecast-sso-worker",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    // Built in a directory of this process's own, then moved into place: two builds at once (a
    // test and a developer) never bundle over each other's files.
    let final_dir = root.join("worker/build");
    let out_dir = root.join(format!("worker/build.tmp-{}", std::process::id()));
    if out_dir.exists() {
        std::fs::remove_dir_all(&out_dir)
            .map_err(|e| format!("cannot clear {}: {e}", out_dir.display()))?;
    }
    process::run(
        Command::new(cargo_bin("wasm-bindgen"))
            .current_dir(&root)
            .args(WORKER_BINDGEN_FLAGS)
            .arg("--out-dir")
            .arg(&out_dir)
            .arg("target/wasm32-unknown-unknown/release/mimecast_sso_worker.wasm"),
    )?;
    let wasm = out_dir.join("index_bg.wasm");
    process::run(
        Command::new(npm_bin("wasm-opt"))
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg("--enable-exception-handling")
            .args(WASM_OPT_EXTRA)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )?;
    let entry = out_dir.join("entry.js");
    std::fs::write(&entry, include_str!("worker/entry.js"))
        .map_err(|e| format!("cannot write {}: {e}", entry.display()))?;
    process::run(
        Command::new(npm_bin("esbuild"))
            .current_dir(&out_dir)
            .args([
                "--external:./index_bg.wasm",
                "--external:cloudflare:*",
                "--format=esm",
                "--bundle",
                "--minify",
                "./entry.js",
                "--outfile=bundle.js",
            ]),
    )?;
    // The bundle replaces the glue it was made from (never written over its own input).
    // wasm-bindgen's module target imports the Wasm with a source-phase import; workerd takes a
    // plain import of a `.wasm` file as its compiled module.
    let index = out_dir.join("index.js");
    let bundle = out_dir.join("bundle.js");
    let bundled = std::fs::read_to_string(&bundle)
        .map_err(|e| format!("cannot read {}: {e}", bundle.display()))?;
    std::fs::write(&index, bundled.replace("import source ", "import "))
        .map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    for leftover in ["entry.js", "bundle.js", "snippets"] {
        let path = out_dir.join(leftover);
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(format!("cannot remove {}: {e}", path.display())),
        })?;
    }
    if final_dir.exists() {
        std::fs::remove_dir_all(&final_dir)
            .map_err(|e| format!("cannot clear {}: {e}", final_dir.display()))?;
    }
    std::fs::rename(&out_dir, &final_dir).map_err(|e| {
        format!(
            "cannot move {} to {}: {e}",
            out_dir.display(),
            final_dir.display()
        )
    })
}
