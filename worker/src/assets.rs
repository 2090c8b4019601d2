//! Static files: the `[assets]` binding's answer, with the core's caching and compression rules
//! ([`mimecast_sso_core::http_api::static_files`]) applied.
//!
//! What the runtime does about compression, measured under `wrangler dev --local` (wrangler 4.86.0,
//! workerd 1.20260426.1) with curl and the page in Chromium:
//! - The `ASSETS` binding answers with the file's bytes as they are (no `Content-Encoding`, whatever
//!   the request accepts), with `Content-Type`, a strong `ETag` and `Cache-Control: public,
//!   max-age=0, must-revalidate`, and answers `If-None-Match` (strong or `W/`) with a 304.
//! - The Worker never sees the client's `Accept-Encoding`: the runtime replaces it with `br, gzip`
//!   and keeps the client's value in `request.cf.clientAcceptEncoding` (Cloudflare docs, Workers >
//!   Runtime APIs > Request, `IncomingRequestCfProperties`). Without a client value it is empty.
//! - A Response with `Content-Encoding: gzip` (or `br`) over an identity body leaves compressed:
//!   "Workers have to compress data according to the content-encoding header when transmitting
//!   [...] the default is "automatic"" (Cloudflare docs, Workers > Runtime APIs > Response,
//!   `encodeBody`). Measured: the bytes gunzip (or Brotli-decode) to the file exactly. So no
//!   `CompressionStream`: naming the coding is enough.
//! - In front of the Worker, Cloudflare's edge also compresses a default list of content types for
//!   clients that accept it (docs: Speed > Content compression), and `wrangler dev` imitates that in
//!   miniflare's entry worker, which re-picks the coding when it differs from its own choice (it
//!   takes the first listed on a tie, so Chromium gets gzip locally). Neither adds
//!   `Vary: Accept-Encoding` nor weakens the `ETag`.
//!
//! So the Worker names the coding itself (compression then does not hang on a zone's compression
//! settings), adds `Vary`, weakens the `ETag` of a compressed body and sets `Cache-Control`; the
//! runtime compresses.

use mimecast_sso_core::http_api::static_files::{static_headers, weak_etag};
use worker::wasm_bindgen::JsValue;
use worker::worker_sys::ext::RequestExt;
use worker::{Env, Headers, Request, Response, Result, js_sys};

/// The static file `req` asks for, from the `ASSETS` binding, with its caching and coding set.
pub async fn serve(req: Request, env: &Env) -> Result<Response> {
    let path = req.path();
    let accept_encoding = client_accept_encoding(&req);
    let response = env.assets("ASSETS")?.fetch_request(req).await?;
    let original = response.headers();
    let plan = static_headers(
        &path,
        response.status_code(),
        original.get("Content-Type")?.as_deref(),
        accept_encoding.as_deref(),
    );
    let headers = Headers::new();
    for (name, value) in original.entries() {
        headers.append(&name, &value)?;
    }
    headers.set("Cache-Control", plan.cache_control)?;
    if plan.vary_accept_encoding {
        headers.append("Vary", "Accept-Encoding")?;
    }
    if let Some(coding) = plan.content_encoding {
        headers.set("Content-Encoding", coding.as_str())?;
        headers.delete("Content-Length")?;
    }
    if plan.weak_etag
        && let Some(etag) = original.get("ETag")?
    {
        headers.set("ETag", &weak_etag(&etag))?;
    }
    Ok(response.with_headers(headers))
}

/// The client's `Accept-Encoding`: `request.cf.clientAcceptEncoding` behind Cloudflare's edge (and
/// under `wrangler dev`), the header itself elsewhere.
fn client_accept_encoding(req: &Request) -> Option<String> {
    req.inner()
        .cf()
        .and_then(|cf| js_sys::Reflect::get(&cf, &JsValue::from_str("clientAcceptEncoding")).ok())
        .and_then(|value| value.as_string())
        .or_else(|| req.headers().get("Accept-Encoding").ok().flatten())
}
