//! The Worker: JSON API routes over mimecast-sso-core; static files come from `[assets]`.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

use serde::Serialize;
use worker::{Context, Env, Request, Response, Result, RouteContext, Router, event};

/// Body of `GET /api/v1/health`.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

#[event(fetch, respond_with_errors)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get("/api/v1/health", health)
        .run(req, env)
        .await
}

fn health(_req: Request, _ctx: RouteContext<()>) -> Result<Response> {
    Response::from_json(&Health {
        status: "ok",
        version: mimecast_sso_core::VERSION,
    })
}
