//! The Worker's API routes in one table, with what each accepts: method, body kind, whether the
//! caller must authenticate. Also the request limits (body size, content type) and the log line.

use serde::Serialize;

use crate::api_error::ApiError;
use crate::mimecast_api::Operation;

mod log;
mod watch;

pub use log::RequestLog;
pub use watch::id_in_path as watch_id_in_path;

crate::codes! {
    /// Why a request was refused before any route handled it, or failed inside the Worker.
    pub enum RouteError {
        /// No API route has this path.
        NotFound = "route.not_found" @ 404,
        /// The route answers another method.
        MethodNotAllowed = "method.not_allowed" @ 405,
        /// The body is over [`MAX_BODY_BYTES`].
        TooLarge = "request.too_large" @ 413,
        /// The body's content type is not one the route reads.
        UnsupportedMediaType = "request.unsupported_media_type" @ 415,
        /// The body is not JSON.
        InvalidJson = "request.invalid_json",
        /// Something failed inside the Worker.
        Internal = "internal.error" @ 500,
    }
}

/// Largest request body accepted, in bytes (1 MiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Path prefix of the proxy routes.
const MIMECAST_PREFIX: &str = "/api/v1/mimecast/";

/// Path of the batch route.
const USERS_BATCH_PATH: &str = "/api/v1/mimecast/users:batch";

/// Path of the API's OpenAPI document.
const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// One API route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `GET /api/v1/health`.
    Health,
    /// `GET /api/v1/regions`.
    Regions,
    /// `POST /api/v1/plan`.
    Plan,
    /// `POST /api/v1/certificate/inspect`.
    CertificateInspect,
    /// `POST /api/v1/mimecast/{operation}`.
    Mimecast(Operation),
    /// `GET /api/v1/entra/metadata?tenant=<guid>&appid=<guid>`: Entra's federation metadata,
    /// fetched from `login.microsoftonline.com`, parsed (see [`crate::metadata::fetch`]).
    EntraMetadata,
    /// `POST /api/v1/saml/inspect`: a captured SAML response read, verified and compared with
    /// the plan (see [`crate::signon::inspect_response`]).
    SamlInspect,
    /// `POST /api/v1/entra/explain`: an AADSTS code or Entra's error page explained (see
    /// [`crate::signon::explain_entra_error`]).
    EntraExplain,
    /// `POST /api/v1/mimecast/users:batch`: create up to 100 users (see
    /// [`crate::provisioning::parse_batch_request`]).
    UsersBatch,
    /// `GET /api/v1/openapi.json`: this table as an OpenAPI 3.1 document.
    OpenApi,
    /// `GET /api/v1/watch`: the watched applications (see [`crate::watch`]).
    WatchList,
    /// `POST /api/v1/watch`: watch an application.
    WatchCreate,
    /// `GET /api/v1/watch/{id}`: one watched application.
    WatchGet,
    /// `PUT /api/v1/watch/{id}`: change a watched application (a new thumbprint, once pasted).
    WatchUpdate,
    /// `DELETE /api/v1/watch/{id}`: stop watching.
    WatchDelete,
    /// `POST /api/v1/watch/{id}/check`: check now, notifying as the daily check does.
    WatchCheck,
}

/// The body of `GET /api/v1/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
    /// The version of the helper.
    pub version: &'static str,
    /// True when the proxy talks to the local Mimecast simulator (`cargo xtask dev`); absent
    /// otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub simulator: bool,
}

impl Health {
    /// The answer, with whether a simulator stands in for Mimecast.
    pub fn new(simulator: bool) -> Self {
        Self {
            status: "ok",
            version: crate::VERSION,
            simulator,
        }
    }
}

/// What a route's body must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// No body is read.
    None,
    /// `application/json`.
    Json,
    /// A certificate: JSON `{"certificate": "…"}`, PEM or base64 text, or DER bytes.
    Certificate,
}

