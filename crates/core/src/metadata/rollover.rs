//! Several signing certificates: which one Mimecast should hold now, and when to switch.
//!
//! During a certificate rollover Entra's metadata lists the Active certificate and the new one,
//! and does not say which is Active (only Entra's SAML Certificates section does). Mimecast's
//! Authentication Profile holds exactly one certificate, which must be the Active one, so with
//! several valid certificates the admin chooses; the newest is the one to switch to at the moment
//! it is made Active in Entra (Entra mails at 60, 30 and 7 days before the Active one expires).

use super::MetadataCode;
use crate::certificate::{CertCode, CertificateReport, ExpiryBand};
use crate::finding::{Finding, Severity};

/// The choice among the metadata's certificates.
pub(super) struct Choice {
    /// Index of the certificate to paste now: the only one valid now. `None` when none is, or
    /// when several are (then the admin chooses: see `needs_admin`).
    pub chosen: Option<usize>,
    /// Index of the certificate valid now with the latest `notAfter`: during a rollover, the one
    /// to switch to when it is made Active in Entra.
    pub newest: Option<usize>,
    /// Indices of the certificates valid now, in document order.
    pub valid: Vec<usize>,
    /// Several certificates are valid now: which one Entra shows as Active (in the application's
    /// SAML Certificates section) is not in the metadata, so only the admin can choose.
    pub needs_admin: bool,
    /// Indices of certificates expired or in an expiry band (within Entra's first notification,
    /// 60 days: see [`ExpiryBand`]).
    pub expiring: Vec<usize>,
    /// What to do, in English.
    pub advice: String,
    /// `metadata.rollover` and `metadata.no_valid_certificate` findings.
    pub findings: Vec<Finding>,
}

/// Whether `report` is valid at the time it was inspected.
fn valid_now(report: &CertificateReport) -> bool {
    report.expiry.band != ExpiryBand::Expired
        && !report
            .findings
            .iter()
            .any(|f| f.is(CertCode::NotYetValid) || f.is(CertCode::Expired))
}

/// Chooses the certificate to paste now when only one is valid; with several valid ones (a
/// rollover), leaves the choice to the admin, since the metadata does not say which one Entra
/// signs with (the Active one), and names the newest as the one to switch to when it is made
/// Active. Writes the advice.
pub(super) fn choose(certificates: &[CertificateReport]) -> Choice {
    let valid: Vec<usize> = certificates
        .iter()
        .enumerate()
        .filter(|(_, report)| valid_now(report))
        .map(|(index, _)| index)
        .collect();
    let newest = valid
        .iter()
        .map(|index| (*index, &certificates[*index]))
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
    let needs_admin = valid.len() > 1;
    let chosen = if needs_admin { None } else { newest };
    let expiring: Vec<usize> = certificates
        .iter()
        .enumerate()
        .filter(|(_, report)| report.expiry.band != ExpiryBand::Valid)
        .map(|(index, _)| index)
        .collect();
    let state = |i: usize, report: &CertificateReport| {
        let state = if report.expiry.band == ExpiryBand::Expired || !valid.contains(&i) {
            "not valid now".to_owned()
        } else if expiring.contains(&i) {
            format!("expires in {} days", report.days_remaining)
        } else {
            format!("valid until {}", report.not_after)
        };
        format!("{} ({state})", report.thumbprint_sha1)
    };
    let mut findings = Vec::new();
    let advice = match newest {
        None => {
            let message = "None of the metadata's signing certificates is valid now. In Entra, \
                           create a new SAML signing certificate, make it Active, then import the \
                           metadata again.";
            findings.push(Finding::new(
                Severity::Error,
                MetadataCode::NoValidCertificate,
                message,
            ));
            message.to_owned()
        }
        Some(index) if !needs_admin => {
            let only = &certificates[index];
            let mut message = format!(
                "Paste this certificate (thumbprint {}, valid until {}) into Mimecast's Identity \
                 Provider Certificate (Metadata) field, after checking that Entra shows this \
                 thumbprint as Active in the SAML Certificates section.",
                only.thumbprint_sha1, only.not_after
            );
            if certificates.len() > 1 {
                let others: Vec<String> = certificates
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != index)
                    .map(|(i, report)| state(i, report))
                    .collect();
                message.push_str(&format!(
                    " It is the only one of the metadata's {} signing certificates valid now; \
                     the others: {}.",
                    certificates.len(),
                    others.join(", ")
                ));
            }
            message
        }
        Some(index) => {
            let new = &certificates[index];
            let listed: Vec<String> = valid.iter().map(|i| state(*i, &certificates[*i])).collect();
            let message = format!(
                "The metadata lists {} signing certificates valid now: Entra is rolling its \
                 certificate over. Mimecast holds one certificate, and it must be the one Entra \
                 shows as Active in the application's SAML Certificates section; the metadata does \
                 not say which one that is. Compare the thumbprints ({}) with the Active one in \
                 Entra and paste that one into Mimecast. The newest is {} (valid until {}): paste \
                 it into Mimecast at the moment you make it Active in Entra, since sign-on fails \
                 while the two differ.",
                valid.len(),
                listed.join(", "),
                new.thumbprint_sha1,
                new.not_after,
            );
            findings.push(
                Finding::new(Severity::Warning, MetadataCode::Rollover, message.clone())
                    .with_field("certificate"),
            );
            message
        }
    };
    Choice {
        chosen,
        newest,
        valid,
        needs_admin,
        expiring,
        advice,
        findings,
    }
}
