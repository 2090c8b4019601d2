#![doc = include_str!("../README.md")]
//!
//! Routes (all on `127.0.0.1`):
//! - `POST /oauth/token`: API 2.0 client credentials (form body) → `{access_token, token_type,
//!   expires_in}`.
//! - `POST /api/…`: the operations the Worker's proxy allows, with Mimecast's envelope, built from
//!   Mimecast's endpoint reference (`mimecast-reference`): a body that does not fit the reference's
//!   example and field tables is refused with HTTP 400. A request (but Discover Authentication,
//!   which the reference exempts) needs either `Authorization: Bearer <token from /oauth/token>` or a valid API 1.0 signature
//!   (`Authorization: MC accessKey:signature`, `x-mc-date`, `x-mc-req-id`, `x-mc-app-id`), checked
//!   by [`auth`], this crate's own implementation.
//! - `GET /cdn-cgi/access/certs`: the JWKS a test uploaded with `POST /__sim/jwks` (a stand-in for
//!   Cloudflare Access's key endpoint).
//! - Control: `POST /__sim/faults` (queue faults), `GET /__sim/stats`, `GET /__sim/users` (every
//!   address in the store), `POST /__sim/verify-domain` (`{"domain"}`: a pending domain's TXT
//!   record was seen; it turns registered), `POST /__sim/seed-domain` (`{"domain","kind"}` with
//!   kind `foreign`, `send_only` or `expired`), `POST /__sim/rate-limit` (`{"perSecond": n}`: a fixed one-second
//!   window per account, like Mimecast's per-application limit; `0` or `null` turns it off),
//!   `POST /__sim/config`, `POST /__sim/reset`, `POST /__sim/shutdown`.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

pub mod auth;
pub mod faults;
pub mod server;
pub mod store;
pub mod transport;

use serde::{Deserialize, Serialize};

/// The credentials the simulator accepts. Defaults are fixed so `cargo xtask dev` can pass the same
/// values to the Worker; tests may change them with `POST /__sim/config`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// API 2.0 client id.
    pub client_id: String,
    /// API 2.0 client secret.
    pub client_secret: String,
    /// API 1.0 application id (`x-mc-app-id`).
    pub app_id: String,
    /// API 1.0 application key (last part of the signed string).
    pub app_key: String,
    /// API 1.0 access key (in `Authorization: MC accessKey:…`).
    pub access_key: String,
    /// API 1.0 secret key, base64.
    pub secret_key: String,
    /// Lifetime of issued tokens, in seconds.
    pub token_ttl_secs: u64,
}

/// The simulator's built-in credentials, as the Worker's secrets they go in (`MIMECAST_CLIENT_ID`,
/// …): the one copy, read by this crate, `cargo xtask dev` and the end-to-end tests. Not secrets.
pub const CREDENTIALS_JSON: &str = include_str!("../credentials.json");

/// [`CREDENTIALS_JSON`] as `(secret name, value)` pairs, for a Worker pointed at the simulator.
pub fn worker_secrets() -> Vec<(String, String)> {
    serde_json::from_str::<std::collections::BTreeMap<String, String>>(CREDENTIALS_JSON)
        .map(|map| map.into_iter().collect())
        .unwrap_or_default()
}

impl Default for Config {
    /// [`CREDENTIALS_JSON`]'s credentials and 30-minute tokens.
    fn default() -> Self {
        let secrets: std::collections::BTreeMap<String, String> =
            worker_secrets().into_iter().collect();
        let get = |name: &str| secrets.get(name).cloned().unwrap_or_default();
        Self {
            client_id: get("MIMECAST_CLIENT_ID"),
            client_secret: get("MIMECAST_CLIENT_SECRET"),
            app_id: get("MIMECAST_APP_ID"),
            app_key: get("MIMECAST_APP_KEY"),
            access_key: get("MIMECAST_ACCESS_KEY"),
            secret_key: get("MIMECAST_SECRET_KEY"),
            token_ttl_secs: 1800,
        }
    }
}

/// Most paths and hosts [`Stats`] lists; the counters count every request.
pub const MAX_LISTED: usize = 10_000;

/// Counters for tests.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Successful calls of `/oauth/token`.
    pub token_calls: u64,
    /// Calls of `/api/…` (any outcome).
    pub requests: u64,
    /// Calls refused for a bad signature or token.
    pub auth_failures: u64,
    /// 429 answers sent.
    pub rate_limited: u64,
    /// Users in the store.
    pub users: usize,
    /// `create-user` calls that created a user.
    pub users_created: u64,
    /// `create-user` calls refused because the address already existed.
    pub users_already_existing: u64,
    /// Most `create-user` successes for any one address (1 means no address was created twice).
    pub max_creates_per_address: u64,
    /// HTTP 500 answers sent (injected faults).
    pub server_errors: u64,
    /// Connections closed without an answer (injected `drop` and `drop_after` faults).
    pub dropped: u64,
    /// Every `/api/…` path requested, in order (the first [`MAX_LISTED`]: a load run makes
    /// hundreds of thousands).
    pub paths: Vec<String>,
    /// Every `Host` header of `/api/…` and token requests, in order (the first [`MAX_LISTED`]).
    pub hosts: Vec<String>,
    /// Requests refused because they did not fit Mimecast's reference (path and reason).
    pub reference_refusals: Vec<String>,
}
