//! Mimecast's API as the Worker's proxy uses it: the allow-list of operations, validated request
//! bodies, API 1.0 request signing, the API 2.0 token, the response envelope and the hosts.
//!
//! Sources: Mimecast's API 1.0 "Authorization" guide (the `MC accessKey:signature` header, the
//! `x-mc-date` / `x-mc-req-id` / `x-mc-app-id` headers, HMAC-SHA1 over
//! `date:requestId:uri:applicationKey` with the base64-decoded secret key), the API 2.0 "Getting
//! started" guide (OAuth2 client credentials at `https://api.services.mimecast.com/oauth/token`), and
//! the envelope every endpoint answers with: `{"meta":{"status"},"data":[…],"fail":[…]}`, where an
//! HTTP 200 with a non-empty `fail` is a failure and a 429 carries `X-RateLimit-Reset` in
//! milliseconds; an HTTP 418 is "Binding Expired" (Response Codes page).
//!
//! Every operation's request body and answer fields follow its endpoint reference page; the pages'
//! example bodies are kept in `tests/mimecast-reference` and run through this module's request
//! builder and answer readers by the core's tests.

mod answer;
mod domains;
mod endpoint;
mod envelope;
mod operation;
mod request;
mod settings;
mod signing;
mod token;
mod users;

pub use answer::AnswerError;
pub use domains::{
    InboundType, InternalDomain, PendingDomain, Registration, read_internal_domains,
    read_pending_domains, read_registration,
};
pub use endpoint::{API2_HOST, ApiVersion, BaseUrl, parse_loopback_base_url};
pub use envelope::{
    Pagination, RetryPolicy, Upstream, caller_body, interpret, retry_after_secs, retry_delay_ms,
};
pub use operation::Operation;
pub use request::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MimecastRequest, validate_request};
pub use settings::{Credentials, ProxySettings};
pub use signing::{authorization_v1, mc_date, request_id_from_bytes, signature_v1};
pub use token::{AccessToken, TOKEN_PATH, parse_token_response, token_request_body};
pub use users::{InternalUser, UsersPage, read_users_page};

/// Stable codes of this module and its submodules.
pub const CODES: &[&str] = &[
    "mimecast.body_invalid",
    "mimecast.email_invalid",
    "mimecast.domain_invalid",
    "mimecast.inbound_type_invalid",
    "mimecast.page_invalid",
    "mimecast.answer_invalid",
    "mimecast.name_invalid",
    "mimecast.password_invalid",
    "mimecast.region_required",
    "mimecast.api_version_invalid",
    "mimecast.base_url_refused",
    "mimecast.timeout_invalid",
    "mimecast.secret_key_invalid",
    "mimecast.token_invalid",
];
