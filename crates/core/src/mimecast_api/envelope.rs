//! Mimecast's answer envelope and what it means for the caller: data, a `fail[]` refusal, a rate
//! limit to wait out, a rejected credential, or an upstream failure.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::UpstreamError;
use crate::api_error::{ApiError, ErrorDetail};

/// Wait used when a 429 names no delay, in milliseconds.
const DEFAULT_RATE_LIMIT_WAIT_MS: u64 = 1_000;

/// What one upstream answer means.
#[derive(Clone, Debug, PartialEq)]
pub enum Upstream {
    /// Success: the envelope's `data` array and, for a list call, its `meta.pagination`; passed to
    /// the caller as [`caller_body`] writes them.
    Data {
        /// The `data` array.
        data: Value,
        /// `meta.pagination`, when Mimecast sent one.
        pagination: Option<Pagination>,
    },
    /// HTTP 429: wait this many milliseconds before trying again.
    RateLimited {
        /// From `X-RateLimit-Reset` (ms) or `Retry-After` (s).
        wait_ms: u64,
    },
    /// HTTP 401: the credential was refused (an API 2.0 token may have expired).
    Unauthorized(ApiError),
    /// Any other failure, already in the caller's error shape.
    Failed(ApiError),
}

/// `meta.pagination` of a list call's answer, as Mimecast's reference gives it (Get Group
/// Members): `pageSize`, and `next` / `previous` page tokens, each present only when there is such
/// a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pagination {
    /// The page size Mimecast used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u64>,
    /// The `pageToken` of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The `pageToken` of the previous page; absent on the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// The body the Worker answers a successful proxy call with: `{"data": …}`, and
/// `{"meta":{"pagination": …}}` beside it when Mimecast paged the answer.
pub fn caller_body(data: &Value, pagination: Option<&Pagination>) -> Value {
    match pagination {
        Some(pagination) => json!({ "data": data, "meta": { "pagination": pagination } }),
        None => json!({ "data": data }),
    }
}

#[derive(Deserialize, Default)]
struct Envelope {
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default)]
    fail: Vec<FailEntry>,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Deserialize)]
struct FailEntry {
    #[serde(default)]
    errors: Vec<FailError>,
}

#[derive(Deserialize)]
struct FailError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    retryable: bool,
}

/// Interprets one upstream answer from its HTTP status, body and rate-limit headers.
pub fn interpret(
    status: u16,
    body: &[u8],
    rate_limit_reset: Option<&str>,
    retry_after: Option<&str>,
) -> Upstream {
    if status == 429 {
        return Upstream::RateLimited {
            wait_ms: retry_delay_ms(rate_limit_reset, retry_after),
        };
    }
    let envelope: Option<Envelope> = serde_json::from_slice(body).ok();
    let details: Vec<ErrorDetail> = envelope
        .iter()
        .flat_map(|e| &e.fail)
        .flat_map(|f| &f.errors)
        .map(|e| ErrorDetail {
            code: e.code.clone(),
            message: e.message.clone(),
            retryable: e.retryable,
        })
        .collect();
    if status == 418 {
        // Mimecast's Response Codes page: "418 Binding Expired: the TTL of the access key and
        // secret key issued on successful login has lapsed and the binding should be refreshed".
        let mut error = ApiError::new(
            UpstreamError::BindingExpired,
            "Mimecast answered 418 Binding Expired: the API 1.0 access key and secret key have \
             outlived the Authentication Cache TTL of their user's Authentication Profile. Create \
             new keys for that user in the Administration Console (Services | API and Platform \
             Integrations), store them with `wrangler secret put MIMECAST_ACCESS_KEY` and \
             `MIMECAST_SECRET_KEY`, and set the profile's Authentication Cache TTL to Never \
             Expire so they do not lapse again.",
        );
        error.details = details;
        return Upstream::Failed(error);
    }
    if status == 401 || status == 403 {
        let mut error = ApiError::new(
            UpstreamError::AuthFailed,
            "Mimecast refused the Worker's credentials; check the MIMECAST_* secrets.",
        );
        if let Some(first) = details.first() {
            error.message = format!(
                "Mimecast refused the Worker's credentials ({}: {}); check the MIMECAST_* secrets.",
                first.code, first.message
            );
        }
        error.details = details;
        return Upstream::Unauthorized(error);
    }
    if (400..500).contains(&status) && status != 408 && !details.is_empty() {
        // A 4xx refusal with Mimecast's own fail[] codes (a 409 for an existing address, a 400
        // for a blank field): the request itself was refused, so sending it again cannot help.
        let mut error = refusal(details);
        error.retryable = false;
        return Upstream::Failed(error);
    }
    if !(200..300).contains(&status) {
        let mut error = ApiError::new(
            UpstreamError::Failed,
            format!("Mimecast answered HTTP {status}."),
        );
        error.details = details;
        return Upstream::Failed(error);
    }
    let Some(envelope) = envelope else {
        return Upstream::Failed(ApiError::new(
            UpstreamError::Failed,
            "Mimecast's answer was not its JSON envelope.",
        ));
    };
    if !details.is_empty() {
        // HTTP 200 with a non-empty fail[] is a failure: Mimecast's own code is passed through.
        return Upstream::Failed(refusal(details));
    }
    Upstream::Data {
        data: envelope.data.unwrap_or_else(|| Value::Array(Vec::new())),
        pagination: envelope.meta.and_then(|m| m.pagination),
    }
}

