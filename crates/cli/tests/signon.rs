//! `mimecast-sso saml inspect` and `mimecast-sso entra explain`, the built binary run on responses
//! in Entra's shape signed by xmlsec1 (the core's `tests/support/saml.rs`), with the plan that
//! `mimecast-sso plan` prints: exit 0 and `"verified":true` for Entra's signature, 1 for a tampered
//! response or one past its conditions, 4 for a file that cannot be read; `entra explain -` reads
//! standard input.

#[path = "../../core/tests/support/saml.rs"]
mod saml;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::LazyLock;

use mimecast_sso_core::Coded;
use mimecast_sso_core::signon::{ExplainCode, SamlCode};
use saml::{Shape, Signer};
use serde_json::Value;

static ENTRA: LazyLock<Signer> = LazyLock::new(|| Signer::new("cli-entra"));

/// `mimecast-sso …args`, `stdin` on its standard input.
fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mimecast-sso"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("the binary ends")
}

fn exit_code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn codes(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect()
}

/// The plan `mimecast-sso plan` prints for the test's region, account, tenant and certificate,
/// in a file of `dir`.
fn plan_file(dir: &Path) -> PathBuf {
    let output = run(
        &[
            "plan",
            "--region",
            "eu",
            "--account-code",
            "CUK1A234",
            "--tenant-id",
            saml::TENANT,
            "--certificate",
            ENTRA.cert.to_str().expect("path"),
        ],
        None,
    );
    let plan = stdout_json(&output);
    assert_eq!(plan["entra"]["identifier"], saml::IDENTIFIER);
    assert_eq!(plan["entra"]["replyUrl"], saml::REPLY_URL);
    let path = dir.join("plan.json");
    std::fs::write(&path, &output.stdout).expect("write plan");
    path
}

/// `saml inspect FILE --plan PLAN …extra` on `response`, written to a file; `--now` is the test's
/// unless `extra` has one.
fn inspect(name: &str, response: &str, extra: &[&str]) -> Output {
    let dir = saml::scratch(name);
    let plan = plan_file(&dir);
    let file = dir.join("response.txt");
    std::fs::write(&file, response).expect("write response");
    let mut args = vec![
        "saml",
        "inspect",
        file.to_str().expect("path"),
        "--plan",
        plan.to_str().expect("path"),
    ];
    if !extra.contains(&"--now") {
        args.extend(["--now", saml::NOW]);
    }
    args.extend_from_slice(extra);
    run(&args, None)
}

fn base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn a_response_signed_with_the_plan_s_certificate_is_verified_and_exits_0() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    for (form, text) in [("xml", xml.clone()), ("base64", base64(&xml))] {
        let output = inspect("verified", &text, &[]);
        let report = stdout_json(&output);
        assert_eq!(exit_code(&output), 0, "{form}: {report}");
        assert_eq!(report["verified"], true, "{form}");
        assert_eq!(report["signed"], "assertion", "{form}");
        assert_eq!(report["assertion"]["nameId"], saml::USER, "{form}");
        assert_eq!(codes(&report), [SamlCode::Verified.code()], "{form}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("\"verified\":true"));
    }
}

#[test]
fn a_tampered_response_is_not_verified_and_exits_1() {
    let xml = saml::signed(&Shape::default(), &ENTRA).replace(
        &format!(">{}</NameID>", saml::USER),
        ">mallory@contoso.example</NameID>",
    );
    let output = inspect("tampered", &xml, &[]);
    let report = stdout_json(&output);
    assert_eq!(exit_code(&output), 1, "{report}");
    assert_eq!(report["verified"], false);
    assert!(codes(&report).contains(&SamlCode::DigestMismatch.code()));
}

#[test]
fn now_far_in_the_future_is_expired_and_exits_1() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let output = inspect("expired", &xml, &["--now", "2030-01-01T00:00:00Z"]);
    let report = stdout_json(&output);
    assert_eq!(exit_code(&output), 1, "{report}");
    assert_eq!(report["verified"], false);
    assert!(
        codes(&report).contains(&SamlCode::Expired.code()),
        "{report}"
    );
    // Within the clock difference allowed, and not beyond it.
    let late = inspect("late", &xml, &["--now", "2026-12-03T13:04:00Z"]);
    assert_eq!(exit_code(&late), 0, "{}", stdout_json(&late));
    let strict = inspect(
        "strict",
        &xml,
        &["--now", "2026-12-03T13:04:00Z", "--clock-skew", "60"],
    );
    assert_eq!(exit_code(&strict), 1);
    assert_eq!(stdout_json(&strict)["clockSkewSeconds"], 60);
}

#[test]
fn a_now_that_is_not_rfc_3339_is_a_usage_error() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let output = inspect("bad-now", &xml, &["--now", "tomorrow"]);
    assert_eq!(exit_code(&output), 2);
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--now"));
}

#[test]
fn what_is_not_a_response_prints_the_worker_s_error_and_exits_1() {
    let output = inspect("refused", "%%%", &[]);
    assert_eq!(exit_code(&output), 1);
    let error = stdout_json(&output);
    assert_eq!(error["error"]["code"], SamlCode::NotBase64.code());
    assert_eq!(error["error"]["field"], "samlResponse");
}

#[test]
fn a_missing_file_exits_4() {
    let dir = saml::scratch("missing");
    let missing = dir.join("no-such-response.txt");
    let output = run(&["saml", "inspect", missing.to_str().expect("path")], None);
    assert_eq!(exit_code(&output), 4);
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-response.txt"));
    let plan = dir.join("no-such-plan.json");
    let response = dir.join("response.xml");
    std::fs::write(&response, "<x/>").expect("write");
    let output = run(
        &[
            "saml",
            "inspect",
            response.to_str().expect("path"),
            "--plan",
            plan.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(exit_code(&output), 4, "a missing --plan file");
    let output = run(&["entra", "explain", missing.to_str().expect("path")], None);
    assert_eq!(exit_code(&output), 4);
}

#[test]
fn entra_explain_reads_standard_input_and_exits_0() {
    let output = run(&["entra", "explain", "-"], Some("AADSTS50105\n"));
    let explanation = stdout_json(&output);
    assert_eq!(exit_code(&output), 0, "{explanation}");
    assert_eq!(explanation["code"], "AADSTS50105");
    assert_eq!(explanation["number"], 50105);
    assert_eq!(explanation["known"], true);
    assert_eq!(
        explanation["explanationCode"],
        ExplainCode::Aadsts50105.code()
    );
    assert!(!explanation["fix"].as_array().expect("fix").is_empty());
}

#[test]
fn entra_explain_with_the_plan_names_its_reply_url() {
    let dir = saml::scratch("explain");
    let plan = plan_file(&dir);
    let output = run(
        &[
            "entra",
            "explain",
            "-",
            "--plan",
            plan.to_str().expect("path"),
        ],
        Some("AADSTS50011"),
    );
    let explanation = stdout_json(&output);
    assert_eq!(exit_code(&output), 0, "{explanation}");
    let values = explanation["planValues"].as_array().expect("planValues");
    assert!(
        values.iter().any(|v| v["value"] == saml::REPLY_URL),
        "{explanation}"
    );
}

#[test]
fn entra_explain_without_a_code_exits_1_with_the_worker_s_error() {
    let output = run(&["entra", "explain", "-"], Some(""));
    assert_eq!(exit_code(&output), 1);
    assert_eq!(
        stdout_json(&output)["error"]["code"],
        ExplainCode::Empty.code()
    );
}
