//! The signing certificates of a metadata document, each normalized and inspected by
//! [`crate::certificate`].

use roxmltree::Node;

use super::{DS, MD, MetadataError, is};
use crate::certificate::{self, CertificateReport};
use crate::finding::Finding;
use crate::time::UnixTime;

/// Every distinct signing certificate of every `KeyDescriptor` (`use="signing"` or no `use`) in
/// the document, inspected at `now`. Certificates that cannot be read become findings; when none
/// can, the first one's error is returned.
pub(super) fn certificates(
    root: Node<'_, '_>,
    now: UnixTime,
    verifier: &dyn certificate::Verifier,
    findings: &mut Vec<Finding>,
) -> Result<Vec<CertificateReport>, MetadataError> {
    let bodies = root
        .descendants()
        .filter(|node| {
            is(*node, MD, "KeyDescriptor")
                && node.attribute("use").is_none_or(|usage| usage == "signing")
        })
        .flat_map(|key| {
            key.descendants()
                .filter(|node| is(*node, DS, "X509Certificate"))
        });
    let mut ders: Vec<Vec<u8>> = Vec::new();
    let mut first_error = None;
    for element in bodies {
        let body: String = element
            .descendants()
            .filter(|node| node.is_text())
            .filter_map(|node| node.text())
            .collect();
        match certificate::normalize(body.as_bytes()) {
            Ok(normalized) => {
                for cert in normalized.certificates {
                    if !ders.contains(&cert.der) && ders.len() < certificate::MAX_CERTIFICATES {
                        ders.push(cert.der);
                    }
                }
            }
            Err(error) => {
                findings.push(Finding::from_error(&error).with_field(certificate::FIELD));
                first_error.get_or_insert(error);
            }
        }
    }
    let mut reports = Vec::with_capacity(ders.len());
    for der in &ders {
        match certificate::inspect_with(der, now, verifier) {
            Ok(report) => reports.push(report),
            Err(error) => {
                findings.push(Finding::from_error(&error).with_field(certificate::FIELD));
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) if reports.is_empty() => Err(error.into()),
        _ if reports.is_empty() => Err(MetadataError::NoSigningCertificate),
        _ => Ok(reports),
    }
}
