//! DER input: one or more DER values back to back, each classified by its ASN.1 shape.
//!
//! Shapes (outer SEQUENCE, then the tags of its elements), from the RFCs that define them:
//! - certificate (RFC 5280 § 4.1) and CSR (RFC 2986 § 4): `SEQUENCE, SEQUENCE, BIT STRING`;
//! - PKCS#7 / CMS ContentInfo (RFC 5652 § 3): `OBJECT IDENTIFIER, [0]`;
//! - PKCS#12 PFX (RFC 7292 § 4): `INTEGER 3, SEQUENCE (ContentInfo), SEQUENCE (MacData)?`;
//! - PKCS#8 PrivateKeyInfo (RFC 5208 § 5): `INTEGER, SEQUENCE, OCTET STRING, …`;
//! - PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 § 6): `SEQUENCE, OCTET STRING`;
//! - SEC1 ECPrivateKey (RFC 5915 § 3): `INTEGER, OCTET STRING, …`;
//! - PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), DSA keys: six or more INTEGERs;
//! - PKCS#1 RSAPublicKey (RFC 8017 A.1.1): `INTEGER, INTEGER`;
//! - SubjectPublicKeyInfo (RFC 5280 § 4.1.2.7): `SEQUENCE, BIT STRING`.

use der::asn1::{ContextSpecific, ObjectIdentifier};
use der::{AnyRef, Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::spki::AlgorithmIdentifierOwned;

use crate::certificate::CertificateError;

/// `id-signedData` (RFC 5652 § 5.1): the ContentInfo type of a `.p7b` bundle.
const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// `id-data` (RFC 5652 § 4): the ContentInfo type of a password-integrity `.pfx` (RFC 7292 § 4).
const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

/// Whether bytes are DER rather than text: they start with a SEQUENCE tag whose length is in long
/// form (never the case for text, since 0x80 and above is not ASCII), or a short-form SEQUENCE
/// that covers the whole input or is followed by bytes that are not UTF-8 text (a small EC key
/// with junk after it).
pub(super) fn looks_like_der(bytes: &[u8]) -> bool {
    match bytes {
        [0x30, length, ..] if *length >= 0x80 => true,
        [0x30, ..] => {
            AnyRef::from_der(bytes).is_ok()
                || (starts_with_a_value(bytes) && std::str::from_utf8(bytes).is_err())
        }
        _ => false,
    }
}

/// Whether `bytes` start with a complete DER value.
fn starts_with_a_value(bytes: &[u8]) -> bool {
    SliceReader::new(bytes).is_ok_and(|mut reader| AnyRef::decode(&mut reader).is_ok())
}

/// The secret (a private key or a `.pfx`) among the complete DER values at the start of `bytes`,
/// reading until the first value that cannot be decoded; used on what remains readable of damaged
/// input, so a key with junk after it is still named as a key.
pub(super) fn leading_secret(bytes: &[u8]) -> Option<CertificateError> {
    let mut reader = SliceReader::new(bytes).ok()?;
    while !reader.is_finished() {
        let start = position(&reader);
        AnyRef::decode(&mut reader).ok()?;
        if let Kind::Refused(error) = classify(bytes.get(start..position(&reader))?)
            && error.is_secret()
        {
            return Some(error);
        }
    }
    None
}

/// Every certificate in DER values laid back to back (a `.cer`, several `.cer` concatenated, or a
/// `.p7b`).
///
/// Refuses the whole input if any value is a private key, so a key is never half-accepted; a key
/// followed by bytes that cannot be decoded is still refused as a key.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    let mut reader = SliceReader::new(bytes).map_err(CertificateError::der)?;
    let mut kinds = Vec::new();
    while !reader.is_finished() {
        let start = position(&reader);
        // Some tools end a DER file with a line break; nothing else may follow the values.
        if bytes
            .get(start..)
            .is_some_and(|rest| rest.iter().all(u8::is_ascii_whitespace))
        {
            break;
        }
        if let Err(error) = AnyRef::decode(&mut reader) {
            kinds.push(Kind::Refused(CertificateError::der(error)));
            break;
        }
        let value = bytes
            .get(start..position(&reader))
            .ok_or(CertificateError::Unrecognized)?;
        kinds.push(classify(value));
    }
    collect(kinds)
}

