//! Mimecast API rules: the allow-list, request validation, API 1.0 signing, the API 2.0 token,
//! the envelope and rate-limit handling, and where calls may go.

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::mimecast_api::{
    ApiVersion, Credentials, Operation, ProxySettings, RetryPolicy, Upstream, authorization_v1,
    interpret, mc_date, parse_loopback_base_url, parse_token_response, request_id_from_bytes,
    retry_after_secs, retry_delay_ms, signature_v1, token_request_body, validate_request,
};
use mimecast_sso_core::region::Region;
use serde_json::json;

#[test]
fn known_answer_signature_from_the_issue() {
    let signature = signature_v1(
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "Tue, 24 Nov 2015 12:50:11 UTC",
        "f4b2c0a6-1d3e-4c5b-9a7f-2e8d6c4b0a19",
        "/api/user/create-user",
        "0d8c6b1e-7a52-4f3e-b9a4-55c2e1d0f6a7",
    )
    .unwrap();
    assert_eq!(signature, "fUDlLbeNmCODM/abg8kEmAafcsk=");
    assert_eq!(
        authorization_v1("access", &signature),
        "MC access:fUDlLbeNmCODM/abg8kEmAafcsk="
    );
}

#[test]
fn signature_changes_with_the_path() {
    let sign = |path| signature_v1("AAECAw==", "d", "r", path, "k").unwrap();
    assert_ne!(sign("/api/user/create-user"), sign("/api/user/update-user"));
}

#[test]
fn secret_key_that_is_not_base64_is_an_error_not_a_panic() {
    let error = signature_v1("not base64!", "d", "r", "/p", "k").unwrap_err();
    assert_eq!(error.code, "mimecast.secret_key_invalid");
    assert!(!error.message.contains("not base64!"));
}

#[test]
fn mc_date_matches_mimecasts_example_format() {
    assert_eq!(
        mc_date(UnixTime::from_secs(1_448_369_411)),
        "Tue, 24 Nov 2015 12:50:11 UTC"
    );
    assert_eq!(
        mc_date(UnixTime::from_secs(0)),
        "Thu, 01 Jan 1970 00:00:00 UTC"
    );
}

