//! Who may call the Mimecast proxy: fail closed. A bearer `PROXY_TOKEN` (constant-time compare), a
//! Cloudflare Access JWT (see [`super::access`]), or — only when explicitly enabled and only for
//! loopback requests — the local-development mode `cargo xtask dev` uses.

use std::net::IpAddr;

use super::access::AccessSettings;
use crate::api_error::ApiError;

crate::codes! {
    /// Why a caller was refused.
    pub enum AuthError {
        /// No credential was sent.
        Required = "auth.required" @ 401,
        /// The credential is wrong.
        Invalid = "auth.invalid" @ 403,
        /// No caller authentication is configured: the proxy refuses every call.
        NotConfigured = "auth.not_configured" @ 503,
    }
}

/// The caller-authentication settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthSettings {
    /// `PROXY_TOKEN`, if set.
    pub proxy_token: Option<String>,
    /// `ACCESS_TEAM_DOMAIN` + `ACCESS_AUD`, if both are set and valid.
    pub access: Option<AccessSettings>,
    /// `LOCAL_DEV_AUTH = "loopback"`: loopback requests need no credential.
    pub local_dev: bool,
}

/// What the request carries.
#[derive(Clone, Copy, Debug, Default)]
pub struct Presented<'a> {
    /// The `Authorization` header.
    pub authorization: Option<&'a str>,
    /// The `Cf-Access-Jwt-Assertion` header.
    pub access_jwt: Option<&'a str>,
    /// Whether the request reached the Worker on a loopback address (see [`is_loopback_request`]).
    pub loopback: bool,
}

/// The decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthDecision {
    /// Let the request through; the string says how it was authenticated (for logs).
    Allow(&'static str),
    /// Verify this Access JWT against the team's JWKS, then allow or refuse.
    VerifyAccessJwt(String),
    /// Refuse with this error.
    Deny(ApiError),
}

/// Decides what to do with a proxy request.
pub fn decide(settings: &AuthSettings, presented: &Presented<'_>) -> AuthDecision {
    let bearer = presented.authorization.and_then(bearer_token);
    if let (Some(expected), Some(given)) = (&settings.proxy_token, bearer) {
        return if constant_time_eq(expected.as_bytes(), given.as_bytes()) {
            AuthDecision::Allow("token")
        } else {
            AuthDecision::Deny(ApiError::new(
                AuthError::Invalid,
                "The bearer token does not match PROXY_TOKEN.",
            ))
        };
    }
    if let (Some(_), Some(jwt)) = (&settings.access, presented.access_jwt) {
        return AuthDecision::VerifyAccessJwt(jwt.trim().to_owned());
    }
    if settings.local_dev {
        return if presented.loopback {
            AuthDecision::Allow("local-dev")
        } else {
            AuthDecision::Deny(ApiError::new(
                AuthError::Invalid,
                "LOCAL_DEV_AUTH only admits requests to a loopback address; configure PROXY_TOKEN \
                 or Cloudflare Access for anything else.",
            ))
        };
    }
    if settings.proxy_token.is_none() && settings.access.is_none() {
        return AuthDecision::Deny(ApiError::new(
            AuthError::NotConfigured,
            "The Mimecast proxy has no caller authentication configured, so it refuses every call. \
             Set a PROXY_TOKEN secret (`npx wrangler secret put PROXY_TOKEN`) and send \
             `Authorization: Bearer <token>`, or put the Worker behind Cloudflare Access and set \
             ACCESS_TEAM_DOMAIN and ACCESS_AUD.",
        ));
    }
    AuthDecision::Deny(ApiError::new(
        AuthError::Required,
        "Send `Authorization: Bearer <PROXY_TOKEN>` or sign in through Cloudflare Access.",
    ))
}

/// The token of an `Authorization: Bearer …` header (scheme case-insensitive).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Compares in time that depends only on the lengths, not on where the bytes differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0xff);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Whether a request reached the Worker on a loopback address: the URL's host is `127.0.0.1`,
/// `localhost` or `[::1]`, AND `CF-Connecting-IP` is present and a loopback address (`127.0.0.0/8`
/// or `::1`). Fail closed: a request without `CF-Connecting-IP` is not loopback.
///
/// Locally, `wrangler dev` (Miniflare's entry worker in front of workerd) always sets
/// `CF-Connecting-IP` from the connection's peer address when the client did not send one, so a
/// missing header never happens there; on Cloudflare's edge the header is always set by Cloudflare
/// and the host is the public hostname, so this is never true there.
pub fn is_loopback_request(url_host: &str, connecting_ip: Option<&str>) -> bool {
    let host_ok = matches!(url_host, "127.0.0.1" | "localhost" | "[::1]" | "::1");
    let ip_ok = connecting_ip
        .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback());
    host_ok && ip_ok
}