impl Route {
    /// The route for `method` and `path`: `route.not_found` (404) for unknown paths (including
    /// encoded or dotted ones, which never match), `method.not_allowed` (405) for a known path with
    /// another method.
    pub fn resolve(method: &str, path: &str) -> Result<Route, ApiError> {
        if let Some(route) = watch::resolve(method, path) {
            return route;
        }
        let route = match path {
            "/api/v1/health" => Route::Health,
            "/api/v1/regions" => Route::Regions,
            "/api/v1/plan" => Route::Plan,
            "/api/v1/certificate/inspect" => Route::CertificateInspect,
            "/api/v1/entra/metadata" => Route::EntraMetadata,
            "/api/v1/saml/inspect" => Route::SamlInspect,
            "/api/v1/entra/explain" => Route::EntraExplain,
            OPENAPI_PATH => Route::OpenApi,
            USERS_BATCH_PATH => Route::UsersBatch,
            _ => path
                .strip_prefix(MIMECAST_PREFIX)
                .and_then(Operation::from_slug)
                .map(Route::Mimecast)
                .ok_or_else(|| {
                    ApiError::new(RouteError::NotFound, "No API route has this path; GET /api/v1/openapi.json lists them all (docs/api.md).")
                })?,
        };
        if method == route.method() {
            Ok(route)
        } else {
            Err(ApiError::new(
                RouteError::MethodNotAllowed,
                format!("This route answers {} only.", route.method()),
            ))
        }
    }

    /// Every route, in the order the documentation lists them.
    pub fn all() -> Vec<Route> {
        let mut routes = vec![
            Route::Health,
            Route::Regions,
            Route::Plan,
            Route::CertificateInspect,
            Route::EntraMetadata,
            Route::SamlInspect,
            Route::EntraExplain,
        ];
        routes.extend(Operation::ALL.map(Route::Mimecast));
        routes.extend([
            Route::UsersBatch,
            Route::WatchList,
            Route::WatchCreate,
            Route::WatchGet,
            Route::WatchUpdate,
            Route::WatchDelete,
            Route::WatchCheck,
            Route::OpenApi,
        ]);
        routes
    }

    /// The one method the route answers.
    pub fn method(self) -> &'static str {
        match self {
            Route::Health
            | Route::Regions
            | Route::EntraMetadata
            | Route::OpenApi
            | Route::WatchList
            | Route::WatchGet => "GET",
            Route::WatchUpdate => "PUT",
            Route::WatchDelete => "DELETE",
            _ => "POST",
        }
    }

    /// The route's path, for example `/api/v1/mimecast/create-user`.
    pub fn path(self) -> &'static str {
        let name = self.name();
        name.split_once(' ').map_or(name, |(_, path)| path)
    }

    /// A stable name for logs, never the raw path: `GET /api/v1/health`,
    /// `POST /api/v1/mimecast/create-user`.
    pub fn name(self) -> &'static str {
        match self {
            Route::Health => "GET /api/v1/health",
            Route::Regions => "GET /api/v1/regions",
            Route::Plan => "POST /api/v1/plan",
            Route::CertificateInspect => "POST /api/v1/certificate/inspect",
            Route::EntraMetadata => "GET /api/v1/entra/metadata",
            Route::SamlInspect => "POST /api/v1/saml/inspect",
            Route::EntraExplain => "POST /api/v1/entra/explain",
            Route::Mimecast(op) => match op {
                Operation::GetAccount => "POST /api/v1/mimecast/get-account",
                Operation::GetInternalDomains => "POST /api/v1/mimecast/get-internal-domains",
                Operation::GetPendingDomains => "POST /api/v1/mimecast/get-pending-domains",
                Operation::CreateDomain => "POST /api/v1/mimecast/create-domain",
                Operation::GetInternalUsers => "POST /api/v1/mimecast/get-internal-users",
                Operation::CreateUser => "POST /api/v1/mimecast/create-user",
                Operation::UpdateUser => "POST /api/v1/mimecast/update-user",
                Operation::DiscoverAuthentication => {
                    "POST /api/v1/mimecast/discover-authentication"
                }
            },
            Route::UsersBatch => "POST /api/v1/mimecast/users:batch",
            Route::OpenApi => "GET /api/v1/openapi.json",
            Route::WatchList => "GET /api/v1/watch",
            Route::WatchCreate => "POST /api/v1/watch",
            Route::WatchGet => "GET /api/v1/watch/{id}",
            Route::WatchUpdate => "PUT /api/v1/watch/{id}",
            Route::WatchDelete => "DELETE /api/v1/watch/{id}",
            Route::WatchCheck => "POST /api/v1/watch/{id}/check",
        }
    }

    /// The body the route reads.
    pub fn body(self) -> BodyKind {
        match self {
            Route::Health
            | Route::Regions
            | Route::EntraMetadata
            | Route::OpenApi
            | Route::WatchList
            | Route::WatchGet
            | Route::WatchDelete
            | Route::WatchCheck => BodyKind::None,
            Route::CertificateInspect => BodyKind::Certificate,
            Route::Plan
            | Route::SamlInspect
            | Route::EntraExplain
            | Route::Mimecast(_)
            | Route::UsersBatch
            | Route::WatchCreate
            | Route::WatchUpdate => BodyKind::Json,
        }
    }

    /// Whether the caller must authenticate (the proxy and watch routes).
    pub fn needs_auth(self) -> bool {
        matches!(self, Route::Mimecast(_) | Route::UsersBatch) || self.is_watch()
    }

    /// Whether it is one of the watch routes.
    pub fn is_watch(self) -> bool {
        matches!(
            self,
            Route::WatchList
                | Route::WatchCreate
                | Route::WatchGet
                | Route::WatchUpdate
                | Route::WatchDelete
                | Route::WatchCheck
        )
    }

    /// Whether the route is rate-limited per client address (the public route that fetches from
    /// Entra, so it cannot be used to make the Worker fetch without bound).
    pub fn rate_limited(self) -> bool {
        matches!(self, Route::EntraMetadata)
    }
}

