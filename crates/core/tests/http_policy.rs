//! The HTTP rules of the Worker's API: routes and methods, content types, body size, the error
//! shape and statuses, caller authentication and CORS.

use mimecast_sso_core::Coded;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::auth::{
    AuthDecision, AuthSettings, Presented, constant_time_eq, decide, is_loopback_request,
};
use mimecast_sso_core::http_api::cors::CorsPolicy;
use mimecast_sso_core::http_api::routes::{
    BodyKind, MAX_BODY_BYTES, RequestLog, Route, check_body_size, check_content_type,
};
use mimecast_sso_core::http_api::{AccessError, AuthError, RouteError};
use mimecast_sso_core::mimecast_api::Operation;
use mimecast_sso_core::mimecast_api::{MimecastCode, UpstreamError};
use mimecast_sso_core::region::RegionCode;

#[test]
fn known_routes_resolve_with_their_method() {
    assert_eq!(Route::resolve("GET", "/api/v1/health"), Ok(Route::Health));
    assert_eq!(Route::resolve("GET", "/api/v1/regions"), Ok(Route::Regions));
    assert_eq!(Route::resolve("POST", "/api/v1/plan"), Ok(Route::Plan));
    assert_eq!(
        Route::resolve("POST", "/api/v1/mimecast/create-user"),
        Ok(Route::Mimecast(Operation::CreateUser))
    );
}

#[test]
fn unknown_and_encoded_paths_are_404() {
    for path in [
        "/api/v1/nope",
        "/api/v1/mimecast/delete-user",
        "/api/v1/mimecast/..%2Fhealth",
        "/api/v1/mimecast/create-user/",
        "/api/v1/mimecast/https://evil.com",
        "/api/v1/health/",
    ] {
        let error = Route::resolve("POST", path).unwrap_err();
        assert_eq!(
            (error.code.as_str(), error.status()),
            ("route.not_found", 404),
            "{path}"
        );
    }
}

#[test]
fn known_path_with_another_method_is_405() {
    let error = Route::resolve("DELETE", "/api/v1/health").unwrap_err();
    assert_eq!(
        (error.code.as_str(), error.status()),
        ("method.not_allowed", 405)
    );
    assert_eq!(
        Route::resolve("GET", "/api/v1/mimecast/get-account")
            .unwrap_err()
            .status(),
        405
    );
}

#[test]
fn only_proxy_routes_need_auth() {
    assert!(Route::Mimecast(Operation::GetAccount).needs_auth());
    assert!(!Route::Plan.needs_auth());
    assert!(!Route::Health.needs_auth());
}

#[test]
fn json_routes_accept_only_application_json() {
    assert!(check_content_type(BodyKind::Json, Some("application/json; charset=utf-8")).is_ok());
    let error = check_content_type(BodyKind::Json, Some("text/plain")).unwrap_err();
    assert_eq!(
        (error.code.as_str(), error.status()),
        ("request.unsupported_media_type", 415)
    );
    assert!(check_content_type(BodyKind::Json, None).is_err());
}

#[test]
fn certificate_route_accepts_pem_der_and_json() {
    for ct in [
        "application/json",
        "text/plain",
        "application/x-pem-file",
        "application/pkix-cert",
        "application/octet-stream",
    ] {
        assert!(
            check_content_type(BodyKind::Certificate, Some(ct)).is_ok(),
            "{ct}"
        );
    }
    assert!(check_content_type(BodyKind::Certificate, Some("multipart/form-data")).is_err());
}

#[test]
fn bodies_over_one_mebibyte_are_413() {
    assert!(check_body_size(MAX_BODY_BYTES).is_ok());
    let error = check_body_size(MAX_BODY_BYTES + 1).unwrap_err();
    assert_eq!(
        (error.code.as_str(), error.status()),
        ("request.too_large", 413)
    );
}

#[test]
fn error_json_has_the_one_shape() {
    let json = ApiError::new(RouteError::NotFound, "No.")
        .with_field("path")
        .to_json();
    assert_eq!(
        json,
        r#"{"error":{"code":"route.not_found","message":"No.","field":"path","retryable":false}}"#
    );
}

