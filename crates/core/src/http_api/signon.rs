//! The bodies of `POST /api/v1/saml/inspect` and `POST /api/v1/entra/explain`, read and run.
//!
//! Neither route needs a credential: both only read what the caller sends and compare it with
//! the plan the caller sends. Error messages never quote the body (a SAML response holds personal
//! data, and the request log holds only the route's name).

use serde::Deserialize;

use crate::api_error::ApiError;
use crate::plan::Plan;
use crate::signon::{self, EntraErrorExplanation, Expected, InspectOptions, SamlReport};
use crate::time::UnixTime;

use super::RouteError;

/// The body of `POST /api/v1/saml/inspect`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SamlInspectRequest {
    /// The captured response: the `SAMLResponse` value (base64, URL-encoded or not) or its XML.
    pub saml_response: String,
    /// The plan to compare with (the answer of `POST /api/v1/plan`); its Identifier, Reply URL,
    /// Issuer and certificate are used.
    #[serde(default)]
    pub plan: Option<Box<Plan>>,
    /// The values to compare with, when not given by a plan (or to add `users`).
    #[serde(default)]
    pub expected: Option<Expected>,
    /// When to check the conditions, RFC 3339; the Worker's clock when absent.
    #[serde(default)]
    pub now: Option<String>,
    /// Clock difference allowed, in seconds (default 300, at most 3600).
    #[serde(default)]
    pub clock_skew_seconds: Option<u32>,
}

/// The body of `POST /api/v1/entra/explain`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntraExplainRequest {
    /// An AADSTS code, or the whole text of Entra's error page.
    pub text: String,
    /// The plan, so the fix names its values.
    #[serde(default)]
    pub plan: Option<Box<Plan>>,
}

/// Most clock difference a caller may allow: an hour.
const MAX_SKEW_SECONDS: u32 = 3600;

/// Reads a JSON object into `T`, refusing anything else with `request.invalid_json` and the
/// position only (serde's messages may quote the body). An array is refused too: serde would
/// read a struct from one, its fields by position.
fn read<T: for<'de> Deserialize<'de>>(body: &[u8], shape: &str) -> Result<T, ApiError> {
    if body.trim_ascii_start().first() == Some(&b'[') {
        return Err(ApiError::new(
            RouteError::InvalidJson,
            format!("The body is not {shape}: it is an array, not an object."),
        ));
    }
    serde_json::from_slice(body).map_err(|error| {
        ApiError::new(
            RouteError::InvalidJson,
            format!(
                "The body is not {shape} (line {}, column {}).",
                error.line(),
                error.column()
            ),
        )
    })
}

impl SamlInspectRequest {
    /// Reads the body.
    ///
    /// # Errors
    /// `request.invalid_json` when it is not this shape.
    pub fn from_json(body: &[u8]) -> Result<Self, ApiError> {
        read(
            body,
            "{\"samlResponse\": \"…\", \"plan\"?: {…}, \"expected\"?: {…}, \"now\"?: \"RFC 3339\", \"clockSkewSeconds\"?: 300}",
        )
    }

    /// Inspects the response: compared with `expected`, else the plan's values; at `now`, else
    /// `clock`.
    ///
    /// # Errors
    /// The [`signon::SamlError`] of the response, as an [`ApiError`]; `request.invalid_json`
    /// for a `now` that is not RFC 3339.
    pub fn run(&self, clock: UnixTime) -> Result<SamlReport, ApiError> {
        let now = match self.now.as_deref() {
            None => clock,
            Some(text) => UnixTime::parse_iso8601(text).ok_or_else(|| {
                ApiError::new(
                    RouteError::InvalidJson,
                    "`now` is not an RFC 3339 date and time with a zone.",
                )
                .with_field("now")
            })?,
        };
        let mut expected = self.expected.clone().unwrap_or_default();
        if let Some(plan) = &self.plan {
            let from_plan = Expected::from_plan(plan);
            expected = Expected {
                identifier: expected.identifier.or(from_plan.identifier),
                reply_url: expected.reply_url.or(from_plan.reply_url),
                issuer: expected.issuer.or(from_plan.issuer),
                certificate: expected.certificate.or(from_plan.certificate),
                users: expected.users,
            };
        }
        let options = InspectOptions {
            now,
            clock_skew_seconds: self
                .clock_skew_seconds
                .unwrap_or(signon::DEFAULT_CLOCK_SKEW_SECONDS)
                .min(MAX_SKEW_SECONDS),
        };
        signon::inspect_response(&self.saml_response, &expected, options)
            .map_err(|error| ApiError::from_coded(&error).with_field("samlResponse"))
    }
}

impl EntraExplainRequest {
    /// Reads the body.
    ///
    /// # Errors
    /// `request.invalid_json` when it is not this shape.
    pub fn from_json(body: &[u8]) -> Result<Self, ApiError> {
        read(body, "{\"text\": \"…\", \"plan\"?: {…}}")
    }

    /// Explains the text.
    ///
    /// # Errors
    /// The [`signon::ExplainError`] of the text, as an [`ApiError`].
    pub fn run(&self) -> Result<EntraErrorExplanation, ApiError> {
        signon::explain_entra_error(&self.text, self.plan.as_deref())
            .map_err(|error| ApiError::from_coded(&error).with_field("text"))
    }
}

#[cfg(test)]
mod tests {
    use super::{EntraExplainRequest, SamlInspectRequest};
    use crate::Coded;
    use crate::http_api::RouteError;

    #[test]
    fn an_array_is_not_read_as_the_body_s_fields_by_position() {
        let refused = SamlInspectRequest::from_json(br#" ["<samlp:Response/>"]"#).unwrap_err();
        assert_eq!(refused.code, RouteError::InvalidJson.code());
        let refused = EntraExplainRequest::from_json(br#"["AADSTS50011"]"#).unwrap_err();
        assert_eq!(refused.code, RouteError::InvalidJson.code());
        let read = EntraExplainRequest::from_json(br#" {"text": "AADSTS50011"}"#).unwrap();
        assert_eq!(read.text, "AADSTS50011");
    }
}
