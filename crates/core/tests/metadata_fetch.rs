//! The Worker's metadata route rules: the query, the one upstream URL (login.microsoftonline.com
//! or a loopback stand-in for a loopback request only), status and size checks, and the HTTP
//! status and retryability of each code.

use mimecast_sso_core::Coded;
use mimecast_sso_core::http_api::MetadataFetchError;
use mimecast_sso_core::http_api::metadata_fetch::{
    self as fetch, CACHE_TTL_SECS, FETCH_TIMEOUT_MS, MAX_FETCH_BYTES, MetadataQuery,
};
use mimecast_sso_core::http_api::routes::Route;
use mimecast_sso_core::metadata::MetadataCode;
use mimecast_sso_core::metadata::Scope;

#[path = "support/metadata.rs"]
mod fixture;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

fn query(text: &str) -> MetadataQuery {
    MetadataQuery::parse(text).expect("a valid query")
}

#[test]
fn tenant_and_appid_build_the_app_metadata_url_on_login_microsoftonline_com() {
    let q = query(&format!("tenant={}&appid={APP}", TENANT.to_uppercase()));
    assert_eq!(q.scope(), Scope::Application);
    assert_eq!(
        q.upstream_url(None, "helper.example.com", Some("203.0.113.9"))
            .unwrap(),
        format!(
            "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
        )
    );
}

#[test]
fn without_appid_the_tenant_wide_metadata_is_fetched_and_flagged() {
    let q = query(&format!("tenant={TENANT}"));
    assert_eq!(q.scope(), Scope::TenantWide);
    assert_eq!(
        q.upstream_url(None, "127.0.0.1", None).unwrap(),
        format!(
            "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"
        )
    );
}

#[test]
fn bad_guids_are_refused_each_with_its_own_code_and_field() {
    for (text, code, field) in [
        ("", "tenant.empty", "tenant"),
        (
            "appid=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "tenant.empty",
            "tenant",
        ),
        ("tenant=not-a-guid", "tenant.invalid", "tenant"),
        (
            "tenant=contoso.onmicrosoft.com",
            "tenant.domain_name",
            "tenant",
        ),
        (&format!("tenant={TENANT}&appid="), "app_id.empty", "appid"),
        (
            &format!("tenant={TENANT}&appid=1234"),
            "app_id.invalid",
            "appid",
        ),
    ] {
        let error = MetadataQuery::parse(text).unwrap_err();
        assert_eq!(error.code, code, "{text}");
        assert_eq!(error.field.as_deref(), Some(field), "{text}");
        assert_eq!(error.status(), 400, "{text}");
    }
}

#[test]
fn nothing_from_the_caller_becomes_a_host_or_path() {
    for text in [
        &format!("tenant={TENANT}&appid={APP}&host=evil.example.com") as &str,
        &format!("tenant={TENANT}&tenant={TENANT}"),
        &format!("tenant=../../evil&appid={APP}"),
        &format!("tenant={TENANT}%2F..%2Fevil"),
    ] {
        let error = MetadataQuery::parse(text).unwrap_err();
        assert!(
            ["metadata.query_invalid", "tenant.invalid"].contains(&error.code.as_str()),
            "{text}: {}",
            error.code
        );
    }
}

#[test]
fn the_stand_in_override_needs_a_loopback_origin_and_a_loopback_request() {
    let q = query(&format!("tenant={TENANT}&appid={APP}"));
    assert_eq!(
        q.upstream_url(
            Some("http://127.0.0.1:9999/"),
            "127.0.0.1",
            Some("127.0.0.1")
        )
        .unwrap(),
        format!(
            "http://127.0.0.1:9999/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
        )
    );
    for (base, host, ip) in [
        ("https://evil.example.com", "127.0.0.1", None),
        ("http://127.0.0.1.evil.example.com", "127.0.0.1", None),
        ("http://127.0.0.1:9999/path", "127.0.0.1", None),
        ("http://127.0.0.1:9999", "helper.example.com", None),
        ("http://127.0.0.1:9999", "127.0.0.1", Some("203.0.113.9")),
        // No CF-Connecting-IP: not known to be loopback, so refused (fail closed).
        ("http://127.0.0.1:9999", "127.0.0.1", None),
    ] {
        let error = q.upstream_url(Some(base), host, ip).unwrap_err();
        assert_eq!(
            error.code, "metadata.base_url_refused",
            "{base} {host} {ip:?}"
        );
        assert_eq!(error.status(), 503);
    }
}

