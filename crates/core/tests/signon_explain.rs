//! The Entra error explainer, through the public API: one pasted page per explained code, the
//! plan's values in the fix, bare codes, unknown codes, the refusals, and the IDs (kept only when
//! they have their shape).

#[path = "support/plan.rs"]
mod support;

use mimecast_sso_core::plan::{Console, Plan, build_plan};
use mimecast_sso_core::signon::{
    ERROR_LOOKUP_URL, EntraErrorExplanation, ErrorPage, ExplainCode, ExplainError,
    MAX_ERROR_TEXT_BYTES, explain_entra_error,
};
use mimecast_sso_core::{Coded, all_codes};
use proptest::prelude::*;
use support::*;

macro_rules! page {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/entra-errors/",
            $name
        ))
    };
}

#[path = "signon_explain/plan_values.rs"]
mod plan_values;
#[path = "signon_explain/reading.rs"]
mod reading;

fn plan() -> Plan {
    build_plan(&full_input(), NOW)
}

/// Explains `text`, which must succeed with `code`, and checks what every explanation has.
fn explained(text: &str, plan: Option<&Plan>, code: ExplainCode) -> EntraErrorExplanation {
    let explanation = explain_entra_error(text, plan).expect("explained");
    assert_eq!(explanation.explanation_code, code.code());
    assert!(!explanation.title.is_empty());
    assert!(!explanation.cause.is_empty());
    assert!(!explanation.fix.is_empty());
    assert!(explanation.source.starts_with("https://"));
    assert!(all_codes().any(|c| c == explanation.explanation_code));
    explanation
}

/// Checks a pasted Entra page: its code, that it is explained, its IDs and the start of its message.
fn entra_page(text: &str, code: ExplainCode, number: u32, message_start: &str) {
    let explanation = explained(text, None, code);
    assert_eq!(explanation.number, Some(number));
    assert_eq!(explanation.code, Some(format!("AADSTS{number}")));
    assert_eq!(explanation.page, ErrorPage::Entra);
    assert!(explanation.known);
    assert!(explanation.plan_values.is_empty());
    assert!(
        explanation
            .source
            .starts_with("https://learn.microsoft.com/en-us/"),
        "{}",
        explanation.source
    );
    let message = explanation.message.expect("message");
    assert!(message.starts_with(message_start), "{message}");
    assert!(!message.contains("AADSTS"), "{message}");
    assert_eq!(
        explanation.app_id.as_deref(),
        Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    );
    for id in [&explanation.request_id, &explanation.correlation_id] {
        assert_eq!(id.as_ref().map(String::len), Some(36), "{id:?}");
    }
    assert!(
        explanation
            .timestamp
            .expect("timestamp")
            .starts_with("2026-11-30T10:")
    );
}

#[test]
fn reply_url_mismatch_50011_with_its_ids() {
    let text = page!("aadsts50011.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50011,
        50011,
        "The redirect URI 'https://us-api",
    );
    let explanation = explain_entra_error(text, None).expect("explained");
    assert_eq!(
        explanation.request_id.as_deref(),
        Some("3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00")
    );
    assert_eq!(
        explanation.correlation_id.as_deref(),
        Some("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6")
    );
    assert_eq!(
        explanation.timestamp.as_deref(),
        Some("2026-11-30T10:11:12.345Z")
    );
    assert!(
        explanation
            .message
            .expect("message")
            .ends_with("how to fix this.")
    );
}

#[test]
fn application_not_found_700016() {
    let text = page!("aadsts700016.txt");
    entra_page(
        text,
        ExplainCode::Aadsts700016,
        700016,
        "Application with identifier",
    );
}

#[test]
fn authentication_method_mismatch_75011() {
    let text = page!("aadsts75011.txt");
    entra_page(
        text,
        ExplainCode::Aadsts75011,
        75011,
        "Authentication method 'X509",
    );
}

#[test]
fn user_not_assigned_50105() {
    let text = page!("aadsts50105.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50105,
        50105,
        "Your administrator has configured",
    );
}

#[test]
fn federation_realm_not_found_50107() {
    let text = page!("aadsts50107.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50107,
        50107,
        "The requested federation realm",
    );
}

#[test]
fn saml_request_missing_750054() {
    let text = page!("aadsts750054.txt");
    entra_page(
        text,
        ExplainCode::Aadsts750054,
        750054,
        "SAMLRequest or SAMLResponse",
    );
}

#[test]
fn user_account_not_found_50034() {
    let text = page!("aadsts50034.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50034,
        50034,
        "The user account {EmailHidden}",
    );
}

#[test]
fn wrong_password_50126() {
    let text = page!("aadsts50126.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50126,
        50126,
        "Error validating credentials",
    );
}

#[test]
fn no_signing_key_50003() {
    let text = page!("aadsts50003.txt");
    entra_page(
        text,
        ExplainCode::Aadsts50003,
        50003,
        "No signing key configured.",
    );
}

#[test]
fn conditional_access_53003() {
    let text = page!("aadsts53003.txt");
    entra_page(
        text,
        ExplainCode::Aadsts53003,
        53003,
        "Access has been blocked",
    );
}

#[test]
fn mimecasts_own_page_is_recognised_without_a_code() {
    let explanation = explained(page!("mimecast-saml.txt"), None, ExplainCode::MimecastSaml);
    assert_eq!(explanation.page, ErrorPage::Mimecast);
    assert_eq!((explanation.code, explanation.number), (None, None));
    assert!(explanation.known);
    assert_eq!(explanation.message, None);
    assert!(explanation.source.contains("mimecast"));
}

