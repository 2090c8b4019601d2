//! The SSO plan, through the public API: a full plan field by field, the README example, missing
//! and invalid fields, and arbitrary input.

use mimecast_sso_core::plan::{
    self, Console, DEFAULT_DESCRIPTION, PLAN_VERSION, Plan, PlanInput, StepStatus, build_plan,
};
use mimecast_sso_core::region::Region;
use mimecast_sso_core::{Coded, Severity, UnixTime, all_codes};
use proptest::prelude::*;

/// Entra-like signing certificate (tests/data/plan/README.md): valid 2026-11-23T14:02:44Z to
/// 2029-11-22T14:02:44Z.
const PEM: &str = include_str!("data/plan/entra-signing.pem");
/// 2027-01-01T00:00:00Z.
const NOW: UnixTime = UnixTime::from_secs(1_798_761_600);
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// The base64 body of [`PEM`]: its lines between the BEGIN and END lines, joined.
fn body() -> String {
    PEM.lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

fn full_input() -> PlanInput {
    PlanInput {
        region: Some("EU".to_owned()),
        account_code: Some(" cuk1a234 ".to_owned()),
        tenant_id: Some("{72F988BF-86F1-41AF-91AB-2D7CD011DB47}".to_owned()),
        app_id: Some(APP.to_owned()),
        certificate: Some(PEM.to_owned()),
        description: None,
        legacy_sign_on_url: None,
    }
}

fn codes_of(plan: &Plan) -> Vec<(&str, Option<&str>)> {
    plan.findings
        .iter()
        .map(|f| (f.code.as_str(), f.field.as_deref()))
        .collect()
}

/// Properties every plan has, whatever the input.
fn check_invariants(plan: &Plan) {
    let known: Vec<&str> = all_codes().collect();
    assert_eq!(plan.plan_version, PLAN_VERSION);
    for finding in &plan.findings {
        assert!(
            known.contains(&finding.code.as_str()),
            "unlisted code {}",
            finding.code
        );
        assert!(
            finding.field.is_some(),
            "finding without field: {finding:?}"
        );
        assert!(!finding.message.is_empty());
    }
    let has_error = plan.findings.iter().any(|f| f.severity == Severity::Error);
    assert_eq!(plan.ready, !has_error);
    assert_eq!(plan.checklist.len(), 10);
    for step in &plan.checklist {
        assert_eq!(
            step.status == StepStatus::Blocked,
            !step.blocked_by.is_empty()
        );
    }
    let profile = &plan.authentication_profile;
    assert!(profile.enforce_saml_authentication && profile.allow_single_sign_on);
    assert!(!profile.use_password_protected_context);
    assert!(!profile.use_integrated_authentication_context);
    assert_eq!(profile.provider, "Azure Active Directory");
    if plan.ready {
        assert!(plan.entra.identifier.is_some() && profile.issuer_url.is_some());
        assert!(profile.identity_provider_certificate.is_some());
    }
}

#[test]
fn full_plan_with_a_valid_certificate_field_by_field() {
    let plan = build_plan(&full_input(), NOW);
    check_invariants(&plan);
    assert_eq!(plan.plan_version, 1);
    assert!(plan.ready, "{:#?}", plan.findings);
    assert_eq!(plan.region, Some(Region::Eu));
    assert_eq!(
        plan.region_name.as_deref(),
        Some("Europe (excluding Germany)")
    );
    assert_eq!(plan.suggested_region, Some(Region::Eu));
    assert_eq!(
        plan.account_code.as_ref().map(|a| a.as_str()),
        Some("CUK1A234")
    );
    assert_eq!(plan.tenant_id.as_ref().map(|t| t.as_str()), Some(TENANT));
    assert_eq!(plan.app_id.as_ref().map(|a| a.as_str()), Some(APP));

    let entra = &plan.entra;
    assert_eq!(
        entra.sign_on_url.as_deref(),
        Some("https://eu-api.mimecast.com/login/saml")
    );
    assert_eq!(
        entra.identifier.as_deref(),
        Some("https://eu-api.mimecast.com/sso/CUK1A234")
    );
    assert_eq!(
        entra.reply_url.as_deref(),
        Some("https://eu-api.mimecast.com/login/saml")
    );
    assert_eq!(entra.legacy_sign_on_url, None);
    assert_eq!(
        entra.federation_metadata_url.as_deref(),
        Some(
            "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/federationmetadata/2007-06/federationmetadata.xml?appid=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        )
    );

    let profile = &plan.authentication_profile;
    assert_eq!(
        profile.description.as_deref(),
        Some("Microsoft Entra ID single sign-on")
    );
    assert!(profile.enforce_saml_authentication);
    assert_eq!(profile.provider, "Azure Active Directory");
    assert_eq!(
        profile.issuer_url.as_deref(),
        Some("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")
    );
    assert_eq!(
        profile.login_url.as_deref(),
        Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2")
    );
    assert_eq!(
        profile.logout_url.as_deref(),
        Some("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2")
    );
    assert_eq!(profile.identity_provider_certificate, Some(body()));
    assert!(profile.allow_single_sign_on);
    assert!(!profile.use_password_protected_context);
    assert!(!profile.use_integrated_authentication_context);

    // As openssl reports them (tests/data/plan/README.md).
    let report = plan.certificate.as_ref().expect("certificate report");
    assert_eq!(
        report.subject,
        "CN=Microsoft Azure Federated SSO Certificate"
    );
    assert_eq!(
        report.issuer,
        "CN=Microsoft Azure Federated SSO Certificate"
    );
    assert_eq!(report.serial_number, "1A2B3C4D5E6F7081");
    assert_eq!(report.not_before, "2026-11-23T14:02:44Z");
    assert_eq!(report.not_after, "2029-11-22T14:02:44Z");
    assert_eq!(report.days_remaining, 1056);
    assert_eq!(
        report.thumbprint_sha1,
        "95BF5283E5DA07FAAB5F9F86465F75F2E2C2BF0C"
    );
    assert_eq!(
        report.fingerprint_sha256,
        "6B317BF1AAEF0944933CDA7ED0D043FC53E9AB372FFD9B3B86775BEA9E52FA27"
    );
    assert_eq!(report.key.bits, 2048);
    assert_eq!(report.signature_algorithm, "sha256WithRSAEncryption");
    assert!(report.is_entra_signing);
    assert_eq!(report.mimecast_body, body());

    let statuses: Vec<(&str, StepStatus)> = plan
        .checklist
        .iter()
        .map(|step| (step.id.as_str(), step.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("entra.add_gallery_app", StepStatus::Done),
            ("entra.basic_saml_configuration", StepStatus::Todo),
            ("entra.download_certificate", StepStatus::Done),
            ("mimecast.create_authentication_profile", StepStatus::Todo),
            ("mimecast.leave_contexts_off", StepStatus::Todo),
            ("entra.assign_users", StepStatus::Todo),
            ("mimecast.register_domain", StepStatus::Todo),
            ("mimecast.create_users", StepStatus::Todo),
            ("mimecast.apply_application_setting", StepStatus::Todo),
            ("entra.test_sign_on", StepStatus::Todo),
        ]
    );
}

#[test]
fn checklist_names_consoles_and_links_and_explains_the_contexts() {
    let plan = build_plan(&full_input(), NOW);
    for step in &plan.checklist {
        let link = step.link.as_deref().expect("every step links its console");
        match step.console {
            Console::Entra => {
                assert!(step.id.starts_with("entra."));
                assert_eq!(link, "https://entra.microsoft.com/");
            }
            Console::Mimecast => {
                assert!(step.id.starts_with("mimecast."));
                assert_eq!(
                    link,
                    "https://login-eu.mimecast.com/administration/app/#/administration-dashboard"
                );
            }
        }
    }
    let text = |id: &str| {
        plan.checklist
            .iter()
            .find(|step| step.id == id)
            .map(|step| step.text.clone())
            .unwrap_or_default()
    };
    assert!(text("mimecast.leave_contexts_off").contains("AADSTS75011"));
    assert!(text("mimecast.leave_contexts_off").contains("Use Password protected Context"));
    assert!(text("mimecast.register_domain").contains("Register New Domain"));
    assert!(text("mimecast.create_users").contains("New Address"));
    assert!(text("mimecast.create_users").contains("mail attribute"));
    assert!(text("entra.download_certificate").contains("Certificate (Base64)"));
}

#[test]
fn readme_example_is_what_build_plan_gives() {
    let readme = include_str!("../README.md");
    let (now, input) = readme_block(readme, "<!-- plan-example-input now=");
    let (_, output) = readme_block(readme, "<!-- plan-example-output");
    let now = UnixTime::from_secs(now.parse().expect("now in the input marker"));
    let input = PlanInput::from_json(&input).expect("README input is valid JSON");
    let plan = build_plan(&input, now);
    let documented: serde_json::Value = serde_json::from_str(&output).expect("README output JSON");
    let actual = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        documented,
        actual,
        "README example is stale; the current output is:\n{}",
        serde_json::to_string_pretty(&plan).unwrap()
    );
    let parsed: Plan = serde_json::from_value(documented).expect("README output is a Plan");
    assert_eq!(parsed, plan);
    assert!(plan.ready);
}

/// The text after `marker` up to the end of its line, and the JSON code block that follows.
fn readme_block(readme: &str, marker: &str) -> (String, String) {
    let start = readme.find(marker).expect("marker in README") + marker.len();
    let rest = &readme[start..];
    let attribute = rest[..rest.find("-->").expect("marker end")]
        .trim()
        .to_owned();
    let open = rest.find("```json\n").expect("json block after marker") + "```json\n".len();
    let close = rest[open..].find("\n```").expect("block end") + open;
    (attribute, rest[open..close].to_owned())
}

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
    let test = &plan.checklist[9];
    assert_eq!(
        test.blocked_by,
        ["region", "accountCode", "tenantId", "certificate"]
    );
    assert_eq!(
        plan.checklist[3].link.as_deref(),
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
    assert_eq!(plan.checklist[3].blocked_by, ["certificate"]);
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
fn plan_json_round_trips() {
    for input in [full_input(), PlanInput::default()] {
        let plan = build_plan(&input, NOW);
        let json = serde_json::to_string(&plan).unwrap();
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plan);
    }
}

#[test]
fn plan_codes_are_in_the_crate_list() {
    let known: Vec<&str> = all_codes().collect();
    for code in plan::CODES {
        assert!(known.contains(code), "{code}");
    }
    for error in [
        plan::PlanError::InvalidJson {
            line: 1,
            column: 1,
            message: String::new(),
        },
        plan::PlanError::InvalidDescription {
            reason: String::new(),
        },
    ] {
        assert!(plan::CODES.contains(&error.code()));
    }
}

fn any_field() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<String>().prop_map(Some),
        "[ -~]{0,64}".prop_map(Some),
        prop_oneof![
            Just(PEM.to_owned()),
            Just(body()),
            Just(PEM[..PEM.len() / 2].to_owned()),
            Just(TENANT.to_owned()),
            Just("https://webmail-fr.mimecast.com".to_owned()),
            Just("CUSB1234".to_owned()),
            Just("usb".to_owned()),
        ]
        .prop_map(Some),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn build_plan_never_panics_on_any_input(
        region in any_field(),
        account_code in any_field(),
        tenant_id in any_field(),
        app_id in any_field(),
        certificate in any_field(),
        description in any_field(),
        legacy_sign_on_url in any_field(),
        now in any::<i64>(),
    ) {
        let input = PlanInput {
            region, account_code, tenant_id, app_id, certificate, description, legacy_sign_on_url,
        };
        let plan = build_plan(&input, UnixTime::from_secs(now));
        check_invariants(&plan);
        let json = serde_json::to_string(&plan).unwrap();
        let back: Plan = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, plan);
    }

    #[test]
    fn json_input_never_panics(text in "\\PC{0,200}") {
        if let Ok(input) = PlanInput::from_json(&text) {
            check_invariants(&build_plan(&input, NOW));
        }
    }

    #[test]
    fn json_ish_objects_never_panic(
        pairs in proptest::collection::vec(
            (
                prop_oneof![
                    Just("region".to_owned()),
                    Just("accountCode".to_owned()),
                    Just("tenantId".to_owned()),
                    Just("appId".to_owned()),
                    Just("certificate".to_owned()),
                    Just("description".to_owned()),
                    Just("legacySignOnUrl".to_owned()),
                    "[a-zA-Z]{1,12}",
                ],
                prop_oneof![
                    any::<String>().prop_map(|s| serde_json::Value::String(s).to_string()),
                    Just("null".to_owned()),
                    Just("5".to_owned()),
                    Just("[]".to_owned()),
                    Just("{\"a\":1}".to_owned()),
                    "[\\[\\]{}\",:0-9a-z ]{0,12}",
                ],
            ),
            0..8,
        ),
    ) {
        let text = format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(key, value)| format!("\"{key}\":{value}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        match PlanInput::from_json(&text) {
            Ok(input) => check_invariants(&build_plan(&input, NOW)),
            Err(error) => prop_assert_eq!(error.code(), "plan.invalid_json"),
        }
    }
}
