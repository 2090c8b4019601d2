//! Inspection: the certificate Mimecast should hold, chosen among those given, and the report on
//! it with its findings.

use std::cmp::Reverse;

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::facts::{Facts, Reason, upper_hex};
use super::findings;
use super::signature::{SignatureCheck, Verifier};
use super::{CertificateError, CertificateReport, Expiry, NormalizedCertificate};
use crate::time::UnixTime;

pub(super) fn inspect(
    input: &[u8],
    now: UnixTime,
    verifier: &dyn Verifier,
) -> Result<CertificateReport, CertificateError> {
    let normalized = super::normalize::normalize(input)?;
    // At most MAX_CERTIFICATES (normalize refuses more); the choice does not depend on the
    // self-signature, which is checked for the chosen certificate alone.
    let mut facts = normalized
        .certificates
        .iter()
        .map(|certificate| Facts::read(&certificate.der))
        .collect::<Result<Vec<_>, _>>()?;
    let count = facts.len();
    let (index, reason) = choose(&facts, now);
    let (Some(chosen), Some(certificate)) =
        (facts.get_mut(index), normalized.certificates.get(index))
    else {
        return Err(CertificateError::Unrecognized);
    };
    chosen.check_self_signature(&certificate.der, verifier)?;
    let thumbprint = upper_hex(&Sha1::digest(&certificate.der));
    let mut findings = findings::of(chosen, now);
    if count > 1 {
        findings.push(findings::multiple(
            count,
            index,
            &chosen.subject,
            &thumbprint,
            reason,
        ));
    }
    crate::Finding::sort_by_severity(&mut findings);
    Ok(report(certificate, chosen, now, count, index, findings))
}

/// The self-signature of the certificate [`inspect`] would choose in `input`, as a check for a
/// verifier; `None` when there is none to check (not self-issued, malformed, or of a kind the core
/// does not check).
pub(super) fn self_signature_check(input: &[u8], now: UnixTime) -> Option<SignatureCheck> {
    let normalized = super::normalize::normalize(input).ok()?;
    let facts = normalized
        .certificates
        .iter()
        .map(|certificate| Facts::read(&certificate.der))
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let (index, _) = choose(&facts, now);
    let (chosen, certificate) = (facts.get(index)?, normalized.certificates.get(index)?);
    if !chosen.self_issued {
        return None;
    }
    chosen.signature_check(&certificate.der).ok()?.ok()
}

/// The certificate Mimecast should hold: the Entra signing certificate valid at `now` with the
/// latest `notAfter` (the earliest in the input on a tie), else the first.
fn choose(facts: &[Facts], now: UnixTime) -> (usize, Reason) {
    facts
        .iter()
        .enumerate()
        .filter(|(_, facts)| facts.is_entra_signing && facts.valid_at(now))
        .max_by_key(|(index, facts)| (facts.not_after, Reverse(*index)))
        .map_or((0, Reason::First), |(index, _)| {
            (index, Reason::EntraValidLatest)
        })
}

fn report(
    certificate: &NormalizedCertificate,
    facts: &Facts,
    now: UnixTime,
    certificates_found: usize,
    selected_index: usize,
    findings: Vec<crate::Finding>,
) -> CertificateReport {
    let days_remaining = now.days_until(facts.not_after);
    CertificateReport {
        subject: facts.subject.clone(),
        issuer: facts.issuer.clone(),
        serial_number: facts.serial_number.clone(),
        not_before: facts.not_before.to_rfc3339(),
        not_after: facts.not_after.to_rfc3339(),
        days_remaining,
        expiry: Expiry::of(days_remaining),
        key: facts.key.clone(),
        signature_algorithm: facts.signature_algorithm.clone(),
        thumbprint_sha1: upper_hex(&Sha1::digest(&certificate.der)),
        fingerprint_sha256: upper_hex(&Sha256::digest(&certificate.der)),
        self_issued: facts.self_issued,
        self_signature_valid: facts.self_signature_valid(),
        is_entra_signing: facts.is_entra_signing,
        certificates_found,
        selected_index,
        mimecast_body: certificate.mimecast_body.clone(),
        pem: certificate.pem.clone(),
        findings,
    }
}
