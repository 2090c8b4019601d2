//! The step's calls to the Worker: `POST` a JSON body, get the status, the body's bytes and the
//! `Retry-After` header; a failed call (no answer) is status 0, as the core's run engine expects,
//! and a redirect (an expired sign-in) is status 0 marked `sign_in_required`.

use js_sys::{Reflect, Uint8Array};
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::mimecast_api::UpstreamError;
use mimecast_sso_core::provisioning::ProvisioningCode;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

/// One answer of the Worker.
pub(super) struct Answer {
    /// HTTP status; 0 when no answer came.
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<String>,
    /// The call was redirected (status 0 too): Cloudflare Access sends an expired session to its
    /// sign-in page, and the call never reached the Worker.
    pub sign_in_required: bool,
}

impl Answer {
    /// The Worker's error envelope (`{"error":{code,message,…}}`), or one made from the status.
    pub fn error(&self) -> ApiError {
        #[derive(Deserialize)]
        struct Envelope {
            error: ApiError,
        }
        serde_json::from_slice::<Envelope>(&self.body)
            .map(|e| e.error)
            .unwrap_or_else(|_| match self.status {
                0 if self.sign_in_required => ApiError::new(
                    ProvisioningCode::SignInRequired,
                    "The sign-in to the Worker has expired: sign in again (reload the page in another tab), then resume.",
                ),
                0 => ApiError::new(UpstreamError::Failed, "The Worker could not be reached."),
                s => ApiError::new(UpstreamError::Failed, format!("The Worker answered HTTP {s}.")),
            })
    }
}

/// `POST {url}` with a JSON `body`.
pub(super) async fn post(url: &str, body: &str) -> Answer {
    match try_post(url, body).await {
        Ok(answer) => answer,
        Err(_) => Answer {
            status: 0,
            body: Vec::new(),
            retry_after: None,
            sign_in_required: false,
        },
    }
}

async fn try_post(url: &str, body: &str) -> Result<Answer, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = Headers::new()?;
    headers.set("content-type", "application/json")?;
    init.set_headers(&headers);
    // A redirect is never followed: the Worker's API does not redirect, and following Access's
    // redirect to its sign-in page ends in a CORS error that looks like a network failure.
    Reflect::set(&init, &"redirect".into(), &"manual".into())?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let redirected = Reflect::get(&response, &"type".into())?
        .as_string()
        .as_deref()
        == Some("opaqueredirect")
        || (300..400).contains(&response.status());
    if redirected {
        return Ok(Answer {
            status: 0,
            body: Vec::new(),
            retry_after: None,
            sign_in_required: true,
        });
    }
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Answer {
        status: response.status(),
        body: Uint8Array::new(&buffer).to_vec(),
        retry_after,
        sign_in_required: false,
    })
}
