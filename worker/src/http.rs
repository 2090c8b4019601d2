//! HTTP plumbing shared by the handlers: settings and secrets by name, the request id, reading a
//! body within the limits, and turning an answer into a response.

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::RouteError;
use mimecast_sso_core::http_api::routes::{
    BodyKind, MAX_BODY_BYTES, body_too_large, check_body_size, check_content_type,
};
use mimecast_sso_core::mimecast_api::request_id_from_bytes;
use worker::{Env, Headers, Request, Response, Result};

use crate::body::{StreamFailure, read_limited};

/// An error answer, with the `Retry-After` seconds a 429 carries.
#[derive(Debug)]
pub struct Failure {
    /// The error.
    pub error: ApiError,
    /// `Retry-After`, in seconds.
    pub retry_after: Option<u64>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            retry_after: None,
        }
    }
}

/// What a handler answers.
pub enum Answer {
    /// A JSON body with this status.
    Json(u16, String),
    /// A 204 preflight answer with these CORS headers.
    Preflight(Vec<(&'static str, String)>),
    /// An error in the one JSON error shape.
    Error(Failure),
}

impl Answer {
    /// 200 with `value` as JSON.
    pub fn ok<T: serde::Serialize>(value: &T) -> Answer {
        match serde_json::to_string(value) {
            Ok(json) => Answer::Json(200, json),
            Err(_) => Answer::Error(
                ApiError::new(RouteError::Internal, "The answer could not be encoded.").into(),
            ),
        }
    }

    /// The response, with `cors` headers and `X-Request-Id`; records the error code in `outcome`.
    pub fn into_response(
        self,
        request_id: &str,
        cors: &[(&'static str, String)],
        outcome: &mut Outcome,
    ) -> Result<Response> {
        let headers = Headers::new();
        headers.set("X-Request-Id", request_id)?;
        headers.set("Cache-Control", "no-store")?;
        for (name, value) in cors {
            headers.set(name, value)?;
        }
        let (status, body) = match self {
            Answer::Json(status, body) => (status, Some(body)),
            Answer::Preflight(_) => (204, None),
            Answer::Error(failure) => {
                if let Some(secs) = failure.retry_after {
                    headers.set("Retry-After", &secs.to_string())?;
                }
                outcome.code = Some(failure.error.code.clone());
                (failure.error.status(), Some(failure.error.to_json()))
            }
        };
        let response = match body {
            Some(body) => {
                headers.set("Content-Type", "application/json; charset=utf-8")?;
                Response::ok(body)?
            }
            None => Response::empty()?,
        };
        Ok(response.with_status(status).with_headers(headers))
    }
}

/// What the log line reports about a request beyond status and duration.
pub struct Outcome {
    /// The route's stable name.
    pub route: &'static str,
    /// The error code sent, if any.
    pub code: Option<String>,
    /// How the caller authenticated.
    pub auth: Option<&'static str>,
    /// Upstream attempts made.
    pub upstream_attempts: Option<u32>,
    /// Body bytes read (a count, never the body).
    pub body_bytes: Option<usize>,
}

impl Default for Outcome {
    fn default() -> Self {
        Self {
            route: "unmatched",
            code: None,
            auth: None,
            upstream_attempts: None,
            body_bytes: None,
        }
    }
}

/// The platform's clock, for the core's rules that take `now`.
pub fn now() -> UnixTime {
    UnixTime::from_millis_f64(worker::Date::now().as_millis() as f64)
}

/// A setting (`[vars]` or `--var`), `None` when unset or blank.
pub fn setting(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|v| v.to_string())
        .filter(|v| !v.trim().is_empty())
}

/// A secret (`wrangler secret put`, `.dev.vars`), `None` when unset or blank.
pub fn secret(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .ok()
        .map(|v| v.to_string())
        .filter(|v| !v.trim().is_empty())
}

/// Sixteen random bytes from the platform's CSPRNG.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    // On failure the bytes stay zero; a request id is not a secret.
    let _ = getrandom::fill(&mut bytes);
    bytes
}

/// The request's id: Cloudflare's `cf-ray` when present, else a fresh UUID.
pub fn request_id(req: &Request) -> String {
    req.headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or_else(|| request_id_from_bytes(random_bytes()))
}

/// Reads the body of a route that takes `kind`: 415 for a wrong `Content-Type`, 413 over 1 MiB
/// (from `Content-Length` before reading, else while the body streams in: a chunked body is read
/// up to the limit and one chunk, never whole). Records the bytes read in `outcome` for the log.
pub async fn read_request_body(
    req: &mut Request,
    kind: BodyKind,
    outcome: &mut Outcome,
) -> std::result::Result<Vec<u8>, Failure> {
    outcome.body_bytes = Some(0);
    let header = |name| req.headers().get(name).ok().flatten();
    if let Some(length) = header("Content-Length").and_then(|v| v.trim().parse::<usize>().ok()) {
        check_body_size(length)?;
    }
    check_content_type(kind, header("Content-Type").as_deref())?;
    if req.inner().body().is_none() {
        return Ok(Vec::new());
    }
    let unreadable = || {
        Failure::from(ApiError::new(
            RouteError::InvalidJson,
            "The request body could not be read.",
        ))
    };
    let stream = req.stream().map_err(|_| unreadable())?;
    match read_limited(stream, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            outcome.body_bytes = Some(bytes.len());
            Ok(bytes)
        }
        Err(StreamFailure::TooLarge { read }) => {
            outcome.body_bytes = Some(read);
            Err(body_too_large().into())
        }
        Err(StreamFailure::Failed) => Err(unreadable()),
    }
}
