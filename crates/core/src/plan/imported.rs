//! A plan built from Entra's federation metadata: how the metadata's tenant, certificates and
//! findings meet what the admin typed.

use crate::certificate::CertificateReport;
use crate::entra::TenantId;
use crate::finding::{Finding, Severity};
use crate::metadata::{FederationMetadata, MetadataCode};

use super::{Findings, field};

/// A tenant ID typed beside the metadata must be the metadata's: an error on `tenantId` when it
/// is another tenant (the Issuer would then belong to neither), the GUID's own error when it is
/// not a tenant ID at all. Nothing when none was typed.
pub(super) fn check_tenant(
    findings: &mut Findings,
    typed: Option<&str>,
    imported: &FederationMetadata,
) {
    let typed = typed.map(str::trim).unwrap_or("");
    if typed.is_empty() {
        return;
    }
    match typed.parse::<TenantId>() {
        Ok(tenant) if tenant != imported.tenant_id => findings.push(
            field::TENANT_ID,
            Finding::new(
                Severity::Error,
                MetadataCode::TenantDiffers,
                format!(
                    "The federation metadata is for tenant {}, not {tenant}: import the metadata \
                     of your own tenant, or correct the tenant ID.",
                    imported.tenant_id
                ),
            ),
        ),
        Ok(_) => {}
        Err(error) => findings.error(field::TENANT_ID, &error),
    }
}

/// The metadata's own findings: the rollover advice and "no valid certificate" are about the
/// certificate; the rest about the metadata.
pub(super) fn add_findings(findings: &mut Findings, imported: &FederationMetadata) {
    for finding in &imported.findings {
        let about =
            if finding.is(MetadataCode::Rollover) || finding.is(MetadataCode::NoValidCertificate) {
                field::CERTIFICATE
            } else {
                field::FEDERATION_METADATA
            };
        findings.push(about, finding.clone());
    }
}

/// The certificate the metadata advises pasting into Mimecast now: the only one valid now. With
/// several valid ones nothing is advised, and an error on `certificate` says the admin must
/// choose the one Entra shows as Active (the metadata does not say which one that is).
pub(super) fn advised(
    findings: &mut Findings,
    imported: &FederationMetadata,
) -> Option<CertificateReport> {
    if imported.choice_needed {
        let thumbprints: Vec<&str> = imported
            .valid_indices
            .iter()
            .filter_map(|index| imported.certificates.get(*index))
            .map(|report| report.thumbprint_sha1.as_str())
            .collect();
        findings.push(
            field::CERTIFICATE,
            Finding::new(
                Severity::Error,
                MetadataCode::CertificateChoiceNeeded,
                format!(
                    "The federation metadata has {} signing certificates valid now ({}), and does \
                     not say which one Entra shows as Active. In Entra's SAML Certificates \
                     section, find the Active one's thumbprint and choose that certificate.",
                    thumbprints.len(),
                    thumbprints.join(", ")
                ),
            ),
        );
        return None;
    }
    imported
        .chosen_index
        .and_then(|index| imported.certificates.get(index))
        .cloned()
}

/// A certificate given beside the metadata should be one of its signing certificates: a warning
/// on `certificate` when it is not (Entra would sign with another one).
pub(super) fn check_listed(
    findings: &mut Findings,
    imported: &FederationMetadata,
    report: &CertificateReport,
) {
    let listed = imported
        .certificates
        .iter()
        .any(|cert| cert.fingerprint_sha256 == report.fingerprint_sha256);
    if !listed {
        findings.push(
            field::CERTIFICATE,
            Finding::new(
                Severity::Warning,
                MetadataCode::CertificateNotListed,
                format!(
                    "The certificate given (thumbprint {}) is not one of the federation metadata's \
                     signing certificates, so Entra does not sign with it. Clear the certificate \
                     field to use the metadata's, or download the certificate again.",
                    report.thumbprint_sha1
                ),
            ),
        );
    }
}
