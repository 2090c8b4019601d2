//! Signature algorithm names, and the self-signature check: which self-signatures the core checks
//! (RSASSA-PKCS1-v1_5, RFC 8017 § 8.2, with 1024- to 8192-bit keys; ECDSA on P-256, RFC 5758
//! § 3.2; each with SHA-1, -256, -384 or -512: the algorithms Entra and OpenSSL use for SAML
//! signing certificates), prepared as a [`SignatureCheck`] any [`Verifier`] can answer.
//!
//! x509-cert checks no signature, so we do. The Worker and the CLI verify in Rust ([`RustCrypto`],
//! feature `verify`); the page verifies the same checks with the browser's WebCrypto, which takes
//! exactly this form (SubjectPublicKeyInfo DER, and ECDSA signatures as r ‖ s, IEEE P1363).
//! Other algorithms are reported as not checked, never as invalid.

use der::asn1::{AnyRef, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;

/// A hash function named in a signature algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Hash {
    /// SHA-1.
    #[serde(rename = "SHA-1")]
    Sha1,
    /// SHA-256.
    #[serde(rename = "SHA-256")]
    Sha256,
    /// SHA-384.
    #[serde(rename = "SHA-384")]
    Sha384,
    /// SHA-512.
    #[serde(rename = "SHA-512")]
    Sha512,
}

impl Hash {
    /// The name WebCrypto and the Web Cryptography API give it: `SHA-256`.
    pub fn name(self) -> &'static str {
        match self {
            Hash::Sha1 => "SHA-1",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        }
    }
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

/// The algorithms of the self-signatures the core checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "name")]
pub enum CheckedAlgorithm {
    /// RSASSA-PKCS1-v1_5 with `hash`.
    #[serde(rename = "RSASSA-PKCS1-v1_5")]
    RsaPkcs1 {
        /// The hash signed.
        hash: Hash,
    },
    /// ECDSA on the P-256 curve with `hash`.
    #[serde(rename = "ECDSA")]
    EcdsaP256 {
        /// The hash signed.
        hash: Hash,
    },
}

/// A self-signature for a [`Verifier`]: does `signature` over `signed` verify with `public_key`?
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureCheck {
    /// The algorithm and hash.
    pub algorithm: CheckedAlgorithm,
    /// The certificate's SubjectPublicKeyInfo, DER.
    pub public_key: Vec<u8>,
    /// The signed bytes: the tbsCertificate exactly as encoded in the certificate.
    pub signed: Vec<u8>,
    /// The signature: for RSA as in the certificate; for ECDSA the two 32-byte integers r ‖ s.
    pub signature: Vec<u8>,
}

/// What a verifier says of a self-signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It verifies.
    Valid,
    /// It does not: the certificate is damaged or altered.
    Invalid,
    /// It was not checked: an algorithm or key the core does not check.
    Unchecked,
    /// It is being checked and the answer is not in yet (the browser's WebCrypto answers later).
    Pending,
}

/// Something that verifies the self-signatures the core asks about.
pub trait Verifier {
    /// The verdict on `check`.
    fn verify(&self, check: &SignatureCheck) -> Verdict;
}

/// The verifier of [`super::inspect`] and the plan: [`RustCrypto`] with the `verify` feature;
/// without it, none (every self-signature is reported as not checked).
pub fn default_verifier() -> &'static dyn Verifier {
    #[cfg(feature = "verify")]
    return &RustCrypto;
    #[cfg(not(feature = "verify"))]
    return &NoVerifier;
}

/// A verifier that checks nothing.
#[cfg(not(feature = "verify"))]
struct NoVerifier;

#[cfg(not(feature = "verify"))]
impl Verifier for NoVerifier {
    fn verify(&self, _check: &SignatureCheck) -> Verdict {
        Verdict::Unchecked
    }
}

/// The RSA key sizes checked, in bits (as the `rsa` crate reads them).
const RSA_BITS: std::ops::RangeInclusive<u32> = 1024..=8192;

/// The SubjectPublicKeyInfo (DER) of the certificate `der`: the key a [`SignatureCheck`] made for
/// something the certificate signed verifies with. `None` when `der` is not a certificate.
pub fn public_key_info(der: &[u8]) -> Option<Vec<u8>> {
    Certificate::from_der(der)
        .ok()?
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .ok()
}

