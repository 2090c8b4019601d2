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
use mimecast_sso_core::metadata::{self, FederationMetadata, Scope};
use mimecast_sso_core::plan::{self, Plan, PlanInput};
use mimecast_sso_core::routes::region_summaries;
use mimecast_sso_core::{Coded, UnixTime};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod users;

pub use users::{
    check_domains, check_password, dns_record, generate_password, parse_domain_registration,
    parse_internal_domains, parse_pending_domains, read_users_csv, register_advice,
    users_report_csv, validate_user,
};
pub(crate) use users::{random_bytes, read_csv};

/// The code thrown when an argument has the wrong JavaScript type (not a core code).
pub const INVALID_TYPE: &str = "input.invalid_type";

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A Mimecast region code. */
export type RegionCode = "eu" | "de" | "us" | "usb" | "ca" | "za" | "au" | "jer" | "uspcom";
/** One Mimecast region, as `regions()` lists them. */
export interface RegionInfo {
  code: RegionCode;
  /** English name, e.g. "Europe (excluding Germany)". */
  name: string;
  /** Host of the SAML URLs, e.g. "eu-api.mimecast.com". */
  samlHost: string;
  /** Host of the Mimecast API, e.g. "je-api.mimecast.com" for "jer". */
  apiHost: string;
  /** Account code prefix that points to this region, e.g. "CUK"; null when none. */
  accountCodePrefix: string | null;
  /** The region's Administration Console login page. */
  adminConsoleUrl: string;
  /** Entra "Sign on URL" and "Reply URL": https://{samlHost}/login/saml. */
  signOnUrl: string;
}
/** What the admin knows; every field optional. */
export interface PlanInput {
  region?: string | null;
  accountCode?: string | null;
  tenantId?: string | null;
  appId?: string | null;
  /** PEM text or the base64 body of Entra's signing certificate. */
  certificate?: string | null;
  description?: string | null;
  legacySignOnUrl?: string | null;
  /** Entra's Federation Metadata XML: the Issuer, Login and Logout URLs and certificate then come from it. */
  federationMetadata?: string | null;
}
export type Severity = "error" | "warning" | "info";
/** What validation found; `code` is stable and translatable. */
export interface Finding {
  severity: Severity;
  code: string;
  field?: string;
  message: string;
}
export interface KeyInfo { algorithm: string; bits: number; curve?: string; }
export interface CertificateReport {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** RFC 3339, UTC. */
  notBefore: string;
  notAfter: string;
  daysRemaining: number;
  key: KeyInfo;
  signatureAlgorithm: string;
  /** SHA-1 in upper-case hex: the "Thumbprint" Entra shows. */
  thumbprintSha1: string;
  fingerprintSha256: string;
  selfIssued: boolean;
  selfSignatureValid: boolean | null;
  isEntraSigning: boolean;
  certificatesFound: number;
  selectedIndex: number;
  /** Mimecast's "Identity Provider Certificate (Metadata)": base64 body, no BEGIN/END lines. */
  mimecastBody: string;
  pem: string;
  findings: Finding[];
}
export interface EntraSettings {
  signOnUrl: string | null;
  identifier: string | null;
  replyUrl: string | null;
  legacySignOnUrl: string | null;
  federationMetadataUrl: string | null;
}
export interface AuthenticationProfile {
  description: string | null;
  enforceSamlAuthentication: boolean;
  provider: string;
  issuerUrl: string | null;
  loginUrl: string | null;
  logoutUrl: string | null;
  identityProviderCertificate: string | null;
  allowSingleSignOn: boolean;
  usePasswordProtectedContext: boolean;
  useIntegratedAuthenticationContext: boolean;
}
export interface ChecklistStep {
  id: string;
  console: "entra" | "mimecast";
  text: string;
  link: string | null;
  status: "done" | "todo" | "blocked";
  blockedBy: string[];
}
export interface Plan {
  planVersion: number;
  ready: boolean;
  region: RegionCode | null;
  regionName: string | null;
  suggestedRegion: RegionCode | null;
  accountCode: string | null;
  tenantId: string | null;
  appId: string | null;
  entra: EntraSettings;
  authenticationProfile: AuthenticationProfile;
  certificate: CertificateReport | null;
  findings: Finding[];
  checklist: ChecklistStep[];
  /** The federation metadata the plan was built from, when there was one. */
  federationMetadata?: FederationMetadata;
}
/** Where federation metadata came from: the app's URL (with appid), the tenant's, or unknown (a file). */
export type MetadataScope = "application" | "tenantWide" | "unknown";
/** Entra's Federation Metadata, read by `parseFederationMetadata` or `GET /api/v1/entra/metadata`. */
export interface FederationMetadata {
  /** EntityDescriptor@entityID: Mimecast's Issuer URL, https://sts.windows.net/{tenant-id}/. */
  entityId: string;
  tenantId: string;
  scope: MetadataScope;
  /** Mimecast's Login URL: the HTTP-Redirect SingleSignOnService, else the HTTP-POST one. */
  loginUrl: string;
  /** Mimecast's Logout URL: the SingleLogoutService, else the tenant's …/saml2 URL. */
  logoutUrl: string;
  redirectSsoUrl?: string;
  postSsoUrl?: string;
  /** Every distinct signing certificate, in document order (the WS-Fed copies removed). */
  certificates: CertificateReport[];
  /** The certificate to paste into Mimecast now: the only one valid now (absent when none is, or when several are: see choiceNeeded). */
  chosenIndex?: number;
  /** The valid certificate with the latest notAfter: during a rollover, the one to switch to when it is made Active in Entra. */
  newestIndex?: number;
  /** Certificates valid now. */
  validIndices: number[];
  /** Several certificates are valid now and the metadata does not say which one Entra shows as Active: the admin must choose. */
  choiceNeeded: boolean;
  /** Certificates expired or expiring within 60 days. */
  expiringIndices: number[];
  findings: Finding[];
  /** What to paste into Mimecast now, and when to switch, in English. */
  advice: string;
}
/** The tenant and application of an App Federation Metadata Url. */
export interface MetadataUrl { tenantId: string; appId: string | null; }
/** One certificate in the forms the consoles use. */
export interface NormalizedCertificate { der: Uint8Array; mimecastBody: string; pem: string; }
export interface Normalized { certificates: NormalizedCertificate[]; }
/** What every function throws: an Error with a stable code, e.g. "cert.private_key". */
export interface HelperError extends Error { code: string; }
/** Options of `mount`. */
export interface MountOptions {
  /** "en", "fr" or "nl"; default: the browser's languages, then English. */
  lang?: string;
  /** Region code to preselect. */
  region?: string;
  /** Base URL of the Worker's API (ending in "/"); default "api/v1/" beside the page. */
  apiBase?: string;
  /** The helper owns the whole document: sets <html lang> and the title. Default false. */
  page?: boolean;
}
"#;

