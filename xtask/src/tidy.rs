//! `cargo xtask tidy` (and a level of `cargo xtask test`): the rules that keep the code's shape,
//! checked on the source text, in the spirit of rust-analyzer's `xtask/src/tidy.rs`:
//! - every module starts with a `//!` line (or, for a crate root, its `#![doc = …]`);
//! - no source file over 400 lines (test directories aside);
//! - no import cycle between sibling modules of one crate;
//! - no error code as a string literal outside the `codes!` enum that declares it;
//! - no `unwrap()` outside tests;
//! - the page's state modules are pure: no web-sys, js-sys, wasm-bindgen or gloo in
//!   `crates/web/src/**/{state,update,saved}.rs` and under `update/` or `state/`, so they are
//!   tested natively.
//!
//! Each finding names the file and line.

mod cycles;

use std::collections::{BTreeMap, BTreeSet};

use self::cycles::{cycles, module_path};
use std::path::{Path, PathBuf};

use crate::Result;

/// Source trees checked: every crate's own code (tests and test doubles aside).
const SOURCE_DIRS: &[&str] = &[
    "crates/core/src",
    "crates/web/src",
    "crates/cli/src",
    "worker/src",
    "xtask/src",
];

/// The longest a source file may be, in lines.
const MAX_LINES: usize = 400;

/// One rule broken at one place.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The rule: `doc`, `long`, `cycle`, `code`, `unwrap`.
    pub rule: &'static str,
    /// Where: `file:line`, or the crate and the modules of a cycle.
    pub place: String,
    /// What is wrong.
    pub what: String,
}

/// Runs every check under `root`; prints what it found and where. `Err` when a rule is broken.
pub fn run(root: &Path) -> Result<()> {
    let problems = check(root)?;
    if problems.is_empty() {
        println!("tidy: every rule holds");
        return Ok(());
    }
    for problem in &problems {
        println!(
            "tidy: [{}] {}: {}",
            problem.rule, problem.place, problem.what
        );
    }
    Err(format!("tidy: {} problem(s)", problems.len()))
}

/// Where the Worker's OpenAPI document is kept (the Worker includes it).
const OPENAPI_FILE: &str = "worker/openapi.json";

/// Writes [`OPENAPI_FILE`] from the core's route table and types.
pub fn write_openapi(root: &Path) -> Result<()> {
    let path = root.join(OPENAPI_FILE);
    std::fs::write(&path, openapi_text())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("openapi: wrote {OPENAPI_FILE}");
    Ok(())
}

fn openapi_text() -> String {
    mimecast_sso_core::http_api::openapi::document_text()
}

/// Every broken rule under `root`, sorted, known exceptions left out.
pub fn check(root: &Path) -> Result<Vec<Problem>> {
    let codes: BTreeSet<&str> = mimecast_sso_core::all_codes().collect();
    let mut problems = Vec::new();
    let committed = std::fs::read_to_string(root.join(OPENAPI_FILE)).unwrap_or_default();
    if committed != openapi_text() {
        problems.push(Problem {
            rule: "openapi",
            place: OPENAPI_FILE.to_owned(),
            what: "not what the core's routes and types give: run `cargo xtask openapi`".to_owned(),
        });
    }
    for dir in SOURCE_DIRS {
        let base = root.join(dir);
        if !base.is_dir() {
            continue;
        }
        let files = rust_files(&base)?;
        let mut sources = BTreeMap::new();
        for file in &files {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let shown = display(root, file);
            check_file(&shown, &text, &codes, &mut problems);
            sources.insert(module_path(&base, file), text);
        }
        for cycle in cycles(&sources) {
            problems.push(Problem {
                rule: "cycle",
                place: format!("{dir}: {}", cycle.join(", ")),
                what: "these sibling modules import each other".to_owned(),
            });
        }
    }
    problems.sort();
    Ok(problems)
}

