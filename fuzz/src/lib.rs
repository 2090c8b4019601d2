//! What the fuzz targets share: the fixed clock, and the invariants every refusal keeps.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::sync::OnceLock;

use mimecast_sso_core::{Coded, UnixTime, all_codes};

/// 2027-01-01T00:00:00Z: the fixture certificates are all valid then (the tests' `NOW`).
pub const NOW: UnixTime = UnixTime::from_secs(1_798_761_600);

/// Panics unless `code` is one of the core's listed codes ([`all_codes`]): the page's translations
/// and the Worker's JSON are keyed by them, so an unlisted code is a bug even without a panic.
pub fn assert_listed(code: &str) {
    static CODES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let codes = CODES.get_or_init(|| all_codes().collect());
    assert!(codes.contains(code), "unlisted code {code:?}");
}

/// [`assert_listed`] for an error of the core.
pub fn assert_coded(error: &impl Coded) {
    assert_listed(error.code());
}

/// The text of `data` as the Worker reads a body it wants as text (invalid UTF-8 replaced).
pub fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// [`assert_listed`] for every finding, each with a message a person can read.
pub fn assert_findings(findings: &[mimecast_sso_core::Finding]) {
    for finding in findings {
        assert_listed(&finding.code);
        assert!(
            !finding.message.is_empty(),
            "finding {} without a message",
            finding.code
        );
    }
}