/// The certificate at the start of `bytes`, ignoring what follows: OpenSSL's `TRUSTED
/// CERTIFICATE` appends its trust settings after the certificate.
pub(super) fn read_first(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateError> {
    let mut reader = SliceReader::new(bytes).map_err(CertificateError::der)?;
    AnyRef::decode(&mut reader).map_err(CertificateError::der)?;
    let value = bytes
        .get(..position(&reader))
        .ok_or(CertificateError::Unrecognized)?;
    collect(vec![classify(value)])
}

/// What one DER value turned out to be.
pub(super) enum Kind {
    /// Certificates, as DER (one, or those of a PKCS#7 bundle).
    Certificates(Vec<Vec<u8>>),
    /// Something we refuse, or a damaged value.
    Refused(CertificateError),
}

/// The certificates of several values, or the most telling refusal when there are none: a secret
/// (private key or `.pfx`) anywhere wins, then the first other refusal.
pub(super) fn collect(kinds: Vec<Kind>) -> Result<Vec<Vec<u8>>, CertificateError> {
    let mut certificates = Vec::new();
    let mut refusal = None;
    for kind in kinds {
        match kind {
            Kind::Certificates(found) => certificates.extend(found),
            Kind::Refused(error) if error.is_secret() => return Err(error),
            Kind::Refused(error) => {
                refusal.get_or_insert(error);
            }
        }
    }
    match refusal {
        Some(error) if certificates.is_empty() => Err(error),
        // A damaged value beside good certificates is still an error: it may be the one meant.
        Some(
            error @ (CertificateError::InvalidDer { .. } | CertificateError::InvalidBase64 { .. }),
        ) => Err(error),
        _ => Ok(certificates),
    }
}

fn position(reader: &SliceReader<'_>) -> usize {
    usize::try_from(reader.position()).unwrap_or(usize::MAX)
}

/// Classifies one complete DER value by its shape.
fn classify(value: &[u8]) -> Kind {
    let elements = match Vec::<AnyRef<'_>>::from_der(value) {
        Ok(elements) => elements,
        Err(error) => return Kind::Refused(CertificateError::der(error)),
    };
    let tags: Vec<Tag> = elements.iter().map(Tagged::tag).collect();
    let refused = |error| Kind::Refused(error);
    match tags.as_slice() {
        [Tag::Sequence, Tag::Sequence, Tag::BitString] => match Certificate::from_der(value) {
            Ok(_) => Kind::Certificates(vec![value.to_vec()]),
            Err(_) if is_csr(&elements) => refused(CertificateError::Csr),
            Err(error) => refused(CertificateError::der(error)),
        },
        [Tag::ObjectIdentifier, Tag::ContextSpecific { .. }] => pkcs7(value),
        [Tag::Integer, Tag::Sequence] | [Tag::Integer, Tag::Sequence, Tag::Sequence]
            if is_pfx(&elements) =>
        {
            refused(CertificateError::Pkcs12)
        }
        [Tag::Integer, Tag::Sequence, Tag::OctetString, ..]
        | [Tag::Sequence, Tag::OctetString]
        | [Tag::Integer, Tag::OctetString, ..] => refused(CertificateError::PrivateKey),
        integers if integers.len() >= 6 && integers.iter().all(|tag| *tag == Tag::Integer) => {
            refused(CertificateError::PrivateKey)
        }
        [Tag::Integer, Tag::Integer] | [Tag::Sequence, Tag::BitString] => {
            refused(CertificateError::PublicKey)
        }
        _ => refused(CertificateError::Unrecognized),
    }
}