fn display(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let entries =
                std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            for entry in entries {
                stack.push(entry.map_err(|e| e.to_string())?.path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The crates of the browser, which the page's state modules must not use.
const BROWSER_CRATES: [&str; 4] = ["web_sys", "js_sys", "wasm_bindgen", "gloo"];

/// Whether `shown` (a path from the root) is one of the page's pure state modules.
fn is_pure_module(shown: &str) -> bool {
    let Some(rest) = shown.strip_prefix("crates/web/src/") else {
        return false;
    };
    let name = rest.rsplit('/').next().unwrap_or(rest);
    matches!(name, "state.rs" | "update.rs" | "saved.rs")
        || rest.contains("/update/")
        || rest.contains("/state/")
}

/// The checks of one file: doc line, length, code literals, `unwrap()`.
fn check_file(shown: &str, text: &str, codes: &BTreeSet<&str>, problems: &mut Vec<Problem>) {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if !(first.starts_with("//!") || first.starts_with("#![doc")) {
        problems.push(Problem {
            rule: "doc",
            place: format!("{shown}:1"),
            what: "the module does not start with a `//!` line saying what it is for".to_owned(),
        });
    }
    let lines = text.lines().count();
    if lines > MAX_LINES {
        problems.push(Problem {
            rule: "long",
            place: shown.to_owned(),
            what: format!("{lines} lines (at most {MAX_LINES}): it is probably two concepts"),
        });
    }
    let code = code_of(text);
    if is_pure_module(shown) {
        for (index, line) in code.lines().enumerate() {
            let line = without_strings(line);
            if let Some(name) = BROWSER_CRATES
                .iter()
                .find(|name| line.contains(&format!("{name}::")))
            {
                problems.push(Problem {
                    rule: "pure",
                    place: format!("{shown}:{}", index + 1),
                    what: format!("a state module uses `{name}`: keep the browser in views, events and the runtime"),
                });
            }
        }
    }
    let mut in_codes_block = false;
    let mut depth = 0i32;
    for (index, line) in code.lines().enumerate() {
        let place = || format!("{shown}:{}", index + 1);
        if line.contains("codes! {") {
            in_codes_block = true;
            depth = 0;
        }
        if in_codes_block {
            depth += brace_balance(line);
            if depth <= 0 && line.contains('}') {
                in_codes_block = false;
            }
            continue;
        }
        for literal in string_literals(line) {
            if codes.contains(literal.as_str()) {
                problems.push(Problem {
                    rule: "code",
                    place: place(),
                    what: format!("the code \"{literal}\" is written out; use its enum variant"),
                });
            }
        }
        if without_strings(line).contains(".unwrap()") {
            problems.push(Problem {
                rule: "unwrap",
                place: place(),
                what: "`unwrap()` outside tests: handle the error or say why it cannot happen with `expect`".to_owned(),
            });
        }
    }
}

fn brace_balance(line: &str) -> i32 {
    line.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

/// The code of a file without comments and without its `#[cfg(test)]` part (test modules end a
/// file by this project's habit); string literals kept, line numbers kept.
pub(super) fn code_of(text: &str) -> String {
    body_before_tests(text)
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                ""
            } else {
                strip_line_comment(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text before the first line that opens a `#[cfg(test)]` item.
fn body_before_tests(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("#[cfg(test)]") {
            return &text[..offset];
        }
        offset += line.len();
    }
    text
}

/// `line` without a `// …` comment outside string literals.
fn strip_line_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// `line` with the contents of its string literals taken out.
fn without_strings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_string = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            _ if in_string => {}
            _ => out.push(c),
        }
    }
    out
}

/// The contents of the `"…"` literals on one line (escapes kept as written).
fn string_literals(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (&mut current, c) {
            (Some(text), '\\') => {
                text.push(c);
                if let Some(next) = chars.next() {
                    text.push(next);
                }
            }
            (Some(_), '"') => found.extend(current.take()),
            (Some(text), _) => text.push(c),
            (None, '"') => current = Some(String::new()),
            (None, _) => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_literal_outside_its_enum_an_unwrap_and_a_missing_doc_are_found() {
        let codes: BTreeSet<&str> = ["region.unknown"].into();
        let mut problems = Vec::new();
        let text = "use x;\ncrate::codes! {\n    enum E {\n        A = \"region.unknown\",\n    }\n}\nfn f() { let c = \"region.unknown\"; g().unwrap(); } // \"region.unknown\"\n#[cfg(test)]\nmod tests { fn t() { h().unwrap(); } }\n";
        check_file("a.rs", text, &codes, &mut problems);
        let rules: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.rule, p.place.as_str()))
            .collect();
        assert_eq!(
            rules,
            [("doc", "a.rs:1"), ("code", "a.rs:7"), ("unwrap", "a.rs:7")]
        );
    }
}
