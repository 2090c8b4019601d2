//! The functions JavaScript calls (feature `api`, the module of `docs/embedding.md`): the core's
//! regions, plan, certificate and metadata functions in `api/plan.rs`, the provisioning ones
//! (users' CSV, one user, domains, passwords, report) in `api/users.rs`, which the users module
//! exports too, and the sign-on test's (a SAML response, an Entra error) in `api/signon.rs`,
//! which the signon module exports too; here what every module shares: errors with codes and reading JavaScript values.
//!
//! Values cross as plain objects (serde_json's text read by `JSON.parse`), shaped like the
//! core's serde JSON and typed in the TypeScript section below. Every failure is thrown as an
//! `Error` whose `code` property is a stable code: the core's (`cert.private_key`, …) or
//! `input.invalid_type` when an argument has the wrong JavaScript type. The clock is read here
//! (`Date.now()` unless `nowMs` is given), never in the core.

use std::fmt::Display;

use js_sys::Reflect;
#[cfg(feature = "users")]
use js_sys::Uint8Array;
use mimecast_sso_core::Coded;
#[cfg(any(feature = "users", feature = "signon"))]
use mimecast_sso_core::UnixTime;
#[cfg(any(feature = "users", feature = "signon"))]
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "api")]
mod plan;
#[cfg(feature = "signon")]
mod signon;
#[cfg(feature = "api")]
mod types;
#[cfg(feature = "users")]
mod users;

#[cfg(feature = "api")]
pub use plan::{
    build_plan, inspect_certificate, normalize_certificate, parse_federation_metadata,
    parse_federation_metadata_url, regions,
};
#[cfg(feature = "signon")]
pub use signon::{explain_entra_error, inspect_saml_response};
#[cfg(feature = "users")]
pub use users::{
    check_domains, check_password, dns_record, generate_password, parse_domain_registration,
    parse_internal_domains, parse_pending_domains, read_users_csv, register_advice,
    users_report_csv, validate_user,
};

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

#[cfg(any(feature = "users", feature = "signon"))]
/// Converts any serialisable value into a plain JavaScript value (objects, not `Map`s): its JSON
/// text (serde_json, as the Worker writes it) read back by the browser's `JSON.parse`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|error| coded_error(AdapterCode::Serialize, &error.to_string()))?;
    js_sys::JSON::parse(&text)
}

#[cfg(any(feature = "users", feature = "signon"))]
/// `nowMs`, or the browser's clock.
pub(crate) fn now(now_ms: Option<f64>) -> UnixTime {
    UnixTime::from_millis_f64(now_ms.unwrap_or_else(js_sys::Date::now))
}

#[cfg(any(feature = "page", feature = "users"))]
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

#[cfg(any(feature = "page", feature = "users"))]
/// The message of a property of the wrong type.
pub(crate) fn invalid_field(key: &str) -> String {
    format!("invalid type for `{key}`, expected a string")
}

#[cfg(feature = "users")]
/// The bytes of a `string | Uint8Array` argument; `input.invalid_type` with `message` otherwise.
pub(crate) fn input_bytes(input: &JsValue, message: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(coded_error(INVALID_TYPE, message))
}
