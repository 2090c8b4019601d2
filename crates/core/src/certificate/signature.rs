//! Algorithm names and self-signature verification with the certificate's own public key.
//!
//! x509-cert checks no signature, so we do: RSASSA-PKCS1-v1_5 (RFC 8017 § 8.2) with the `rsa`
//! crate and ECDSA on P-256 (RFC 5758 § 3.2) with `p256`, the algorithms Entra and OpenSSL use for
//! SAML signing certificates. Other algorithms are reported as not checked, never as invalid.

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use rsa::pkcs1::DecodeRsaPublicKey as _;
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use x509_cert::Certificate;

/// A hash function named in a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// A signature algorithm we know by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    /// RSASSA-PKCS1-v1_5 with this hash.
    RsaPkcs1(Hash),
    /// ECDSA with this hash.
    Ecdsa(Hash),
    /// Known by name, not checked here.
    Other,
}

/// Signature algorithm OIDs (RFC 8017 A.2.4, RFC 5758 § 3.2, RFC 8410 § 3), OpenSSL's short
/// names, and what we can check.
const SIGNATURE_ALGORITHMS: &[(&str, &str, Scheme)] = &[
    (
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha1),
    ),
    (
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha256),
    ),
    (
        "1.2.840.113549.1.1.12",
        "sha384WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha384),
    ),
    (
        "1.2.840.113549.1.1.13",
        "sha512WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha512),
    ),
    (
        "1.2.840.113549.1.1.14",
        "sha224WithRSAEncryption",
        Scheme::Other,
    ),
    (
        "1.2.840.113549.1.1.4",
        "md5WithRSAEncryption",
        Scheme::Other,
    ),
    (
        "1.2.840.113549.1.1.2",
        "md2WithRSAEncryption",
        Scheme::Other,
    ),
    ("1.2.840.113549.1.1.10", "rsassaPss", Scheme::Other),
    (
        "1.2.840.10045.4.1",
        "ecdsa-with-SHA1",
        Scheme::Ecdsa(Hash::Sha1),
    ),
    (
        "1.2.840.10045.4.3.2",
        "ecdsa-with-SHA256",
        Scheme::Ecdsa(Hash::Sha256),
    ),
    (
        "1.2.840.10045.4.3.3",
        "ecdsa-with-SHA384",
        Scheme::Ecdsa(Hash::Sha384),
    ),
    (
        "1.2.840.10045.4.3.4",
        "ecdsa-with-SHA512",
        Scheme::Ecdsa(Hash::Sha512),
    ),
    ("1.3.101.112", "ED25519", Scheme::Other),
    ("1.3.101.113", "ED448", Scheme::Other),
];

/// OpenSSL's name for a signature algorithm and the scheme it uses; the dotted OID when unknown.
pub(super) fn algorithm(oid: &ObjectIdentifier) -> (String, Scheme) {
    let dotted = oid.to_string();
    SIGNATURE_ALGORITHMS
        .iter()
        .find(|(known, _, _)| *known == dotted)
        .map_or((dotted.clone(), Scheme::Other), |(_, name, scheme)| {
            ((*name).to_owned(), *scheme)
        })
}

/// Whether the certificate's own public key verifies its signature; `None` when the algorithm or
/// key is one we cannot check.
pub(super) fn verify_self(der: &[u8], certificate: &Certificate) -> Option<bool> {
    let (_, scheme) = algorithm(&certificate.signature_algorithm().oid);
    // The signed bytes are the tbsCertificate exactly as encoded in the input.
    let elements = Vec::<AnyRef<'_>>::from_der(der).ok()?;
    let tbs = elements.first()?.to_der().ok()?;
    let signature = certificate.signature().as_bytes()?;
    let key = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .as_bytes()?;
    match scheme {
        Scheme::RsaPkcs1(hash) => Some(verify_rsa(hash, key, &tbs, signature)?),
        Scheme::Ecdsa(hash) => verify_p256(hash, key, &tbs, signature),
        Scheme::Other => None,
    }
}

/// RSASSA-PKCS1-v1_5; `None` when the key cannot be read (not RSA, or outside 1024–8192 bits).
fn verify_rsa(hash: Hash, key: &[u8], signed: &[u8], signature: &[u8]) -> Option<bool> {
    let key = rsa::PublicKey::from_pkcs1_der(key).ok()?;
    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
        return Some(false);
    };
    let verified = match hash {
        Hash::Sha1 => rsa::pkcs1v15::VerifyingKey::<Sha1>::new(key).verify(signed, &signature),
        Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(signed, &signature),
        Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(signed, &signature),
        Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(signed, &signature),
    };
    Some(verified.is_ok())
}

/// ECDSA over P-256; `None` when the key is not a P-256 point.
fn verify_p256(hash: Hash, key: &[u8], signed: &[u8], signature: &[u8]) -> Option<bool> {
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key).ok()?;
    let Ok(signature) = p256::ecdsa::Signature::from_der(signature) else {
        return Some(false);
    };
    let verified = match hash {
        Hash::Sha256 => key.verify_prehash(&Sha256::digest(signed), &signature),
        Hash::Sha1 => key.verify_prehash(&Sha1::digest(signed), &signature),
        Hash::Sha384 => key.verify_prehash(&Sha384::digest(signed), &signature),
        Hash::Sha512 => key.verify_prehash(&Sha512::digest(signed), &signature),
    };
    Some(verified.is_ok())
}
