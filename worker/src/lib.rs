//! The Worker: JSON API routes over mimecast-sso-core in front of the static helper from `[assets]`.
//!
//! Every response, API or static file, leaves with the same security headers.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

use serde::Serialize;
use worker::{Context, Env, Headers, Request, Response, Result, RouteContext, Router, event};

/// Body of `GET /api/v1/health`.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

#[event(fetch, respond_with_errors)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let embed_origins = env
        .var("EMBED_ORIGINS")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let response = if req.path().starts_with("/api/") {
        Router::new()
            .get("/api/v1/health", health)
            .run(req, env)
            .await?
    } else {
        env.assets("ASSETS")?.fetch_request(req).await?
    };
    with_security_headers(response, &embed_origins)
}

fn health(_req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    Response::from_json(&Health {
        status: "ok",
        version: mimecast_sso_core::VERSION,
    })
}

/// The Content-Security-Policy of every response: scripts only from this origin (plus compiling
/// WebAssembly), no inline script, and framing only by `embed_origins` (space-separated; none by
/// default).
fn content_security_policy(embed_origins: &str) -> String {
    let ancestors: Vec<&str> = embed_origins
        .split_ascii_whitespace()
        .filter(|origin| origin.starts_with("https://") || origin.starts_with("http://"))
        .filter(|origin| !origin.contains([';', ',', '\'', '"']))
        .collect();
    let frame_ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Copies `response` with the security headers added (headers of fetched responses are immutable).
fn with_security_headers(response: Response, embed_origins: &str) -> Result<Response> {
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    headers.set(
        "Content-Security-Policy",
        &content_security_policy(embed_origins),
    )?;
    headers.set(
        "Strict-Transport-Security",
        "max-age=63072000; includeSubDomains",
    )?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    headers.set(
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    )?;
    Ok(response.with_headers(headers))
}
