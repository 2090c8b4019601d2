//! wasm-bindgen tests of the provisioning functions, run in headless Chromium by `cargo xtask test`:
//! a users' CSV file as Excel writes it, the "add one user" form, passwords, domains and the report,
//! as JavaScript receives them (plain objects, `Error`s with a `code`, never a password echoed).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use mimecast_sso_web::{
    check_domains, check_password, dns_record, generate_password, parse_domain_registration,
    parse_internal_domains, parse_pending_domains, read_users_csv, register_advice,
    users_report_csv, validate_user,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property")
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn array(value: &JsValue, key: &str) -> Array {
    get(value, key).dyn_into().expect("an array")
}

fn code(error: JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error is thrown"
    );
    text(&error, "code")
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set");
    }
    object.into()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("JSON")
}

/// Excel's "CSV UTF-8" in a French locale: a byte-order mark, semicolons, CRLF; a good row with a
/// password, one without (generated later), one with a bad address, one with a weak password and
/// an unknown force_change value, and a duplicate address.
const EXCEL_FR: &str = "\u{feff}Email;Name;Password;Force_Change\r\n\
ann.lee@example.com;Ann Lee;Str0ng!Passw0rd;oui\r\n\
bob@Example.COM;Bob Martin;;\r\n\
not-an-address;Carl;;\r\n\
dee@example.org;Dee;weak;peut-être\r\n\
ANN.LEE@example.com;Ann again;;non\r\n";

#[wasm_bindgen_test]
fn a_french_excel_file_is_read_with_every_bad_line_and_no_password_returned() {
    let import = read_users_csv(Uint8Array::from(EXCEL_FR.as_bytes()).into()).expect("read");
    assert_eq!(text(&import, "delimiter"), ";");
    assert_eq!(number(&import, "records"), 5.0);
    let rows = array(&import, "rows");
    assert_eq!(rows.length(), 2);
    let ann = rows.get(0);
    assert_eq!(number(&ann, "line"), 2.0);
    assert_eq!(text(&ann, "emailAddress"), "ann.lee@example.com");
    assert_eq!(get(&ann, "hasPassword"), JsValue::TRUE);
    assert!(
        get(&ann, "password").is_undefined(),
        "no password in the preview"
    );
    let bob = rows.get(1);
    assert_eq!(
        text(&bob, "emailAddress"),
        "bob@example.com",
        "domain in lower case"
    );
    assert_eq!(get(&bob, "hasPassword"), JsValue::FALSE);
    assert_eq!(
        get(&bob, "forcePasswordChange"),
        JsValue::TRUE,
        "default on"
    );
    let bad: Vec<f64> = array(&import, "invalidLines")
        .iter()
        .map(|v| v.as_f64().expect("a line"))
        .collect();
    assert_eq!(bad, [4.0, 5.0, 6.0]);
    let errors = array(&import, "errors");
    let codes: Vec<String> = errors.iter().map(|e| text(&e, "code")).collect();
    assert!(
        codes.contains(&"user.email_invalid".to_owned())
            || codes.contains(&"user.domain_missing".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"user.password_weak".to_owned())
            || codes.contains(&"user.password_too_short".to_owned()),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"user.force_change_invalid".to_owned()),
        "{codes:?}"
    );
    assert!(codes.contains(&"user.duplicate".to_owned()), "{codes:?}");
    let serialized: String = js_sys::JSON::stringify(&import).expect("JSON").into();
    assert!(
        !serialized.contains("Str0ng!Passw0rd"),
        "the password never crosses"
    );
    assert!(!serialized.contains("weak"), "not even a refused one");
}

#[wasm_bindgen_test]
fn file_level_problems_are_thrown_with_their_code() {
    assert_eq!(
        code(read_users_csv("".into()).expect_err("empty")),
        "provisioning.csv_empty"
    );
    let latin1: &[u8] = b"email,name\r\nzoe@example.com,Zo\xe9\r\n";
    assert_eq!(
        code(read_users_csv(Uint8Array::from(latin1).into()).expect_err("not UTF-8")),
        "provisioning.csv_not_utf8"
    );
    assert_eq!(
        code(read_users_csv("name\nAnn\n".into()).expect_err("no email column")),
        "provisioning.csv_header_missing"
    );
    assert_eq!(
        code(read_users_csv(JsValue::from_f64(3.0)).expect_err("a number")),
        "input.invalid_type"
    );
}

