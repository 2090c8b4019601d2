//! The proxy's configuration, read from the Worker's settings and secrets by name, checked once.

use std::fmt;

use super::MimecastCode;
use super::endpoint::{API2_HOST, ApiVersion, BaseUrl, parse_loopback_base_url};
use crate::api_error::ApiError;
use crate::region::Region;

/// Default upstream timeout, in milliseconds.
const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// Accepted range for `MIMECAST_TIMEOUT_MS`.
const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u64> = 100..=30_000;

/// Non-secret proxy settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxySettings {
    /// API generation (`MIMECAST_API_VERSION`, default 2).
    pub version: ApiVersion,
    /// Default region (`MIMECAST_REGION`), used by API 1.0 when the request names none.
    pub region: Option<Region>,
    /// Loopback override of every upstream URL (`MIMECAST_BASE_URL`), for the simulator.
    pub base_override: Option<BaseUrl>,
    /// Upstream timeout (`MIMECAST_TIMEOUT_MS`, default 10 000).
    pub timeout_ms: u64,
}

/// A setting's value, `None` when unset or blank.
fn set(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

impl ProxySettings {
    /// Checks the raw setting values; empty values count as unset.
    pub fn parse(
        version: Option<&str>,
        region: Option<&str>,
        base_url: Option<&str>,
        timeout_ms: Option<&str>,
    ) -> Result<Self, ApiError> {
        let version = set(version).unwrap_or("2").parse()?;
        let region = set(region)
            .map(|r| r.parse::<Region>())
            .transpose()
            .map_err(|e| {
                ApiError::new(
                    MimecastCode::ProxyNotConfigured,
                    format!("MIMECAST_REGION: {e}"),
                )
            })?;
        let base_override = set(base_url).map(parse_loopback_base_url).transpose()?;
        let timeout_ms = match set(timeout_ms) {
            None => DEFAULT_TIMEOUT_MS,
            Some(t) => t
                .parse()
                .ok()
                .filter(|t| TIMEOUT_RANGE_MS.contains(t))
                .ok_or_else(|| {
                    ApiError::new(
                        MimecastCode::TimeoutInvalid,
                        "MIMECAST_TIMEOUT_MS must be a number of milliseconds from 100 to 30000.",
                    )
                })?,
        };
        Ok(Self {
            version,
            region,
            base_override,
            timeout_ms,
        })
    }

    /// The base URL of API calls: the loopback override if set, API 2.0's gateway, or (API 1.0)
    /// the host of the request's region, else of `MIMECAST_REGION`.
    pub fn api_base(&self, requested: Option<Region>) -> Result<BaseUrl, ApiError> {
        if let Some(base) = &self.base_override {
            return Ok(base.clone());
        }
        match self.version {
            ApiVersion::V2 => Ok(BaseUrl::https(API2_HOST)),
            ApiVersion::V1 => requested
                .or(self.region)
                .map(BaseUrl::for_region)
                .ok_or_else(|| {
                    ApiError::new(
                        MimecastCode::RegionRequired,
                        "API 1.0 calls need a region: send \"region\" (eu, de, us, usb, ca, za, au, \
                         jer, uspcom) or set MIMECAST_REGION.",
                    )
                    .with_field("region")
                }),
        }
    }

    /// The base URL of the API 2.0 token endpoint.
    pub fn token_base(&self) -> BaseUrl {
        self.base_override
            .clone()
            .unwrap_or_else(|| BaseUrl::https(API2_HOST))
    }
}

/// The proxy's secrets for the configured API version. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// API 2.0 client credentials.
    V2 {
        /// `MIMECAST_CLIENT_ID`.
        client_id: String,
        /// `MIMECAST_CLIENT_SECRET`.
        client_secret: String,
    },
    /// API 1.0 keys.
    V1 {
        /// `MIMECAST_APP_ID`.
        app_id: String,
        /// `MIMECAST_APP_KEY`.
        app_key: String,
        /// `MIMECAST_ACCESS_KEY`.
        access_key: String,
        /// `MIMECAST_SECRET_KEY` (base64).
        secret_key: String,
    },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::V2 { .. } => f.write_str("Credentials::V2(<redacted>)"),
            Credentials::V1 { .. } => f.write_str("Credentials::V1(<redacted>)"),
        }
    }
}

impl Credentials {
    /// The names of the secrets `version` needs.
    pub fn names(version: ApiVersion) -> &'static [&'static str] {
        match version {
            ApiVersion::V2 => &["MIMECAST_CLIENT_ID", "MIMECAST_CLIENT_SECRET"],
            ApiVersion::V1 => &[
                "MIMECAST_APP_ID",
                "MIMECAST_APP_KEY",
                "MIMECAST_ACCESS_KEY",
                "MIMECAST_SECRET_KEY",
            ],
        }
    }

    /// Reads the secrets `version` needs through `lookup`; a 503 `proxy.not_configured` names the
    /// missing ones and how to set them.
    pub fn load(
        version: ApiVersion,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ApiError> {
        let names = Self::names(version);
        let values: Vec<Option<String>> = names
            .iter()
            .map(|n| lookup(n).filter(|v| !v.trim().is_empty()))
            .collect();
        let missing: Vec<&str> = names
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::new(
                MimecastCode::ProxyNotConfigured,
                format!(
                    "The Mimecast proxy is not configured: set {} with `npx wrangler secret put NAME` \
                     (or in .dev.vars for local development).",
                    missing.join(", ")
                ),
            ));
        }
        let mut v = values.into_iter().flatten();
        let mut next = || v.next().unwrap_or_default();
        Ok(match version {
            ApiVersion::V2 => Credentials::V2 {
                client_id: next(),
                client_secret: next(),
            },
            ApiVersion::V1 => Credentials::V1 {
                app_id: next(),
                app_key: next(),
                access_key: next(),
                secret_key: next(),
            },
        })
    }
}
