//! Several signing certificates: which one Mimecast should hold now, and when to switch.
//!
//! During a certificate rollover Entra's metadata lists the Active certificate and the new one.
//! Mimecast's Authentication Profile holds exactly one certificate, so it must be switched at the
//! moment the new certificate is made Active in Entra (Entra mails at 60, 30 and 7 days before
//! the Active one expires).

use crate::certificate::CertificateReport;
use crate::finding::{Finding, Severity};

/// Days before expiry from which a certificate counts as about to expire: Entra's first
/// notification mail comes 60 days before.
pub(super) const EXPIRING_DAYS: i64 = 60;

/// The choice among the metadata's certificates.
pub(super) struct Choice {
    /// Index of the certificate valid now with the latest `notAfter`.
    pub chosen: Option<usize>,
    /// Indices of certificates expired or expiring within [`EXPIRING_DAYS`].
    pub expiring: Vec<usize>,
    /// What to do, in English.
    pub advice: String,
    /// `metadata.rollover` and `metadata.no_valid_certificate` findings.
    pub findings: Vec<Finding>,
}

/// Whether `report` is valid at the time it was inspected.
fn valid_now(report: &CertificateReport) -> bool {
    report.days_remaining >= 0
        && !report
            .findings
            .iter()
            .any(|f| f.code == "cert.not_yet_valid" || f.code == "cert.expired")
}

/// Chooses the certificate valid now with the latest `notAfter` (an Entra signing certificate
/// first on a tie) and writes the advice.
pub(super) fn choose(certificates: &[CertificateReport]) -> Choice {
    let chosen = certificates
        .iter()
        .enumerate()
        .filter(|(_, report)| valid_now(report))
        .max_by(|(ia, a), (ib, b)| {
            // RFC 3339 UTC strings of one format order as the times do.
            (
                a.not_after.as_str(),
                a.is_entra_signing,
                std::cmp::Reverse(*ia),
            )
                .cmp(&(
                    b.not_after.as_str(),
                    b.is_entra_signing,
                    std::cmp::Reverse(*ib),
                ))
        })
        .map(|(index, _)| index);
    let expiring: Vec<usize> = certificates
        .iter()
        .enumerate()
        .filter(|(_, report)| report.days_remaining < EXPIRING_DAYS)
        .map(|(index, _)| index)
        .collect();
    let mut findings = Vec::new();
    let advice = match chosen {
        None => {
            let message = "None of the metadata's signing certificates is valid now. In Entra, \
                           create a new SAML signing certificate, make it Active, then import the \
                           metadata again.";
            findings.push(Finding::new(
                Severity::Error,
                "metadata.no_valid_certificate",
                message,
            ));
            message.to_owned()
        }
        Some(index) if certificates.len() == 1 => format!(
            "Paste this certificate (thumbprint {}, valid until {}) into Mimecast's Identity \
             Provider Certificate (Metadata) field, after checking that Entra shows this \
             thumbprint as Active in the SAML Certificates section.",
            certificates[index].thumbprint_sha1, certificates[index].not_after
        ),
        Some(index) => {
            let new = &certificates[index];
            let others: Vec<String> = certificates
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(i, report)| {
                    let state = if report.days_remaining < 0 {
                        "expired".to_owned()
                    } else if expiring.contains(&i) {
                        format!("expires in {} days", report.days_remaining)
                    } else {
                        format!("valid until {}", report.not_after)
                    };
                    format!("{} ({state})", report.thumbprint_sha1)
                })
                .collect();
            let message = format!(
                "The metadata lists {} signing certificates: Entra is rolling its certificate over. \
                 Mimecast holds one certificate, and it must be the one Entra marks Active. The \
                 newest valid one is {} (valid until {}); the others: {}. If Entra shows {} as \
                 Active, paste it into Mimecast now. Otherwise keep the Active one in Mimecast and \
                 paste {} at the moment you make it Active in Entra: sign-on fails while the two \
                 differ.",
                certificates.len(),
                new.thumbprint_sha1,
                new.not_after,
                others.join(", "),
                new.thumbprint_sha1,
                new.thumbprint_sha1,
            );
            findings.push(
                Finding::new(Severity::Warning, "metadata.rollover", message.clone())
                    .with_field("certificate"),
            );
            message
        }
    };
    Choice {
        chosen,
        expiring,
        advice,
        findings,
    }
}
