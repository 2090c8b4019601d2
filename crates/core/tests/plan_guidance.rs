//! Today's guidance in the plan (Microsoft's tutorial of 2025-03-25 and Mimecast's support
//! articles): the sign-on mode and the values each needs, the Metadata URL first in the Mimecast
//! sheet, the checkboxes by their console names, the 15 minutes Application Settings take,
//! Directory Synchronization before creating users by hand, and a source for every step.

#[path = "support/plan.rs"]
mod support;

use mimecast_sso_core::plan::{
    ENFORCE_SAML, ENFORCE_SAML_END_USER_APPLICATIONS, Plan, PlanInput, SignOnMode, StepStatus,
    build_plan,
};
use mimecast_sso_core::{Coded, Severity};
use support::*;

fn plan_in(mode: Option<&str>) -> Plan {
    let plan = build_plan(
        &PlanInput {
            sign_on_mode: mode.map(str::to_owned),
            ..full_input()
        },
        NOW,
    );
    check_invariants(&plan);
    plan
}

fn step<'a>(plan: &'a Plan, id: &str) -> &'a mimecast_sso_core::plan::ChecklistStep {
    plan.checklist
        .iter()
        .find(|step| step.id == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

#[test]
fn sp_initiated_is_the_default_and_sets_all_three_urls() {
    for mode in [None, Some(""), Some("sp"), Some(" SP ")] {
        let plan = plan_in(mode);
        assert_eq!(plan.entra.sign_on_mode, SignOnMode::Sp);
        assert_eq!(
            plan.entra.sign_on_url.as_deref(),
            Some("https://eu-api.mimecast.com/login/saml")
        );
        assert_eq!(
            plan.entra.identifier.as_deref(),
            Some("https://eu-api.mimecast.com/sso/CUK1A234")
        );
        assert_eq!(
            plan.entra.reply_url.as_deref(),
            Some("https://eu-api.mimecast.com/login/saml")
        );
        assert!(
            plan.findings
                .iter()
                .all(|f| f.field.as_deref() != Some("signOnMode"))
        );
        let basic = step(&plan, "entra.basic_saml_configuration");
        assert!(basic.text.contains("Sign on URL"));
        assert!(basic.text.contains("SP-initiated"));
        assert!(plan.ready);
    }
}

#[test]
fn idp_initiated_modes_leave_the_sign_on_url_empty_and_name_their_application() {
    for (mode, id, code, application, other) in [
        (
            "idpAdminConsole",
            "entra.basic_saml_configuration_idp_admin_console",
            "sign_on_mode.idp_admin_console",
            "Administration Console",
            "Personal Portal",
        ),
        (
            "idpPersonalPortal",
            "entra.basic_saml_configuration_idp_personal_portal",
            "sign_on_mode.idp_personal_portal",
            "Personal Portal",
            "Administration Console",
        ),
    ] {
        let plan = plan_in(Some(mode));
        assert_eq!(plan.entra.sign_on_mode.name(), mode);
        assert_eq!(plan.entra.sign_on_url, None, "{mode}");
        assert_eq!(
            plan.entra.identifier.as_deref(),
            Some("https://eu-api.mimecast.com/sso/CUK1A234")
        );
        assert_eq!(
            plan.entra.reply_url.as_deref(),
            Some("https://eu-api.mimecast.com/login/saml")
        );
        assert!(plan.ready, "an IdP mode is a choice, not a problem");
        let finding = plan
            .findings
            .iter()
            .find(|f| f.field.as_deref() == Some("signOnMode"))
            .expect("the mode is explained");
        assert_eq!(
            (finding.severity, finding.code.as_str()),
            (Severity::Info, code)
        );
        assert!(finding.message.contains("one Identifier in two"));
        let basic = step(&plan, id);
        assert!(basic.text.contains("leave Sign on URL empty"));
        assert!(basic.text.contains(application));
        assert!(basic.text.contains(other), "the one-Identifier limit");
        assert!(
            !plan
                .checklist
                .iter()
                .any(|s| s.id == "entra.basic_saml_configuration")
        );
    }
    let admin = plan_in(Some("idpAdminConsole"));
    assert_eq!(
        admin.authentication_profile.enforce_saml_checkbox_older,
        "Enforce SAML Authentication for Administration Console"
    );
}

#[test]
fn an_unknown_mode_is_an_error_on_its_field_and_blocks_the_basic_configuration() {
    let plan = build_plan(
        &PlanInput {
            sign_on_mode: Some("both".to_owned()),
            ..full_input()
        },
        NOW,
    );
    check_invariants(&plan);
    let finding = plan
        .findings
        .iter()
        .find(|f| f.field.as_deref() == Some("signOnMode"))
        .expect("finding");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.code, plan_code("sign_on_mode.unknown"));
    assert!(!finding.message.contains("both"), "the input is not echoed");
    assert!(!plan.ready);
    let basic = step(&plan, "entra.basic_saml_configuration");
    assert_eq!(basic.status, StepStatus::Blocked);
    assert_eq!(basic.blocked_by, ["signOnMode"]);
}

fn plan_code(code: &str) -> String {
    mimecast_sso_core::plan::PlanCode::ALL
        .iter()
        .map(Coded::code)
        .find(|c| *c == code)
        .unwrap_or_else(|| panic!("{code} is not a plan code"))
        .to_owned()
}

