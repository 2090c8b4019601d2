//! XML-Signature verification of one `ds:Signature` as SAML uses it (XML Signature Syntax and
//! Processing 1.1, <https://www.w3.org/TR/xmldsig-core1/>; SAML's profile of it,
//! saml-core-2.0-os § 5.4): one Reference to `#ID`, the enveloped-signature and exclusive
//! canonicalization transforms, SHA-256 or SHA-1 digests, RSA-SHA256 or RSA-SHA1 signatures.
//!
//! The digest is computed here; the RSA check is handed to a [`Verifier`] as a
//! [`SignatureCheck`], so the page can use the browser's WebCrypto as it does for certificates.

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use roxmltree::Node;
use sha1::{Digest as _, Sha1};
use sha2::Sha256;

use crate::certificate::{CheckedAlgorithm, Hash, SignatureCheck, Verdict, Verifier};

use super::c14n::{self, Options};
use super::report::{Covers, SignatureReport, SignatureVerdict};
use super::thumbprint;

/// The XML-Signature namespace.
pub(super) const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const RSA_SHA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";

/// A key to verify with: a certificate's SubjectPublicKeyInfo and its SHA-1 thumbprint.
#[derive(Clone, Debug)]
pub(super) struct Key {
    /// SubjectPublicKeyInfo, DER.
    pub spki: Vec<u8>,
    /// SHA-1 thumbprint, upper-case hex.
    pub thumbprint: String,
}

impl Key {
    /// The key of a certificate given as DER; `None` when it is not a certificate.
    pub fn of_certificate(der: &[u8]) -> Option<Self> {
        Some(Self {
            spki: crate::certificate::public_key_info(der)?,
            thumbprint: thumbprint(der),
        })
    }
}

/// One signature checked.
pub(super) struct Checked<'a, 'input> {
    /// What is reported.
    pub report: SignatureReport,
    /// The element it covers, when it is enveloped in it.
    pub covered: Option<Node<'a, 'input>>,
    /// SHA-1 was used for the digest or the signature.
    pub sha1: bool,
    /// An algorithm or transform not verified here.
    pub unsupported: bool,
}

/// Checks `signature` (a `ds:Signature`) against `plan_key` when given, else the certificate in
/// its KeyInfo. `ids` maps every `ID` of the document to its element (already known to be
/// unique).
pub(super) fn check<'a, 'input>(
    signature: Node<'a, 'input>,
    covers: Covers,
    ids: &HashMap<&str, Node<'a, 'input>>,
    plan_key: Option<&Key>,
    verifier: &dyn Verifier,
) -> Checked<'a, 'input> {
    let signed_info = child(signature, "SignedInfo");
    let canonicalization = signed_info
        .and_then(|s| child(s, "CanonicalizationMethod"))
        .and_then(|m| m.attribute("Algorithm"))
        .unwrap_or_default();
    let method = signed_info
        .and_then(|s| child(s, "SignatureMethod"))
        .and_then(|m| m.attribute("Algorithm"))
        .unwrap_or_default();
    let reference = signed_info.and_then(|s| child(s, "Reference"));
    let uri = reference
        .and_then(|r| r.attribute("URI"))
        .unwrap_or_default();
    let digest_method = reference
        .and_then(|r| child(r, "DigestMethod"))
        .and_then(|m| m.attribute("Algorithm"))
        .unwrap_or_default();
    let carried = carried_certificate(signature);

    // The Reference resolves once, by ID; it must be the element the signature sits in.
    let target = uri.strip_prefix('#').and_then(|id| ids.get(id).copied());
    let enveloped = target.is_some() && target == signature.parent_element();
    let references =
        signed_info.map_or(0, |s| s.children().filter(|c| is(*c, "Reference")).count());
    let hash = match method {
        RSA_SHA256 => Some(Hash::Sha256),
        RSA_SHA1 => Some(Hash::Sha1),
        _ => None,
    };
    let digest_hash = match digest_method {
        SHA256 => Some(Hash::Sha256),
        SHA1 => Some(Hash::Sha1),
        _ => None,
    };
    let transforms = reference.map(transforms_of);
    let c14n_ok = matches!(canonicalization, EXC_C14N | EXC_C14N_COMMENTS);
    let unsupported = hash.is_none()
        || digest_hash.is_none()
        || !c14n_ok
        || references != 1
        || transforms.as_ref().is_none_or(|t| t.is_none());

    let mut report = SignatureReport {
        covers,
        reference: uri.to_owned(),
        enveloped,
        canonicalization: short_c14n(canonicalization),
        signature_algorithm: match hash {
            Some(Hash::Sha1) => "RSA-SHA1".to_owned(),
            Some(_) => "RSA-SHA256".to_owned(),
            None => method.to_owned(),
        },
        digest_algorithm: digest_hash
            .map_or_else(|| digest_method.to_owned(), |h| h.name().to_owned()),
        digest_matches: None,
        certificate_thumbprint: carried.as_ref().map(|k| k.thumbprint.clone()),
        verified_with: None,
        verdict: SignatureVerdict::Unchecked,
        verdict_with_carried: None,
    };
    let sha1 = hash == Some(Hash::Sha1) || digest_hash == Some(Hash::Sha1);
    let checked = |report, covered| Checked {
        report,
        covered,
        sha1,
        unsupported,
    };
    let (
        Some(signed_info),
        Some(reference),
        Some(target),
        Some(hash),
        Some(digest_hash),
        Some(Some(prefixes)),
    ) = (
        signed_info,
        reference,
        target,
        hash,
        digest_hash,
        transforms,
    )
    else {
        return checked(report, None);
    };
    if !c14n_ok || references != 1 {
        return checked(report, None);
    }
    // A signature that is not enveloped in what it references is still checked (so its verdict
    // is the cryptographic one, as any XML-Signature verifier would give it); the inspection
    // does not trust it.

    // The digest of the signed element, the signature left out (enveloped-signature transform);
    // a same-document `#ID` reference drops comments (xmldsig-core1 § 4.4.3.3).
    let canonical = c14n::canonicalize(
        target,
        Some(signature),
        Options {
            with_comments: false,
            inclusive_prefixes: prefixes,
        },
    );
    let digest = match digest_hash {
        Hash::Sha1 => Sha1::digest(&canonical).to_vec(),
        _ => Sha256::digest(&canonical).to_vec(),
    };
    let expected = child(reference, "DigestValue").and_then(|d| base64_text(d));
    let digest_matches = expected.as_deref() == Some(digest.as_slice());
    report.digest_matches = Some(digest_matches);

    let signed = c14n::canonicalize(
        signed_info,
        None,
        Options {
            with_comments: canonicalization == EXC_C14N_COMMENTS,
            inclusive_prefixes: child(signed_info, "CanonicalizationMethod")
                .map_or("", inclusive_prefixes),
        },
    );
    let Some(value) = child(signature, "SignatureValue").and_then(|v| base64_text(v)) else {
        report.verdict = SignatureVerdict::Invalid;
        return checked(report, Some(target));
    };
    let verdict_with = |key: &Key| {
        let check = SignatureCheck {
            algorithm: CheckedAlgorithm::RsaPkcs1 { hash },
            public_key: key.spki.clone(),
            signed: signed.clone(),
            signature: value.clone(),
        };
        match (digest_matches, verifier.verify(&check)) {
            (false, _) | (_, Verdict::Invalid) => SignatureVerdict::Invalid,
            (true, Verdict::Valid) => SignatureVerdict::Valid,
            (true, Verdict::Pending) => SignatureVerdict::Pending,
            (true, Verdict::Unchecked) => SignatureVerdict::Unchecked,
        }
    };
    match (plan_key, &carried) {
        (Some(plan), carried) => {
            report.verified_with = Some(plan.thumbprint.clone());
            report.verdict = verdict_with(plan);
            if let Some(carried) = carried.as_ref().filter(|c| c.thumbprint != plan.thumbprint) {
                report.verdict_with_carried = Some(verdict_with(carried));
            }
        }
        (None, Some(carried)) => {
            report.verified_with = Some(carried.thumbprint.clone());
            report.verdict = verdict_with(carried);
        }
        (None, None) => {
            if !digest_matches {
                report.verdict = SignatureVerdict::Invalid;
            }
        }
    }
    checked(report, Some(target))
}

