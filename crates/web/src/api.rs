//! The functions JavaScript calls: the core's regions, plan and certificate functions, converted;
//! the provisioning ones (users' CSV, one user, domains, passwords, report) are in `api/users.rs`.
//!
//! Values cross as plain objects (serde_json's text read by `JSON.parse`), shaped like the
//! core's serde JSON and typed in the TypeScript section below. Every failure is thrown as an
//! `Error` whose `code` property is a stable code: the core's (`cert.private_key`, …) or
//! `input.invalid_type` when an argument has the wrong JavaScript type. The clock is read here
//! (`Date.now()` unless `nowMs` is given), never in the core.

use std::fmt::Display;

use js_sys::{Reflect, Uint8Array};
use mimecast_sso_core::certificate;
use mimecast_sso_core::http_api::routes::region_summaries;
use mimecast_sso_core::metadata::{self, FederationMetadata, Scope};
use mimecast_sso_core::plan::{self, Plan, PlanCode, PlanInput};
use mimecast_sso_core::{Coded, UnixTime};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod types;
mod users;

pub use users::{
    check_domains, check_password, dns_record, generate_password, parse_domain_registration,
    parse_internal_domains, parse_pending_domains, read_users_csv, register_advice,
    users_report_csv, validate_user,
};
pub(crate) use users::{random_bytes, read_csv};

mimecast_sso_core::codes! {
    /// Codes of this adapter's own refusals, about JavaScript values the core never sees.
    pub enum AdapterCode {
        /// An argument has the wrong JavaScript type.
        InvalidType = "input.invalid_type",
        /// A value could not be turned into JSON.
        Serialize = "internal.serialize" @ 500,
    }
}

/// The code thrown when an argument has the wrong JavaScript type (not a core code).
pub const INVALID_TYPE: AdapterCode = AdapterCode::InvalidType;

/// An `Error` with `message` and a `code` property, as every function of this module throws.
pub fn coded_error(code: impl Coded, message: &str) -> JsValue {
    coded_error_text(code.code(), message)
}

/// An `Error` with `message` and the `code` property `code` as it came (an answer's code).
pub fn coded_error_text(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// [`coded_error`] from a core error: its code and English message.
pub fn js_error<E: Coded + Display>(error: &E) -> JsValue {
    coded_error(error, &error.to_string())
}

/// Converts any serialisable value into a plain JavaScript value (objects, not `Map`s): its JSON
/// text (serde_json, as the Worker writes it) read back by the browser's `JSON.parse`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|error| coded_error(AdapterCode::Serialize, &error.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// `nowMs`, or the browser's clock.
fn now(now_ms: Option<f64>) -> UnixTime {
    UnixTime::from_millis_f64(now_ms.unwrap_or_else(js_sys::Date::now))
}

/// Every Mimecast region, in the order the page lists them (the same list as `GET /api/v1/regions`).
#[wasm_bindgen(unchecked_return_type = "RegionInfo[]")]
pub fn regions() -> Result<JsValue, JsValue> {
    to_js(&region_summaries())
}

/// Builds the SSO plan from `input` (a `PlanInput` object or its JSON text), judging the
/// certificate at `nowMs` (default `Date.now()`). Missing or invalid fields become findings;
/// throws `plan.invalid_json` only when the input is not an object of optional strings.
#[wasm_bindgen(js_name = buildPlan, unchecked_return_type = "Plan")]
pub fn build_plan(
    #[wasm_bindgen(unchecked_param_type = "PlanInput | string")] input: JsValue,
    #[wasm_bindgen(js_name = nowMs)] now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let input = plan_input(input)?;
    to_js(&plan_for(&input, None, now(now_ms)))
}

/// The plan, for the page too: from `imported` metadata when the page imported some.
pub(crate) fn plan_for(
    input: &PlanInput,
    imported: Option<&FederationMetadata>,
    now: UnixTime,
) -> Plan {
    match imported {
        Some(imported) => plan::build_plan_with_metadata(input, imported, now),
        None => plan::build_plan(input, now),
    }
}

/// Reads a `PlanInput` object, or its JSON text, with the core's reader (the same as the
/// Worker's): `undefined` or `null` is the empty input.
fn plan_input(input: JsValue) -> Result<PlanInput, JsValue> {
    if input.is_undefined() || input.is_null() {
        return Ok(PlanInput::default());
    }
    let text = match input.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(&input)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| {
                coded_error(
                    PlanCode::InvalidJson,
                    "The plan input is not a JSON object whose fields are strings or null.",
                )
            })?,
    };
    PlanInput::from_json(&text).map_err(|error| js_error(&error))
}

