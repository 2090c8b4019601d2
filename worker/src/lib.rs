//! The Worker: JSON API routes over mimecast-sso-core in front of the static helper from `[assets]`.
//!
//! Every response, API or static file, leaves with the same security headers; static files also get
//! their caching and compression from the core's rules (`assets`). API requests are
//! resolved by the core's route table ([`mimecast_sso_core::http_api::routes::Route`]), checked for size and
//! content type, answered by one short handler each, and logged as one JSON line.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

mod api;
mod assets;
mod batch;
mod body;
mod caller;
mod http;
mod metadata;
mod proxy;
mod upstream;
mod watch;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::http_api::cors::CorsPolicy;
use mimecast_sso_core::http_api::routes::{RequestLog, Route};
use mimecast_sso_core::http_api::security_headers::security_headers;
use worker::{
    Context, Env, Headers, Request, Response, Result, ScheduleContext, ScheduledEvent, event,
};

use crate::http::{Answer, Outcome, setting};

#[event(fetch, respond_with_errors)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let embed_origins = setting(&env, "EMBED_ORIGINS").unwrap_or_default();
    let response = if req.path().starts_with("/api/") {
        api_request(req, &env).await?
    } else {
        assets::serve(req, &env).await?
    };
    with_security_headers(response, &embed_origins)
}

/// One API request: preflight or route, then CORS headers, `X-Request-Id` and the log line.
async fn api_request(req: Request, env: &Env) -> Result<Response> {
    let started = worker::Date::now().as_millis();
    let request_id = http::request_id(&req);
    let cors = CorsPolicy::parse(&setting(env, "ALLOWED_ORIGINS").unwrap_or_default());
    let origin = req.headers().get("Origin").ok().flatten();
    let method = req.inner().method();
    let path = req.path();
    let mut outcome = Outcome::default();
    let answer = if method == "OPTIONS" {
        outcome.route = "OPTIONS (CORS preflight)";
        preflight(&req, &cors, origin.as_deref())
    } else {
        match Route::resolve(&method, &path) {
            Ok(route) => {
                outcome.route = route.name();
                dispatch(route, req, env, &mut outcome).await
            }
            Err(error) => Answer::Error(error.into()),
        }
    };
    let cors_headers = match &answer {
        Answer::Preflight(headers) => headers.clone(),
        _ => cors.response_headers(origin.as_deref()),
    };
    let response = answer.into_response(&request_id, &cors_headers, &mut outcome)?;
    let line = RequestLog {
        route: outcome.route,
        status: response.status_code(),
        duration_ms: worker::Date::now().as_millis().saturating_sub(started),
        request_id: &request_id,
        code: outcome.code.as_deref(),
        auth: outcome.auth,
        upstream_attempts: outcome.upstream_attempts,
        body_bytes: outcome.body_bytes,
    };
    worker::console_log!("{}", line.to_json());
    Ok(response)
}

/// Routes in one place: each route to its handler.
async fn dispatch(route: Route, req: Request, env: &Env, outcome: &mut Outcome) -> Answer {
    match route {
        Route::Health => api::health(env),
        Route::Regions => api::regions(),
        Route::Plan => api::plan(req, route, outcome).await,
        Route::CertificateInspect => api::inspect_certificate(req, route, outcome).await,
        Route::SamlInspect => api::inspect_saml(req, route, outcome).await,
        Route::EntraExplain => api::explain_entra_error(req, route, outcome).await,
        Route::Mimecast(operation) => proxy::handle(operation, req, env, outcome).await,
        Route::EntraMetadata => metadata::handle(req, env, outcome).await,
        Route::UsersBatch => batch::handle(req, env, outcome).await,
        Route::OpenApi => api::openapi(),
        route if route.is_watch() => watch::handle(route, req, env, outcome).await,
        _ => Answer::Error(
            mimecast_sso_core::api_error::ApiError::new(
                mimecast_sso_core::http_api::RouteError::NotFound,
                "No API route has this path.",
            )
            .into(),
        ),
    }
}

/// The Cron Trigger (`[triggers] crons` in wrangler.toml): the watched applications that are due
/// are checked at the event's scheduled time.
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    watch::scheduled(&env, UnixTime::from_millis_f64(event.schedule())).await;
}

/// `OPTIONS`: a CORS preflight answer, 204 or 403.
fn preflight(req: &Request, cors: &CorsPolicy, origin: Option<&str>) -> Answer {
    let header = |name| req.headers().get(name).ok().flatten();
    match cors.preflight(
        origin,
        header("Access-Control-Request-Method").as_deref(),
        header("Access-Control-Request-Headers").as_deref(),
    ) {
        Ok(headers) => Answer::Preflight(headers),
        Err(error) => Answer::Error(error.into()),
    }
}

/// Copies `response` with the security headers added (headers of fetched responses are immutable).
fn with_security_headers(response: Response, embed_origins: &str) -> Result<Response> {
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    for (name, value) in security_headers(embed_origins) {
        headers.set(name, &value)?;
    }
    Ok(response.with_headers(headers))
}