#[test]
fn a_bare_code_is_explained_without_message_or_ids() {
    let explanation = explained("AADSTS50011", None, ExplainCode::Aadsts50011);
    assert_eq!(explanation.number, Some(50011));
    assert_eq!(explanation.message, None);
    assert_eq!(explanation.request_id, None);
    assert_eq!(explanation.correlation_id, None);
    assert_eq!(explanation.timestamp, None);
}

#[test]
fn a_code_without_prefix_or_in_lower_case_is_read() {
    for text in [
        "50011",
        "  50011\n",
        "aadsts50011",
        "Error AADSTS50011 - reply URL",
    ] {
        let explanation = explained(text, None, ExplainCode::Aadsts50011);
        assert_eq!(explanation.code.as_deref(), Some("AADSTS50011"), "{text}");
    }
    let logs = "Sign-in error code: 50105\nFailure reason: The signed in user is not assigned";
    assert_eq!(
        explained(logs, None, ExplainCode::Aadsts50105).number,
        Some(50105)
    );
}

#[test]
fn an_unknown_code_keeps_its_message_and_ids_and_points_to_the_lookup() {
    let text = "AADSTS90002: Tenant 'contoso.example' not found.\nRequest Id: \
                3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00\nCorrelation Id: \
                0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\nTimestamp: 2026-11-30T10:11:12Z";
    let explanation = explained(text, None, ExplainCode::Unknown);
    assert!(!explanation.known);
    assert_eq!(explanation.number, Some(90002));
    assert_eq!(explanation.source, format!("{ERROR_LOOKUP_URL}?code=90002"));
    assert!(explanation.fix[0].contains("https://login.microsoftonline.com/error?code=90002"));
    assert_eq!(
        explanation.message.as_deref(),
        Some("Tenant 'contoso.example' not found.")
    );
    assert!(explanation.request_id.is_some() && explanation.correlation_id.is_some());
    assert_eq!(
        explanation.timestamp.as_deref(),
        Some("2026-11-30T10:11:12Z")
    );
}

#[test]
fn nothing_pasted_is_refused() {
    for text in ["", "  \n\t "] {
        let error = explain_entra_error(text, None).expect_err("refused");
        assert_eq!(error, ExplainError::Empty);
        assert_eq!(error.code(), ExplainCode::Empty.code());
        assert_eq!(error.status(), 400);
        assert!(error.to_string().contains("AADSTS50011"));
    }
}

#[test]
fn text_without_a_code_is_refused() {
    for text in [
        "Sorry, but we're having trouble signing you in.",
        "AADSTS",
        "AADSTS123: too short",
        "AADSTS123456789: too long",
        "1234",
        "123456789",
        "Request Id: 3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00",
    ] {
        let error = explain_entra_error(text, None).expect_err(text);
        assert_eq!(error, ExplainError::NoCode, "{text}");
        assert_eq!(error.code(), ExplainCode::NoCode.code());
    }
}

#[test]
fn an_oversized_text_is_refused_with_413() {
    let text = format!("AADSTS50011 {}", "x".repeat(MAX_ERROR_TEXT_BYTES));
    let error = explain_entra_error(&text, None).expect_err("too large");
    assert_eq!(error, ExplainError::TooLarge { len: text.len() });
    assert_eq!(error.code(), ExplainCode::TooLarge.code());
    assert_eq!(error.status(), 413);
    let limit = format!("AADSTS50011 {}", "x".repeat(MAX_ERROR_TEXT_BYTES - 12));
    assert!(explain_entra_error(&limit, None).is_ok());
}

#[test]
fn the_json_shape_is_camel_case() {
    let plan = plan();
    let explanation = explained(
        page!("aadsts50011.txt"),
        Some(&plan),
        ExplainCode::Aadsts50011,
    );
    let json: serde_json::Value = serde_json::to_value(&explanation).expect("json");
    for key in [
        "code",
        "number",
        "page",
        "known",
        "explanationCode",
        "title",
        "cause",
        "fix",
        "planValues",
        "message",
        "requestId",
        "correlationId",
        "timestamp",
        "appId",
        "source",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["page"], "entra");
    assert_eq!(json["planValues"][0]["console"], "entra");
    let back: EntraErrorExplanation = serde_json::from_value(json).expect("read back");
    assert_eq!(back, explanation);
}

#[test]
fn every_explainer_code_is_listed_under_entra_error() {
    for code in ExplainCode::ALL {
        assert!(code.code().starts_with("entra_error."), "{}", code.code());
        assert!(all_codes().any(|c| c == code.code()));
    }
}

proptest! {
    #[test]
    fn any_text_is_answered_without_panicking(text in "\\PC{0,300}") {
        if let Ok(explanation) = explain_entra_error(&text, None) {
            for id in [&explanation.request_id, &explanation.correlation_id, &explanation.app_id]
                .into_iter()
                .flatten()
            {
                prop_assert_eq!(id.len(), 36);
            }
        }
    }

    #[test]
    fn labels_and_codes_with_any_tail_never_panic(
        label in "(AADSTS|aadsts|Request Id:|Timestamp: 2026-|Correlation Id:\n|App id|error code)",
        tail in "[0-9a-fA-F:\\- TZ.é€\n]{0,60}",
    ) {
        let _ = explain_entra_error(&format!("{label}{tail}"), None);
        let _ = explain_entra_error(&format!("AADSTS50011 {label}{tail}"), Some(&plan()));
    }
}
