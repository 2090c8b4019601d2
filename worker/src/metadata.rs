//! `GET /api/v1/entra/metadata?tenant=<guid>&appid=<guid>`: Entra's federation metadata, fetched
//! from the URL the core builds, kept five minutes in the Worker's own named Cache API cache
//! (under a key the core builds), parsed and checked against the tenant asked for by the core.
//!
//! The Cache API does nothing on `*.workers.dev` or behind Cloudflare Access (every request is
//! then fetched, within the rate limit); it keeps documents on a custom domain.
//!
//! Public data, so no caller credential; rate-limited per client address by the
//! `METADATA_RATE_LIMITER` binding (fail closed without it). Every rule (query, URL, limits,
//! codes) is the core's [`mimecast_sso_core::http_api::metadata_fetch`].

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::MetadataFetchError;
use mimecast_sso_core::http_api::metadata_fetch as fetch;
use mimecast_sso_core::http_api::metadata_fetch::{
    CACHE_TTL_SECS, FETCH_TIMEOUT_MS, MAX_FETCH_BYTES, MetadataQuery, RATE_LIMIT_PERIOD_SECS,
    RATE_LIMITER_BINDING,
};
use mimecast_sso_core::metadata;
use worker::{Cache, Env, Headers, Request, Response};

use crate::http::{Answer, Failure, Outcome, now, setting};
use crate::upstream::{self, LimitedFailure};

/// Handles one metadata request.
pub async fn handle(req: Request, env: &Env, outcome: &mut Outcome) -> Answer {
    match fetch_and_parse(&req, env, outcome).await {
        Ok(parsed) => Answer::ok(&parsed),
        Err(failure) => Answer::Error(failure),
    }
}

async fn fetch_and_parse(
    req: &Request,
    env: &Env,
    outcome: &mut Outcome,
) -> Result<metadata::FederationMetadata, Failure> {
    let connecting_ip = req.headers().get("CF-Connecting-IP").ok().flatten();
    rate_limit(env, connecting_ip.as_deref()).await?;
    let url = req.url().map_err(|_| {
        ApiError::new(
            MetadataFetchError::QueryInvalid,
            "The request URL is unreadable.",
        )
    })?;
    let query = MetadataQuery::parse(url.query().unwrap_or(""))?;
    let upstream_url = query.upstream_url(
        setting(env, fetch::BASE_URL_SETTING).as_deref(),
        url.host_str().unwrap_or(""),
        connecting_ip.as_deref(),
    )?;
    let now = now();
    let cache = Cache::open(fetch::CACHE_NAME.to_owned()).await;
    let cache_key = query.cache_key();
    if let Some(body) = cached(&cache, &cache_key).await
        && let Ok(parsed) = metadata::parse(&body, now, query.scope())
    {
        fetch::check_tenant(&query, &parsed)?;
        return Ok(parsed);
    }
    outcome.upstream_attempts = Some(1);
    let (parsed, body) = fetch_fresh(&upstream_url, &query, now).await?;
    store(&cache, &cache_key, body).await;
    Ok(parsed)
}

/// Fetches `upstream_url` (no cache) and reads it for `query` at `now`: the metadata and the
/// document, or the route's error (`metadata.upstream_*`).
pub async fn fetch_fresh(
    upstream_url: &str,
    query: &MetadataQuery,
    now: UnixTime,
) -> Result<(metadata::FederationMetadata, Vec<u8>), ApiError> {
    let (status, body) = upstream::get_limited(upstream_url, FETCH_TIMEOUT_MS, MAX_FETCH_BYTES)
        .await
        .map_err(|failure| match failure {
            LimitedFailure::Timeout => fetch::timeout_error(),
            LimitedFailure::TooLarge => fetch::too_large(),
            LimitedFailure::Failed => fetch::upstream_failed("it could not be reached"),
        })?;
    fetch::check_status(status)?;
    let parsed = fetch::read_upstream(&body, now, query)?;
    Ok((parsed, body))
}

/// One request against this client's budget; 429 `metadata.rate_limited` with `Retry-After` when
/// it is spent, 503 `metadata.not_configured` without the binding.
async fn rate_limit(env: &Env, connecting_ip: Option<&str>) -> Result<(), Failure> {
    let limiter = env
        .rate_limiter(RATE_LIMITER_BINDING)
        .map_err(|_| fetch::not_configured())?;
    let outcome = limiter
        .limit(fetch::rate_limit_key(connecting_ip))
        .await
        .map_err(|_| fetch::not_configured())?;
    if outcome.success {
        Ok(())
    } else {
        Err(Failure {
            error: fetch::rate_limited(),
            retry_after: Some(RATE_LIMIT_PERIOD_SECS),
        })
    }
}

/// The body kept under `key`, if the cache still has it.
async fn cached(cache: &Cache, key: &str) -> Option<Vec<u8>> {
    let mut response = cache.get(key, false).await.ok()??;
    response.bytes().await.ok()
}

/// Keeps `body` under `key` for [`CACHE_TTL_SECS`]; a cache failure only costs a later fetch.
async fn store(cache: &Cache, key: &str, body: Vec<u8>) {
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/samlmetadata+xml");
    let _ = headers.set(
        "Cache-Control",
        &format!("public, max-age={CACHE_TTL_SECS}"),
    );
    if let Ok(response) = Response::from_bytes(body) {
        let _ = cache.put(key, response.with_headers(headers)).await;
    }
}
