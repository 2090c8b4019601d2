//! Outbound HTTP with a hard deadline: the request and its body must complete within the timeout,
//! else the fetch is aborted and the caller gets `upstream.timeout`. Redirects are not followed.

use futures_util::future::{Either, select};
use mimecast_sso_core::api_error::ApiError;
use worker::wasm_bindgen::JsValue;
use worker::{
    AbortController, Delay, Fetch, Headers, Method, Request, RequestInit, RequestRedirect,
};

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
            "upstream.failed",
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
                "upstream.timeout",
                format!("Mimecast did not answer within {timeout_ms} ms."),
            ))
        }
    }
}