/// The property `key` of a JavaScript object as an optional string: `undefined`, `null` or absent
/// is `None`; any other type is an error naming the property. (Read directly rather than through
/// serde's deserializer, which would bring its error formatting, floats included, into the
/// `.wasm`.)
pub(crate) fn optional_string(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    let value = Reflect::get(object, &JsValue::from_str(key)).map_err(|_| invalid_field(key))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| invalid_field(key))
}

/// The message of a property of the wrong type.
pub(crate) fn invalid_field(key: &str) -> String {
    format!("invalid type for `{key}`, expected a string")
}

/// The bytes of a `string | Uint8Array` argument; `input.invalid_type` with `message` otherwise.
fn input_bytes(input: &JsValue, message: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(coded_error(INVALID_TYPE, message))
}

/// What a certificate argument of the wrong type is told.
const CERTIFICATE_TYPE: &str =
    "Give the certificate as a string (PEM or base64) or a Uint8Array (DER or file bytes).";

/// Inspects the certificate in `input` (PEM, base64 or DER; a file's bytes as they are) at `nowMs`
/// (default `Date.now()`). Throws with the core's code, e.g. `cert.private_key` for a private key.
#[wasm_bindgen(js_name = inspectCertificate, unchecked_return_type = "CertificateReport")]
pub fn inspect_certificate(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(js_name = nowMs)] now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let bytes = input_bytes(&input, CERTIFICATE_TYPE)?;
    let report = certificate::inspect(&bytes, now(now_ms)).map_err(|error| js_error(&error))?;
    to_js(&report)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NormalizedJs<'a> {
    mimecast_body: &'a str,
    pem: &'a str,
}

/// Every certificate in `input`, each as DER bytes, Mimecast's body text and canonical PEM.
#[wasm_bindgen(js_name = normalizeCertificate, unchecked_return_type = "Normalized")]
pub fn normalize_certificate(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = input_bytes(&input, CERTIFICATE_TYPE)?;
    let normalized = certificate::normalize(&bytes).map_err(|error| js_error(&error))?;
    let list = js_sys::Array::new();
    for cert in &normalized.certificates {
        let item = to_js(&NormalizedJs {
            mimecast_body: &cert.mimecast_body,
            pem: &cert.pem,
        })?;
        Reflect::set(&item, &"der".into(), &Uint8Array::from(cert.der.as_slice()))?;
        list.push(&item);
    }
    let result = js_sys::Object::new();
    Reflect::set(&result, &"certificates".into(), &list)?;
    Ok(result.into())
}

/// Reads Entra's Federation Metadata XML (`input`: its text or a file's bytes) and inspects its
/// signing certificates at `nowMs` (default `Date.now()`). Throws with the core's code, e.g.
/// `metadata.doctype`, `metadata.too_large`, `metadata.no_idp_descriptor`.
#[wasm_bindgen(js_name = parseFederationMetadata, unchecked_return_type = "FederationMetadata")]
pub fn parse_federation_metadata(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
    #[wasm_bindgen(js_name = nowMs)] now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let bytes = metadata_bytes(&input)?;
    to_js(&read_metadata(&bytes, now(now_ms))?)
}

/// The metadata in `bytes`, for the page too; the error thrown as `Error` with its code.
pub(crate) fn read_metadata(bytes: &[u8], now: UnixTime) -> Result<FederationMetadata, JsValue> {
    metadata::parse(bytes, now, Scope::Unknown).map_err(|error| js_error(&error))
}

/// The tenant ID and application ID of an App Federation Metadata Url. Throws
/// `metadata.url_invalid` for another host or path, or the GUID's code (`tenant.invalid`, …).
#[wasm_bindgen(js_name = parseFederationMetadataUrl, unchecked_return_type = "MetadataUrl")]
pub fn parse_federation_metadata_url(url: &str) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct MetadataUrl {
        tenant_id: String,
        app_id: Option<String>,
    }
    let (tenant, app) = metadata::parse_url(url).map_err(|error| js_error(&error))?;
    to_js(&MetadataUrl {
        tenant_id: tenant.to_string(),
        app_id: app.map(|app| app.to_string()),
    })
}

/// The bytes of a `string | Uint8Array` metadata argument.
fn metadata_bytes(input: &JsValue) -> Result<Vec<u8>, JsValue> {
    input_bytes(
        input,
        "Give the federation metadata as a string (XML text) or a Uint8Array (the file's bytes).",
    )
}