#[test]
fn upstream_status_size_and_time_each_have_their_own_code() {
    assert!(fetch::check_status(200).is_ok());
    assert_eq!(
        fetch::check_status(404).unwrap_err().code,
        "metadata.upstream_rejected"
    );
    assert_eq!(
        fetch::check_status(503).unwrap_err().code,
        "metadata.upstream_failed"
    );
    assert_eq!(
        fetch::check_status(302).unwrap_err().code,
        "metadata.upstream_failed"
    );
    assert!(fetch::check_size(MAX_FETCH_BYTES).is_ok());
    assert_eq!(
        fetch::check_size(MAX_FETCH_BYTES + 1).unwrap_err().code,
        "metadata.upstream_too_large"
    );
    assert_eq!(fetch::timeout_error().code, "metadata.upstream_timeout");
    for (code, status, retryable) in [
        (MetadataFetchError::UpstreamTimeout, 504, true),
        (MetadataFetchError::UpstreamTooLarge, 502, false),
        (MetadataFetchError::UpstreamRejected, 502, false),
        (MetadataFetchError::UpstreamFailed, 502, true),
        (MetadataFetchError::RateLimited, 429, true),
        (MetadataFetchError::BaseUrlRefused, 503, false),
        (MetadataFetchError::NotConfigured, 503, false),
        (MetadataFetchError::UpstreamInvalid, 502, false),
        (MetadataFetchError::UpstreamTenantMismatch, 502, false),
        (MetadataFetchError::QueryInvalid, 400, false),
    ] {
        assert_eq!(
            (code.status(), code.retryable()),
            (status, retryable),
            "{code:?}"
        );
    }
    assert_eq!(
        (
            MetadataCode::InvalidXml.status(),
            MetadataCode::InvalidXml.retryable()
        ),
        (400, false)
    );
}

#[test]
fn the_workers_limits_are_five_seconds_one_mebibyte_and_five_minutes() {
    assert_eq!(FETCH_TIMEOUT_MS, 5_000);
    assert_eq!(MAX_FETCH_BYTES, 1024 * 1024);
    assert_eq!(CACHE_TTL_SECS, 300);
    assert!(fetch::timeout_error().message.contains("5000 ms"));
}

#[test]
fn the_rate_limit_key_is_the_client_address_or_one_shared_key() {
    assert_eq!(fetch::rate_limit_key(Some("203.0.113.9")), "ip:203.0.113.9");
    assert_eq!(
        fetch::rate_limit_key(Some(" 203.0.113.9 ")),
        "ip:203.0.113.9"
    );
    assert_eq!(fetch::rate_limit_key(None), "ip:unknown");
    assert_eq!(fetch::rate_limit_key(Some("x\ny")), "ip:unknown");
    assert_eq!(fetch::rate_limit_key(Some("")), "ip:unknown");
    assert_eq!(fetch::rate_limit_key(Some("1.2.3")), "ip:unknown");
    assert_eq!(fetch::rate_limit_key(Some("::::")), "ip:unknown");
}

#[test]
fn ipv6_clients_are_keyed_by_their_64_prefix() {
    let key = fetch::rate_limit_key(Some("2001:db8:1:2:aaaa:bbbb:cccc:1"));
    assert_eq!(key, "ip:2001:db8:1:2::/64");
    // Every address of one /64 shares one budget, whatever its spelling.
    for other in [
        "2001:db8:1:2::1",
        "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
        "2001:DB8:1:2:0:0:0:0",
    ] {
        assert_eq!(fetch::rate_limit_key(Some(other)), key, "{other}");
    }
    // The next /64 has its own.
    assert_eq!(
        fetch::rate_limit_key(Some("2001:db8:1:3::1")),
        "ip:2001:db8:1:3::/64"
    );
    assert_eq!(fetch::rate_limit_key(Some("::1")), "ip:::/64");
}