/// Checks the `Content-Type` against what `kind` accepts: `request.unsupported_media_type` (415).
pub fn check_content_type(kind: BodyKind, content_type: Option<&str>) -> Result<(), ApiError> {
    let essence = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let ok = match kind {
        BodyKind::None => true,
        BodyKind::Json => essence == "application/json",
        BodyKind::Certificate => matches!(
            essence.as_str(),
            "application/json"
                | "text/plain"
                | "application/x-pem-file"
                | "application/pkix-cert"
                | "application/x-x509-ca-cert"
                | "application/octet-stream"
        ),
    };
    if ok {
        return Ok(());
    }
    let wanted = match kind {
        BodyKind::Certificate => {
            "application/json, text/plain, application/x-pem-file, application/pkix-cert or application/octet-stream"
        }
        _ => "application/json",
    };
    Err(ApiError::new(
        RouteError::UnsupportedMediaType,
        format!("Send the body as {wanted}."),
    ))
}

/// Checks a body size (declared or read) against [`MAX_BODY_BYTES`]: `request.too_large` (413).
pub fn check_body_size(bytes: usize) -> Result<(), ApiError> {
    if bytes > MAX_BODY_BYTES {
        Err(body_too_large())
    } else {
        Ok(())
    }
}

/// `request.too_large` (413): the body is over [`MAX_BODY_BYTES`], from its `Content-Length` or
/// while it streams in (a chunked body declares no length; reading stops at the limit).
pub fn body_too_large() -> ApiError {
    ApiError::new(
        RouteError::TooLarge,
        "The request body is larger than 1 MiB.",
    )
}

/// One region as `GET /api/v1/regions` lists it; the same fields as the page's `regions()`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSummary {
    /// `eu`, `de`, …
    pub code: &'static str,
    /// English name.
    pub name: &'static str,
    /// Host of the SAML URLs.
    pub saml_host: &'static str,
    /// Host of API 1.0 calls.
    pub api_host: &'static str,
    /// Account code prefix that hints this region, if any.
    pub account_code_prefix: Option<&'static str>,
    /// The region's Administration Console.
    pub admin_console_url: &'static str,
    /// SAML Sign-on / Reply URL.
    pub sign_on_url: String,
}

/// Every region, in the core's order.
pub fn region_summaries() -> Vec<RegionSummary> {
    crate::region::Region::ALL
        .iter()
        .map(|&region| RegionSummary {
            code: region.code(),
            name: region.name(),
            saml_host: region.saml_host(),
            api_host: region.api_host(),
            account_code_prefix: region.account_code_prefix(),
            admin_console_url: region.admin_console_url(),
            sign_on_url: region.sign_on_url(),
        })
        .collect()
}