/// Whether the elements (of a value shaped `SEQUENCE, SEQUENCE, BIT STRING` that is not a
/// certificate) are those of a PKCS#10 request (RFC 2986 § 4.1): its CertificationRequestInfo is
/// `version INTEGER, subject Name, subjectPKInfo SEQUENCE, attributes [0]`, four elements, where a
/// certificate's TBSCertificate has at least six. Told by shape rather than decoded with
/// `x509_cert::request::CertReq`, whose attribute sets cost the page's module several kilobytes
/// (docs/embedding.md, page size).
fn is_csr(elements: &[AnyRef<'_>]) -> bool {
    elements
        .first()
        .and_then(|info| info.decode_as::<Vec<AnyRef<'_>>>().ok())
        .is_some_and(|info| {
            let tags: Vec<Tag> = info.iter().map(Tagged::tag).collect();
            matches!(
                tags.as_slice(),
                [
                    Tag::Integer,
                    Tag::Sequence,
                    Tag::Sequence,
                    Tag::ContextSpecific {
                        constructed: true,
                        number: TagNumber(0)
                    }
                ]
            )
        })
}

/// Whether the elements are those of a PKCS#12 PFX (RFC 7292 § 4): version 3, then a ContentInfo
/// of type `data` or `signedData`.
fn is_pfx(elements: &[AnyRef<'_>]) -> bool {
    let [version, auth_safe, ..] = elements else {
        return false;
    };
    version.value() == [3]
        && auth_safe
            .decode_as::<Vec<AnyRef<'_>>>()
            .ok()
            .and_then(|parts| {
                parts
                    .first()
                    .and_then(|oid| oid.decode_as::<ObjectIdentifier>().ok())
            })
            .is_some_and(|oid| oid == DATA || oid == SIGNED_DATA)
}

/// The certificates of a PKCS#7 SignedData (`.p7b`, RFC 2315 § 9 / RFC 5652 § 5).
fn pkcs7(value: &[u8]) -> Kind {
    match signed_data_certificates(value) {
        Ok(Some(certificates)) if certificates.is_empty() => {
            Kind::Refused(CertificateError::Pkcs7WithoutCertificate)
        }
        Ok(Some(certificates)) => Kind::Certificates(certificates),
        Ok(None) => Kind::Refused(CertificateError::Unrecognized),
        Err(error) => Kind::Refused(CertificateError::der(error)),
    }
}

/// Checks that `value` has tag `expected` and, when constructed, holds only well-formed DER values,
/// all the way down: the signer infos of a SignedData are not read, but damage to their DER is
/// still refused.
fn well_formed(value: AnyRef<'_>, expected: Tag) -> der::Result<()> {
    value.tag().assert_eq(expected)?;
    if value.tag().is_constructed() {
        let mut reader = SliceReader::new(value.value())?;
        while !reader.is_finished() {
            let inner = AnyRef::decode(&mut reader)?;
            well_formed(inner, inner.tag())?;
        }
    }
    Ok(())
}

/// The `other` choice of CertificateChoices and RevocationInfoChoice (RFC 5652 § 10.2.1–2):
/// `[n] IMPLICIT SEQUENCE { format OBJECT IDENTIFIER, value ANY }`, checked and skipped.
fn other_format(value: AnyRef<'_>) -> der::Result<()> {
    let mut reader = SliceReader::new(value.value())?;
    <ObjectIdentifier>::decode(&mut reader)?;
    AnyRef::decode(&mut reader)?;
    reader.finish()
}

/// The DER of every certificate of a ContentInfo holding SignedData, decoded with `der` and each
/// certificate checked with `x509-cert`, in DER order (a SET OF sorts by encoding, X.690 § 11.6:
/// the shorter first, then bytewise); `None` when the content type is not `signedData`.
///
/// ```text
/// ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] EXPLICIT ANY }
/// SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF AlgorithmIdentifier,
///     encapContentInfo SEQUENCE, certificates [0] IMPLICIT CertificateSet OPTIONAL,
///     crls [1] IMPLICIT SET OF RevocationInfoChoice OPTIONAL, signerInfos SET OF SignerInfo }
/// RevocationInfoChoice ::= CHOICE { crl CertificateList, other [1] IMPLICIT SEQUENCE {
///     otherRevInfoFormat OBJECT IDENTIFIER, otherRevInfo ANY } }
/// CertificateChoices ::= CHOICE { certificate Certificate, …, other [3] IMPLICIT SEQUENCE {
///     otherCertFormat OBJECT IDENTIFIER, otherCert ANY } }
/// ```
fn signed_data_certificates(value: &[u8]) -> der::Result<Option<Vec<Vec<u8>>>> {
    let (content_type, content) = AnyRef::from_der(value)?.sequence(|reader| {
        let content_type = <ObjectIdentifier>::decode(reader)?;
        let content = ContextSpecific::<AnyRef<'_>>::decode(reader)?;
        if content.tag_number != TagNumber(0) {
            return Err(reader.error(
                Tag::ContextSpecific {
                    constructed: true,
                    number: content.tag_number,
                }
                .unexpected_error(None),
            ));
        }
        Ok((content_type, content.value))
    })?;
    if content_type != SIGNED_DATA {
        return Ok(None);
    }
    let choices = content.sequence(|reader| {
        let version = u8::decode(reader)?;
        if version > 5 {
            return Err(reader.error(Tag::Integer.value_error()));
        }
        let digest_algorithms = AnyRef::decode(reader)?;
        digest_algorithms.tag().assert_eq(Tag::Set)?;
        let mut algorithms = SliceReader::new(digest_algorithms.value())?;
        while !algorithms.is_finished() {
            AlgorithmIdentifierOwned::decode(&mut algorithms)?;
        }
        AnyRef::decode(reader)?.sequence(|encapsulated| {
            <ObjectIdentifier>::decode(encapsulated)?;
            ContextSpecific::<AnyRef<'_>>::decode_explicit(encapsulated, TagNumber(0))?;
            Ok::<_, der::Error>(())
        })?;
        let certificates =
            ContextSpecific::<Vec<AnyRef<'_>>>::decode_implicit(reader, TagNumber(0))?;
        if let Some(crls) =
            ContextSpecific::<Vec<AnyRef<'_>>>::decode_implicit(reader, TagNumber(1))?
        {
            for crl in crls.value {
                match crl.tag() {
                    Tag::Sequence => {
                        <CertificateList>::from_der(&crl.to_der()?)?;
                    }
                    Tag::ContextSpecific {
                        constructed: true,
                        number: TagNumber(1),
                    } => other_format(crl)?,
                    tag => return Err(der::Error::from(tag.unexpected_error(None))),
                }
            }
        }
        well_formed(AnyRef::decode(reader)?, Tag::Set)?;
        Ok(certificates.map(|set| set.value).unwrap_or_default())
    })?;
    let mut certificates = Vec::new();
    for choice in choices {
        match choice.tag() {
            Tag::Sequence => {
                let der = choice.to_der()?;
                Certificate::from_der(&der)?;
                certificates.push(der);
            }
            Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(3),
            } => other_format(choice)?,
            tag => return Err(der::Error::from(tag.unexpected_error(None))),
        }
    }
    certificates.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    Ok(Some(certificates))
}
