//! The plan builder and JSON reader on arbitrary input: never a panic, always a consistent plan.

#[path = "support/plan.rs"]
mod support;

use mimecast_sso_core::plan::{Plan, PlanInput, build_plan};
use mimecast_sso_core::{Coded, UnixTime};
use proptest::prelude::*;
use support::*;

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
        sign_on_mode in any_field(),
        now in any::<i64>(),
    ) {
        let input = PlanInput {
            region, account_code, tenant_id, app_id, certificate, description, legacy_sign_on_url,
            sign_on_mode, federation_metadata: None,
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
