//! Where upstream calls go: API 2.0's global gateway, an API 1.0 regional host from the core's
//! region list, or — for the simulator only — a loopback base URL.

use std::fmt;
use std::str::FromStr;

use super::MimecastCode;
use crate::api_error::ApiError;
use crate::region::Region;

/// API 2.0's gateway host (token endpoint and API calls).
pub const API2_HOST: &str = "api.services.mimecast.com";

/// Which Mimecast API generation the proxy speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// API 1.0: HMAC-SHA1 signed requests to the regional host.
    V1,
    /// API 2.0: OAuth2 client credentials and bearer tokens (the default).
    #[default]
    V2,
}

impl FromStr for ApiVersion {
    type Err = ApiError;

    /// `1`, `1.0`, `2`, `2.0`; empty means the default, 2.0.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "1" | "1.0" => Ok(ApiVersion::V1),
            "2" | "2.0" | "" => Ok(ApiVersion::V2),
            _ => Err(ApiError::new(
                MimecastCode::ApiVersionInvalid,
                "MIMECAST_API_VERSION must be 2 (OAuth2, the default) or 1 (HMAC-signed, legacy).",
            )),
        }
    }
}

/// A validated base URL: `https://{host from the region list}` or a loopback `http(s)://` origin.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BaseUrl").field(&self.0).finish()
    }
}

impl BaseUrl {
    /// `https://{host}` for a host of the fixed lists (a region's API host or [`API2_HOST`]).
    pub(crate) fn https(host: &'static str) -> Self {
        Self(format!("https://{host}"))
    }

    /// The origin, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full URL of a fixed API path such as `/api/user/create-user`.
    pub fn join(&self, path: &'static str) -> String {
        format!("{}{path}", self.0)
    }

    /// The base URL of API 1.0 calls for `region`.
    pub fn for_region(region: Region) -> Self {
        Self::https(region.api_host())
    }
}

/// Whether `host` (as a URL writes it, without the port) is this machine: `127.0.0.1`,
/// `localhost` or `[::1]`, any case.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]")
}

/// Accepts a base-URL override only when it is a bare loopback origin: `http` or `https`, host
/// `127.0.0.1`, `localhost` or `[::1]`, an optional port, and nothing else (no user, path, query or
/// fragment). This is how tests and `cargo xtask dev` reach the simulator; nothing else is reachable.
pub fn parse_loopback_base_url(text: &str) -> Result<BaseUrl, ApiError> {
    let refuse = || {
        ApiError::new(
            MimecastCode::BaseUrlRefused,
            "MIMECAST_BASE_URL may only point at a loopback address (http://127.0.0.1:PORT, \
             http://localhost:PORT or http://[::1]:PORT), for the local simulator.",
        )
    };
    let text = text.trim().trim_end_matches('/');
    let (scheme, rest) = text.split_once("://").ok_or_else(refuse)?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(refuse());
    }
    let (host, port) = if let Some(v6) = rest.strip_prefix("[::1]") {
        ("[::1]", v6)
    } else {
        match rest.find(':') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        }
    };
    if !is_loopback_host(host) {
        return Err(refuse());
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(':').ok_or_else(refuse)?;
        let number: u16 = digits.parse().map_err(|_| refuse())?;
        if number == 0 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(refuse());
        }
    }
    Ok(BaseUrl(format!(
        "{}://{host}{port}",
        scheme.to_ascii_lowercase()
    )))
}
