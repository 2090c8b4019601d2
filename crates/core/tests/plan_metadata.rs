//! The plan built from Entra's federation metadata instead of a tenant ID and certificate.

#[path = "support/metadata.rs"]
mod fixture;

use fixture::*;
use mimecast_sso_core::Severity;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_core::plan::{PlanInput, StepStatus, build_plan, build_plan_with_metadata};

fn input_with(xml: &str) -> PlanInput {
    PlanInput {
        region: Some("eu".into()),
        account_code: Some("CUK1A234".into()),
        federation_metadata: Some(xml.into()),
        ..PlanInput::default()
    }
}

fn codes(plan: &mimecast_sso_core::plan::Plan) -> Vec<(&str, Option<&str>)> {
    plan.findings
        .iter()
        .map(|f| (f.code.as_str(), f.field.as_deref()))
        .collect()
}

#[test]
fn metadata_alone_fills_issuer_login_logout_and_certificate() {
    let plan = build_plan(&input_with(&document(&[&entra_body()])), JAN_2027);
    assert!(plan.ready, "{:#?}", plan.findings);
    let profile = &plan.authentication_profile;
    let saml2 = format!("https://login.microsoftonline.com/{TENANT}/saml2");
    assert_eq!(
        profile.issuer_url.as_deref(),
        Some(format!("https://sts.windows.net/{TENANT}/").as_str())
    );
    assert_eq!(profile.login_url.as_deref(), Some(saml2.as_str()));
    assert_eq!(profile.logout_url.as_deref(), Some(saml2.as_str()));
    assert_eq!(
        profile.identity_provider_certificate.as_deref(),
        Some(entra_body().as_str())
    );
    assert_eq!(plan.tenant_id.as_ref().map(|t| t.as_str()), Some(TENANT));
    let imported = plan.federation_metadata.as_ref().expect("metadata kept");
    assert_eq!(imported.scope, Scope::Unknown);
    let step = plan
        .checklist
        .iter()
        .find(|s| s.id == "entra.download_certificate")
        .unwrap();
    assert_eq!(step.status, StepStatus::Done);
}

#[test]
fn during_a_rollover_no_certificate_is_filled_in_and_the_choice_is_an_error_on_the_certificate() {
    let xml = document(&[&rsa2048_body(), &entra_body()]);
    let plan = build_plan(&input_with(&xml), OCT_2027);
    assert_eq!(
        plan.authentication_profile.identity_provider_certificate, None,
        "the metadata does not say which certificate is Active"
    );
    assert!(codes(&plan).contains(&("metadata.rollover", Some("certificate"))));
    assert!(codes(&plan).contains(&("metadata.certificate_choice_needed", Some("certificate"))));
    assert!(!plan.ready, "a pending choice blocks the plan");
    let choice = plan
        .findings
        .iter()
        .find(|f| f.code == "metadata.certificate_choice_needed")
        .unwrap();
    assert_eq!(choice.severity, Severity::Error);
    let imported = plan.federation_metadata.as_ref().unwrap();
    for cert in &imported.certificates {
        assert!(choice.message.contains(&cert.thumbprint_sha1));
    }
}

#[test]
fn during_a_rollover_the_certificate_the_admin_chose_is_used() {
    let xml = document(&[&rsa2048_body(), &entra_body()]);
    let mut input = input_with(&xml);
    // The older one is Active in Entra: the admin chose it.
    input.certificate = Some(rsa2048_body());
    let plan = build_plan(&input, OCT_2027);
    assert_eq!(
        plan.authentication_profile
            .identity_provider_certificate
            .as_deref(),
        Some(rsa2048_body().as_str())
    );
    assert!(!codes(&plan).contains(&("metadata.certificate_choice_needed", Some("certificate"))));
    assert!(!codes(&plan).contains(&("metadata.certificate_not_listed", Some("certificate"))));
    assert!(codes(&plan).contains(&("metadata.rollover", Some("certificate"))));
    assert!(plan.ready, "a chosen certificate: {:#?}", plan.findings);
}

