//! What the Worker reads from a request before any rule runs: the route, `Content-Type`, the
//! caller's credentials (bearer token, Cloudflare Access JWT, loopback), CORS preflights,
//! `Accept-Encoding`, the metadata route's query, and the JSON bodies of the users batch, the SAML
//! and the Entra-error routes.
//!
//! The first byte chooses what the rest is (the seeds in `fuzz/seeds/request/` start with it);
//! the rest is split into header values at line breaks. Any other first byte runs every header
//! check on the whole input and the batch parser on its bytes.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::access::{self, AccessSettings};
use mimecast_sso_core::http_api::auth::{
    AuthDecision, AuthSettings, Presented, constant_time_eq, decide, is_loopback_request,
};
use mimecast_sso_core::http_api::cors::CorsPolicy;
use mimecast_sso_core::http_api::metadata_fetch::MetadataQuery;
use mimecast_sso_core::http_api::routes::{Route, check_content_type};
use mimecast_sso_core::http_api::signon::{EntraExplainRequest, SamlInspectRequest};
use mimecast_sso_core::http_api::static_files::negotiate;
use mimecast_sso_core::mimecast_api::{parse_loopback_base_url, retry_delay_ms};
use mimecast_sso_core::provisioning::{MAX_BATCH_USERS, parse_batch_request};
use mimecast_sso_fuzz::{NOW, assert_coded, assert_listed, text};

/// The JWKS and the time of the Access fixtures (`crates/core/tests/data/access/`).
const JWKS: &[u8] = include_bytes!("../../crates/core/tests/data/access/jwks.json");
const ACCESS_NOW: UnixTime = UnixTime::from_secs(1_900_000_100);
const VALID_JWT: &str = include_str!("../../crates/core/tests/data/access/valid.jwt");

fn access_settings() -> &'static AccessSettings {
    static SETTINGS: OnceLock<AccessSettings> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        AccessSettings::new("team.cloudflareaccess.com", "aud-tag-123").expect("fixture settings")
    })
}

fn refused(error: &ApiError) {
    assert_listed(&error.code);
    assert!(!error.message.is_empty());
}

/// `METHOD`, `path`, `Content-Type`.
fn route(fields: &[&str]) {
    let [method, path, content_type] = fields3(fields);
    match Route::resolve(method, path) {
        Ok(route) => {
            assert_eq!((route.method(), route.path()), (method, path));
            if let Err(error) = check_content_type(route.body(), Some(content_type)) {
                refused(&error);
            }
        }
        Err(error) => refused(&error),
    }
}

/// `Authorization`, `Cf-Access-Jwt-Assertion`, the URL's host, `CF-Connecting-IP`, `PROXY_TOKEN`.
fn auth(fields: &[&str]) {
    let field = |i: usize| fields.get(i).copied();
    let (authorization, jwt, host, ip) = (field(0), field(1), field(2).unwrap_or(""), field(3));
    let token = field(4).unwrap_or("");
    assert_eq!(
        constant_time_eq(authorization.unwrap_or("").as_bytes(), token.as_bytes()),
        authorization.unwrap_or("") == token
    );
    let loopback = is_loopback_request(host, ip);
    let presented = Presented {
        authorization,
        access_jwt: jwt,
        loopback,
    };
    let settings = [
        AuthSettings::default(),
        AuthSettings {
            proxy_token: Some(token.to_owned()).filter(|t| !t.is_empty()),
            access: Some(access_settings().clone()),
            local_dev: true,
        },
    ];
    for settings in &settings {
        match decide(settings, &presented) {
            AuthDecision::Deny(error) => refused(&error),
            AuthDecision::Allow(how) => assert!(!how.is_empty()),
            AuthDecision::VerifyAccessJwt(jwt) => access_jwt(&jwt, JWKS),
        }
    }
}

/// A `Cf-Access-Jwt-Assertion` checked with a JWKS.
fn access_jwt(token: &str, jwks: &[u8]) {
    if let Err(error) = access::verify(token, jwks, access_settings(), ACCESS_NOW) {
        assert_coded(&error);
    }
}

/// `ACCESS_TEAM_DOMAIN`, `ACCESS_AUD`.
fn access_config(fields: &[&str]) {
    let [team, aud, _] = fields3(fields);
    if let Err(error) = AccessSettings::new(team, aud) {
        assert_coded(&error);
    }
}

/// `ALLOWED_ORIGINS`, `Origin`, `Access-Control-Request-Method`, `Access-Control-Request-Headers`.
fn cors(fields: &[&str]) {
    let field = |i: usize| fields.get(i).copied();
    let policy = CorsPolicy::parse(field(0).unwrap_or(""));
    let headers = policy.response_headers(field(1));
    assert!(headers.iter().any(|(name, _)| *name == "Vary"));
    if let Err(error) = policy.preflight(field(1), field(2), field(3)) {
        refused(&error);
    }
}

/// `Accept-Encoding`, the metadata route's query, `MIMECAST_BASE_URL`, and Mimecast's
/// `X-RateLimit-Reset` and `Retry-After`.
fn headers(fields: &[&str]) {
    let [first, second, third] = fields3(fields);
    let _ = negotiate(first);
    if let Err(error) = MetadataQuery::parse(first) {
        refused(&error);
    }
    if let Err(error) = parse_loopback_base_url(first) {
        refused(&error);
    }
    let _ = retry_delay_ms(Some(second), Some(third));
}

/// `POST /api/v1/mimecast/users:batch`.
fn batch(body: &[u8]) {
    match parse_batch_request(body) {
        Ok(batch) => assert!((1..=MAX_BATCH_USERS).contains(&batch.items.len())),
        Err(error) => refused(&error),
    }
}

/// `POST /api/v1/saml/inspect` and `POST /api/v1/entra/explain`.
fn signon(body: &[u8]) {
    match SamlInspectRequest::from_json(body).and_then(|request| request.run(NOW)) {
        Ok(report) => assert!(!report.verified || report.signature_valid),
        Err(error) => refused(&error),
    }
    match EntraExplainRequest::from_json(body).and_then(|request| request.run()) {
        Ok(explanation) => assert_listed(&explanation.explanation_code),
        Err(error) => refused(&error),
    }
}

/// The first three fields, empty when missing.
fn fields3<'a>(fields: &[&'a str]) -> [&'a str; 3] {
    std::array::from_fn(|i| fields.get(i).copied().unwrap_or(""))
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let rest_text = text(rest);
    let fields: Vec<&str> = rest_text.split('\n').collect();
    match which {
        b'r' => route(&fields),
        b'a' => auth(&fields),
        b'j' => access_jwt(&rest_text, JWKS),
        b'k' => access_jwt(VALID_JWT, rest),
        b'd' => access_config(&fields),
        b'c' => cors(&fields),
        b'h' => headers(&fields),
        b'b' => batch(rest),
        b's' => signon(rest),
        _ => {
            let all = text(data);
            let fields: Vec<&str> = all.split('\n').collect();
            route(&fields);
            auth(&fields);
            cors(&fields);
            headers(&fields);
            batch(data);
        }
    }
});