#[test]
fn statuses_per_code() {
    assert_eq!(AuthError::Required.status(), 401);
    assert_eq!(AuthError::Invalid.status(), 403);
    assert_eq!(AccessError::Expired.status(), 403);
    assert_eq!(AuthError::NotConfigured.status(), 503);
    assert_eq!(MimecastCode::ProxyNotConfigured.status(), 503);
    assert_eq!(UpstreamError::Timeout.status(), 504);
    assert_eq!(UpstreamError::Failed.status(), 502);
    assert_eq!(UpstreamError::RateLimited.status(), 429);
    assert_eq!(UpstreamError::Rejected.status(), 422);
    assert_eq!(RegionCode::Unknown.status(), 400);
    let timeout = ApiError::new(UpstreamError::Timeout, "t");
    assert!(timeout.retryable);
    assert_eq!(timeout.status(), 504);
    assert!(!ApiError::new(AuthError::Invalid, "t").retryable);
}

#[test]
fn every_code_is_listed_once() {
    let mut codes: Vec<&str> = mimecast_sso_core::all_codes().collect();
    let count = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), count, "a code is declared twice");
    assert!(count > 150, "{count}");
}

fn settings(token: Option<&str>, local_dev: bool) -> AuthSettings {
    AuthSettings {
        proxy_token: token.map(str::to_owned),
        access: None,
        local_dev,
    }
}

#[test]
fn no_auth_configured_fails_closed_with_503_and_how_to() {
    let AuthDecision::Deny(error) = decide(&settings(None, false), &Presented::default()) else {
        panic!("must deny")
    };
    assert_eq!(
        (error.code.as_str(), error.status()),
        ("auth.not_configured", 503)
    );
    assert!(error.message.contains("wrangler secret put PROXY_TOKEN"));
}

#[test]
fn matching_bearer_token_is_allowed() {
    let presented = Presented {
        authorization: Some("Bearer s3cret"),
        ..Presented::default()
    };
    assert_eq!(
        decide(&settings(Some("s3cret"), false), &presented),
        AuthDecision::Allow("token")
    );
    let lower = Presented {
        authorization: Some("bearer s3cret"),
        ..Presented::default()
    };
    assert_eq!(
        decide(&settings(Some("s3cret"), false), &lower),
        AuthDecision::Allow("token")
    );
}

#[test]
fn wrong_bearer_token_is_403_and_missing_one_is_401() {
    let wrong = Presented {
        authorization: Some("Bearer s3cre"),
        ..Presented::default()
    };
    let AuthDecision::Deny(error) = decide(&settings(Some("s3cret"), false), &wrong) else {
        panic!()
    };
    assert_eq!(error.status(), 403);
    assert!(!error.message.contains("s3cre"));
    let AuthDecision::Deny(error) = decide(&settings(Some("s3cret"), false), &Presented::default())
    else {
        panic!()
    };
    assert_eq!(error.status(), 401);
}

#[test]
fn local_dev_mode_admits_only_loopback_requests() {
    let local = Presented {
        loopback: true,
        ..Presented::default()
    };
    assert_eq!(
        decide(&settings(None, true), &local),
        AuthDecision::Allow("local-dev")
    );
    let AuthDecision::Deny(error) = decide(&settings(None, true), &Presented::default()) else {
        panic!()
    };
    assert_eq!(error.status(), 403);
}

#[test]
fn access_jwt_is_sent_for_verification_when_access_is_configured() {
    let access =
        mimecast_sso_core::http_api::access::AccessSettings::new("t.cloudflareaccess.com", "aud")
            .unwrap();
    let settings = AuthSettings {
        proxy_token: None,
        access: Some(access),
        local_dev: false,
    };
    let presented = Presented {
        access_jwt: Some(" a.b.c "),
        ..Presented::default()
    };
    assert_eq!(
        decide(&settings, &presented),
        AuthDecision::VerifyAccessJwt("a.b.c".into())
    );
}

#[test]
fn constant_time_eq_compares_whole_values() {
    assert!(constant_time_eq(b"abc", b"abc"));
    assert!(!constant_time_eq(b"abc", b"abd"));
    assert!(!constant_time_eq(b"abc", b"abcd"));
    assert!(!constant_time_eq(b"", b"a"));
    assert!(constant_time_eq(b"", b""));
}

#[test]
fn loopback_means_loopback_host_and_loopback_client() {
    assert!(is_loopback_request("127.0.0.1", Some("127.0.0.1")));
    assert!(is_loopback_request("localhost", Some("127.0.0.1")));
    assert!(is_loopback_request("[::1]", Some("::1")));
    assert!(is_loopback_request("127.0.0.1", Some(" 127.0.0.5 ")));
    assert!(!is_loopback_request(
        "helper.example.com",
        Some("127.0.0.1")
    ));
    assert!(!is_loopback_request("127.0.0.1", Some("203.0.113.9")));
}

