//! The Worker's `GET /api/v1/entra/metadata` rules: which GUIDs it accepts, the one URL it fetches
//! (built here from validated GUIDs, on `login.microsoftonline.com` only), how long it waits, how
//! much it reads, how long it keeps the answer, and the error for each way the fetch can fail.
//!
//! The Worker only performs the fetch, the cache and the rate-limit call; every decision is here.

use std::net::{IpAddr, Ipv6Addr};

use super::auth::is_loopback_request;
use crate::Coded;
use crate::UnixTime;
use crate::api_error::ApiError;
use crate::entra::{AppId, TenantId};
use crate::metadata::{self, FederationMetadata, MAX_INPUT_BYTES, MetadataError, Scope};
use crate::mimecast_api::parse_loopback_base_url;

crate::codes! {
    /// Why the metadata route could not answer with Entra's metadata.
    pub enum MetadataFetchError {
        /// The query is not `tenant=<guid>&appid=<guid>`.
        QueryInvalid = "metadata.query_invalid",
        /// The loopback stand-in setting is refused here.
        BaseUrlRefused = "metadata.base_url_refused" @ 503,
        /// Entra sent no whole answer in time.
        UpstreamTimeout = "metadata.upstream_timeout" @ 504 retryable,
        /// Entra's answer is far larger than metadata.
        UpstreamTooLarge = "metadata.upstream_too_large" @ 502,
        /// Entra has no metadata for this tenant and application (4xx).
        UpstreamRejected = "metadata.upstream_rejected" @ 502,
        /// Entra could not be reached or failed.
        UpstreamFailed = "metadata.upstream_failed" @ 502 retryable,
        /// Entra's answer is not usable federation metadata.
        UpstreamInvalid = "metadata.upstream_invalid" @ 502,
        /// Entra's answer names another tenant.
        UpstreamTenantMismatch = "metadata.upstream_tenant_mismatch" @ 502,
        /// This client asked too often.
        RateLimited = "metadata.rate_limited" @ 429 retryable,
        /// The Worker has no rate-limiting binding: the route is closed.
        NotConfigured = "metadata.not_configured" @ 503,
    }
}

/// The only host the Worker fetches metadata from.
pub const METADATA_HOST: &str = "login.microsoftonline.com";

/// How long the Worker waits for Entra's whole answer, in milliseconds: Entra answers in well
/// under a second; an admin waiting longer than this is better told to retry.
pub const FETCH_TIMEOUT_MS: u64 = 5_000;

/// Largest answer read, in bytes: the same bound as a document given directly ([`MAX_INPUT_BYTES`]).
pub const MAX_FETCH_BYTES: usize = MAX_INPUT_BYTES;

/// How long a fetched document is reused, in seconds (5 minutes): Entra changes its metadata
/// only when a certificate is added or made Active.
pub const CACHE_TTL_SECS: u32 = 300;

/// The name of the Worker's rate-limiting binding (`[[ratelimits]]` in `wrangler.toml`).
pub const RATE_LIMITER_BINDING: &str = "METADATA_RATE_LIMITER";

/// The rate limiter's period in seconds, as configured in `wrangler.toml`: a refused caller is
/// told to retry after it.
pub const RATE_LIMIT_PERIOD_SECS: u64 = 60;

/// The setting naming a loopback stand-in for `login.microsoftonline.com` (tests only).
pub const BASE_URL_SETTING: &str = "ENTRA_METADATA_BASE_URL";

/// The route's query: `tenant` (required) and `appid` (optional: without it, the tenant-wide
/// metadata, flagged as such).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataQuery {
    /// The tenant ID.
    pub tenant: TenantId,
    /// The application ID; `None` for the tenant-wide metadata.
    pub app: Option<AppId>,
}