/// Mimecast's refusal as the caller's error: its first `fail[]` code and message (or
/// `upstream.rejected` when it gave no code), with every entry in `details`.
fn refusal(details: Vec<ErrorDetail>) -> ApiError {
    let mut error = ApiError::new(UpstreamError::Rejected, "");
    if let Some(first) = details.first() {
        if !first.code.is_empty() {
            // Mimecast's own code, passed through with the status of a refusal.
            error = error.with_code(&first.code);
        }
        error.message.clone_from(&first.message);
        error.retryable = first.retryable;
    }
    error.details = details;
    error
}

/// Milliseconds to wait after a 429: `X-RateLimit-Reset` (milliseconds) first, then
/// `Retry-After` (whole seconds), else one second.
pub fn retry_delay_ms(rate_limit_reset: Option<&str>, retry_after: Option<&str>) -> u64 {
    let reset = rate_limit_reset.and_then(|v| v.trim().parse::<f64>().ok());
    if let Some(ms) = reset.filter(|ms| ms.is_finite() && *ms >= 0.0) {
        return ms.ceil().min(u64::MAX as f64) as u64;
    }
    retry_after
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|s| s.saturating_mul(1_000))
        .unwrap_or(DEFAULT_RATE_LIMIT_WAIT_MS)
}

/// The `Retry-After` value (whole seconds, at least 1) for a wait in milliseconds.
pub fn retry_after_secs(wait_ms: u64) -> u64 {
    wait_ms.div_ceil(1_000).max(1)
}

/// How long the proxy keeps retrying rate-limited calls before passing the 429 on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The longest single wait the proxy accepts; longer waits go back to the caller at once.
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    /// Two retries, each at most 3 s, so a call never waits more than 6 s for rate limits.
    fn default() -> Self {
        Self {
            max_retries: 2,
            max_wait_ms: 3_000,
        }
    }
}

impl RetryPolicy {
    /// Whether to wait `wait_ms` and retry after `retries_so_far` retries.
    pub fn should_retry(&self, retries_so_far: u32, wait_ms: u64) -> bool {
        retries_so_far < self.max_retries && wait_ms <= self.max_wait_ms
    }

    /// Whether to send `operation` again at once after its connection failed without an answer
    /// (`upstream.failed`, not a timeout), `resent_so_far` times already: once, for an operation
    /// that only reads, or when the call cannot have reached Mimecast (it failed before it was
    /// sent, say while getting a token). A create or an update whose fate is unknown is never
    /// resent here: the caller (the bulk run) finds out whether it happened.
    pub fn resend_after_connection_failure(
        &self,
        operation: super::Operation,
        may_have_reached: bool,
        resent_so_far: u32,
    ) -> bool {
        resent_so_far == 0 && (operation.is_read_only() || !may_have_reached)
    }
}
