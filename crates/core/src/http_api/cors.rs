//! CORS for intranet pages: only origins listed in `ALLOWED_ORIGINS`, exact match, never `*`.
//!
//! Allowed origins get credentials (Cloudflare Access cookies), so the origin is always echoed, with
//! `Vary: Origin`; the Fetch standard forbids `*` together with credentials.

use crate::api_error::ApiError;

crate::codes! {
    /// Why a cross-origin request was refused.
    pub enum CorsError {
        /// The origin, method or a header is not allowed.
        OriginNotAllowed = "cors.origin_not_allowed" @ 403,
    }
}

/// Methods the API answers.
const METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";
/// Request headers a page may send.
const HEADERS: [&str; 3] = ["authorization", "content-type", "cf-access-jwt-assertion"];

/// The configured origins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorsPolicy {
    origins: Vec<String>,
}

impl CorsPolicy {
    /// From `ALLOWED_ORIGINS`: origins separated by spaces or commas, such as
    /// `https://intranet.example.com`. Entries that are not `http(s)://host[:port]` (including `*`)
    /// are ignored.
    pub fn parse(setting: &str) -> Self {
        let origins = setting
            .split([' ', ',', '\n', '\t'])
            .filter_map(normalize_origin)
            .collect();
        Self { origins }
    }

    /// Whether `origin` is allowed.
    pub fn allows(&self, origin: &str) -> bool {
        normalize_origin(origin).is_some_and(|o| self.origins.contains(&o))
    }

    /// Headers for a normal (non-preflight) response to a request from `origin`: the CORS headers
    /// when the origin is allowed, only `Vary: Origin` otherwise.
    pub fn response_headers(&self, origin: Option<&str>) -> Vec<(&'static str, String)> {
        let mut headers = vec![("Vary", "Origin".to_owned())];
        if let Some(origin) = origin.filter(|o| self.allows(o)) {
            headers.push(("Access-Control-Allow-Origin", origin.trim().to_owned()));
            headers.push(("Access-Control-Allow-Credentials", "true".to_owned()));
            headers.push((
                "Access-Control-Expose-Headers",
                "Retry-After, X-Request-Id".to_owned(),
            ));
        }
        headers
    }

    /// Answers a preflight (`OPTIONS` with `Access-Control-Request-Method`): the headers of a 204,
    /// or `cors.origin_not_allowed` (403) for an unlisted origin, method or header.
    pub fn preflight(
        &self,
        origin: Option<&str>,
        method: Option<&str>,
        request_headers: Option<&str>,
    ) -> Result<Vec<(&'static str, String)>, ApiError> {
        let refuse = |why: &str| {
            ApiError::new(
                CorsError::OriginNotAllowed,
                format!(
                    "Cross-origin request refused: {why}. Allowed origins come from ALLOWED_ORIGINS."
                ),
            )
        };
        let origin = origin.ok_or_else(|| refuse("no Origin header"))?;
        if !self.allows(origin) {
            return Err(refuse("this origin is not listed"));
        }
        let method = method.unwrap_or("").trim();
        if !matches!(method, "GET" | "POST" | "PUT" | "DELETE") {
            return Err(refuse("the method is not GET, POST, PUT or DELETE"));
        }
        let headers_ok = request_headers.unwrap_or("").split(',').all(|h| {
            let h = h.trim().to_ascii_lowercase();
            h.is_empty() || HEADERS.contains(&h.as_str())
        });
        if !headers_ok {
            return Err(refuse("a requested header is not allowed"));
        }
        let mut headers = self.response_headers(Some(origin));
        headers.push(("Access-Control-Allow-Methods", METHODS.to_owned()));
        headers.push(("Access-Control-Allow-Headers", HEADERS.join(", ")));
        headers.push(("Access-Control-Max-Age", "600".to_owned()));
        Ok(headers)
    }
}

/// `scheme://host[:port]` in lowercase, or `None` when `text` is not such an origin.
fn normalize_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = text.split_once("://")?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    (matches!(scheme, "http" | "https") && host_ok).then_some(text)
}
