//! Who is calling the proxy: the core decides (token, Access JWT, local-dev on loopback, or
//! refuse); this adapter gathers the settings and headers and fetches the Access JWKS.

use std::cell::RefCell;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::AuthError;
use mimecast_sso_core::http_api::access::{self, AccessError, AccessSettings};
use mimecast_sso_core::http_api::auth::{
    AuthDecision, AuthSettings, Presented, decide, is_loopback_request,
};
use mimecast_sso_core::mimecast_api::parse_loopback_base_url;
use worker::{Env, Headers, Method, Request};

use crate::http::{Failure, secret, setting};
use crate::upstream;

/// How long a fetched JWKS is reused, in milliseconds.
const JWKS_TTL_MS: u64 = 5 * 60 * 1000;
/// Timeout of the JWKS fetch, in milliseconds.
const JWKS_TIMEOUT_MS: u64 = 5_000;

thread_local! {
    /// The last JWKS: its URL, body and when it was fetched.
    static JWKS: RefCell<Option<(String, Vec<u8>, u64)>> = const { RefCell::new(None) };
}

/// Authenticates the caller of a proxy route; `Ok` names how (for the log line).
pub async fn authorize(req: &Request, env: &Env) -> Result<&'static str, Failure> {
    let access = access_settings(env)?;
    let settings = AuthSettings {
        proxy_token: secret(env, "PROXY_TOKEN"),
        access: access.clone(),
        local_dev: setting(env, "LOCAL_DEV_AUTH").is_some_and(|v| v.trim() == "loopback"),
    };
    let header = |name| req.headers().get(name).ok().flatten();
    let authorization = header("Authorization");
    let access_jwt = header("Cf-Access-Jwt-Assertion");
    let url = req.url().ok();
    let host = url.as_ref().and_then(|u| u.host_str()).unwrap_or("");
    let presented = Presented {
        authorization: authorization.as_deref(),
        access_jwt: access_jwt.as_deref(),
        loopback: is_loopback_request(host, header("CF-Connecting-IP").as_deref()),
    };
    match (decide(&settings, &presented), access) {
        (AuthDecision::Allow(how), _) => Ok(how),
        (AuthDecision::Deny(error), _) => Err(error.into()),
        (AuthDecision::VerifyAccessJwt(jwt), Some(access)) => verify_jwt(env, &access, &jwt).await,
        (AuthDecision::VerifyAccessJwt(_), None) => {
            Err(ApiError::new(AuthError::Invalid, "Cloudflare Access is not configured.").into())
        }
    }
}

/// `ACCESS_TEAM_DOMAIN` + `ACCESS_AUD`: `None` when both are unset; 503 when only one is set or
/// the team domain is wrong.
fn access_settings(env: &Env) -> Result<Option<AccessSettings>, Failure> {
    let team = setting(env, "ACCESS_TEAM_DOMAIN");
    let aud = setting(env, "ACCESS_AUD");
    if team.is_none() && aud.is_none() {
        return Ok(None);
    }
    AccessSettings::new(&team.unwrap_or_default(), &aud.unwrap_or_default())
        .map(Some)
        .map_err(|e| {
            ApiError::new(
                AuthError::NotConfigured,
                format!("{e} Set both ACCESS_TEAM_DOMAIN and ACCESS_AUD (the Access application's AUD tag)."),
            )
            .into()
        })
}

async fn verify_jwt(
    env: &Env,
    access: &AccessSettings,
    jwt: &str,
) -> Result<&'static str, Failure> {
    let url = match setting(env, "ACCESS_CERTS_BASE_URL") {
        Some(base) => parse_loopback_base_url(&base)?.join("/cdn-cgi/access/certs"),
        None => access.certs_url(),
    };
    let now_ms = worker::Date::now().as_millis();
    let now = UnixTime::from_secs((now_ms / 1000) as i64);
    let mut jwks = jwks(&url, now_ms, false).await?;
    let mut result = access::verify(jwt, &jwks, access, now);
    if result == Err(AccessError::UnknownKey) {
        // Keys rotate: fetch once more before refusing.
        jwks = jwks_refetch(&url, now_ms).await?;
        result = access::verify(jwt, &jwks, access, now);
    }
    result
        .map(|_| "access")
        .map_err(|e| ApiError::from_coded(&e).into())
}

async fn jwks_refetch(url: &str, now_ms: u64) -> Result<Vec<u8>, Failure> {
    jwks(url, now_ms, true).await
}

/// The JWKS at `url`, from the cache when fresh (and not `force`d).
async fn jwks(url: &str, now_ms: u64, force: bool) -> Result<Vec<u8>, Failure> {
    let cached = JWKS.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(u, _, at)| u == url && now_ms.saturating_sub(*at) < JWKS_TTL_MS)
            .map(|(_, body, _)| body.clone())
    });
    if let (Some(body), false) = (cached, force) {
        return Ok(body);
    }
    let reply = upstream::send(Method::Get, url, Headers::new(), None, JWKS_TIMEOUT_MS).await?;
    if reply.status != 200 {
        return Err(ApiError::new(
            AccessError::JwksInvalid,
            "The Cloudflare Access signing keys could not be fetched.",
        )
        .into());
    }
    JWKS.with(|c| *c.borrow_mut() = Some((url.to_owned(), reply.body.clone(), now_ms)));
    Ok(reply.body)
}
