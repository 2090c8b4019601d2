//! `PlanInput::from_json` then `build_plan`: the body of the Worker's `POST /api/v1/plan` (read
//! as text the way the Worker reads it) and what the page sends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::plan::{PlanInput, build_plan};
use mimecast_sso_fuzz::{NOW, assert_coded, assert_findings, text};

fuzz_target!(|data: &[u8]| {
    match PlanInput::from_json(&text(data)) {
        Ok(input) => {
            let plan = build_plan(&input, NOW);
            assert_findings(&plan.findings);
            assert!(plan.findings.iter().all(|f| f.field.is_some()));
            // The Worker answers with the plan as JSON; failing to encode it would be a 500.
            assert!(serde_json::to_string(&plan).is_ok());
        }
        Err(error) => assert_coded(&error),
    }
});
