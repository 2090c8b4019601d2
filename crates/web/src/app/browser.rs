//! What the browser does for an [`Effect`](super::effect::Effect): the Web Cryptography API, `fetch`,
//! `localStorage` and downloads. [`super::runtime`] calls these; nothing here reads or changes a
//! module's state.

use gloo_timers::callback::Timeout;
use js_sys::{Reflect, Uint8Array};
use mimecast_sso_core::certificate::{CheckedAlgorithm, SignatureCheck, Verdict};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Headers, HtmlAnchorElement, RequestInit, Response, Url};

use super::dom::Dom;
use super::effect::{JsonReply, Reply, Request};
use super::json::Json;

/// The browser's verdict on a self-signature the core prepared for it (Web Cryptography API:
/// `importKey("spki")` then `verify`); not checked when the browser refuses the key or algorithm.
pub(super) async fn webcrypto(check: &SignatureCheck) -> Verdict {
    match try_webcrypto(check).await {
        Ok(true) => Verdict::Valid,
        Ok(false) => Verdict::Invalid,
        Err(_) => Verdict::Unchecked,
    }
}

async fn try_webcrypto(check: &SignatureCheck) -> Result<bool, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let object = |pairs: &[(&str, &str)]| -> Result<js_sys::Object, JsValue> {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            Reflect::set(&object, &(*key).into(), &(*value).into())?;
        }
        Ok(object)
    };
    let (import, verify) = match check.algorithm {
        CheckedAlgorithm::RsaPkcs1 { hash } => (
            object(&[("name", "RSASSA-PKCS1-v1_5"), ("hash", hash.name())])?,
            object(&[("name", "RSASSA-PKCS1-v1_5")])?,
        ),
        CheckedAlgorithm::EcdsaP256 { hash } => (
            object(&[("name", "ECDSA"), ("namedCurve", "P-256")])?,
            object(&[("name", "ECDSA"), ("hash", hash.name())])?,
        ),
    };
    let usages = js_sys::Array::of1(&"verify".into());
    let key_data = Uint8Array::from(check.public_key.as_slice());
    let key =
        JsFuture::from(subtle.import_key_with_object("spki", &key_data, &import, false, &usages)?)
            .await?;
    let signature = Uint8Array::from(check.signature.as_slice());
    let signed = Uint8Array::from(check.signed.as_slice());
    let verified = JsFuture::from(subtle.verify_with_object_and_js_u8_array_and_js_u8_array(
        &verify,
        &key.dyn_into()?,
        &signature,
        &signed,
    )?)
    .await?;
    Ok(verified.as_bool() == Some(true))
}

/// Carries out a [`Request`] whose answer is JSON, read by the browser's `JSON.parse`.
pub(super) async fn fetch_json(request: &Request) -> JsonReply {
    let reply = fetch(request).await;
    let text = String::from_utf8_lossy(&reply.body);
    JsonReply {
        status: reply.status,
        json: js_sys::JSON::parse(&text).ok().map(|value| json(&value)),
    }
}

/// A value `JSON.parse` made, as [`Json`].
pub(crate) fn json(value: &JsValue) -> Json {
    if value.is_null() || value.is_undefined() {
        return Json::Null;
    }
    if let Some(flag) = value.as_bool() {
        return Json::Bool(flag);
    }
    if let Some(number) = value.as_f64() {
        return Json::Number(number);
    }
    if let Some(text) = value.as_string() {
        return Json::String(text);
    }
    if js_sys::Array::is_array(value) {
        return Json::Array(
            js_sys::Array::from(value)
                .iter()
                .map(|item| json(&item))
                .collect(),
        );
    }
    let members = js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, json(&pair.get(1))))
        })
        .collect();
    Json::Object(members)
}

/// Carries out a [`Request`]; a failed call is status 0. A redirect is never followed: the Worker's
/// API does not redirect, and following Cloudflare Access's redirect to its sign-in page ends in
/// a CORS error that looks like a network failure, so it is reported as `sign_in_required`.
pub(super) async fn fetch(request: &Request) -> Reply {
    try_fetch(request).await.unwrap_or_default()
}

async fn try_fetch(request: &Request) -> Result<Reply, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = RequestInit::new();
    if let Some(body) = &request.body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        let headers = Headers::new()?;
        headers.set("content-type", "application/json")?;
        init.set_headers(&headers);
    }
    Reflect::set(&init, &"redirect".into(), &"manual".into())?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
        .await?
        .dyn_into()?;
    let redirected = Reflect::get(&response, &"type".into())?
        .as_string()
        .as_deref()
        == Some("opaqueredirect")
        || (300..400).contains(&response.status());
    if redirected {
        return Ok(Reply {
            sign_in_required: true,
            ..Reply::default()
        });
    }
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Reply {
        status: response.status(),
        body: Uint8Array::new(&buffer).to_vec(),
        retry_after,
        sign_in_required: false,
    })
}

/// The text `localStorage` keeps under `key`; `None` when it keeps none, or there is no storage
/// (private mode, a sandboxed frame).
pub(crate) fn stored(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Writes or removes a `localStorage` item; whether it was done. Storage may be off (private
/// mode, a sandboxed frame) or full, in which case nothing is kept and the page works on.
pub(super) fn store(key: &str, value: Option<&str>) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    match value {
        Some(value) => storage.set_item(key, value),
        None => storage.remove_item(key),
    }
    .is_ok()
}

/// Saves `text` as `file_name` through a Blob URL, revoked a second later.
pub(super) fn download(dom: &Dom, file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = dom.doc.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
