//! The one JSON line the Worker logs per API request.

use serde::Serialize;

/// The one JSON log line per request. Holds only the route's name, never a path, header or body.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestLog<'a> {
    /// The route's stable name, or `unmatched`.
    pub route: &'a str,
    /// The HTTP status sent.
    pub status: u16,
    /// Milliseconds from arrival to answer.
    pub duration_ms: u64,
    /// The request id (also sent as `X-Request-Id`).
    pub request_id: &'a str,
    /// The error code, when the answer is an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    /// How the caller was authenticated (`token`, `access`, `local-dev`), for proxy routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<&'a str>,
    /// Upstream attempts made, for proxy routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_attempts: Option<u32>,
    /// How many body bytes were read, for routes that read one: the whole body, or where reading
    /// stopped for `request.too_large` (0 when `Content-Length` was refused before reading). A
    /// count only, never the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<usize>,
}

impl RequestLog<'_> {
    /// The line as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
