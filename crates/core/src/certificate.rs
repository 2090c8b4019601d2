//! The identity provider's signing certificate: normalise what admins paste, then inspect it.
//!
//! Mimecast's Authentication Profile wants the Entra signing certificate as its "Identity Provider
//! Certificate (Metadata)": the base64 body alone, without the `-----BEGIN CERTIFICATE-----` and
//! `-----END CERTIFICATE-----` lines and without line breaks. Admins paste it in every form
//! Windows, Entra and XML produce; [`normalize`] accepts all of them and gives back the Mimecast
//! text, a canonical PEM and the DER, and [`inspect`] reports what an admin needs to check and
//! every finding at once.
//!
//! ```
//! use mimecast_sso_core::{certificate, UnixTime};
//!
//! let pem = include_str!("../tests/data/entra.pem");
//! let report = certificate::inspect(pem.as_bytes(), UnixTime::from_secs(1_800_000_000)).unwrap();
//! assert!(report.is_entra_signing);
//! assert!(!report.mimecast_body.contains('\n'));
//! ```

mod error;
mod expiry;
mod facts;
mod findings;
mod inspect;
mod name;
mod normalize;
mod signature;

use serde::{Deserialize, Serialize};

pub use error::{CertificateError, SECRET_CODES, is_secret_code};
pub use expiry::{Expiry, ExpiryBand};
#[cfg(feature = "verify")]
pub use signature::RustCrypto;
pub use signature::{
    CheckedAlgorithm, Hash, SignatureCheck, Verdict, Verifier, default_verifier, public_key_info,
};

use crate::finding::Finding;
use crate::time::UnixTime;

/// Inputs larger than this many bytes (1 MiB) are refused with `cert.too_large`; certificate files
/// are a few kilobytes, PKCS#7 bundles a few dozen.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Inputs holding more than this many certificates are refused with `cert.too_many`: Entra's
/// metadata lists one or two signing certificates, and each certificate read costs parsing time.
pub const MAX_CERTIFICATES: usize = 64;

/// The field name findings of this module carry.
pub const FIELD: &str = "certificate";

crate::codes! {
    /// Every code this module can emit: errors of [`CertificateError`] and the findings of
    /// [`inspect`].
    pub enum CertCode {
        /// Nothing was given.
        Empty = "cert.empty",
        /// Larger than any certificate file.
        TooLarge = "cert.too_large",
        /// A private key: refused, never echoed.
        PrivateKey = "cert.private_key",
        /// A PKCS#12 (.pfx) file, which holds a private key.
        Pkcs12 = "cert.pkcs12",
        /// More certificates than are read.
        TooMany = "cert.too_many",
        /// A certificate signing request.
        Csr = "cert.csr",
        /// A public key alone.
        PublicKey = "cert.public_key",
        /// Not a certificate in any form we know.
        Unrecognized = "cert.unrecognized",
        /// A PEM block without its END line.
        InvalidPem = "cert.invalid_pem",
        /// Damaged base64.
        InvalidBase64 = "cert.invalid_base64",
        /// Damaged DER.
        InvalidDer = "cert.invalid_der",
        /// A PKCS#7 file without a certificate.
        Pkcs7Empty = "cert.pkcs7_empty",
        /// `now` is after `notAfter`: Entra signs nothing with it and Mimecast refuses the
        /// responses.
        Expired = "cert.expired",
        /// `now` is before `notBefore`.
        NotYetValid = "cert.not_yet_valid",
        /// Expires within 60 days: Entra's first notification mail.
        ExpiresWithin60Days = "cert.expires_within_60_days",
        /// Expires within 30 days: Entra's second notification mail.
        ExpiresWithin30Days = "cert.expires_within_30_days",
        /// Expires within 7 days: Entra's last notification mail.
        ExpiresWithin7Days = "cert.expires_within_7_days",
        /// Signed with SHA-1.
        Sha1Signature = "cert.sha1_signature",
        /// RSA key under 2048 bits.
        WeakKey = "cert.weak_key",
        /// The issuer differs from the subject.
        NotSelfSigned = "cert.not_self_signed",
        /// Self-issued, but its own key does not verify its signature.
        SelfSignatureInvalid = "cert.self_signature_invalid",
        /// Self-issued, with a signature algorithm or key we cannot check.
        SelfSignatureUnchecked = "cert.self_signature_unchecked",
        /// Not the certificate Entra creates for SAML signing.
        NotEntra = "cert.not_entra",
        /// More than one certificate was given.
        Multiple = "cert.multiple",
    }
}

/// Every certificate found in an input, in input order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    /// The certificates; never empty when [`normalize`] succeeds.
    pub certificates: Vec<NormalizedCertificate>,
}

/// One certificate in the three forms the consoles use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizedCertificate {
    /// The DER bytes, as a `.cer` "Raw" download holds them.
    pub der: Vec<u8>,
    /// Mimecast's "Identity Provider Certificate (Metadata)" text: standard base64 of the DER,
    /// padded, with no header, footer or whitespace.
    pub mimecast_body: String,
    /// Canonical PEM: `-----BEGIN CERTIFICATE-----`, base64 in 64-column lines (RFC 7468), LF line
    /// ends, a trailing newline.
    pub pem: String,
}