impl MetadataQuery {
    /// Reads `tenant=<guid>&appid=<guid>` (the URL's query, without `?`).
    ///
    /// # Errors
    /// The GUID's own code with `field` `tenant` or `appid`: `tenant.empty` when `tenant` is
    /// missing, `tenant.invalid` / `tenant.domain_name`, `app_id.empty` for `appid=` with no
    /// value, `app_id.invalid`; `metadata.query_invalid` when a parameter is repeated or unknown.
    pub fn parse(query: &str) -> Result<Self, ApiError> {
        let (mut tenant, mut app) = (None, None);
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match name {
                "tenant" => &mut tenant,
                "appid" => &mut app,
                _ => return Err(invalid_query("only tenant and appid are accepted")),
            };
            if slot.replace(value).is_some() {
                return Err(invalid_query("a parameter is repeated"));
            }
        }
        let tenant = tenant
            .unwrap_or("")
            .parse::<TenantId>()
            .map_err(|error| ApiError::from_coded(&error).with_field("tenant"))?;
        let app = app
            .map(|value| value.parse::<AppId>())
            .transpose()
            .map_err(|error| ApiError::from_coded(&error).with_field("appid"))?;
        Ok(Self { tenant, app })
    }

    /// Whether the document is the application's or the tenant's.
    pub fn scope(&self) -> Scope {
        if self.app.is_some() {
            Scope::Application
        } else {
            Scope::TenantWide
        }
    }

    /// The path and query on the metadata host, from the validated GUIDs only.
    fn path(&self) -> String {
        let path = format!(
            "/{}/federationmetadata/2007-06/federationmetadata.xml",
            self.tenant
        );
        match &self.app {
            Some(app) => format!("{path}?appid={app}"),
            None => path,
        }
    }

    /// The URL to fetch for a check with no request behind it (the watch's scheduled check): as
    /// [`MetadataQuery::upstream_url`], but a loopback override needs no loopback request (there
    /// is none; a deployed Worker cannot reach a loopback address anyway).
    ///
    /// # Errors
    /// `metadata.base_url_refused` (503) for an override that is not a loopback origin.
    pub fn scheduled_url(&self, base_override: Option<&str>) -> Result<String, ApiError> {
        match base_override.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(format!("https://{METADATA_HOST}{}", self.path())),
            Some(base) => parse_loopback_base_url(base)
                .map(|base| format!("{}{}", base.as_str(), self.path()))
                .map_err(|_| {
                    ApiError::new(
                        MetadataFetchError::BaseUrlRefused,
                        format!(
                            "{BASE_URL_SETTING} is set and is not a loopback origin such as \
                             http://127.0.0.1:PORT: it is for local tests only. Remove it to \
                             fetch from https://{METADATA_HOST}."
                        ),
                    )
                }),
        }
    }

    /// The URL to fetch: `https://login.microsoftonline.com/{tenant}/federationmetadata/2007-06/federationmetadata.xml?appid={app}`.
    ///
    /// `base_override` is the [`BASE_URL_SETTING`] value, for tests. It is refused (fail closed,
    /// never falling back to the real host) unless it is a loopback origin and the request itself
    /// reached the Worker on a loopback address (`url_host`, `connecting_ip` as for
    /// [`is_loopback_request`]).
    ///
    /// # Errors
    /// `metadata.base_url_refused` (503) for an override that is not a loopback origin or a
    /// request that is not a loopback one.
    pub fn upstream_url(
        &self,
        base_override: Option<&str>,
        url_host: &str,
        connecting_ip: Option<&str>,
    ) -> Result<String, ApiError> {
        let Some(base) = base_override.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(format!("https://{METADATA_HOST}{}", self.path()));
        };
        let refused = |why: &str| {
            ApiError::new(
                MetadataFetchError::BaseUrlRefused,
                format!(
                    "{BASE_URL_SETTING} is set, and {why}: it is for local tests only. Remove it \
                     to fetch from https://{METADATA_HOST}."
                ),
            )
        };
        let base = parse_loopback_base_url(base)
            .map_err(|_| refused("it is not a loopback origin such as http://127.0.0.1:PORT"))?;
        if !is_loopback_request(url_host, connecting_ip) {
            return Err(refused("this request did not come from a loopback address"));
        }
        Ok(format!("{}{}", base.as_str(), self.path()))
    }
}

fn invalid_query(problem: &str) -> ApiError {
    ApiError::new(
        MetadataFetchError::QueryInvalid,
        format!("The query is not tenant=<guid>&appid=<guid>: {problem}."),
    )
}

/// Checks Entra's HTTP status: 200 is the document; 4xx means Entra does not know the tenant or
/// application (`metadata.upstream_rejected`); anything else is Entra failing
/// (`metadata.upstream_failed`, retryable).
pub fn check_status(status: u16) -> Result<(), ApiError> {
    match status {
        200 => Ok(()),
        400..=499 => Err(ApiError::new(
            MetadataFetchError::UpstreamRejected,
            format!(
                "Entra answered HTTP {status}: it has no federation metadata for this tenant and \
                 application. Check the tenant ID and the application ID (copy the App Federation \
                 Metadata Url again)."
            ),
        )),
        _ => Err(upstream_failed(&format!("it answered HTTP {status}"))),
    }
}

/// Reads Entra's answer (fetched, or kept in the cache) for `query` at `now`: the metadata, when
/// it is federation metadata of the tenant asked for.
///
/// The body comes from upstream, not from the caller, so a body that does not parse (an HTML
/// error page, a truncated document) is Entra failing, not a bad request.
///
/// # Errors
/// `metadata.upstream_invalid` (502) when the body is not usable federation metadata (the parse
/// error's code and text in the message); `metadata.upstream_tenant_mismatch` (502) when its
/// `entityID` names another tenant than `query.tenant`.
pub fn read_upstream(
    body: &[u8],
    now: UnixTime,
    query: &MetadataQuery,
) -> Result<FederationMetadata, ApiError> {
    let parsed =
        metadata::parse(body, now, query.scope()).map_err(|error| upstream_invalid(&error))?;
    check_tenant(query, &parsed)?;
    Ok(parsed)
}

