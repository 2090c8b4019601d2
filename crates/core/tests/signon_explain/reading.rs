//! Reading what was pasted: an OAuth error body, IDs on the line below their labels, junk in
//! the IDs refused, and a long message cut.

use super::*;

#[test]
fn oauth_error_body_7500514_gives_message_and_ids_from_its_json() {
    let text = page!("aadsts7500514.json");
    let explanation = explained(text, None, ExplainCode::Aadsts7500514);
    assert_eq!(explanation.number, Some(7_500_514));
    assert_eq!(
        explanation.message.as_deref(),
        Some(
            "A supported type of SAML response was not found. The supported response types are \
             'Response' (in XML namespace 'urn:oasis:names:tc:SAML:2.0:protocol') or 'Assertion' \
             (in XML namespace 'urn:oasis:names:tc:SAML:2.0:assertion')."
        )
    );
    assert_eq!(
        explanation.request_id.as_deref(),
        Some("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")
    );
    assert_eq!(
        explanation.correlation_id.as_deref(),
        Some("6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0")
    );
    assert_eq!(
        explanation.timestamp.as_deref(),
        Some("2026-11-30 10:11:12Z")
    );
    assert_eq!(explanation.app_id, None);
}

#[test]
fn ids_on_the_line_below_their_labels_are_read() {
    let text = "AADSTS50105: not assigned\nRequest Id\n3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00\n\
                Correlation Id\n0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\nTimestamp\n\
                2026-11-30T10:11:12Z\n";
    let explanation = explained(text, None, ExplainCode::Aadsts50105);
    assert_eq!(
        explanation.request_id.as_deref(),
        Some("3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e00")
    );
    assert!(explanation.correlation_id.is_some());
    assert_eq!(
        explanation.timestamp.as_deref(),
        Some("2026-11-30T10:11:12Z")
    );
    assert_eq!(explanation.message.as_deref(), Some("not assigned"));
}

#[test]
fn junk_in_the_ids_is_refused_not_echoed() {
    let long = "a".repeat(10_000);
    let text = format!(
        "AADSTS50011: mismatch\nRequest Id: <script>alert(1)</script>\nCorrelation Id: \
         0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6zz\nTimestamp: 2026-13-45T99:99:99Z\nApp id: {long}\n\
         Trace ID: 3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e0\n"
    );
    let explanation = explained(&text, None, ExplainCode::Aadsts50011);
    assert_eq!(explanation.request_id, None);
    assert_eq!(explanation.correlation_id, None);
    assert_eq!(explanation.timestamp, None);
    assert_eq!(explanation.app_id, None);
    let json = serde_json::to_string(&explanation).expect("json");
    assert!(!json.contains("script") && !json.contains(&long));
}

#[test]
fn a_long_message_is_cut_and_control_characters_are_removed() {
    let text = format!("AADSTS50011: a\u{7}b {}", "word ".repeat(1000));
    let explanation = explained(&text, None, ExplainCode::Aadsts50011);
    let message = explanation.message.expect("message");
    assert!(message.starts_with("a b word"));
    assert!(message.chars().count() <= 1001);
    assert!(message.ends_with('…'));
}
