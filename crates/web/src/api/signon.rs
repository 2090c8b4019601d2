//! The sign-on test's functions: a captured SAML response inspected, an Entra error explained.
//! Both run in the browser, on what the admin pasted: nothing is sent anywhere.

use mimecast_sso_core::plan::{Plan, PlanCode};
use mimecast_sso_core::signon::{self, Expected, InspectOptions};
use wasm_bindgen::prelude::*;

use super::{coded_error, js_error, now, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What a response is compared with, when not a whole plan. */
export interface SamlExpected {
  identifier?: string | null;
  replyUrl?: string | null;
  issuer?: string | null;
  /** The certificate in Mimecast's Authentication Profile: its base64 body or PEM. */
  certificate?: string | null;
  /** Addresses known to exist in Mimecast. */
  users?: string[];
}
export type SignatureVerdict = "valid" | "invalid" | "unchecked" | "pending";
/** One ds:Signature of a response. */
export interface SignatureReport {
  covers: "response" | "assertion" | "other";
  reference: string;
  enveloped: boolean;
  canonicalization: string;
  signatureAlgorithm: string;
  digestAlgorithm: string;
  digestMatches: boolean | null;
  certificateThumbprint: string | null;
  verifiedWith: string | null;
  verdict: SignatureVerdict;
  verdictWithCarried?: SignatureVerdict;
}
/** What inspectSamlResponse() found. */
export interface SamlReport {
  /** Mimecast would accept it: signature valid, no SHA-1, no error finding. */
  verified: boolean;
  signatureValid: boolean;
  signed: "none" | "response" | "assertion" | "both";
  response: { id: string | null; issuer: string | null; destination: string | null; inResponseTo: string | null; issueInstant: string | null; statusCode: string | null; statusSubcode: string | null; statusMessage: string | null };
  assertion: { id: string | null; issuer: string | null; nameId: string | null; nameIdFormat: string | null; audiences: string[]; recipient: string | null; subjectNotOnOrAfter: string | null; notBefore: string | null; notOnOrAfter: string | null; authnContextClassRef: string | null; authnInstant: string | null; attributes: { name: string; values: string[] }[] } | null;
  signatures: SignatureReport[];
  expectedThumbprint: string | null;
  /** Seconds since 1970. */
  now: number;
  clockSkewSeconds: number;
  findings: Finding[];
}
/** What explainEntraError() says. */
export interface EntraErrorExplanation {
  code: string | null;
  number: number | null;
  page: "entra" | "mimecast";
  known: boolean;
  explanationCode: string;
  title: string;
  cause: string;
  fix: string[];
  planValues: { console: string; label: string; value: string }[];
  message: string | null;
  requestId: string | null;
  correlationId: string | null;
  timestamp: string | null;
  appId: string | null;
  source: string;
}
"#;

/// Inspects a captured SAML response (`input`: the SAMLResponse value, base64 or URL-encoded, or
/// its XML): its values, which element is signed, whether the signature verifies with the plan's
/// certificate, and what differs from `plan` (a `Plan`, or a `SamlExpected`), at `nowMs`
/// (default `Date.now()`) with 5 minutes of clock difference allowed. Throws with the core's code,
/// e.g. `saml.not_base64`, `saml.duplicate_id`.
#[wasm_bindgen(js_name = inspectSamlResponse, unchecked_return_type = "SamlReport")]
pub fn inspect_saml_response(
    input: &str,
    #[wasm_bindgen(unchecked_param_type = "Plan | SamlExpected | null")] plan: JsValue,
    #[wasm_bindgen(js_name = nowMs)] now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let expected = match json_text(&plan)? {
        None => Expected::default(),
        Some(text) if text.contains("\"entra\"") => {
            Expected::from_plan(&serde_json::from_str::<Plan>(&text).map_err(|_| not_a_plan())?)
        }
        Some(text) => serde_json::from_str(&text).map_err(|_| not_a_plan())?,
    };
    let report = signon::inspect_response(input, &expected, InspectOptions::at(now(now_ms)))
        .map_err(|error| js_error(&error))?;
    to_js(&report)
}

/// Explains an AADSTS code or the text of Entra's error page for this setup; with `plan`, the fix
/// names its values. Throws `entra_error.empty`, `entra_error.no_code` or `entra_error.too_large`.
#[wasm_bindgen(js_name = explainEntraError, unchecked_return_type = "EntraErrorExplanation")]
pub fn explain_entra_error(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Plan | null")] plan: JsValue,
) -> Result<JsValue, JsValue> {
    let plan = match json_text(&plan)? {
        None => None,
        Some(text) => Some(serde_json::from_str::<Plan>(&text).map_err(|_| not_a_plan())?),
    };
    let explanation =
        signon::explain_entra_error(text, plan.as_ref()).map_err(|error| js_error(&error))?;
    to_js(&explanation)
}

/// The JSON text of an object argument; `None` for `undefined` or `null`.
fn json_text(value: &JsValue) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .map(Some)
        .ok_or_else(not_a_plan)
}

fn not_a_plan() -> JsValue {
    coded_error(
        PlanCode::InvalidJson,
        "Give the plan as buildPlan() returns it, or an object of the values to compare with.",
    )
}
