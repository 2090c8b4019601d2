//! The SSO plan, through the public API: a full plan field by field, the checklist, the README
//! example, and the JSON round trip.

#[path = "support/plan.rs"]
mod support;

use mimecast_sso_core::plan::{self, Console, Plan, PlanInput, StepStatus, build_plan};
use mimecast_sso_core::region::Region;
use mimecast_sso_core::{Coded, UnixTime, all_codes};
use support::*;

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
    assert_eq!(profile.provider, "Microsoft Entra ID");
    assert_eq!(profile.provider_older, "Azure Active Directory");
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
            ("entra.assignment_required", StepStatus::Todo),
            ("entra.download_certificate", StepStatus::Done),
            ("mimecast.create_authentication_profile", StepStatus::Todo),
            ("mimecast.leave_contexts_off", StepStatus::Todo),
            ("mimecast.keep_password_sign_in", StepStatus::Todo),
            ("mimecast.apply_application_setting", StepStatus::Todo),
            ("mimecast.directory_sync", StepStatus::Todo),
            ("mimecast.register_domain", StepStatus::Todo),
            ("mimecast.create_users", StepStatus::Todo),
            ("entra.assign_users", StepStatus::Todo),
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
    for code in plan::PlanCode::ALL {
        assert!(known.contains(&code.code()), "{code:?}");
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
        assert!(plan::PlanCode::ALL.iter().any(|c| c.code() == error.code()));
    }
}

#[test]
fn checklist_follows_the_tutorial_order_users_created_in_mimecast_before_assigned_in_entra() {
    // Microsoft's tutorial: the Basic SAML Configuration, the App Federation Metadata Url, the
    // Authentication Profile, then "Create a Mimecast test user", then the assignment and the test;
    // Directory Synchronization comes first among the ways users reach Mimecast.
    let plan = build_plan(&full_input(), NOW);
    let ids: Vec<&str> = plan.checklist.iter().map(|step| step.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "entra.add_gallery_app",
            "entra.basic_saml_configuration",
            "entra.assignment_required",
            "entra.download_certificate",
            "mimecast.create_authentication_profile",
            "mimecast.leave_contexts_off",
            "mimecast.keep_password_sign_in",
            "mimecast.apply_application_setting",
            "mimecast.directory_sync",
            "mimecast.register_domain",
            "mimecast.create_users",
            "entra.assign_users",
            "entra.test_sign_on",
        ]
    );
}