/// An `Error` with `message` and a `code` property, as every function of this module throws.
pub fn coded_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// [`coded_error`] from a core error: its code and English message.
pub fn js_error<E: Coded + Display>(error: &E) -> JsValue {
    coded_error(error.code(), &error.to_string())
}

/// Converts any serialisable value into a plain JavaScript value (objects, not `Map`s): its JSON
/// text (serde_json, as the Worker writes it) read back by the browser's `JSON.parse`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|error| coded_error("internal.serialize", &error.to_string()))?;
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

/// Reads a `PlanInput` object, or its JSON text, with the browser's JSON parser (so the core's
/// JSON reader stays out of the `.wasm`).
fn plan_input(input: JsValue) -> Result<PlanInput, JsValue> {
    const INVALID_JSON: &str = "plan.invalid_json";
    let value = match input.as_string() {
        Some(text) => js_sys::JSON::parse(&text).map_err(|error| {
            let detail = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            coded_error(
                INVALID_JSON,
                &format!("The plan input is not JSON: {detail}"),
            )
        })?,
        None => input,
    };
    if value.is_undefined() || value.is_null() {
        return Ok(PlanInput::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(coded_error(
            INVALID_JSON,
            "The plan input is not a JSON object whose fields are strings or null.",
        ));
    }
    plan_input_fields(&value).map_err(|error| {
        coded_error(
            INVALID_JSON,
            &format!(
                "The plan input is not a JSON object whose fields are strings or null: {error}."
            ),
        )
    })
}

/// The fields of a `PlanInput` object, read as its serde shape says (camelCase, every field an
/// optional string); other properties are ignored.
fn plan_input_fields(value: &JsValue) -> Result<PlanInput, String> {
    let field = |key| optional_string(value, key);
    Ok(PlanInput {
        region: field("region")?,
        account_code: field("accountCode")?,
        tenant_id: field("tenantId")?,
        app_id: field("appId")?,
        certificate: field("certificate")?,
        description: field("description")?,
        legacy_sign_on_url: field("legacySignOnUrl")?,
        federation_metadata: field("federationMetadata")?,
    })
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
    if let Some(text) = input.as_string() {
        return Ok(text.into_bytes());
    }
    if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    Err(coded_error(
        INVALID_TYPE,
        "Give the federation metadata as a string (XML text) or a Uint8Array (the file's bytes).",
    ))
}
