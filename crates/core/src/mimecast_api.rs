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
pub(crate) mod domains;
mod endpoint;
mod envelope;
mod operation;
pub(crate) mod request;
mod settings;
mod signing;
mod token;
pub(crate) mod users;

pub use answer::AnswerError;
pub use domains::{
    InboundType, InternalDomain, PendingDomain, Registration, read_internal_domains,
    read_pending_domains, read_registration,
};
pub use endpoint::{API2_HOST, ApiVersion, BaseUrl, is_loopback_host, parse_loopback_base_url};
pub use envelope::{
    Pagination, RetryPolicy, Upstream, caller_body, interpret, retry_after_secs, retry_delay_ms,
};
pub use operation::Operation;
pub use request::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MimecastRequest, validate_request};
pub use settings::{Credentials, ProxySettings};
pub use signing::{authorization_v1, mc_date, request_id_from_bytes, signature_v1};
pub use token::{AccessToken, TOKEN_PATH, parse_token_response, token_request_body};
pub use users::{InternalUser, UsersPage, read_users_page};

crate::codes! {
    /// Codes of this module and its submodules: a request body that does not fit an operation,
    /// the proxy's settings, and an answer that does not fit Mimecast's reference.
    pub enum MimecastCode {
        /// The body is not an object with this operation's fields.
        BodyInvalid = "mimecast.body_invalid",
        /// Not one email address.
        EmailInvalid = "mimecast.email_invalid",
        /// Not a DNS domain name.
        DomainInvalid = "mimecast.domain_invalid",
        /// Not `any`, `smtp`, `ldap` or `known`.
        InboundTypeInvalid = "mimecast.inbound_type_invalid",
        /// A page size or page token that cannot be sent.
        PageInvalid = "mimecast.page_invalid",
        /// Mimecast's answer does not have the reference's fields.
        AnswerInvalid = "mimecast.answer_invalid" @ 502,
        /// A display name that cannot be sent.
        NameInvalid = "mimecast.name_invalid",
        /// API 1.0 needs a region, and none is named or configured.
        RegionRequired = "mimecast.region_required",
        /// `MIMECAST_API_VERSION` is not 1 or 2.
        ApiVersionInvalid = "mimecast.api_version_invalid" @ 503,
        /// `MIMECAST_BASE_URL` is not a loopback origin.
        BaseUrlRefused = "mimecast.base_url_refused" @ 503,
        /// `MIMECAST_TIMEOUT_MS` is out of range.
        TimeoutInvalid = "mimecast.timeout_invalid" @ 503,
        /// `MIMECAST_SECRET_KEY` is not base64.
        SecretKeyInvalid = "mimecast.secret_key_invalid" @ 503,
        /// Mimecast's token answer cannot be read.
        TokenInvalid = "mimecast.token_invalid" @ 502,
        /// Secrets of the configured API version are missing.
        ProxyNotConfigured = "proxy.not_configured" @ 503,
    }
}

crate::codes! {
    /// How a call to Mimecast failed, as the Worker answers it.
    pub enum UpstreamError {
        /// No answer within `MIMECAST_TIMEOUT_MS`.
        Timeout = "upstream.timeout" @ 504 retryable,
        /// Mimecast failed (5xx) or could not be reached.
        Failed = "upstream.failed" @ 502 retryable,
        /// Mimecast's rate limit, longer than the proxy waits.
        RateLimited = "upstream.rate_limited" @ 429 retryable,
        /// Mimecast refused the request without a code of its own (its own `err_…` codes take this
        /// status too).
        Rejected = "upstream.rejected" @ 422,
        /// Mimecast refused the Worker's credentials.
        AuthFailed = "upstream.auth_failed" @ 502,
        /// HTTP 418 "Binding Expired": the API 1.0 keys outlived their Authentication Cache TTL.
        BindingExpired = "upstream.binding_expired" @ 503,
    }
}
