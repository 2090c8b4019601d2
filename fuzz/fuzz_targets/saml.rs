//! `signon::inspect_response` (a pasted SAML response: XML, or the base64 `SAMLResponse` value,
//! URL-encoded or not) and `signon::explain_entra_error` (a pasted AADSTS error page) on any text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::Severity;
use mimecast_sso_core::plan::{Plan, PlanInput, build_plan};
use mimecast_sso_core::signon::{Expected, InspectOptions, explain_entra_error, inspect_response};
use mimecast_sso_fuzz::{NOW, assert_coded, assert_findings, assert_listed, text};

/// A complete plan, so the explanation's fixes fill in the plan's values too.
fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let input = PlanInput {
            region: Some("eu".to_owned()),
            account_code: Some("CUK1A234".to_owned()),
            tenant_id: Some("72f988bf-86f1-41af-91ab-2d7cd011db47".to_owned()),
            app_id: Some("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".to_owned()),
            certificate: Some(
                include_str!("../../crates/core/tests/data/plan/entra-signing.pem").to_owned(),
            ),
            ..PlanInput::default()
        };
        build_plan(&input, NOW)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    match inspect_response(&text, &Expected::default(), InspectOptions::at(NOW)) {
        Ok(report) => {
            assert_findings(&report.findings);
            let error = report
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error);
            assert!(!report.verified || (report.signature_valid && !error));
        }
        Err(error) => assert_coded(&error),
    }
    for plan in [None, Some(plan())] {
        match explain_entra_error(&text, plan) {
            Ok(explanation) => assert_listed(&explanation.explanation_code),
            Err(error) => assert_coded(&error),
        }
    }
});
