//! `metadata::parse` on any bytes: the Federation Metadata XML an admin drops on the page or the
//! Worker fetches from Entra.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_fuzz::{NOW, assert_coded, assert_findings};

fuzz_target!(|data: &[u8]| {
    match metadata::parse(data, NOW, Scope::Application) {
        Ok(parsed) => {
            let count = parsed.certificates.len();
            assert!(count > 0, "metadata read without a signing certificate");
            let indices = [parsed.chosen_index, parsed.newest_index]
                .into_iter()
                .flatten();
            let lists = parsed.valid_indices.iter().chain(&parsed.expiring_indices);
            assert!(indices.chain(lists.copied()).all(|i| i < count));
            assert_findings(&parsed.findings);
        }
        Err(error) => assert_coded(&error),
    }
});
