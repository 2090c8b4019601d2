//! wasm-bindgen tests of `parseFederationMetadata` and `parseFederationMetadataUrl`, run in
//! headless Chromium by `cargo xtask test`: plain objects out, `Error` with a `code` on refusal,
//! and `buildPlan` filled from the metadata.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect, Uint8Array};
use mimecast_sso_core::certificate;
use mimecast_sso_web::{build_plan, parse_federation_metadata, parse_federation_metadata_url};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ENTRA_PEM: &str = include_str!("../../core/tests/data/entra.pem");
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/// 2027-01-01T00:00:00Z, in milliseconds: the fixture certificate is valid.
const NOW_MS: f64 = 1_798_761_600_000.0;

fn body() -> String {
    certificate::normalize(ENTRA_PEM.as_bytes())
        .expect("fixture")
        .certificates[0]
        .mimecast_body
        .clone()
}

/// Metadata in Entra's shape: the WS-Fed RoleDescriptor and the SAML 2.0 IDPSSODescriptor, each
/// with the signing certificate.
fn document() -> String {
    let key = format!(
        r#"<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>{}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>"#,
        body()
    );
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><EntityDescriptor entityID="https://sts.windows.net/{TENANT}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">{key}</RoleDescriptor><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{key}<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/{TENANT}/saml2"/><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/{TENANT}/saml2"/></IDPSSODescriptor></EntityDescriptor>"#
    )
}

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

fn code(error: JsValue) -> String {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "an Error is thrown"
    );
    text(&error, "code")
}

#[wasm_bindgen_test]
fn metadata_text_and_file_bytes_give_the_same_plain_object() {
    let from_text =
        parse_federation_metadata(JsValue::from_str(&document()), Some(NOW_MS)).expect("text");
    let bytes = Uint8Array::from(document().as_bytes());
    let from_bytes = parse_federation_metadata(bytes.into(), Some(NOW_MS)).expect("bytes");
    assert_eq!(
        js_sys::JSON::stringify(&from_text).unwrap(),
        js_sys::JSON::stringify(&from_bytes).unwrap()
    );
    assert_eq!(
        Object::get_prototype_of(&from_text),
        Object::get_prototype_of(&Object::new().into()),
        "a plain object"
    );
    assert_eq!(
        text(&from_text, "entityId"),
        format!("https://sts.windows.net/{TENANT}/")
    );
    assert_eq!(text(&from_text, "scope"), "unknown");
    assert_eq!(
        text(&from_text, "loginUrl"),
        format!("https://login.microsoftonline.com/{TENANT}/saml2")
    );
    let certificates: js_sys::Array = get(&from_text, "certificates").into();
    assert_eq!(certificates.length(), 1, "the WS-Fed copy is removed");
    assert_eq!(text(&certificates.get(0), "mimecastBody"), body());
    assert_eq!(get(&from_text, "chosenIndex").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
fn hostile_or_wrong_documents_throw_errors_with_their_codes() {
    for (input, expected) in [
        ("", "metadata.empty"),
        (
            "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",
            "metadata.doctype",
        ),
        ("<EntityDescriptor", "metadata.invalid_xml"),
        (
            "<EntityDescriptor xmlns=\"urn:other\"/>",
            "metadata.not_entity_descriptor",
        ),
    ] {
        let error = parse_federation_metadata(JsValue::from_str(input), Some(NOW_MS)).unwrap_err();
        assert_eq!(code(error), expected, "{input}");
    }
    let error = parse_federation_metadata(JsValue::from_f64(1.0), None).unwrap_err();
    assert_eq!(code(error), "input.invalid_type");
}

#[wasm_bindgen_test]
fn the_app_federation_metadata_url_gives_tenant_and_app() {
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
    );
    let parsed = parse_federation_metadata_url(&url).expect("url");
    assert_eq!(text(&parsed, "tenantId"), TENANT);
    assert_eq!(text(&parsed, "appId"), APP);
    let error = parse_federation_metadata_url("https://evil.example.com/x").unwrap_err();
    assert_eq!(code(error), "metadata.url_invalid");
}

#[wasm_bindgen_test]
fn build_plan_takes_federation_metadata_instead_of_tenant_and_certificate() {
    let input = Object::new();
    Reflect::set(&input, &"region".into(), &"eu".into()).unwrap();
    Reflect::set(&input, &"accountCode".into(), &"CUK1A234".into()).unwrap();
    Reflect::set(
        &input,
        &"federationMetadata".into(),
        &JsValue::from_str(&document()),
    )
    .unwrap();
    let plan = build_plan(input.into(), Some(NOW_MS)).expect("plan");
    assert_eq!(get(&plan, "ready").as_bool(), Some(true));
    assert_eq!(text(&plan, "tenantId"), TENANT);
    assert_eq!(
        text(&plan, "authenticationProfile.identityProviderCertificate"),
        body()
    );
    assert_eq!(
        text(&plan, "federationMetadata.entityId"),
        format!("https://sts.windows.net/{TENANT}/")
    );
}