/// Reads any certificate input admins paste or upload and returns every certificate in it.
///
/// Accepted: PEM (`CERTIFICATE`, `X509 CERTIFICATE`, `TRUSTED CERTIFICATE`, `PKCS7`, `CMS`
/// labels) with CRLF or LF, any line width, a UTF-8 BOM, surrounding spaces and XML character
/// references such as `&#13;`; the base64 body alone; DER (a `.cer` "Raw" download); several
/// certificates one after another; PKCS#7 (`.p7b`) SignedData holding certificates, as DER or PEM.
///
/// # Errors
/// A [`CertificateError`] with its own code for: empty or oversized input, a private key
/// (anywhere: in a block of any label, as base64 outside the blocks, or followed by junk), a
/// PKCS#12 `.pfx`, more than [`MAX_CERTIFICATES`] certificates, a certificate signing request, a
/// public key alone, PKCS#7 without certificates, damaged PEM, base64 or DER, and anything else
/// unrecognised.
pub fn normalize(input: &[u8]) -> Result<Normalized, CertificateError> {
    normalize::normalize(input)
}

/// Normalises `input` (see [`normalize`]), chooses the certificate Mimecast should hold and reports
/// on it, judged at `now`.
///
/// Only the chosen certificate's self-signature is checked (an RSA verification costs far more
/// than parsing), so the choice never depends on it.
///
/// When the input holds several certificates, the one used is the first Entra SAML signing
/// certificate (`CN=Microsoft Azure Federated SSO Certificate`) valid at `now`, choosing the latest
/// `notAfter` among those (during a certificate rollover, Entra's metadata lists both); when none
/// is, the first certificate of the input. A `cert.multiple` finding says which one and why,
/// since Mimecast holds exactly one certificate. (A PKCS#7 bundle's certificates form a SET, so
/// "first" there means first in DER order: the shorter encoding first, then bytewise.)
///
/// # Errors
/// Every error of [`normalize`], and `cert.invalid_der` when a certificate's contents cannot be
/// read.
pub fn inspect(input: &[u8], now: UnixTime) -> Result<CertificateReport, CertificateError> {
    inspect::inspect(input, now, default_verifier())
}

/// [`inspect`] with the self-signature checked by `verifier` (the page's WebCrypto, for one).
///
/// # Errors
/// As [`inspect`].
pub fn inspect_with(
    input: &[u8],
    now: UnixTime,
    verifier: &dyn Verifier,
) -> Result<CertificateReport, CertificateError> {
    inspect::inspect(input, now, verifier)
}

/// The self-signature [`inspect`] checks for `input` (of the certificate it chooses at `now`), as
/// a check a verifier answers; `None` when there is nothing to check: not self-issued, a malformed
/// signature, or an algorithm or key the core does not check.
pub fn self_signature_check(input: &[u8], now: UnixTime) -> Option<SignatureCheck> {
    inspect::self_signature_check(input, now)
}

/// The public key of a certificate.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyInfo {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, or the algorithm's dotted OID when unknown.
    pub algorithm: String,
    /// Key size in bits: the RSA modulus length, or the curve's size; 0 when unknown.
    pub bits: u32,
    /// For EC keys, the curve: `P-256`, `P-384`, `P-521`, or its dotted OID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
}

/// What [`inspect`] reports about the certificate Mimecast will hold.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateReport {
    /// Subject distinguished name in RFC 4514 form, for example
    /// `CN=Microsoft Azure Federated SSO Certificate` (as `openssl x509 -nameopt RFC2253` prints).
    pub subject: String,
    /// Issuer distinguished name in RFC 4514 form.
    pub issuer: String,
    /// Serial number in upper-case hex, without leading zero bytes (as `openssl x509 -serial`).
    pub serial_number: String,
    /// Start of validity, RFC 3339 in UTC.
    pub not_before: String,
    /// End of validity, RFC 3339 in UTC.
    pub not_after: String,
    /// Whole days from `now` until `notAfter`, rounded down; negative once expired.
    pub days_remaining: i64,
    /// The expiry band of `daysRemaining` and its severity ([`ExpiryBand`]): the one answer to
    /// "how urgent is renewing it", for the page and every API consumer.
    pub expiry: Expiry,
    /// The subject public key.
    pub key: KeyInfo,
    /// Signature algorithm, named as OpenSSL names it (`sha256WithRSAEncryption`,
    /// `ecdsa-with-SHA256`), or its dotted OID when unknown.
    pub signature_algorithm: String,
    /// SHA-1 of the DER in upper-case hex without separators: the "Thumbprint" Entra shows.
    pub thumbprint_sha1: String,
    /// SHA-256 of the DER in upper-case hex without separators.
    pub fingerprint_sha256: String,
    /// The issuer name equals the subject name.
    pub self_issued: bool,
    /// Whether the certificate's own public key verifies its signature; `None` when it is not
    /// self-issued (its issuer's key is not at hand) or the algorithm is one we cannot check
    /// (we check RSA PKCS#1 v1.5 with SHA-1/256/384/512 and ECDSA on P-256).
    pub self_signature_valid: Option<bool>,
    /// The subject is `CN=Microsoft Azure Federated SSO Certificate`, the name Entra gives the SAML
    /// signing certificates it creates.
    pub is_entra_signing: bool,
    /// How many certificates the input held.
    pub certificates_found: usize,
    /// Zero-based position, in the input, of the certificate this report is about.
    pub selected_index: usize,
    /// The text for Mimecast's "Identity Provider Certificate (Metadata)" field.
    pub mimecast_body: String,
    /// The certificate as canonical PEM.
    pub pem: String,
    /// Everything worth attention, most severe first; field `certificate`.
    pub findings: Vec<Finding>,
}
