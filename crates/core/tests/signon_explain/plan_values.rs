//! The plan's values in the fix: each explained code names the fields of the plan it refers to,
//! under the consoles' names, and none without a plan.

use super::*;

#[test]
fn the_fix_names_the_plans_reply_url_for_50011() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts50011.txt"),
        Some(&plan),
        ExplainCode::Aadsts50011,
    );
    let values: Vec<_> = explanation
        .plan_values
        .iter()
        .map(|v| (v.console, v.label.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [(
            Console::Entra,
            "Reply URL (Assertion Consumer Service URL)",
            "https://eu-api.mimecast.com/login/saml"
        )]
    );
    assert!(
        explanation
            .fix
            .iter()
            .any(|step| step.contains("Basic SAML Configuration"))
    );
}

#[test]
fn the_fix_names_identifier_application_and_login_url_for_700016() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts700016.txt"),
        Some(&plan),
        ExplainCode::Aadsts700016,
    );
    let value = |label: &str| {
        explanation
            .plan_values
            .iter()
            .find(|v| v.label == label)
            .map(|v| v.value.clone())
    };
    assert_eq!(
        value("Identifier (Entity ID)").as_deref(),
        Some("https://eu-api.mimecast.com/sso/CUK1A234")
    );
    assert_eq!(value("Application ID").as_deref(), Some(APP));
    assert_eq!(
        value("Login URL"),
        Some(format!("https://login.microsoftonline.com/{TENANT}/saml2"))
    );
}

#[test]
fn the_fix_wants_both_context_checkboxes_cleared_for_75011() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts75011.txt"),
        Some(&plan),
        ExplainCode::Aadsts75011,
    );
    let values: Vec<_> = explanation
        .plan_values
        .iter()
        .map(|v| (v.console, v.label.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            (
                Console::Mimecast,
                "Use Password protected Context",
                "cleared"
            ),
            (
                Console::Mimecast,
                "Use Integrated Authentication Context",
                "cleared"
            ),
        ]
    );
    assert!(
        explanation
            .fix
            .iter()
            .any(|step| step.contains("Authentication Profiles"))
    );
}

#[test]
fn the_fix_points_to_users_and_groups_and_the_application_for_50105() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts50105.txt"),
        Some(&plan),
        ExplainCode::Aadsts50105,
    );
    assert!(
        explanation
            .fix
            .iter()
            .any(|step| step.contains("Users and groups"))
    );
    assert_eq!(explanation.plan_values.len(), 1);
    assert_eq!(explanation.plan_values[0].value, APP);
}

#[test]
fn the_fix_names_sign_on_url_and_login_url_for_750054() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts750054.txt"),
        Some(&plan),
        ExplainCode::Aadsts750054,
    );
    let labels: Vec<&str> = explanation
        .plan_values
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(labels, ["Sign on URL", "Login URL"]);
}

#[test]
fn mimecasts_page_with_a_plan_names_issuer_and_thumbprint() {
    let plan = plan();
    let explanation = explained(
        page!("mimecast-saml.txt"),
        Some(&plan),
        ExplainCode::MimecastSaml,
    );
    let labels: Vec<&str> = explanation
        .plan_values
        .iter()
        .map(|v| v.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Issuer URL",
            "Thumbprint",
            "Identifier (Entity ID)",
            "Reply URL (Assertion Consumer Service URL)"
        ]
    );
    assert_eq!(
        explanation.plan_values[0].value,
        format!("https://sts.windows.net/{TENANT}/")
    );
}

#[test]
fn an_empty_plan_gives_no_values() {
    let empty = build_plan(&Default::default(), NOW);
    let explanation = explained("AADSTS700016", Some(&empty), ExplainCode::Aadsts700016);
    assert!(explanation.plan_values.is_empty());
}
