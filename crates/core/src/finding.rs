//! Findings: what validation says about an input, as data rather than as an error.
//!
//! Validation returns every finding at once, so an admin sees all problems in one pass. Each finding
//! carries a stable machine `code` (the same one the page translates and the Worker returns), an
//! English `message`, a severity and, where it applies, the input `field` it is about.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::code::Coded;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    /// The value cannot be used as it is: sign-on will fail.
    Error,
    /// The value works today but needs attention (for example a certificate close to expiry).
    Warning,
    /// Something worth knowing; nothing to fix.
    Info,
}

/// One thing validation found, ready to show to an admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// Stable machine code, for example `cert.expired`; listed in [`crate::all_codes`].
    pub code: String,
    /// The input field the finding is about as named in the JSON input (`region`, `accountCode`, `tenantId`, `certificate`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// English explanation; the page translates by `code`.
    pub message: String,
}

impl Finding {
    /// Orders `findings` by severity, errors first, keeping the order within a severity.
    ///
    /// An insertion sort: a check yields a handful of findings, and `slice::sort_by_key` (driftsort)
    /// adds 2.8 KB to the page's wasm module, which has a size budget (docs/embedding.md).
    pub(crate) fn sort_by_severity(findings: &mut [Finding]) {
        for end in 1..findings.len() {
            let mut at = end;
            while at > 0 && findings[at - 1].severity > findings[at].severity {
                findings.swap(at - 1, at);
                at -= 1;
            }
        }
    }

    /// A finding with the given severity, code and message, about no particular field.
    pub fn new(severity: Severity, code: impl Coded, message: impl Into<String>) -> Self {
        Self {
            severity,
            code: code.code().to_owned(),
            field: None,
            message: message.into(),
        }
    }

    /// An error-severity finding with `code` and `message`.
    pub fn error(code: impl Coded, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// An error-severity finding made from a coded error.
    pub fn from_error<E: Coded + fmt::Display + ?Sized>(error: &E) -> Self {
        Self {
            severity: Severity::Error,
            code: error.code().to_owned(),
            field: None,
            message: error.to_string(),
        }
    }

    /// Whether this finding has `code`.
    pub fn is(&self, code: impl Coded) -> bool {
        self.code == code.code()
    }

    /// The same finding, about `field`.
    #[must_use]
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::{Finding, Severity};

    #[test]
    fn sorting_by_severity_puts_errors_first_and_keeps_the_order_within_a_severity() {
        let finding = |severity, message: &str| {
            Finding::new(severity, crate::region::RegionError::Empty, message)
        };
        let mut findings = vec![
            finding(Severity::Info, "i1"),
            finding(Severity::Warning, "w1"),
            finding(Severity::Error, "e1"),
            finding(Severity::Info, "i2"),
            finding(Severity::Error, "e2"),
            finding(Severity::Warning, "w2"),
        ];
        Finding::sort_by_severity(&mut findings);
        let order: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(order, ["e1", "e2", "w1", "w2", "i1", "i2"]);
    }
}
