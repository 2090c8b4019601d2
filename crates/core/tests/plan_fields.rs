//! The plan's input fields, through the public API: missing and invalid fields, the legacy
//! sign-on URL, the description, the certificate, and reading the input from JSON.

#[path = "support/plan.rs"]
mod support;

use mimecast_sso_core::plan::{self, DEFAULT_DESCRIPTION, PlanInput, StepStatus, build_plan};
use mimecast_sso_core::region::Region;
use mimecast_sso_core::{Coded, Severity, UnixTime};
use support::*;

#[test]
fn missing_fields_give_findings_naming_the_field_and_null_values() {
    let plan = build_plan(&PlanInput::default(), NOW);
    check_invariants(&plan);
    assert!(!plan.ready);
    assert_eq!(
        codes_of(&plan),
        [
            ("region.empty", Some("region")),
            ("account_code.empty", Some("accountCode")),
            ("tenant.empty", Some("tenantId")),
            ("cert.empty", Some("certificate")),
        ]
    );
    assert!(plan.findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(plan.region, None);
    assert_eq!(plan.entra.sign_on_url, None);
    assert_eq!(plan.entra.identifier, None);
    assert_eq!(plan.entra.reply_url, None);
    assert_eq!(plan.entra.federation_metadata_url, None);
    let profile = &plan.authentication_profile;
    assert_eq!(profile.issuer_url, None);
    assert_eq!(profile.login_url, None);
    assert_eq!(profile.logout_url, None);
    assert_eq!(profile.identity_provider_certificate, None);
    assert_eq!(profile.description.as_deref(), Some(DEFAULT_DESCRIPTION));
    assert_eq!(plan.certificate, None);
    let basic = &plan.checklist[1];
    assert_eq!(basic.status, StepStatus::Blocked);
    assert_eq!(basic.blocked_by, ["region", "accountCode"]);
    let test = &plan.checklist[12];
    assert_eq!(
        test.blocked_by,
        ["region", "accountCode", "tenantId", "certificate"]
    );
    assert_eq!(
        plan.checklist[4].link.as_deref(),
        Some("https://login.mimecast.com/u/login/?gta=administration")
    );
}

#[test]
fn invalid_fields_give_their_own_codes_and_fields() {
    let input = PlanInput {
        region: Some("mars".to_owned()),
        account_code: Some("CUK-1234".to_owned()),
        tenant_id: Some("contoso.onmicrosoft.com".to_owned()),
        app_id: Some("not-a-guid".to_owned()),
        certificate: Some(
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"
                .to_owned(),
        ),
        description: Some("line one\nline two".to_owned()),
        legacy_sign_on_url: Some("http://webmail-fr.mimecast.com".to_owned()),
        sign_on_mode: None,
        federation_metadata: None,
    };
    let plan = build_plan(&input, NOW);
    check_invariants(&plan);
    assert!(!plan.ready);
    assert_eq!(
        codes_of(&plan),
        [
            ("region.unknown", Some("region")),
            ("account_code.invalid", Some("accountCode")),
            ("tenant.domain_name", Some("tenantId")),
            ("app_id.invalid", Some("appId")),
            ("cert.private_key", Some("certificate")),
            ("signon.not_https", Some("legacySignOnUrl")),
            ("description.invalid", Some("description")),
        ]
    );
    let key_message = &plan.findings[4].message;
    assert!(
        !key_message.contains("MIIEvQ"),
        "private key echoed: {key_message}"
    );
    assert!(key_message.contains("not stored or sent"), "{key_message}");
    assert_eq!(plan.authentication_profile.description, None);
    assert_eq!(plan.entra.legacy_sign_on_url, None);
    assert_eq!(plan.account_code, None);
    assert_eq!(plan.tenant_id, None);
    assert_eq!(plan.app_id, None);
    assert_eq!(plan.certificate, None);
}

#[test]
fn region_mismatch_is_a_warning_and_keeps_the_plan_ready() {
    let input = PlanInput {
        region: Some("us".to_owned()),
        account_code: Some("CUSB1234".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    check_invariants(&plan);
    assert!(plan.ready);
    assert_eq!(codes_of(&plan), [("region.mismatch", Some("region"))]);
    assert_eq!(plan.findings[0].severity, Severity::Warning);
    assert_eq!(plan.suggested_region, Some(Region::Usb));
    assert_eq!(
        plan.entra.identifier.as_deref(),
        Some("https://us-api.mimecast.com/sso/CUSB1234")
    );
}

#[test]
fn missing_region_still_suggests_one_from_the_account_code() {
    let input = PlanInput {
        region: None,
        account_code: Some("CSA0001".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    assert_eq!(plan.suggested_region, Some(Region::Za));
    assert_eq!(plan.region, None);
    assert_eq!(codes_of(&plan), [("region.empty", Some("region"))]);
    assert_eq!(plan.entra.identifier, None);
}

#[test]
fn legacy_sign_on_url_is_kept_with_an_info_note() {
    let input = PlanInput {
        legacy_sign_on_url: Some(" https://WEBMAIL-BE.mimecast.com ".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    check_invariants(&plan);
    assert!(plan.ready);
    assert_eq!(
        plan.entra.legacy_sign_on_url.as_deref(),
        Some("https://webmail-be.mimecast.com")
    );
    assert_eq!(
        codes_of(&plan),
        [("signon.legacy", Some("legacySignOnUrl"))]
    );
    assert_eq!(plan.findings[0].severity, Severity::Info);
    assert_eq!(
        plan.entra.sign_on_url.as_deref(),
        Some("https://eu-api.mimecast.com/login/saml")
    );
}

#[test]
fn hostile_legacy_url_blocks_the_entra_step() {
    let input = PlanInput {
        legacy_sign_on_url: Some("https://mimecast.com.evil.com".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    assert!(!plan.ready);
    assert_eq!(
        codes_of(&plan),
        [("signon.not_mimecast", Some("legacySignOnUrl"))]
    );
    assert_eq!(plan.checklist[1].blocked_by, ["legacySignOnUrl"]);
}

#[test]
fn blank_optional_fields_are_ignored_and_description_is_trimmed() {
    let input = PlanInput {
        app_id: Some("  ".to_owned()),
        legacy_sign_on_url: Some(String::new()),
        description: Some("  Contoso SSO  ".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    assert!(plan.ready);
    assert!(plan.findings.is_empty(), "{:?}", plan.findings);
    assert_eq!(plan.app_id, None);
    assert_eq!(plan.entra.federation_metadata_url, None);
    assert_eq!(plan.checklist[0].status, StepStatus::Todo);
    assert_eq!(
        plan.authentication_profile.description.as_deref(),
        Some("Contoso SSO")
    );
    let long = PlanInput {
        description: Some("x".repeat(201)),
        ..full_input()
    };
    assert_eq!(
        codes_of(&build_plan(&long, NOW)),
        [("description.invalid", Some("description"))]
    );
}

#[test]
fn certificate_body_alone_is_accepted_and_expiry_is_judged_at_now() {
    let input = PlanInput {
        certificate: Some(body()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    assert!(plan.ready);
    assert_eq!(
        plan.authentication_profile.identity_provider_certificate,
        Some(body())
    );

    // A day after notAfter the same certificate is expired: still reported, no longer ready.
    let later = UnixTime::from_secs(1_890_050_564 + 86_400);
    let plan = build_plan(&input, later);
    check_invariants(&plan);
    assert!(!plan.ready);
    assert!(plan.findings.iter().any(|f| f.code == "cert.expired"
        && f.field.as_deref() == Some("certificate")
        && f.severity == Severity::Error));
    assert!(plan.certificate.is_some());
    assert_eq!(plan.checklist[4].blocked_by, ["certificate"]);
}

#[test]
fn json_input_with_missing_or_null_fields_is_not_an_error() {
    for text in [
        "{}",
        r#"{"region": null}"#,
        r#"{"region":"eu","unknownField":"x"}"#,
    ] {
        let input = PlanInput::from_json(text).expect(text);
        check_invariants(&build_plan(&input, NOW));
    }
    let input =
        PlanInput::from_json(r#"{"region":"eu","accountCode":"cuk1","tenantId":"x"}"#).unwrap();
    assert_eq!(input.region.as_deref(), Some("eu"));
    assert_eq!(input.account_code.as_deref(), Some("cuk1"));
    assert_eq!(input.certificate, None);
}

#[test]
fn malformed_json_is_a_coded_error_with_its_position() {
    for text in [
        "",
        "not json",
        "[]",
        r#"{"region": 5}"#,
        r#"{"region": "eu""#,
    ] {
        let error = PlanInput::from_json(text).unwrap_err();
        assert_eq!(error.code(), "plan.invalid_json", "{text}");
        assert!(error.to_string().contains("JSON"));
    }
    match PlanInput::from_json("{\n  \"region\": 5\n}").unwrap_err() {
        plan::PlanError::InvalidJson { line, .. } => assert_eq!(line, 2),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn plan_input_debug_does_not_echo_a_private_key() {
    let key = include_str!("data/key_pkcs8.pem");
    let input = PlanInput {
        certificate: Some(key.to_owned()),
        ..full_input()
    };
    let debug = format!("{input:?}");
    for line in key.lines().filter(|line| !line.starts_with("-----")) {
        assert!(!debug.contains(line), "{debug}");
    }
    assert!(!debug.contains("PRIVATE KEY"), "{debug}");
    assert!(debug.contains(&format!("<{} bytes>", key.len())), "{debug}");
    assert!(
        debug.contains("cuk1a234"),
        "other fields are shown: {debug}"
    );
}

#[test]
fn json_input_starting_with_a_byte_order_mark_is_read() {
    let input = PlanInput::from_json("\u{FEFF}{\"region\":\"eu\"}").expect("BOM is skipped");
    assert_eq!(input.region.as_deref(), Some("eu"));
    assert!(PlanInput::from_json("\u{FEFF}").is_err());
}

#[test]
fn description_of_200_characters_is_accepted_and_201_is_refused_saying_at_most() {
    let at_limit = PlanInput {
        description: Some("x".repeat(200)),
        ..full_input()
    };
    assert!(build_plan(&at_limit, NOW).findings.is_empty());
    let over = PlanInput {
        description: Some("x".repeat(201)),
        ..full_input()
    };
    let plan = build_plan(&over, NOW);
    assert!(
        plan.findings[0].message.contains("at most 200"),
        "{}",
        plan.findings[0].message
    );
}

#[test]
fn current_sign_on_url_given_as_legacy_is_recognised_as_current() {
    let input = PlanInput {
        legacy_sign_on_url: Some("https://eu-api.mimecast.com/login/saml".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&input, NOW);
    assert!(plan.ready);
    assert_eq!(
        codes_of(&plan),
        [("signon.current", Some("legacySignOnUrl"))]
    );
    assert_eq!(plan.findings[0].severity, Severity::Info);
    assert!(!plan.findings[0].message.contains("prefer"));

    let uspcom = PlanInput {
        region: Some("uspcom".to_owned()),
        account_code: Some("XYZ123".to_owned()),
        legacy_sign_on_url: Some("https://uspcom-api.mimecast-pscom-us.com/login/saml".to_owned()),
        ..full_input()
    };
    let plan = build_plan(&uspcom, NOW);
    assert!(plan.ready, "{:?}", plan.findings);
    assert_eq!(
        codes_of(&plan),
        [("signon.current", Some("legacySignOnUrl"))]
    );
}
