//! Findings about the certificate Mimecast will hold: expiry bands, weak algorithms,
//! self-signature, Entra origin, and the choice among several certificates.

use super::expiry::ExpiryBand;
use super::facts::{ENTRA_COMMON_NAME, Facts, Reason};
use super::signature::Verdict;
use super::signature::{Hash, Scheme};
use super::{CertCode, FIELD};
use crate::finding::{Finding, Severity};
use crate::time::UnixTime;

/// The smallest RSA modulus still acceptable: NIST SP 800-131A disallows RSA under 2048 bits for
/// signatures, and Entra creates 2048-bit keys.
const MIN_RSA_BITS: u32 = 2048;

/// Every finding about one certificate judged at `now`, unsorted.
pub(super) fn of(facts: &Facts, now: UnixTime) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut add = |severity, code, message: String| {
        findings.push(Finding::new(severity, code, message).with_field(FIELD));
    };
    let days_left = now.days_until(facts.not_after);
    let band = ExpiryBand::of(days_left);
    if let (Some(code), Some(severity)) = (band.code(), band.severity()) {
        let not_after = facts.not_after.to_rfc3339();
        let message = match band.within_days() {
            Some(days) => format!(
                "The certificate expires on {not_after}, within {days} days ({} left; Entra \
                 mails at 60, 30 and 7 days before expiry). Create a new certificate in Entra \
                 and update the Mimecast Authentication Profile before then.",
                plural_days(days_left)
            ),
            None => format!(
                "The certificate expired on {not_after}. Sign-on fails with an expired signing \
                 certificate: in Entra, create a new certificate under SAML Certificates, make it \
                 active, and paste it into the Mimecast Authentication Profile."
            ),
        };
        add(severity, code, message);
    }
    if now < facts.not_before {
        add(
            Severity::Error,
            CertCode::NotYetValid,
            format!(
                "The certificate is not valid until {}; check the date it was issued with and \
                 your clock.",
                facts.not_before.to_rfc3339()
            ),
        );
    }
    if matches!(
        facts.scheme,
        Scheme::RsaPkcs1(Hash::Sha1) | Scheme::Ecdsa(Hash::Sha1)
    ) {
        add(
            Severity::Warning,
            CertCode::Sha1Signature,
            format!(
                "The certificate is signed with SHA-1 ({}), which is deprecated; Entra creates \
                 SHA-256 certificates by default.",
                facts.signature_algorithm
            ),
        );
    }
    if facts.key.algorithm == "RSA" && facts.key.bits < MIN_RSA_BITS {
        add(
            Severity::Error,
            CertCode::WeakKey,
            format!(
                "The RSA key is {} bits; keys under {MIN_RSA_BITS} bits are too weak (NIST SP \
                 800-131A). Entra creates {MIN_RSA_BITS}-bit keys.",
                facts.key.bits
            ),
        );
    }
    if !facts.self_issued {
        add(
            Severity::Warning,
            CertCode::NotSelfSigned,
            format!(
                "The certificate is issued by {}, not self-signed. Entra's SAML signing \
                 certificates are self-signed: check that this is the certificate from the \
                 Entra app's SAML Certificates section.",
                facts.issuer
            ),
        );
    }
    match facts.self_signature {
        Some(Verdict::Invalid) => add(
            Severity::Error,
            CertCode::SelfSignatureInvalid,
            "The certificate's signature does not verify with its own public key: it is damaged \
             or altered. Download it again from Entra."
                .to_owned(),
        ),
        Some(Verdict::Unchecked) => add(
            Severity::Info,
            CertCode::SelfSignatureUnchecked,
            format!(
                "The self-signature ({}, {} key) was not checked: only RSA PKCS#1 v1.5 signatures \
                 with 1024- to 8192-bit keys and ECDSA P-256 signatures are verified here.",
                facts.signature_algorithm, facts.key.algorithm
            ),
        ),
        _ => {}
    }
    if !facts.is_entra_signing {
        add(
            Severity::Info,
            CertCode::NotEntra,
            format!(
                "The subject is {}, not CN={ENTRA_COMMON_NAME}, the name Entra gives the SAML \
                 signing certificates it creates. That is fine for a certificate you imported \
                 into Entra yourself; otherwise check that you copied the right certificate.",
                display_name(&facts.subject)
            ),
        );
    }
    findings
}

/// The finding that says which of several certificates is used, and why, by position, subject and
/// thumbprint.
///
/// During a rollover Entra's metadata lists the new certificate beside the active one before it is
/// made active (Microsoft Learn, "Manage certificates for federated single sign-on"); the latest
/// `notAfter` may then be the new one, which Entra does not sign with yet. So the finding asks the
/// admin to check that the chosen one is the certificate marked Active in Entra.
pub(super) fn multiple(
    count: usize,
    index: usize,
    subject: &str,
    thumbprint: &str,
    reason: Reason,
) -> Finding {
    let why = match reason {
        Reason::EntraValidLatest => {
            "it is the Entra SAML signing certificate that is valid now with the latest expiry"
        }
        Reason::First => {
            "none is an Entra SAML signing certificate valid now, so the first one is used"
        }
    };
    Finding::new(
        Severity::Warning,
        CertCode::Multiple,
        format!(
            "{count} certificates were given, but Mimecast holds exactly one. Certificate {} ({}, \
             thumbprint {thumbprint}) is used because {why}. During a certificate rollover Entra \
             lists a new certificate before it is active: in the Mimecast application's SAML \
             Signing Certificate section in Entra, check that the certificate marked Active has \
             thumbprint {thumbprint}; if not, give the Active certificate alone.",
            index.saturating_add(1),
            display_name(subject)
        ),
    )
    .with_field(FIELD)
}

fn plural_days(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "an empty name"
    } else {
        name
    }
}