/// `metadata.upstream_invalid`: Entra's answer is not usable federation metadata, for `error`.
pub fn upstream_invalid(error: &MetadataError) -> ApiError {
    ApiError::new(
        MetadataFetchError::UpstreamInvalid,
        format!(
            "Entra's answer is not usable federation metadata ({}: {error}). Try again, or \
             download the Federation Metadata XML and give the file instead.",
            error.code()
        ),
    )
}

/// The document must be the tenant's asked for: its `entityID` names `query.tenant`.
///
/// # Errors
/// `metadata.upstream_tenant_mismatch` (502) otherwise.
pub fn check_tenant(query: &MetadataQuery, parsed: &FederationMetadata) -> Result<(), ApiError> {
    if parsed.tenant_id == query.tenant {
        return Ok(());
    }
    Err(ApiError::new(
        MetadataFetchError::UpstreamTenantMismatch,
        format!(
            "Entra answered with the federation metadata of tenant {}, not of tenant {} asked \
             for; it was not used.",
            parsed.tenant_id, query.tenant
        ),
    ))
}

/// Checks a declared or read size against [`MAX_FETCH_BYTES`]: `metadata.upstream_too_large`.
pub fn check_size(bytes: usize) -> Result<(), ApiError> {
    if bytes > MAX_FETCH_BYTES {
        Err(too_large())
    } else {
        Ok(())
    }
}

/// `metadata.upstream_too_large`: the answer is over [`MAX_FETCH_BYTES`].
pub fn too_large() -> ApiError {
    ApiError::new(
        MetadataFetchError::UpstreamTooLarge,
        format!(
            "Entra's answer is larger than {MAX_FETCH_BYTES} bytes, far more than federation \
             metadata; it was not read."
        ),
    )
}

/// `metadata.upstream_timeout`: no whole answer within [`FETCH_TIMEOUT_MS`].
pub fn timeout_error() -> ApiError {
    ApiError::new(
        MetadataFetchError::UpstreamTimeout,
        format!(
            "Entra did not send the federation metadata within {FETCH_TIMEOUT_MS} ms; try again, \
             or download the Federation Metadata XML and give the file instead."
        ),
    )
}

/// `metadata.upstream_failed`: Entra could not be reached or failed.
pub fn upstream_failed(why: &str) -> ApiError {
    ApiError::new(
        MetadataFetchError::UpstreamFailed,
        format!(
            "The federation metadata could not be fetched from {METADATA_HOST}: {why}. Try again, \
             or download the Federation Metadata XML and give the file instead."
        ),
    )
}

/// `metadata.rate_limited`: this client asked too often; retry after [`RATE_LIMIT_PERIOD_SECS`].
pub fn rate_limited() -> ApiError {
    ApiError::new(
        MetadataFetchError::RateLimited,
        format!(
            "Too many metadata requests from this address; retry in {RATE_LIMIT_PERIOD_SECS} seconds."
        ),
    )
}

/// `metadata.not_configured`: the Worker has no rate-limiting binding, so it refuses (fail closed).
pub fn not_configured() -> ApiError {
    ApiError::new(
        MetadataFetchError::NotConfigured,
        format!(
            "The metadata route needs the {RATE_LIMITER_BINDING} rate-limiting binding \
             ([[ratelimits]] in wrangler.toml); without it the route is closed."
        ),
    )
}

/// The rate limiter's key: the client's address (`CF-Connecting-IP`), or one shared key when the
/// platform gave none or something that is not an address, so unknown clients share one budget
/// rather than escape it.
///
/// An IPv4 address is the key whole; an IPv6 address is keyed by its /64 prefix, since one
/// client (one subscriber line) commonly holds a whole /64 and could otherwise take a fresh budget
/// per address. An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) counts as its IPv4 address.
pub fn rate_limit_key(connecting_ip: Option<&str>) -> String {
    let address = connecting_ip
        .map(str::trim)
        .filter(|ip| ip.len() <= 45)
        .and_then(|ip| ip.parse::<IpAddr>().ok());
    match address {
        Some(IpAddr::V4(v4)) => format!("ip:{v4}"),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("ip:{v4}"),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("ip:{}/64", Ipv6Addr::new(a, b, c, d, 0, 0, 0, 0))
            }
        },
        None => "ip:unknown".to_owned(),
    }
}

/// The name of the Worker's own Cache API cache for metadata (`caches.open`): its entries never
/// mix with the zone's default cache.
pub const CACHE_NAME: &str = "entra-metadata";

impl MetadataQuery {
    /// The key the document is kept under in the [`CACHE_NAME`] cache:
    /// `https://entra-metadata.cache/{tenant}/{appid}` (`…/{tenant}/tenant` without `appid`),
    /// from the validated GUIDs only, on a name of ours rather than Entra's host, so the key
    /// cannot collide with a cached `login.microsoftonline.com` response.
    pub fn cache_key(&self) -> String {
        let app = self
            .app
            .as_ref()
            .map_or_else(|| "tenant".to_owned(), ToString::to_string);
        format!("https://{CACHE_NAME}.cache/{}/{app}", self.tenant)
    }
}
