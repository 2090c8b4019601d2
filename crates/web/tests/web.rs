//! wasm-bindgen tests of the exported functions, run in headless Chromium by `cargo xtask test`:
//! the shapes JavaScript receives (plain objects, typed arrays) and the `code` of every error.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use mimecast_sso_web::{build_plan, inspect_certificate, normalize_certificate, regions};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENTRA_PEM: &str = include_str!("../../core/tests/data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("../../core/tests/data/entra.der");
const KEY_PKCS8: &str = include_str!("../../core/tests/data/key_pkcs8.pem");
const KEY_PKCS1_DER: &[u8] = include_bytes!("../../core/tests/data/key_pkcs1.der");
/// 2026-11-23T00:00:00Z, in milliseconds.
const NOW_MS: f64 = 1_795_392_000_000.0;

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |value, key| {
        Reflect::get(&value, &JsValue::from_str(key)).expect("property")
    })
}

fn text(value: &JsValue, path: &str) -> String {
    get(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

/// The `code` of a thrown `Error`.
fn code(error: JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error object is thrown"
    );
    text(&error, "code")
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && Object::get_prototype_of(value) == Object::get_prototype_of(&Object::new().into())
}

#[wasm_bindgen_test]
fn version_matches_the_core_crate() {
    assert_eq!(mimecast_sso_web::version(), mimecast_sso_core::VERSION);
}

#[wasm_bindgen_test]
fn regions_are_plain_objects_with_codes_and_urls() {
    let list: Array = regions().expect("regions").dyn_into().expect("an array");
    assert_eq!(list.length(), 9);
    let first = list.get(0);
    assert!(is_plain_object(&first), "a plain object, not a Map");
    assert_eq!(text(&first, "code"), "eu");
    assert_eq!(
        text(&first, "signOnUrl"),
        "https://eu-api.mimecast.com/login/saml"
    );
    let jer = list.iter().find(|r| text(r, "code") == "jer").expect("jer");
    assert_eq!(text(&jer, "apiHost"), "je-api.mimecast.com");
    assert!(get(&jer, "accountCodePrefix").is_null());
}

fn input(fields: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &(*name).into(), &(*value).into()).expect("set");
    }
    object.into()
}

#[wasm_bindgen_test]
fn build_plan_gives_every_value_as_plain_json() {
    let plan = build_plan(
        input(&[
            ("region", "eu"),
            ("accountCode", "cuk1a234"),
            ("tenantId", "72F988BF-86F1-41AF-91AB-2D7CD011DB47"),
            ("certificate", ENTRA_PEM),
        ]),
        Some(NOW_MS),
    )
    .expect("a plan");
    assert!(is_plain_object(&plan));
    assert_eq!(
        text(&plan, "entra.identifier"),
        "https://eu-api.mimecast.com/sso/CUK1A234"
    );
    assert_eq!(
        text(&plan, "authenticationProfile.issuerUrl"),
        "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"
    );
    let body = text(&plan, "authenticationProfile.identityProviderCertificate");
    assert!(!body.contains("BEGIN") && !body.contains('\n'));
    assert_eq!(
        get(&plan, "authenticationProfile.usePasswordProtectedContext"),
        JsValue::FALSE
    );
    assert!(Array::is_array(&get(&plan, "checklist")));
    assert!(get(&plan, "certificate.daysRemaining").as_f64().is_some());
}

#[wasm_bindgen_test]
fn build_plan_reads_json_text_and_reports_missing_fields_as_findings() {
    let plan = build_plan(JsValue::from_str(r#"{"region":"us"}"#), None).expect("a plan");
    assert_eq!(get(&plan, "ready"), JsValue::FALSE);
    assert!(get(&plan, "entra.identifier").is_null());
    let findings: Array = get(&plan, "findings").dyn_into().expect("findings");
    assert!(
        findings
            .iter()
            .any(|f| text(&f, "code") == "account_code.empty")
    );
}

#[wasm_bindgen_test]
fn build_plan_refuses_what_is_not_an_object_of_strings() {
    for bad in [
        JsValue::from_str("{not json"),
        JsValue::from_f64(3.0),
        input(&[]).tap_set("region", 7.into()),
    ] {
        let error = build_plan(bad, None).expect_err("refused");
        assert_eq!(code(error), "plan.invalid_json");
    }
}

trait TapSet {
    fn tap_set(self, key: &str, value: JsValue) -> JsValue;
}

impl TapSet for JsValue {
    fn tap_set(self, key: &str, value: JsValue) -> JsValue {
        Reflect::set(&self, &key.into(), &value).expect("set");
        self
    }
}

#[wasm_bindgen_test]
fn inspect_certificate_reads_pem_text_and_der_bytes_alike() {
    let from_text = inspect_certificate(ENTRA_PEM.into(), Some(NOW_MS)).expect("a report");
    let from_bytes =
        inspect_certificate(Uint8Array::from(ENTRA_DER).into(), Some(NOW_MS)).expect("a report");
    assert!(is_plain_object(&from_text));
    assert_eq!(
        text(&from_text, "thumbprintSha1"),
        text(&from_bytes, "thumbprintSha1")
    );
    assert_eq!(
        text(&from_text, "subject"),
        "CN=Microsoft Azure Federated SSO Certificate"
    );
    assert!(Array::is_array(&get(&from_text, "findings")));
}

#[wasm_bindgen_test]
fn inspect_certificate_reads_the_clock_when_no_time_is_given() {
    let now = inspect_certificate(ENTRA_PEM.into(), None).expect("a report");
    let then = inspect_certificate(ENTRA_PEM.into(), Some(0.0)).expect("a report");
    let days = |r: &JsValue| get(r, "daysRemaining").as_f64().expect("a number");
    assert!(days(&then) > days(&now) + 365.0 * 50.0);
}

#[wasm_bindgen_test]
fn private_keys_are_refused_with_their_code() {
    let error = inspect_certificate(KEY_PKCS8.into(), Some(NOW_MS)).expect_err("refused");
    let message = text(&error, "message");
    assert_eq!(code(error), "cert.private_key");
    assert!(!message.contains("MII"), "the key is not echoed");
    let error = normalize_certificate(Uint8Array::from(KEY_PKCS1_DER).into()).expect_err("refused");
    assert_eq!(code(error), "cert.private_key");
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_refused_with_their_code() {
    let error = inspect_certificate(JsValue::from_f64(1.0), None).expect_err("refused");
    assert_eq!(code(error), "input.invalid_type");
    let error = normalize_certificate(JsValue::NULL).expect_err("refused");
    assert_eq!(code(error), "input.invalid_type");
    let error = inspect_certificate("".into(), None).expect_err("refused");
    assert_eq!(code(error), "cert.empty");
}

#[wasm_bindgen_test]
fn normalize_certificate_gives_der_bytes_the_mimecast_body_and_pem() {
    let normalized = normalize_certificate(ENTRA_PEM.into()).expect("normalized");
    let list: Array = get(&normalized, "certificates")
        .dyn_into()
        .expect("an array");
    assert_eq!(list.length(), 1);
    let first = list.get(0);
    let der: Uint8Array = get(&first, "der").dyn_into().expect("a Uint8Array");
    assert_eq!(der.to_vec(), ENTRA_DER);
    assert!(text(&first, "pem").starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(!text(&first, "mimecastBody").contains('-'));
}