/// The self-signature of `certificate` (its DER in `der`) as a check, when it is one the core
/// checks; `Err(Invalid)` when the signature is malformed, `Err(Unchecked)` for an algorithm or
/// key the core does not check. `key_bits` and `curve` are the key's, as [`super::KeyInfo`] says.
pub(super) fn self_check(
    der: &[u8],
    certificate: &Certificate,
    key_bits: u32,
    curve: Option<&str>,
) -> Result<SignatureCheck, Verdict> {
    let (_, scheme) = algorithm(&certificate.signature_algorithm().oid);
    // The signed bytes are the tbsCertificate exactly as encoded in the input.
    let elements = Vec::<AnyRef<'_>>::from_der(der).map_err(|_| Verdict::Unchecked)?;
    let signed = elements
        .first()
        .and_then(|tbs| tbs.to_der().ok())
        .ok_or(Verdict::Unchecked)?;
    let signature = certificate.signature().as_bytes().ok_or(Verdict::Invalid)?;
    let public_key = certificate
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|_| Verdict::Unchecked)?;
    let (algorithm, signature) = match scheme {
        Scheme::RsaPkcs1(hash) if RSA_BITS.contains(&key_bits) => {
            (CheckedAlgorithm::RsaPkcs1 { hash }, signature.to_vec())
        }
        Scheme::Ecdsa(hash) if curve == Some("P-256") => {
            (CheckedAlgorithm::EcdsaP256 { hash }, p1363(signature)?)
        }
        _ => return Err(Verdict::Unchecked),
    };
    Ok(SignatureCheck {
        algorithm,
        public_key,
        signed,
        signature,
    })
}

/// An ECDSA-Sig-Value (RFC 5480 § 2.2.3: `SEQUENCE { r INTEGER, s INTEGER }`) as r ‖ s, each
/// left-padded to 32 bytes; `Err(Invalid)` when it is not one for P-256.
fn p1363(signature: &[u8]) -> Result<Vec<u8>, Verdict> {
    let parts = Vec::<UintRef<'_>>::from_der(signature).map_err(|_| Verdict::Invalid)?;
    let [r, s] = parts.as_slice() else {
        return Err(Verdict::Invalid);
    };
    let mut out = vec![0u8; 64];
    for (slot, value) in out.chunks_mut(32).zip([r, s]) {
        let bytes = value.as_bytes();
        let start = slot
            .len()
            .checked_sub(bytes.len())
            .ok_or(Verdict::Invalid)?;
        slot[start..].copy_from_slice(bytes);
    }
    Ok(out)
}

/// Verifies in Rust: RustCrypto's `rsa` and `p256`.
#[cfg(feature = "verify")]
pub struct RustCrypto;

#[cfg(feature = "verify")]
impl Verifier for RustCrypto {
    fn verify(&self, check: &SignatureCheck) -> Verdict {
        use p256::ecdsa::signature::Verifier as _;
        use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
        use rsa::pkcs1::DecodeRsaPublicKey as _;
        use sha1::Sha1;
        use sha2::{Digest as _, Sha256, Sha384, Sha512};

        let Ok(spki) = x509_cert::spki::SubjectPublicKeyInfoRef::from_der(&check.public_key) else {
            return Verdict::Unchecked;
        };
        let key = spki.subject_public_key.raw_bytes();
        let (signed, signature) = (check.signed.as_slice(), check.signature.as_slice());
        let verified =
            match check.algorithm {
                CheckedAlgorithm::RsaPkcs1 { hash } => {
                    let Ok(key) = rsa::PublicKey::from_pkcs1_der(key) else {
                        return Verdict::Unchecked;
                    };
                    let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                        return Verdict::Invalid;
                    };
                    match hash {
                        Hash::Sha1 => {
                            rsa::pkcs1v15::VerifyingKey::<Sha1>::new(key).verify(signed, &signature)
                        }
                        Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                            .verify(signed, &signature),
                        Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key)
                            .verify(signed, &signature),
                        Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key)
                            .verify(signed, &signature),
                    }
                }
                CheckedAlgorithm::EcdsaP256 { hash } => {
                    let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(key) else {
                        return Verdict::Unchecked;
                    };
                    let Ok(signature) = p256::ecdsa::Signature::from_slice(signature) else {
                        return Verdict::Invalid;
                    };
                    match hash {
                        Hash::Sha256 => key.verify_prehash(&Sha256::digest(signed), &signature),
                        Hash::Sha1 => key.verify_prehash(&Sha1::digest(signed), &signature),
                        Hash::Sha384 => key.verify_prehash(&Sha384::digest(signed), &signature),
                        Hash::Sha512 => key.verify_prehash(&Sha512::digest(signed), &signature),
                    }
                }
            };
        if verified.is_ok() {
            Verdict::Valid
        } else {
            Verdict::Invalid
        }
    }
}
