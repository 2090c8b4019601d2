//! Federation Metadata in Entra's shape: values read, certificates deduplicated and inspected,
//! rollover advice, tenant-wide metadata and tenant mismatches.

#[path = "support/metadata.rs"]
mod fixture;

use fixture::*;
use mimecast_sso_core::finding::Severity;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_core::{Coded, all_codes};

fn codes(result: &metadata::FederationMetadata) -> Vec<&str> {
    result.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn app_metadata_with_one_certificate_fills_every_mimecast_value() {
    let xml = document(&[&entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(
        result.entity_id,
        format!("https://sts.windows.net/{TENANT}/")
    );
    assert_eq!(result.tenant_id.as_str(), TENANT);
    let saml2 = format!("https://login.microsoftonline.com/{TENANT}/saml2");
    assert_eq!(result.login_url, saml2);
    assert_eq!(result.logout_url, saml2);
    assert_eq!(result.redirect_sso_url.as_deref(), Some(saml2.as_str()));
    assert_eq!(result.post_sso_url.as_deref(), Some(saml2.as_str()));
    assert_eq!(result.certificates.len(), 1);
    assert_eq!(result.chosen_index, Some(0));
    assert!(
        !result.choice_needed,
        "one certificate is chosen without asking"
    );
    assert_eq!(result.certificates[0].mimecast_body, entra_body());
    assert!(result.certificates[0].is_entra_signing);
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    assert!(
        result
            .advice
            .contains(&result.certificates[0].thumbprint_sha1)
    );
}

#[test]
fn ws_fed_copies_of_the_certificates_are_deduplicated() {
    let xml = document(&[&entra_body(), &rsa2048_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(result.certificates.len(), 2);
}

#[test]
fn signature_certificate_outside_key_descriptors_is_not_a_signing_certificate() {
    // The ds:Signature holds the first body; only KeyDescriptor certificates count.
    let xml = document(&[&entra_body()]).replacen(
        &format!(
            "<X509Certificate>{}</X509Certificate></X509Data></KeyInfo></Signature>",
            entra_body()
        ),
        &format!(
            "<X509Certificate>{}</X509Certificate></X509Data></KeyInfo></Signature>",
            rsa2048_body()
        ),
        1,
    );
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(result.certificates.len(), 1);
    assert!(result.certificates[0].is_entra_signing);
}

#[test]
fn encryption_key_descriptor_is_ignored() {
    let xml = document(&[&entra_body()]).replacen(
        r#"<KeyDescriptor use="signing">"#,
        r#"<KeyDescriptor use="encryption">"#,
        2,
    );
    let error = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap_err();
    assert_eq!(error.code(), "metadata.no_signing_certificate");
}

#[test]
fn key_descriptor_without_use_counts_as_signing() {
    let xml =
        document(&[&entra_body()]).replace(r#"<KeyDescriptor use="signing">"#, "<KeyDescriptor>");
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(result.certificates.len(), 1);
}

#[test]
fn rollover_leaves_the_choice_to_the_admin_and_names_the_newest_and_the_expiring_one() {
    // rsa2048 first in the document, expiring 2027-11-23; entra valid until 2029. Both are valid
    // now, and the metadata does not say which one Entra shows as Active.
    let xml = document(&[&rsa2048_body(), &entra_body()]);
    let result = metadata::parse(xml.as_bytes(), OCT_2027, Scope::Application).unwrap();
    assert_eq!(result.chosen_index, None, "nothing is chosen for the admin");
    assert!(result.choice_needed);
    assert_eq!(result.valid_indices, vec![0, 1]);
    assert_eq!(result.newest_index, Some(1));
    assert_eq!(result.expiring_indices, vec![0]);
    assert!(codes(&result).contains(&"metadata.rollover"));
    let newest = &result.certificates[1];
    assert!(result.advice.contains(&newest.thumbprint_sha1));
    assert!(result.advice.contains("Active"));
    assert!(
        result
            .advice
            .contains(&result.certificates[0].thumbprint_sha1)
    );
    assert!(result.advice.contains("expires in"));
    assert!(
        !result.advice.contains("If Entra shows"),
        "the advice does not pretend the newest is the Active one: {}",
        result.advice
    );
}

#[test]
fn rollover_with_both_certificates_far_from_expiry_flags_none_as_expiring() {
    let xml = document(&[&entra_body(), &rsa2048_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(result.chosen_index, None);
    assert!(result.choice_needed);
    assert_eq!(result.newest_index, Some(0));
    assert!(result.expiring_indices.is_empty());
    assert!(codes(&result).contains(&"metadata.rollover"));
}

#[test]
fn one_valid_certificate_beside_an_expired_one_is_chosen_without_asking() {
    // In December 2027 rsa2048 has expired; entra is the only valid one.
    let dec_2027 = mimecast_sso_core::UnixTime::from_secs(1_827_619_200);
    let xml = document(&[&rsa2048_body(), &entra_body()]);
    let result = metadata::parse(xml.as_bytes(), dec_2027, Scope::Application).unwrap();
    assert_eq!(result.chosen_index, Some(1));
    assert_eq!(result.newest_index, Some(1));
    assert_eq!(result.valid_indices, vec![1]);
    assert!(!result.choice_needed);
    assert!(!codes(&result).contains(&"metadata.rollover"));
    assert!(
        result
            .advice
            .contains(&result.certificates[1].thumbprint_sha1)
    );
}

#[test]
fn no_certificate_valid_now_is_an_error_finding_without_a_choice() {
    let xml = document(&[&rsa2048_body(), &entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2030, Scope::Application).unwrap();
    assert_eq!(result.chosen_index, None);
    assert_eq!(result.expiring_indices, vec![0, 1]);
    assert_eq!(result.findings[0].code, "metadata.no_valid_certificate");
    assert_eq!(result.findings[0].severity, Severity::Error);
}

#[test]
fn tenant_wide_metadata_is_flagged() {
    let xml = document(&[&entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::TenantWide).unwrap();
    assert_eq!(result.scope, Scope::TenantWide);
    assert_eq!(codes(&result), vec!["metadata.tenant_wide"]);
}

#[test]
fn metadata_of_unknown_scope_is_not_flagged() {
    let xml = document(&[&entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Unknown).unwrap();
    assert!(result.findings.is_empty());
}

#[test]
fn login_urls_of_another_tenant_are_an_error_finding() {
    let xml = document_for(TENANT, OTHER_TENANT, &[&entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    let mismatches: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.code == "metadata.tenant_mismatch")
        .collect();
    assert!(!mismatches.is_empty());
    assert!(mismatches.iter().all(|f| f.severity == Severity::Error));
    assert!(
        mismatches
            .iter()
            .any(|f| f.field.as_deref() == Some("loginUrl"))
    );
    assert!(
        mismatches
            .iter()
            .any(|f| f.field.as_deref() == Some("logoutUrl"))
    );
}

#[test]
fn missing_logout_service_falls_back_to_the_tenant_saml2_url() {
    let xml =
        document(&[&entra_body()]).replace("SingleLogoutService", "ArtifactResolutionService");
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(
        result.logout_url,
        format!("https://login.microsoftonline.com/{TENANT}/saml2")
    );
    assert_eq!(codes(&result), vec!["metadata.no_logout_service"]);
}

#[test]
fn result_serializes_in_camel_case() {
    let xml = document(&[&entra_body()]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    let json = serde_json::to_value(&result).unwrap();
    for key in [
        "entityId",
        "tenantId",
        "loginUrl",
        "logoutUrl",
        "redirectSsoUrl",
        "postSsoUrl",
        "certificates",
        "chosenIndex",
        "newestIndex",
        "validIndices",
        "choiceNeeded",
        "findings",
        "advice",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["scope"], "application");
}

#[test]
fn every_metadata_code_is_listed_in_all_codes() {
    for code in metadata::MetadataCode::ALL {
        assert!(code.code().starts_with("metadata."));
        assert!(all_codes().any(|c| c == code.code()), "{code:?}");
    }
}
