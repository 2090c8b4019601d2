//! The page module's functions: regions, the plan, certificates and federation metadata.

use js_sys::{Reflect, Uint8Array};
use mimecast_sso_core::certificate;
use mimecast_sso_core::http_api::routes::region_summaries;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_core::plan::{self, PlanCode, PlanInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{coded_error, input_bytes, js_error, now, to_js};

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
    to_js(&plan::build_plan(&input, now(now_ms)))
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
    let imported =
        metadata::parse(&bytes, now(now_ms), Scope::Unknown).map_err(|error| js_error(&error))?;
    to_js(&imported)
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