#[wasm_bindgen_test]
fn the_one_user_form_gives_every_finding_at_once() {
    let check = validate_user(object(&[
        ("emailAddress", "ann@".into()),
        ("name", "".into()),
        ("password", "Str0ng!Passw0rd".into()),
        ("passwordConfirmation", "Str0ng!Passw0rD".into()),
    ]))
    .expect("checked");
    assert_eq!(get(&check, "valid"), JsValue::FALSE);
    let findings = array(&check, "findings");
    let fields: Vec<String> = findings.iter().map(|f| text(&f, "field")).collect();
    assert!(fields.contains(&"emailAddress".to_owned()), "{fields:?}");
    assert!(fields.contains(&"name".to_owned()), "{fields:?}");
    let codes: Vec<String> = findings.iter().map(|f| text(&f, "code")).collect();
    assert!(
        codes.contains(&"user.password_mismatch".to_owned()),
        "{codes:?}"
    );
    let serialized: String = js_sys::JSON::stringify(&check).expect("JSON").into();
    assert!(!serialized.contains("Str0ng"), "no password echoed");

    let check = validate_user(object(&[
        ("emailAddress", " Ann.Lee@Example.COM ".into()),
        ("name", "Ann Lee".into()),
        ("password", "Str0ng!Passw0rd".into()),
        ("passwordConfirmation", "Str0ng!Passw0rd".into()),
    ]))
    .expect("checked");
    assert_eq!(get(&check, "valid"), JsValue::TRUE);
    let user = get(&check, "user");
    assert_eq!(text(&user, "domain"), "example.com");
    assert_eq!(
        get(&user, "forcePasswordChange"),
        JsValue::TRUE,
        "default on"
    );
    assert!(get(&user, "password").is_undefined());

    let wrong = validate_user(object(&[("forcePasswordChange", "yes".into())]));
    assert_eq!(
        code(wrong.expect_err("not a boolean")),
        "input.invalid_type"
    );
}

#[wasm_bindgen_test]
fn a_failing_browser_random_source_throws_instead_of_a_guessable_password() {
    let crypto = get(&js_sys::global(), "crypto");
    let real = get(&crypto, "getRandomValues");
    let broken = js_sys::Function::new_no_args("throw new Error('no entropy')");
    Reflect::set(&crypto, &JsValue::from_str("getRandomValues"), &broken).expect("stub");
    let answer = generate_password();
    Reflect::set(&crypto, &JsValue::from_str("getRandomValues"), &real).expect("restore");
    assert_eq!(
        code(answer.expect_err("no password")),
        "provisioning.random_unavailable"
    );
    assert!(generate_password().is_ok(), "the real source works again");
}

#[wasm_bindgen_test]
fn generated_passwords_pass_the_policy_and_differ() {
    let first = generate_password().expect("a password");
    let second = generate_password().expect("a password");
    assert_eq!(first.chars().count(), 16);
    assert_ne!(first, second);
    assert_eq!(check_password(&first).expect("checked"), JsValue::NULL);
    let weak = check_password("password").expect("checked");
    assert!(text(&weak, "code").starts_with("user.password_"));
    assert!(!text(&weak, "message").contains("password\""), "not echoed");
}

