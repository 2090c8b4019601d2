//! `provisioning::read_csv` on any bytes: the users file an admin uploads on the users step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mimecast_sso_core::provisioning::{CsvLimits, read_csv};
use mimecast_sso_fuzz::assert_listed;

fuzz_target!(|data: &[u8]| {
    match read_csv(data, CsvLimits::default()) {
        Ok(import) => {
            assert!(matches!(import.delimiter, ',' | ';'));
            assert!(import.rows.len() <= import.records);
            for row in &import.rows {
                assert!(row.line >= 2, "a data row on the header's line");
                assert_eq!(row.has_password, row.password.is_some());
            }
            for error in &import.errors {
                assert_listed(&error.code);
                assert!(!error.message.is_empty());
            }
        }
        Err(finding) => assert_listed(&finding.code),
    }
});
