//! Outbound HTTP with a hard deadline: the request and its body must complete within the timeout,
//! else the fetch is aborted and the caller gets `upstream.timeout`. Redirects are not followed.

use futures_util::future::{Either, select};
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::mimecast_api::UpstreamError;
use worker::wasm_bindgen::JsValue;
use worker::{
    AbortController, Delay, Fetch, Headers, Method, Request, RequestInit, RequestRedirect,
};

use crate::body::{StreamFailure, read_limited};

/// What came back.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
    /// `X-RateLimit-Reset`.
    pub rate_limit_reset: Option<String>,
    /// `Retry-After`.
    pub retry_after: Option<String>,
}

/// Sends `method url` with `headers` and `body`, waiting at most `timeout_ms` for the whole answer.
pub async fn send(
    method: Method,
    url: &str,
    headers: Headers,
    body: Option<String>,
    timeout_ms: u64,
) -> Result<Reply, ApiError> {
    let failed = || {
        ApiError::new(
            UpstreamError::Failed,
            "The upstream service could not be reached.",
        )
    };
    let mut init = RequestInit::new();
    init.with_method(method)
        .with_headers(headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(body.map(|b| JsValue::from_str(&b)));
    let request = Request::new_with_init(url, &init).map_err(|_| failed())?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = async move {
        let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let rate_limit_reset = header("X-RateLimit-Reset");
        let retry_after = header("Retry-After");
        let status = response.status_code();
        let body = response.bytes().await?;
        Ok::<Reply, worker::Error>(Reply {
            status,
            body,
            rate_limit_reset,
            retry_after,
        })
    };
    let deadline = Delay::from(std::time::Duration::from_millis(timeout_ms));
    match select(Box::pin(exchange), Box::pin(deadline)).await {
        Either::Left((Ok(reply), _)) => Ok(reply),
        Either::Left((Err(_), _)) => Err(failed()),
        Either::Right(_) => {
            controller.abort();
            Err(ApiError::new(
                UpstreamError::Timeout,
                format!("Mimecast did not answer within {timeout_ms} ms."),
            ))
        }
    }
}

/// Why [`get_limited`] failed.
pub enum LimitedFailure {
    /// No whole answer within the timeout.
    Timeout,
    /// The answer declared or sent more than the limit.
    TooLarge,
    /// The request could not be made or the body not read.
    Failed,
}

/// `GET url` with no redirect followed, reading at most `max_bytes` of the body (refused from a
/// larger `Content-Length` before reading, and while streaming otherwise), all within
/// `timeout_ms`. Gives the status and body.
pub async fn get_limited(
    url: &str,
    timeout_ms: u64,
    max_bytes: usize,
) -> Result<(u16, Vec<u8>), LimitedFailure> {
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_redirect(RequestRedirect::Manual);
    let request = Request::new_with_init(url, &init).map_err(|_| LimitedFailure::Failed)?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = async move {
        let mut response = Fetch::Request(request)
            .send_with_signal(&signal)
            .await
            .map_err(|_| LimitedFailure::Failed)?;
        let declared = response
            .headers()
            .get("Content-Length")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse::<usize>().ok());
        if declared.is_some_and(|length| length > max_bytes) {
            return Err(LimitedFailure::TooLarge);
        }
        let status = response.status_code();
        let stream = response.stream().map_err(|_| LimitedFailure::Failed)?;
        let body = read_limited(stream, max_bytes)
            .await
            .map_err(|failure| match failure {
                StreamFailure::TooLarge { .. } => LimitedFailure::TooLarge,
                StreamFailure::Failed => LimitedFailure::Failed,
            })?;
        Ok((status, body))
    };
    let deadline = Delay::from(std::time::Duration::from_millis(timeout_ms));
    let outcome = match select(Box::pin(exchange), Box::pin(deadline)).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err(LimitedFailure::Timeout),
    };
    if outcome.is_err() {
        // Stop the transfer: a refused or late answer is not read any further.
        controller.abort();
    }
    outcome
}