#[test]
fn a_typed_tenant_of_another_tenant_is_an_error_on_the_tenant_field() {
    let mut input = input_with(&document(&[&entra_body()]));
    input.tenant_id = Some(OTHER_TENANT.into());
    let plan = build_plan(&input, JAN_2027);
    assert!(!plan.ready);
    assert!(codes(&plan).contains(&("metadata.tenant_differs", Some("tenantId"))));
    let profile_step = plan
        .checklist
        .iter()
        .find(|s| s.id == "mimecast.create_authentication_profile")
        .unwrap();
    assert_eq!(profile_step.status, StepStatus::Blocked);

    input.tenant_id = Some(TENANT.to_uppercase());
    assert!(
        build_plan(&input, JAN_2027).ready,
        "the same tenant in capitals is fine"
    );
}

#[test]
fn a_certificate_given_beside_the_metadata_wins_but_is_flagged_when_not_listed() {
    let mut input = input_with(&document(&[&entra_body()]));
    input.certificate = Some(include_str!("data/rsa2048.pem").into());
    let plan = build_plan(&input, JAN_2027);
    assert_eq!(
        plan.authentication_profile
            .identity_provider_certificate
            .as_deref(),
        Some(rsa2048_body().as_str())
    );
    let finding = plan
        .findings
        .iter()
        .find(|f| f.code == "metadata.certificate_not_listed")
        .expect("flagged");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.field.as_deref(), Some("certificate"));

    input.certificate = Some(include_str!("data/entra.pem").into());
    let plan = build_plan(&input, JAN_2027);
    assert!(
        !codes(&plan)
            .iter()
            .any(|(c, _)| *c == "metadata.certificate_not_listed")
    );
}

#[test]
fn unreadable_metadata_is_an_error_finding_and_the_plan_falls_back_to_the_fields() {
    let mut input = input_with("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>");
    input.tenant_id = Some(TENANT.into());
    let plan = build_plan(&input, JAN_2027);
    assert!(!plan.ready);
    assert_eq!(
        codes(&plan)[0],
        ("metadata.doctype", Some("federationMetadata"))
    );
    assert!(plan.federation_metadata.is_none());
    assert_eq!(
        plan.authentication_profile.issuer_url.as_deref(),
        Some(format!("https://sts.windows.net/{TENANT}/").as_str())
    );
    let step = plan
        .checklist
        .iter()
        .find(|s| s.id == "mimecast.create_authentication_profile")
        .unwrap();
    assert!(step.blocked_by.contains(&"federationMetadata".to_owned()));
}

#[test]
fn metadata_read_elsewhere_builds_the_same_plan_as_its_xml() {
    let xml = document(&[&entra_body()]);
    let read = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Unknown).unwrap();
    let mut input = input_with("");
    let from_read = build_plan_with_metadata(&input, &read, JAN_2027);
    input.federation_metadata = Some(xml);
    assert_eq!(from_read, build_plan(&input, JAN_2027));
}

#[test]
fn tenant_wide_and_mismatched_metadata_findings_reach_the_plan() {
    let xml = document_for(TENANT, OTHER_TENANT, &[&entra_body()]);
    let read = metadata::parse(xml.as_bytes(), JAN_2027, Scope::TenantWide).unwrap();
    let plan = build_plan_with_metadata(&input_with(""), &read, JAN_2027);
    let found = codes(&plan);
    assert!(found.contains(&("metadata.tenant_wide", Some("federationMetadata"))));
    assert!(found.contains(&("metadata.tenant_mismatch", Some("federationMetadata"))));
    assert!(!plan.ready);
}

#[test]
fn metadata_without_a_valid_certificate_leaves_the_certificate_empty_and_says_why() {
    let plan = build_plan(&input_with(&document(&[&entra_body()])), JAN_2030);
    assert!(
        plan.authentication_profile
            .identity_provider_certificate
            .is_none()
    );
    assert!(codes(&plan).contains(&("metadata.no_valid_certificate", Some("certificate"))));
    assert!(!plan.ready);
}

#[test]
fn the_plan_input_debug_never_shows_the_metadata_text() {
    let input = input_with("<EntityDescriptor secret-looking-text/>");
    let debug = format!("{input:?}");
    assert!(!debug.contains("secret-looking-text"));
    assert!(debug.contains("bytes"));
}