#[test]
fn request_id_is_a_version_4_uuid() {
    let id = request_id_from_bytes([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(
        request_id_from_bytes([0; 16]),
        "00000000-0000-4000-8000-000000000000"
    );
}

#[test]
fn allow_list_maps_slugs_to_fixed_paths_only() {
    assert_eq!(
        Operation::from_slug("create-user").map(|o| o.path()),
        Some("/api/user/create-user")
    );
    for slug in [
        "",
        "../create-user",
        "create-user/",
        "CREATE-USER",
        "create%2Duser",
        "delete-user",
    ] {
        assert_eq!(Operation::from_slug(slug), None, "{slug}");
    }
    for op in Operation::ALL {
        assert!(op.path().starts_with("/api/"));
        assert_eq!(Operation::from_slug(op.slug()), Some(op));
    }
}

#[test]
fn create_user_body_is_validated_and_wrapped_in_the_envelope() {
    let request = validate_request(
        Operation::CreateUser,
        br#"{"emailAddress":"Ann.Lee@Example.COM","name":"Ann Lee","password":"S3cret-pass!"}"#,
    )
    .unwrap();
    assert_eq!(
        request.body,
        json!({"data":[{"emailAddress":"Ann.Lee@example.com","name":"Ann Lee","password":"S3cret-pass!","forcePasswordChange":true}]})
    );
    assert_eq!(request.region, None);
}

#[test]
fn region_field_is_parsed_with_the_core_region_list() {
    let request = validate_request(Operation::GetAccount, br#"{"region":"jer"}"#).unwrap();
    assert_eq!(request.region, Some(Region::Jer));
    let error =
        validate_request(Operation::GetAccount, br#"{"region":"evil.example.com"}"#).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("region"));
    assert_eq!(error.status(), 400);
}

#[test]
fn empty_body_counts_as_an_empty_object() {
    let request = validate_request(Operation::GetInternalDomains, b"").unwrap();
    assert_eq!(request.body, json!({"data":[]}));
}

#[test]
fn unknown_fields_such_as_urls_are_refused() {
    let error = validate_request(
        Operation::GetAccount,
        br#"{"url":"https://evil.example.com/api/account/get-account"}"#,
    )
    .unwrap_err();
    assert_eq!(error.code, "mimecast.body_invalid");
    assert!(error.message.contains("unknown field `url`"));
}

#[test]
fn urls_and_paths_in_domain_fields_are_refused() {
    for domain in [
        "https://evil.example.com",
        "example.com/../x",
        "example.com%2F",
        "10.0.0.1",
        "localhost",
        "a..com",
        "-a.com",
    ] {
        let body = json!({"domain": domain}).to_string();
        let error = validate_request(Operation::CreateDomain, body.as_bytes()).unwrap_err();
        assert_eq!(error.code, "mimecast.domain_invalid", "{domain}");
        assert_eq!(error.field.as_deref(), Some("domain"));
    }
}

#[test]
fn malformed_addresses_are_refused() {
    for address in [
        "",
        "ann",
        "ann@",
        "@example.com",
        "ann@@example.com",
        "ann@example",
        "a b@example.com",
        "ann@http://x.com",
        ".ann@example.com",
    ] {
        let body = json!({"emailAddress": address}).to_string();
        let error =
            validate_request(Operation::DiscoverAuthentication, body.as_bytes()).unwrap_err();
        assert_eq!(error.code, "mimecast.email_invalid", "{address}");
    }
}

#[test]
fn short_password_is_refused_without_repeating_it() {
    let error = validate_request(
        Operation::CreateUser,
        br#"{"emailAddress":"a@example.com","name":"A","password":"abc12"}"#,
    )
    .unwrap_err();
    assert_eq!(error.code, "user.password_too_short");
    assert_eq!(error.field.as_deref(), Some("password"));
    assert!(!error.message.contains("abc12"));
}

#[test]
fn wrong_type_error_does_not_repeat_the_value() {
    let error = validate_request(
        Operation::CreateUser,
        br#"{"emailAddress":"a@example.com","name":"A","password":"longenough1","forcePasswordChange":"hunter2-secret"}"#,
    )
    .unwrap_err();
    assert_eq!(error.code, "mimecast.body_invalid");
    assert!(!error.message.contains("hunter2-secret"));
}

#[test]
fn update_user_sends_only_the_fields_given() {
    let request = validate_request(
        Operation::UpdateUser,
        br#"{"emailAddress":"a@example.com","accountLocked":true}"#,
    )
    .unwrap();
    assert_eq!(
        request.body,
        json!({"data":[{"emailAddress":"a@example.com","accountLocked":true}]})
    );
}

#[test]
fn token_answer_is_parsed_and_reused_until_60_seconds_before_expiry() {
    let now = UnixTime::from_secs(1_000);
    let token = parse_token_response(
        br#"{"access_token":"tok","token_type":"Bearer","expires_in":1800}"#,
        now,
    )
    .unwrap();
    assert_eq!(token.value(), "tok");
    assert!(token.is_usable(UnixTime::from_secs(1_000 + 1_739)));
    assert!(!token.is_usable(UnixTime::from_secs(1_000 + 1_740)));
    assert!(!format!("{token:?}").contains("tok\""));
}

#[test]
fn token_answer_without_a_token_is_an_error() {
    for body in [
        &br#"{"expires_in":10}"#[..],
        br#"{"access_token":"","expires_in":10}"#,
        br#"{"access_token":"t","expires_in":0}"#,
        b"<html>",
    ] {
        let error = parse_token_response(body, UnixTime::from_secs(0)).unwrap_err();
        assert_eq!(error.code, "mimecast.token_invalid");
    }
}

#[test]
fn token_request_body_is_form_encoded() {
    assert_eq!(
        token_request_body("id 1", "s&e=c/r+t"),
        "grant_type=client_credentials&client_id=id+1&client_secret=s%26e%3Dc%2Fr%2Bt"
    );
}

#[test]
fn success_envelope_gives_its_data() {
    let body = br#"{"meta":{"status":200},"data":[{"domain":"example.com"}],"fail":[]}"#;
    assert_eq!(
        interpret(200, body, None, None),
        Upstream::Data {
            data: json!([{"domain":"example.com"}]),
            pagination: None
        }
    );
}

#[test]
fn http_200_with_fail_entries_is_a_failure_with_mimecasts_code() {
    let body = br#"{"meta":{"status":200},"data":[],"fail":[{"key":{"emailAddress":"a@example.com"},"errors":[{"code":"err_validation_duplicate_user","message":"User already exists","retryable":false}]}]}"#;
    let Upstream::Failed(error) = interpret(200, body, None, None) else {
        panic!("expected a failure");
    };
    assert_eq!(error.code, "err_validation_duplicate_user");
    assert_eq!(error.status(), 422);
    assert!(!error.retryable);
    assert_eq!(error.details.len(), 1);
}

#[test]
fn rate_limit_wait_comes_from_x_ratelimit_reset_in_milliseconds() {
    assert_eq!(
        interpret(429, b"", Some("1500"), Some("9")),
        Upstream::RateLimited { wait_ms: 1500 }
    );
    assert_eq!(retry_delay_ms(None, Some("2")), 2000);
    assert_eq!(retry_delay_ms(Some("junk"), None), 1000);
    assert_eq!(retry_after_secs(1500), 2);
    assert_eq!(retry_after_secs(0), 1);
}

#[test]
fn retry_policy_is_bounded_in_count_and_wait() {
    let policy = RetryPolicy::default();
    assert!(policy.should_retry(0, 500));
    assert!(!policy.should_retry(policy.max_retries, 500));
    assert!(!policy.should_retry(0, policy.max_wait_ms + 1));
}

#[test]
fn unauthorized_answer_carries_mimecasts_signature_code() {
    let body = br#"{"meta":{"status":401},"data":[],"fail":[{"errors":[{"code":"err_xdk_invalid_signature","message":"bad","retryable":false}]}]}"#;
    let Upstream::Unauthorized(error) = interpret(401, body, None, None) else {
        panic!("expected unauthorized");
    };
    assert_eq!(error.code, "upstream.auth_failed");
    assert_eq!(error.status(), 502);
    assert_eq!(error.details[0].code, "err_xdk_invalid_signature");
}

#[test]
fn server_errors_and_non_json_are_retryable_upstream_failures() {
    let Upstream::Failed(error) = interpret(500, b"oops", None, None) else {
        panic!()
    };
    assert_eq!(
        (error.code.as_str(), error.status(), error.retryable),
        ("upstream.failed", 502, true)
    );
    let Upstream::Failed(error) = interpret(200, b"<html>", None, None) else {
        panic!()
    };
    assert_eq!(error.code, "upstream.failed");
}

#[test]
fn api_2_calls_go_to_the_global_gateway() {
    let settings = ProxySettings::parse(None, None, None, None).unwrap();
    assert_eq!(settings.version, ApiVersion::V2);
    assert_eq!(settings.timeout_ms, 10_000);
    assert_eq!(
        settings
            .api_base(Some(Region::Eu))
            .unwrap()
            .join("/api/x/y"),
        "https://api.services.mimecast.com/api/x/y"
    );
    assert_eq!(
        settings.token_base().join("/oauth/token"),
        "https://api.services.mimecast.com/oauth/token"
    );
}

#[test]
fn api_1_calls_go_to_the_region_api_host_and_need_a_region() {
    let settings = ProxySettings::parse(Some("1"), Some("jer"), None, None).unwrap();
    assert_eq!(
        settings.api_base(None).unwrap().as_str(),
        "https://je-api.mimecast.com"
    );
    assert_eq!(
        settings.api_base(Some(Region::De)).unwrap().as_str(),
        "https://de-api.mimecast.com"
    );
    let unset = ProxySettings::parse(Some("1"), None, None, None).unwrap();
    assert_eq!(
        unset.api_base(None).unwrap_err().code,
        "mimecast.region_required"
    );
}

#[test]
fn base_url_override_must_be_a_bare_loopback_origin() {
    for good in [
        "http://127.0.0.1:8080",
        "http://localhost:1/",
        "https://[::1]:443",
        "http://127.0.0.1",
    ] {
        assert!(parse_loopback_base_url(good).is_ok(), "{good}");
    }
    for bad in [
        "https://eu-api.mimecast.com",
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1:80@evil.com",
        "http://user@127.0.0.1:80",
        "http://127.0.0.1:80/path",
        "http://127.0.0.1:80?x",
        "ftp://127.0.0.1",
        "http://127.0.0.1:0",
        "http://127.0.0.1:99999",
        "//127.0.0.1",
        "http://10.0.0.1",
    ] {
        let error = parse_loopback_base_url(bad).unwrap_err();
        assert_eq!(error.code, "mimecast.base_url_refused", "{bad}");
    }
}

#[test]
fn timeout_setting_is_bounded() {
    assert_eq!(
        ProxySettings::parse(None, None, None, Some("500"))
            .unwrap()
            .timeout_ms,
        500
    );
    assert!(ProxySettings::parse(None, None, None, Some("0")).is_err());
    assert!(ProxySettings::parse(None, None, None, Some("999999")).is_err());
    assert!(ProxySettings::parse(Some("3"), None, None, None).is_err());
}

#[test]
fn missing_credentials_name_the_secrets_without_values() {
    let error = Credentials::load(ApiVersion::V2, |name| {
        (name == "MIMECAST_CLIENT_ID").then(|| "id-value".to_owned())
    })
    .unwrap_err();
    assert_eq!(error.code, "proxy.not_configured");
    assert_eq!(error.status(), 503);
    assert!(error.message.contains("MIMECAST_CLIENT_SECRET"));
    assert!(error.message.contains("wrangler secret put"));
    assert!(!error.message.contains("id-value"));
}

#[test]
fn credentials_debug_output_is_redacted() {
    let credentials =
        Credentials::load(ApiVersion::V1, |name| Some(format!("value-of-{name}"))).unwrap();
    assert!(!format!("{credentials:?}").contains("value-of"));
}
