//! The one JSON error shape of the Worker's API, `{"error":{"code","message","field"?,"retryable"}}`,
//! and the HTTP status that goes with each stable code.
//!
//! Codes of this module describe the HTTP exchange itself (routing, limits, authentication, the
//! upstream Mimecast call). Validation codes of other modules (`region.unknown`, `cert.expired`, …)
//! answer 400; codes Mimecast returns in its `fail[]` list (`err_…`) are passed through unchanged.

use serde::{Deserialize, Serialize};

use crate::finding::Coded;

/// Stable codes of this module.
pub const CODES: &[&str] = &[
    "route.not_found",
    "method.not_allowed",
    "request.too_large",
    "request.unsupported_media_type",
    "request.invalid_json",
    "request.empty",
    "auth.required",
    "auth.invalid",
    "auth.not_configured",
    "cors.origin_not_allowed",
    "proxy.not_configured",
    "upstream.timeout",
    "upstream.failed",
    "upstream.rate_limited",
    "upstream.rejected",
    "upstream.auth_failed",
    "upstream.binding_expired",
    "internal.error",
];

/// One error, as the API returns it inside `{"error": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// Stable machine code: one of [`crate::all_codes`] or a Mimecast `err_…` code.
    pub code: String,
    /// English explanation for a person.
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Whether sending the same request again later may succeed.
    pub retryable: bool,
    /// Every failure Mimecast listed, when the error comes from its `fail[]` list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

/// One entry of Mimecast's `fail[].errors[]`, with the `fail[].key` it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// Mimecast's code, for example `err_validation_duplicate_user`.
    pub code: String,
    /// Mimecast's message.
    pub message: String,
    /// Mimecast's retryable flag.
    pub retryable: bool,
}

/// The JSON body: `{"error": ApiError}`.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// The error.
    pub error: &'a ApiError,
}

impl ApiError {
    /// An error with `code` and `message`; retryable when the code's kind is (see [`is_retryable`]).
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            field: None,
            retryable: is_retryable(code),
            details: Vec::new(),
        }
    }

    /// An error built from a coded core error and its `Display` text.
    pub fn from_coded<E: Coded + std::fmt::Display + ?Sized>(error: &E) -> Self {
        Self::new(error.code(), error.to_string())
    }

    /// The same error, about request field `field`.
    #[must_use]
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// The HTTP status for this error's code.
    pub fn status(&self) -> u16 {
        status_for(&self.code)
    }

    /// The JSON text `{"error":{…}}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&ErrorBody { error: self }).unwrap_or_else(|_| {
            r#"{"error":{"code":"internal.error","message":"error","retryable":false}}"#.to_owned()
        })
    }
}

/// The HTTP status for a code: fixed for this module's codes, 503 for a proxy setting that is
/// wrong (the operator must fix it), 422 for Mimecast's own `err_…` codes
/// (Mimecast understood the request and refused it), 403 for a refused Cloudflare Access token,
/// 400 for every validation code of the core.
pub fn status_for(code: &str) -> u16 {
    match code {
        "route.not_found" => 404,
        "method.not_allowed" => 405,
        "request.too_large" => 413,
        "request.unsupported_media_type" => 415,
        "auth.required" => 401,
        "auth.invalid" | "cors.origin_not_allowed" => 403,
        "auth.not_configured"
        | "proxy.not_configured"
        | "mimecast.api_version_invalid"
        | "mimecast.base_url_refused"
        | "mimecast.timeout_invalid"
        | "mimecast.secret_key_invalid"
        | "upstream.binding_expired" => 503,
        "upstream.timeout" => 504,
        "upstream.failed" | "upstream.auth_failed" => 502,
        "upstream.rate_limited" => 429,
        "upstream.rejected" => 422,
        "internal.error" => 500,
        "access.team_domain_invalid" => 503,
        "access.jwks_invalid" => 502,
        access if access.starts_with("access.") => 403,
        mimecast if mimecast.starts_with("err_") => 422,
        metadata if metadata.starts_with("metadata.") => {
            crate::metadata::fetch::http_status(metadata).unwrap_or(400)
        }
        _ => 400,
    }
}

/// Whether an error with this code may succeed when sent again later: timeouts, rate limits and
/// upstream failures may; everything else needs a change first.
pub fn is_retryable(code: &str) -> bool {
    matches!(
        code,
        "upstream.timeout" | "upstream.failed" | "upstream.rate_limited"
    ) || crate::metadata::fetch::is_retryable(code)
}
