//! Cloudflare Access JWT verification against a JWKS, with fixtures made by Node's crypto
//! (`data/access/`: one RSA key in `jwks.json`, tokens valid from 1900000000 to 1900003600).

use mimecast_sso_core::Coded;
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::http_api::access::{AccessError, AccessSettings, verify};

const JWKS: &[u8] = include_bytes!("data/access/jwks.json");
const NOW: UnixTime = UnixTime::from_secs(1_900_000_100);

fn settings() -> AccessSettings {
    AccessSettings::new("team.cloudflareaccess.com", "aud-tag-123").expect("valid settings")
}

fn check(token: &str, now: UnixTime) -> Result<Option<String>, AccessError> {
    verify(token, JWKS, &settings(), now).map(|id| id.email)
}

#[test]
fn valid_token_is_accepted_and_gives_the_email() {
    let email = check(include_str!("data/access/valid.jwt"), NOW).unwrap();
    assert_eq!(email.as_deref(), Some("admin@example.com"));
}

#[test]
fn audience_as_a_single_string_is_accepted() {
    assert!(check(include_str!("data/access/valid_single_aud.jwt"), NOW).is_ok());
}

#[test]
fn expired_token_is_refused() {
    let later = UnixTime::from_secs(1_900_003_600 + 61);
    assert_eq!(
        check(include_str!("data/access/valid.jwt"), later),
        Err(AccessError::Expired)
    );
}

#[test]
fn token_before_nbf_is_refused() {
    let earlier = UnixTime::from_secs(1_900_000_000 - 61);
    assert_eq!(
        check(include_str!("data/access/valid.jwt"), earlier),
        Err(AccessError::NotYetValid)
    );
}

#[test]
fn token_for_another_application_is_refused() {
    assert_eq!(
        check(include_str!("data/access/wrong_aud.jwt"), NOW),
        Err(AccessError::WrongAudience)
    );
}

#[test]
fn token_from_another_team_is_refused() {
    assert_eq!(
        check(include_str!("data/access/wrong_iss.jwt"), NOW),
        Err(AccessError::WrongIssuer)
    );
}

#[test]
fn token_signed_by_another_key_with_the_same_kid_is_refused() {
    assert_eq!(
        check(include_str!("data/access/other_key.jwt"), NOW),
        Err(AccessError::BadSignature)
    );
}

#[test]
fn token_with_an_unlisted_kid_is_refused() {
    assert_eq!(
        check(include_str!("data/access/unknown_kid.jwt"), NOW),
        Err(AccessError::UnknownKey)
    );
}

#[test]
fn hs256_token_is_refused_as_unsupported_algorithm() {
    assert_eq!(
        check(include_str!("data/access/hs256.jwt"), NOW),
        Err(AccessError::UnsupportedAlgorithm)
    );
}

#[test]
fn tampered_payload_is_refused() {
    let token = include_str!("data/access/valid.jwt").trim();
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged = base64_url(
        r#"{"aud":["aud-tag-123"],"iss":"https://team.cloudflareaccess.com","exp":1999999999,"email":"boss@example.com"}"#,
    );
    parts[1] = &forged;
    assert_eq!(check(&parts.join("."), NOW), Err(AccessError::BadSignature));
}

#[test]
fn garbage_is_malformed_not_a_panic() {
    for token in ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.e30"] {
        assert!(check(token, NOW).is_err(), "{token}");
    }
    assert_eq!(check("a.b", NOW), Err(AccessError::Malformed));
}

#[test]
fn unreadable_jwks_is_reported_as_such() {
    let token = include_str!("data/access/valid.jwt");
    assert_eq!(
        verify(token, b"not json", &settings(), NOW).map(|_| ()),
        Err(AccessError::JwksInvalid)
    );
}

#[test]
fn team_domain_must_be_a_cloudflareaccess_host() {
    assert!(AccessSettings::new("https://team.cloudflareaccess.com/", "aud").is_ok());
    assert_eq!(
        AccessSettings::new("evil.example.com", "aud"),
        Err(AccessError::TeamDomainInvalid)
    );
    assert_eq!(
        AccessSettings::new("team.cloudflareaccess.com", " "),
        Err(AccessError::TeamDomainInvalid)
    );
    assert_eq!(
        settings().certs_url(),
        "https://team.cloudflareaccess.com/cdn-cgi/access/certs"
    );
}

#[test]
fn access_errors_have_codes_in_the_list() {
    let codes: Vec<&str> = mimecast_sso_core::all_codes().collect();
    assert!(codes.contains(&AccessError::Expired.code()));
    assert!(codes.contains(&AccessError::BadSignature.code()));
}

fn base64_url(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}
