//! The facts of one certificate, read with x509-cert: names, validity, key, signature scheme,
//! self-issuance and its self-signature, and whether Entra made it for SAML signing. The findings
//! (`findings`) and the report (`inspect`) are both made from these facts.

use std::fmt::Write as _;

use der::asn1::ObjectIdentifier;
use der::{Decode, Tagged};
use x509_cert::Certificate;
use x509_cert::time::Time;

use super::signature::{self, Scheme, SignatureCheck, Verdict, Verifier};
use super::{CertificateError, KeyInfo, name};
use crate::time::UnixTime;

/// The common name Entra gives every SAML signing certificate it creates.
pub(super) const ENTRA_COMMON_NAME: &str = "Microsoft Azure Federated SSO Certificate";

/// What one certificate says about itself, with the checks we make on it.
pub(super) struct Facts {
    pub(super) subject: String,
    pub(super) issuer: String,
    pub(super) serial_number: String,
    pub(super) not_before: UnixTime,
    pub(super) not_after: UnixTime,
    pub(super) key: KeyInfo,
    pub(super) signature_algorithm: String,
    pub(super) scheme: Scheme,
    pub(super) self_issued: bool,
    /// The verdict on the self-signature; `None` when not self-issued.
    pub(super) self_signature: Option<Verdict>,
    pub(super) is_entra_signing: bool,
}

impl Facts {
    /// Reads a certificate that [`normalize`](super::normalize) has already accepted, without
    /// checking its self-signature ([`Facts::check_self_signature`] does, for the chosen one).
    pub(super) fn read(der: &[u8]) -> Result<Self, CertificateError> {
        let certificate = Certificate::from_der(der).map_err(CertificateError::der)?;
        let tbs = certificate.tbs_certificate();
        let (signature_algorithm, scheme) =
            signature::algorithm(&certificate.signature_algorithm().oid);
        let self_issued = tbs.issuer() == tbs.subject();
        let is_entra_signing = tbs
            .subject()
            .common_name()
            .ok()
            .flatten()
            .is_some_and(|name| name.value() == ENTRA_COMMON_NAME);
        Ok(Self {
            subject: name::to_text(tbs.subject()),
            issuer: name::to_text(tbs.issuer()),
            serial_number: serial_hex(tbs.serial_number().as_bytes()),
            not_before: unix(tbs.validity().not_before),
            not_after: unix(tbs.validity().not_after),
            key: key_info(&certificate),
            signature_algorithm,
            scheme,
            self_issued,
            self_signature: None,
            is_entra_signing,
        })
    }

    /// Checks the self-signature of a self-issued certificate with `verifier`: the costly step
    /// (an RSA verification), so done only for the certificate chosen, never for every one given.
    pub(super) fn check_self_signature(
        &mut self,
        der: &[u8],
        verifier: &dyn Verifier,
    ) -> Result<(), CertificateError> {
        if self.self_issued {
            self.self_signature = Some(match self.signature_check(der)? {
                Ok(check) => verifier.verify(&check),
                Err(verdict) => verdict,
            });
        }
        Ok(())
    }

    /// The self-signature as a check for a verifier, or the verdict without one (malformed, or
    /// of a kind the core does not check).
    pub(super) fn signature_check(
        &self,
        der: &[u8],
    ) -> Result<Result<SignatureCheck, Verdict>, CertificateError> {
        let certificate = Certificate::from_der(der).map_err(CertificateError::der)?;
        Ok(signature::self_check(
            der,
            &certificate,
            self.key.bits,
            self.key.curve.as_deref(),
        ))
    }

    /// Whether the self-signature verified: `None` when not self-issued or not (yet) checked.
    pub(super) fn self_signature_valid(&self) -> Option<bool> {
        match self.self_signature? {
            Verdict::Valid => Some(true),
            Verdict::Invalid => Some(false),
            Verdict::Unchecked | Verdict::Pending => None,
        }
    }

    /// Whether `now` lies within the validity period, both ends included (RFC 5280 § 4.1.2.5).
    pub(super) fn valid_at(&self, now: UnixTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }
}

/// Why a certificate was chosen among several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reason {
    /// The Entra signing certificate valid now with the latest `notAfter`.
    EntraValidLatest,
    /// No Entra signing certificate is valid now, so the first one.
    First,
}

fn unix(time: Time) -> UnixTime {
    UnixTime::from_secs(i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX))
}

pub(super) fn upper_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut hex, byte| {
            let _ = write!(hex, "{byte:02X}");
            hex
        })
}

/// The serial in upper-case hex as OpenSSL prints it: without the sign byte DER adds when the top
/// bit is set (RFC 5280 § 4.1.2.2 serials are positive).
fn serial_hex(bytes: &[u8]) -> String {
    let start = bytes
        .iter()
        .position(|byte| *byte != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    upper_hex(bytes.get(start..).unwrap_or(bytes))
}

/// Public key algorithm OIDs (RFC 8017 A.1, RFC 5480 § 2.1.1, RFC 8410 § 3).
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// Named curves (RFC 5480 § 2.1.1.1) with their NIST names and sizes in bits.
const CURVES: &[(&str, &str, u32)] = &[
    ("1.2.840.10045.3.1.7", "P-256", 256),
    ("1.3.132.0.34", "P-384", 384),
    ("1.3.132.0.35", "P-521", 521),
];

fn key_info(certificate: &Certificate) -> KeyInfo {
    let spki = certificate.tbs_certificate().subject_public_key_info();
    let oid = spki.algorithm.oid.to_string();
    let key = spki.subject_public_key.raw_bytes();
    match oid.as_str() {
        RSA_ENCRYPTION => KeyInfo {
            algorithm: "RSA".to_owned(),
            bits: rsa_bits(key),
            curve: None,
        },
        EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .filter(|parameters| parameters.tag() == der::Tag::ObjectIdentifier)
                .and_then(|parameters| parameters.decode_as::<ObjectIdentifier>().ok())
                .map(|curve| curve.to_string());
            let known = curve
                .as_deref()
                .and_then(|curve| CURVES.iter().find(|(known, _, _)| *known == curve));
            KeyInfo {
                algorithm: "EC".to_owned(),
                bits: known.map_or(0, |(_, _, bits)| *bits),
                curve: known.map(|(_, name, _)| (*name).to_owned()).or(curve),
            }
        }
        "1.3.101.112" => named_key("Ed25519", 256),
        "1.3.101.113" => named_key("Ed448", 456),
        _ => named_key(&oid, 0),
    }
}

fn named_key(algorithm: &str, bits: u32) -> KeyInfo {
    KeyInfo {
        algorithm: algorithm.to_owned(),
        bits,
        curve: None,
    }
}

/// The RSA modulus length in bits, from the PKCS#1 RSAPublicKey in the key's BIT STRING.
fn rsa_bits(key: &[u8]) -> u32 {
    let Ok(key) = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(key) else {
        return 0;
    };
    let modulus = key.modulus.as_bytes();
    let Some(first) = modulus.first() else {
        return 0;
    };
    let bytes = u32::try_from(modulus.len()).unwrap_or(u32::MAX / 8);
    bytes
        .saturating_mul(8)
        .saturating_sub(first.leading_zeros())
}