#[test]
fn the_mimecast_sheet_leads_with_the_metadata_url_and_keeps_the_manual_fields() {
    let plan = plan_in(None);
    let profile = &plan.authentication_profile;
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
    );
    assert_eq!(profile.metadata_url.as_deref(), Some(url.as_str()));
    assert!(profile.issuer_url.is_some() && profile.identity_provider_certificate.is_some());
    let json = serde_json::to_string(profile).expect("JSON");
    let order: Vec<usize> = [
        "\"description\"",
        "\"enforceSamlCheckbox\"",
        "\"provider\"",
        "\"metadataUrl\"",
        "\"issuerUrl\"",
        "\"identityProviderCertificate\"",
        "\"allowSingleSignOn\"",
    ]
    .iter()
    .map(|key| json.find(key).unwrap_or_else(|| panic!("{key}")))
    .collect();
    assert!(order.is_sorted(), "the console's order: {json}");
    let text = &step(&plan, "mimecast.create_authentication_profile").text;
    let import = text.find("Metadata URL").expect("Metadata URL");
    let manual = text.find("If Import is not available").expect("fallback");
    assert!(import < manual && text.contains("click Import"));
    for field in [
        "Issuer URL",
        "Login URL",
        "Logout URL",
        "Identity Provider Certificate (Metadata)",
    ] {
        assert!(text[manual..].contains(field), "{field}");
    }
    // Without the application ID there is no URL to import from; the manual values remain.
    let without_app = build_plan(
        &PlanInput {
            app_id: None,
            ..full_input()
        },
        NOW,
    );
    assert_eq!(without_app.authentication_profile.metadata_url, None);
    assert!(without_app.authentication_profile.issuer_url.is_some());
}

#[test]
fn checkboxes_and_provider_carry_the_consoles_names_today_and_before() {
    let plan = plan_in(None);
    let profile = &plan.authentication_profile;
    assert_eq!(ENFORCE_SAML, "Enforce SAML Authentication for Mimecast");
    assert_eq!(profile.enforce_saml_checkbox, ENFORCE_SAML);
    assert_eq!(
        profile.enforce_saml_checkbox_older,
        "Enforce SAML Authentication for Mimecast Personal Portal"
    );
    assert_eq!(
        (profile.provider.as_str(), profile.provider_older.as_str()),
        ("Microsoft Entra ID", "Azure Active Directory")
    );
    assert!(!profile.enforce_saml_for_end_user_applications);
    let keep = &step(&plan, "mimecast.keep_password_sign_in").text;
    assert!(keep.contains(ENFORCE_SAML_END_USER_APPLICATIONS));
    assert!(keep.contains("Outlook") && keep.contains("Mobile") && keep.contains("Mac"));
    assert!(keep.contains("administrator able to sign in with a password"));
    let profile_step = &step(&plan, "mimecast.create_authentication_profile").text;
    assert!(
        profile_step.contains(
            "Enforce SAML Authentication for Mimecast (older: for Mimecast Personal Portal"
        )
    );
    assert!(profile_step.contains("Users & Groups | Applications"));
    assert!(profile_step.contains("Administration > Services > Applications"));
}

#[test]
fn the_checklist_says_what_todays_consoles_need() {
    let plan = plan_in(None);
    let text = |id: &str| step(&plan, id).text.clone();
    assert!(text("mimecast.apply_application_setting").contains("up to 15 minutes"));
    assert!(text("entra.test_sign_on").contains("15 minutes"));
    assert!(text("entra.add_gallery_app").contains("Entra ID > Enterprise apps"));
    let sync = text("mimecast.directory_sync");
    assert!(sync.contains("Directory Synchronization") && sync.contains("Internal Directories"));
    let order: Vec<&str> = plan.checklist.iter().map(|s| s.id.as_str()).collect();
    let position = |id: &str| order.iter().position(|s| *s == id).expect(id);
    assert!(position("mimecast.directory_sync") < position("mimecast.register_domain"));
    assert!(position("mimecast.create_users") < position("entra.assign_users"));
    assert!(text("mimecast.create_users").contains("Without Directory Synchronization"));
    assert!(text("mimecast.create_users").contains("mail attribute is empty"));
    let assignment = text("entra.assignment_required");
    assert!(assignment.contains("AADSTS50105") && assignment.contains("Application Settings"));
    let contexts = text("mimecast.leave_contexts_off");
    assert!(contexts.contains("AADSTS75011") && contexts.contains("signed in with another"));
    assert!(!contexts.contains("always"));
}

#[test]
fn every_step_cites_a_dated_published_page() {
    let plan = plan_in(None);
    for step in &plan.checklist {
        assert!(!step.sources.is_empty(), "{}", step.id);
        for source in &step.sources {
            assert!(
                source.url.starts_with("https://learn.microsoft.com/")
                    || source
                        .url
                        .starts_with("https://mimecastsupport.zendesk.com/hc/en-us/articles/"),
                "{}: {}",
                step.id,
                source.url
            );
            let date = source.date.trim_start_matches("read ");
            assert_eq!(date.len(), 10, "{}: {}", step.id, source.date);
            assert!(!source.title.is_empty());
        }
    }
    let tutorial = &step(&plan, "entra.basic_saml_configuration").sources[0];
    assert_eq!(
        tutorial.title,
        "Configure Mimecast for Single sign-on with Microsoft Entra ID"
    );
    assert_eq!(tutorial.date, "2025-03-25");
}