#[wasm_bindgen_test]
fn the_account_domains_are_read_as_mimecast_lists_them_and_compared_with_the_files() {
    // Get Internal Domain and Get Pending Domain, shaped as Mimecast's reference gives them.
    let registered = parse_internal_domains(
        r#"{"data":[{"id":"d1","domain":"example.com","sendOnly":false,"local":false,"inboundType":"any"}]}"#.into(),
    )
    .expect("parsed");
    let pending = parse_pending_domains(
        r#"{"data":[{"domain":"Example.ORG","expiry":"2099-04-02T15:58:47+0000","id":"p1","token":"mc-77","created":"2026-11-30T10:00:00+0000"}]}"#.into(),
    )
    .expect("parsed");
    let account = Object::new();
    Reflect::set(&account, &"registered".into(), &registered).expect("set");
    Reflect::set(&account, &"pending".into(), &pending).expect("set");
    let addresses = Array::of3(
        &"ann@example.com".into(),
        &"dee@example.org".into(),
        &"zoe@elsewhere.net".into(),
    );
    let check = check_domains(addresses.into(), account.clone().into(), None).expect("checked");
    let strings = |key| -> Vec<String> {
        array(&check, key)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    };
    assert_eq!(strings("missing"), ["elsewhere.net"]);
    assert_eq!(strings("pending"), ["example.org"]);
    let needed = array(&check, "needed");
    assert_eq!(needed.length(), 3);
    let org = needed.get(2);
    assert_eq!(text(&org, "status"), "pending");
    assert_eq!(text(&get(&org, "record"), "value"), "mc-77");
    assert_eq!(text(&get(&org, "record"), "host"), "@");

    let advice = register_advice("mail.example.com", account.into(), None).expect("advice");
    assert_eq!(text(&advice, "kind"), "subdomain");
    assert_eq!(text(&advice, "parent"), "example.com");

    let at_once =
        parse_domain_registration(r#"{"data":[{"id":"d9","domain":"mail.example.com"}]}"#.into())
            .expect("parsed");
    assert_eq!(text(&at_once, "kind"), "registered");
    let created = parse_domain_registration(
        r#"{"data":[{"id":"d2","domain":"acme.test","token":"mc-1","created":"x","expiry":"y"}]}"#
            .into(),
    )
    .expect("parsed");
    assert_eq!(text(&created, "kind"), "pending");
    assert_eq!(text(&created, "token"), "mc-1");
    let record = dns_record(created).expect("a record");
    assert_eq!(text(&record, "zoneLine"), "acme.test. 3600 IN TXT \"mc-1\"");

    assert_eq!(
        code(parse_internal_domains("<html>".into()).expect_err("not JSON")),
        "mimecast.answer_invalid"
    );
    assert_eq!(
        code(
            check_domains(JsValue::from_f64(1.0), Object::new().into(), None)
                .expect_err("not an array")
        ),
        "input.invalid_type"
    );
}

#[wasm_bindgen_test]
fn the_report_of_saved_outcomes_has_one_row_per_line_and_no_password() {
    let results = json(
        r#"[{"line":2,"emailAddress":"ann@example.com","outcome":"created"},
            {"line":3,"emailAddress":"bob@example.com","outcome":"exists","code":"err_user_already_exists","message":"A user with this email address already exists"},
            {"line":4,"emailAddress":"=cmd@example.com","outcome":"failed","code":"err_domain_not_registered","message":"Not internal"},
            {"line":5,"emailAddress":"","outcome":"pending"}]"#,
    );
    let report = users_report_csv(results.clone(), Some(";".to_owned())).expect("a report");
    let lines: Vec<&str> = report
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split("\r\n")
        .collect();
    assert_eq!(
        lines[0],
        "line;email;outcome;error_code;message;generated_password"
    );
    assert_eq!(lines.len(), 5, "{report}");
    assert!(lines[1].starts_with("2;ann@example.com;created;"));
    assert!(lines[2].contains(";exists;err_user_already_exists;"));
    assert!(
        lines[3].contains("'=cmd@example.com"),
        "formula guard: {}",
        lines[3]
    );
    assert!(
        lines.iter().skip(1).all(|l| l.ends_with(';')),
        "password column empty"
    );
    let comma = users_report_csv(results, None).expect("a report");
    assert!(comma.contains("line,email,outcome"));
    assert_eq!(
        code(users_report_csv(json("[{\"line\":\"x\"}]"), None).expect_err("not results")),
        "input.invalid_type"
    );
}
