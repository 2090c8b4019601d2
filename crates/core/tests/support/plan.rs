//! Fixtures and checks shared by the plan tests (`tests/plan*.rs`), included with `#[path]`.

// Each test file uses some of these helpers, not all.
#![allow(dead_code)]

use mimecast_sso_core::plan::{PLAN_VERSION, Plan, PlanInput, StepStatus};
use mimecast_sso_core::{Severity, UnixTime, all_codes};

/// Entra-like signing certificate (tests/data/plan/README.md): valid 2026-11-23T14:02:44Z to
/// 2029-11-22T14:02:44Z.
pub const PEM: &str = include_str!("../data/plan/entra-signing.pem");
/// 2027-01-01T00:00:00Z.
pub const NOW: UnixTime = UnixTime::from_secs(1_798_761_600);
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/// The base64 body of [`PEM`]: its lines between the BEGIN and END lines, joined.
pub fn body() -> String {
    PEM.lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

pub fn full_input() -> PlanInput {
    PlanInput {
        region: Some("EU".to_owned()),
        account_code: Some(" cuk1a234 ".to_owned()),
        tenant_id: Some("{72F988BF-86F1-41AF-91AB-2D7CD011DB47}".to_owned()),
        app_id: Some(APP.to_owned()),
        certificate: Some(PEM.to_owned()),
        description: None,
        legacy_sign_on_url: None,
        sign_on_mode: None,
        federation_metadata: None,
    }
}

pub fn codes_of(plan: &Plan) -> Vec<(&str, Option<&str>)> {
    plan.findings
        .iter()
        .map(|f| (f.code.as_str(), f.field.as_deref()))
        .collect()
}

/// Properties every plan has, whatever the input.
pub fn check_invariants(plan: &Plan) {
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
    assert_eq!(plan.checklist.len(), 13);
    for step in &plan.checklist {
        assert_eq!(
            step.status == StepStatus::Blocked,
            !step.blocked_by.is_empty()
        );
        assert!(!step.sources.is_empty(), "{} cites no source", step.id);
    }
    assert!(
        !plan.checklist.iter().any(|step| {
            let text = step.text.to_lowercase();
            text.contains("no automatic provisioning") || text.contains("does not provision")
        }),
        "no step claims Mimecast cannot provision users"
    );
    let profile = &plan.authentication_profile;
    assert!(profile.enforce_saml_authentication && profile.allow_single_sign_on);
    assert!(!profile.use_password_protected_context);
    assert!(!profile.use_integrated_authentication_context);
    assert_eq!(profile.provider, "Microsoft Entra ID");
    assert_eq!(profile.provider_older, "Azure Active Directory");
    assert_eq!(
        profile.enforce_saml_checkbox,
        "Enforce SAML Authentication for Mimecast"
    );
    assert!(!profile.enforce_saml_for_end_user_applications);
    assert_eq!(profile.metadata_url, plan.entra.federation_metadata_url);
    assert_eq!(
        plan.entra.sign_on_url.is_some(),
        plan.entra.sign_on_mode.uses_sign_on_url() && plan.region.is_some()
    );
    if plan.ready {
        assert!(plan.entra.identifier.is_some() && profile.issuer_url.is_some());
        assert!(profile.identity_provider_certificate.is_some());
    }
}