#[test]
fn ipv4_clients_are_keyed_whole_even_when_written_as_ipv4_mapped_ipv6() {
    assert_ne!(
        fetch::rate_limit_key(Some("203.0.113.9")),
        fetch::rate_limit_key(Some("203.0.113.10"))
    );
    assert_eq!(
        fetch::rate_limit_key(Some("::ffff:203.0.113.9")),
        "ip:203.0.113.9"
    );
}

#[test]
fn the_cache_key_is_on_a_name_of_ours_built_from_the_guids() {
    let q = query(&format!("tenant={}&appid={}", TENANT.to_uppercase(), APP));
    assert_eq!(fetch::CACHE_NAME, "entra-metadata");
    assert_eq!(
        q.cache_key(),
        format!("https://entra-metadata.cache/{TENANT}/{APP}")
    );
    let tenant_wide = query(&format!("tenant={TENANT}"));
    assert_eq!(
        tenant_wide.cache_key(),
        format!("https://entra-metadata.cache/{TENANT}/tenant")
    );
    assert!(!q.cache_key().contains("login.microsoftonline.com"));
}

#[test]
fn the_metadata_route_is_a_public_rate_limited_get() {
    let route = Route::resolve("GET", "/api/v1/entra/metadata").unwrap();
    assert_eq!(route, Route::EntraMetadata);
    assert!(!route.needs_auth());
    assert!(route.rate_limited());
    assert_eq!(route.name(), "GET /api/v1/entra/metadata");
    assert_eq!(
        Route::resolve("POST", "/api/v1/entra/metadata")
            .unwrap_err()
            .code,
        "method.not_allowed"
    );
    assert!(!Route::Plan.rate_limited());
}

#[test]
fn entras_answer_for_the_tenant_asked_for_is_read() {
    let q = query(&format!("tenant={}&appid={APP}", fixture::TENANT));
    let body = fixture::document(&[&fixture::entra_body()]);
    let parsed = fetch::read_upstream(body.as_bytes(), fixture::JAN_2027, &q).unwrap();
    assert_eq!(parsed.tenant_id.as_str(), fixture::TENANT);
    assert_eq!(parsed.scope, Scope::Application);
}

#[test]
fn entras_answer_for_another_tenant_is_refused_with_502() {
    let q = query(&format!("tenant={}&appid={APP}", fixture::OTHER_TENANT));
    let body = fixture::document(&[&fixture::entra_body()]);
    let error = fetch::read_upstream(body.as_bytes(), fixture::JAN_2027, &q).unwrap_err();
    assert_eq!(error.code, "metadata.upstream_tenant_mismatch");
    assert_eq!(error.status(), 502);
    assert!(error.message.contains(fixture::TENANT), "{}", error.message);
    assert!(
        error.message.contains(fixture::OTHER_TENANT),
        "{}",
        error.message
    );
}

#[test]
fn an_upstream_body_that_is_not_metadata_is_a_502_not_the_callers_fault() {
    let q = query(&format!("tenant={}&appid={APP}", fixture::TENANT));
    for (body, inner) in [
        (
            "<html><head><title>Sign in</title></head><body><p>Sorry<br></p></body></html>",
            "metadata.invalid_xml",
        ),
        (
            "<html><body>Service unavailable</body></html>",
            "metadata.not_entity_descriptor",
        ),
        ("", "metadata.empty"),
    ] {
        let error = fetch::read_upstream(body.as_bytes(), fixture::JAN_2027, &q).unwrap_err();
        assert_eq!(error.code, "metadata.upstream_invalid", "{body}");
        assert_eq!(error.status(), 502);
        assert!(
            error.message.contains(inner),
            "{inner} in {}",
            error.message
        );
    }
}
