//! `certificate::normalize` and `certificate::inspect` on any bytes: what an admin pastes or
//! uploads, and what the Worker's certificate route reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::certificate;
use mimecast_sso_fuzz::{NOW, assert_coded, assert_findings};

fuzz_target!(|data: &[u8]| {
    let normalized = certificate::normalize(data);
    match &normalized {
        Ok(found) => {
            assert!(!found.certificates.is_empty());
            for one in &found.certificates {
                assert!(!one.mimecast_body.contains(char::is_whitespace));
            }
        }
        Err(error) => assert_coded(error),
    }
    match certificate::inspect(data, NOW) {
        Ok(report) => {
            assert!(normalized.is_ok(), "inspect read what normalize refused");
            assert_findings(&report.findings);
        }
        Err(error) => assert_coded(&error),
    }
});