#[test]
fn a_request_without_cf_connecting_ip_is_not_loopback() {
    // wrangler dev always sets the header from the peer address; its absence is not trusted.
    assert!(!is_loopback_request("127.0.0.1", None));
    assert!(!is_loopback_request("localhost", None));
    assert!(!is_loopback_request("127.0.0.1", Some("")));
}

#[test]
fn a_connecting_ip_that_only_looks_like_loopback_is_not_loopback() {
    for ip in [
        "127.evil",
        "127.0.0.1.evil.example.com",
        "127.",
        "::ffff:203.0.113.9",
        "0:0:0:0:0:0:0:2",
    ] {
        assert!(!is_loopback_request("127.0.0.1", Some(ip)), "{ip}");
    }
}

#[test]
fn cors_allows_only_listed_origins_and_never_a_wildcard() {
    let policy = CorsPolicy::parse("https://intranet.example.com, * http://localhost:3000/");
    assert!(policy.allows("https://intranet.example.com"));
    assert!(policy.allows("http://localhost:3000"));
    assert!(!policy.allows("https://evil.example.com"));
    assert!(!policy.allows("*"));
    assert!(!policy.allows("null"));
    let headers = policy.response_headers(Some("https://intranet.example.com"));
    assert!(headers.contains(&(
        "Access-Control-Allow-Origin",
        "https://intranet.example.com".into()
    )));
    assert!(headers.contains(&("Access-Control-Allow-Credentials", "true".into())));
    let refused = policy.response_headers(Some("https://evil.example.com"));
    assert_eq!(refused, vec![("Vary", "Origin".to_owned())]);
}

#[test]
fn cors_preflight_checks_origin_method_and_headers() {
    let policy = CorsPolicy::parse("https://intranet.example.com");
    let ok = policy
        .preflight(
            Some("https://intranet.example.com"),
            Some("POST"),
            Some("content-type, authorization"),
        )
        .unwrap();
    assert!(
        ok.iter()
            .any(|(n, v)| *n == "Access-Control-Allow-Methods" && v.contains("POST"))
    );
    assert!(ok.iter().all(|(_, v)| v != "*"));
    for (origin, method, headers) in [
        (Some("https://evil.example.com"), Some("POST"), None),
        (None, Some("POST"), None),
        (Some("https://intranet.example.com"), Some("PATCH"), None),
        (
            Some("https://intranet.example.com"),
            Some("POST"),
            Some("x-evil"),
        ),
    ] {
        let error = policy.preflight(origin, method, headers).unwrap_err();
        assert_eq!(
            (error.code.as_str(), error.status()),
            ("cors.origin_not_allowed", 403)
        );
    }
}

#[test]
fn log_line_has_route_status_duration_and_request_id_only() {
    let line = RequestLog {
        route: "POST /api/v1/mimecast/create-user",
        status: 200,
        duration_ms: 12,
        request_id: "abc",
        code: None,
        auth: Some("token"),
        upstream_attempts: Some(1),
        body_bytes: None,
    }
    .to_json();
    assert_eq!(
        line,
        r#"{"route":"POST /api/v1/mimecast/create-user","status":200,"durationMs":12,"requestId":"abc","auth":"token","upstreamAttempts":1}"#
    );
}

#[test]
fn log_line_counts_the_body_bytes_read_and_holds_no_body() {
    let line = RequestLog {
        route: "POST /api/v1/plan",
        status: 413,
        duration_ms: 3,
        request_id: "abc",
        code: Some("request.too_large"),
        auth: None,
        upstream_attempts: None,
        body_bytes: Some(MAX_BODY_BYTES + 65_536),
    }
    .to_json();
    assert_eq!(
        line,
        r#"{"route":"POST /api/v1/plan","status":413,"durationMs":3,"requestId":"abc","code":"request.too_large","bodyBytes":1114112}"#
    );
}

#[test]
fn wrong_proxy_settings_are_503_for_the_operator_to_fix() {
    assert_eq!(MimecastCode::BaseUrlRefused.status(), 503);
    assert_eq!(MimecastCode::SecretKeyInvalid.status(), 503);
    assert_eq!(MimecastCode::TimeoutInvalid.status(), 503);
}
