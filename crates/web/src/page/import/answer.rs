//! The Worker's metadata answer (`GET /api/v1/entra/metadata`), read back into the core's
//! [`FederationMetadata`] with the browser's JSON parser (the core's JSON reader stays out of the
//! `.wasm`). Each certificate is read again from its PEM by the core, so what the page shows is
//! what the core inspected, at the browser's clock.

use js_sys::{Array, Reflect};
use mimecast_sso_core::certificate;
use mimecast_sso_core::metadata::{FederationMetadata, Scope};
use mimecast_sso_core::{Finding, Severity, UnixTime};
use wasm_bindgen::JsValue;

fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key)?.as_string()
}

fn index(value: &JsValue) -> Option<usize> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 1e6)
        .map(|n| n as usize)
}

fn list(object: &JsValue, key: &str) -> Vec<JsValue> {
    field(object, key)
        .filter(Array::is_array)
        .map(|value| Array::from(&value).iter().collect())
        .unwrap_or_default()
}

fn finding(value: &JsValue) -> Option<Finding> {
    let severity = match text(value, "severity")?.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    };
    // The Worker's finding as it sent it: its code is one of the core's, read back.
    Some(Finding {
        severity,
        code: text(value, "code")?,
        field: text(value, "field"),
        message: text(value, "message")?,
    })
}

/// The metadata in the Worker's JSON answer; `None` when it is not that shape.
pub(super) fn read(answer: &JsValue, now: UnixTime) -> Option<FederationMetadata> {
    let scope = match text(answer, "scope")?.as_str() {
        "application" => Scope::Application,
        "tenantWide" => Scope::TenantWide,
        _ => Scope::Unknown,
    };
    let mut certificates = Vec::new();
    for cert in list(answer, "certificates") {
        let pem = text(&cert, "pem")?;
        certificates.push(certificate::inspect(pem.as_bytes(), now).ok()?);
    }
    let count = certificates.len();
    Some(FederationMetadata {
        entity_id: text(answer, "entityId")?,
        tenant_id: text(answer, "tenantId")?.parse().ok()?,
        scope,
        login_url: text(answer, "loginUrl")?,
        logout_url: text(answer, "logoutUrl")?,
        redirect_sso_url: text(answer, "redirectSsoUrl"),
        post_sso_url: text(answer, "postSsoUrl"),
        certificates,
        chosen_index: field(answer, "chosenIndex")
            .and_then(|v| index(&v))
            .filter(|i| *i < count),
        newest_index: field(answer, "newestIndex")
            .and_then(|v| index(&v))
            .filter(|i| *i < count),
        valid_indices: list(answer, "validIndices")
            .iter()
            .filter_map(index)
            .filter(|i| *i < count)
            .collect(),
        choice_needed: field(answer, "choiceNeeded")
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        expiring_indices: list(answer, "expiringIndices")
            .iter()
            .filter_map(index)
            .filter(|i| *i < count)
            .collect(),
        findings: list(answer, "findings")
            .iter()
            .filter_map(finding)
            .collect(),
        advice: text(answer, "advice").unwrap_or_default(),
    })
}