/// The `InclusiveNamespaces PrefixList` of the Reference's exclusive-c14n transform; `None` when
/// a transform is not one we apply (only enveloped-signature and exclusive c14n are).
fn transforms_of<'a, 'input>(reference: Node<'a, 'input>) -> Option<&'a str> {
    let mut prefixes = "";
    let mut c14n_seen = false;
    for transform in child(reference, "Transforms")
        .into_iter()
        .flat_map(|t| t.children().filter(|c| is(*c, "Transform")))
    {
        match transform.attribute("Algorithm").unwrap_or_default() {
            ENVELOPED => {}
            EXC_C14N | EXC_C14N_COMMENTS => {
                c14n_seen = true;
                prefixes = inclusive_prefixes(transform);
            }
            _ => return None,
        }
    }
    c14n_seen.then_some(prefixes)
}

/// The `PrefixList` of an `ec:InclusiveNamespaces` child of a transform or method.
fn inclusive_prefixes<'a>(method: Node<'a, '_>) -> &'a str {
    method
        .children()
        .find(|c| {
            c.tag_name().namespace() == Some(EXC_C14N)
                && c.tag_name().name() == "InclusiveNamespaces"
        })
        .and_then(|n| n.attribute("PrefixList"))
        .unwrap_or_default()
}

/// The certificate in `KeyInfo/X509Data/X509Certificate`, as a key.
fn carried_certificate(signature: Node<'_, '_>) -> Option<Key> {
    let certificate = child(signature, "KeyInfo")
        .and_then(|k| child(k, "X509Data"))
        .and_then(|d| child(d, "X509Certificate"))?;
    Key::of_certificate(&base64_text(certificate)?)
}

/// The base64 text of an element, whitespace ignored.
fn base64_text(node: Node<'_, '_>) -> Option<Vec<u8>> {
    let text: String = node
        .text()?
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD.decode(text.as_bytes()).ok()
}

/// A short name for a canonicalization URI.
fn short_c14n(uri: &str) -> String {
    match uri {
        EXC_C14N => "exc-c14n".to_owned(),
        EXC_C14N_COMMENTS => "exc-c14n#WithComments".to_owned(),
        other => other.to_owned(),
    }
}

/// The first child element of `node` named `name` in the XML-Signature namespace.
fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| is(*c, name))
}

/// Whether `node` is the XML-Signature element `name`.
pub(super) fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(DS) && node.tag_name().name() == name
}
