//! Why an input was refused as a certificate: one variant per cause, each with a stable code.

use std::fmt;

use crate::Coded;

use super::{CertCode, MAX_CERTIFICATES, MAX_INPUT_BYTES};

/// Why [`normalize`](super::normalize) or [`inspect`](super::inspect) refused an input.
///
/// Each variant has a stable code (see [`Coded`]) listed in [`CODES`](super::CODES); `Display`
/// gives an English message an admin can act on. No message ever repeats the input's content, so a
/// pasted private key is never echoed back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// Nothing was given, or only whitespace. Code `cert.empty`.
    Empty,
    /// The input is larger than [`MAX_INPUT_BYTES`]; no certificate file comes close.
    /// Code `cert.too_large`.
    TooLarge {
        /// Size of the input in bytes.
        len: usize,
    },
    /// The input holds a private key (PEM `… PRIVATE KEY`, PKCS#1, PKCS#8 or SEC1 DER).
    /// Code `cert.private_key`.
    PrivateKey,
    /// The input is a PKCS#12 (`.pfx`) file, which holds the private key beside the certificate.
    /// Code `cert.pkcs12`.
    Pkcs12,
    /// The input holds more than [`MAX_CERTIFICATES`] certificates. Code `cert.too_many`.
    TooMany {
        /// How many certificates the input holds.
        count: usize,
    },
    /// The input is a certificate signing request, not a certificate. Code `cert.csr`.
    Csr,
    /// The input is a public key alone, not a certificate. Code `cert.public_key`.
    PublicKey,
    /// The input is neither PEM, base64 nor DER of anything we know. Code `cert.unrecognized`.
    Unrecognized,
    /// A PEM block is not closed: a `-----BEGIN …-----` line without its matching
    /// `-----END …-----` line. Code `cert.invalid_pem`.
    InvalidPem {
        /// The label of the block, for example `CERTIFICATE`.
        label: String,
    },
    /// The base64 text cannot be decoded. Code `cert.invalid_base64`.
    InvalidBase64 {
        /// Zero-based byte offset in the input (a BOM included) where decoding failed, when
        /// known.
        position: Option<usize>,
    },
    /// The bytes are not a well-formed DER certificate. Code `cert.invalid_der`.
    InvalidDer {
        /// Zero-based byte offset in the DER where parsing failed, when the parser gives one.
        position: Option<usize>,
        /// What the DER parser reported (never input content).
        detail: String,
    },
    /// A PKCS#7 (.p7b) file that holds no certificate. Code `cert.pkcs7_empty`.
    Pkcs7WithoutCertificate,
}

impl CertificateError {
    /// An [`InvalidDer`](Self::InvalidDer) error from the DER parser's error, keeping its position.
    pub(crate) fn der(error: der::Error) -> Self {
        Self::InvalidDer {
            position: error
                .position()
                .and_then(|length| usize::try_from(u32::from(length)).ok()),
            detail: error.kind().to_string(),
        }
    }
}

/// The codes of refusals that mean the input held secret material (a private key, or a `.pfx`
/// holding one). Adapters clear such input and keep nothing of it; the core never echoes it.
pub const SECRET_CODES: &[CertCode] = &[CertCode::PrivateKey, CertCode::Pkcs12];

/// Whether `code` (as the page or an answer carries it) is one of [`SECRET_CODES`].
pub fn is_secret_code(code: &str) -> bool {
    SECRET_CODES.iter().any(|secret| secret.code() == code)
}

impl CertificateError {
    /// Whether the input holds a secret (a private key, or a `.pfx` holding one): such an
    /// error wins over every other error of the same input. Its code is in [`SECRET_CODES`].
    pub fn is_secret(&self) -> bool {
        matches!(self, Self::PrivateKey | Self::Pkcs12)
    }
}

impl CertificateError {
    /// This error's code.
    pub fn kind(&self) -> CertCode {
        match self {
            Self::Empty => CertCode::Empty,
            Self::TooLarge { .. } => CertCode::TooLarge,
            Self::PrivateKey => CertCode::PrivateKey,
            Self::Pkcs12 => CertCode::Pkcs12,
            Self::TooMany { .. } => CertCode::TooMany,
            Self::Csr => CertCode::Csr,
            Self::PublicKey => CertCode::PublicKey,
            Self::Unrecognized => CertCode::Unrecognized,
            Self::InvalidPem { .. } => CertCode::InvalidPem,
            Self::InvalidBase64 { .. } => CertCode::InvalidBase64,
            Self::InvalidDer { .. } => CertCode::InvalidDer,
            Self::Pkcs7WithoutCertificate => CertCode::Pkcs7Empty,
        }
    }
}

impl Coded for CertificateError {
    fn code(&self) -> &'static str {
        self.kind().code()
    }
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "No certificate was given. Paste the certificate text or choose the .cer, .pem or \
                 .p7b file downloaded from Entra.",
            ),
            Self::TooLarge { len } => write!(
                f,
                "The input is {len} bytes; a certificate is a few kilobytes, and at most \
                 {MAX_INPUT_BYTES} bytes are accepted. Check that you chose the certificate file."
            ),
            Self::PrivateKey => f.write_str(
                "This is a private key, not a certificate. It was not stored or sent anywhere. \
                 Only the public certificate is needed: in Entra, download \"Certificate (Base64)\" \
                 from the SAML Certificates section. Keep the private key secret.",
            ),
            Self::Pkcs12 => f.write_str(
                "This is a PKCS#12 (.pfx) file: it holds the private key as well as the \
                 certificate. It was not stored or sent anywhere. Mimecast needs only the public \
                 certificate: in Entra, download \"Certificate (Base64)\" from the SAML \
                 Certificates section instead. Keep the .pfx file secret.",
            ),
            Self::TooMany { count } => write!(
                f,
                "The input holds {count} certificates; at most {MAX_CERTIFICATES} are read. \
                 Mimecast needs one: give the Entra SAML signing certificate marked Active, \
                 downloaded as \"Certificate (Base64)\"."
            ),
            Self::Csr => f.write_str(
                "This is a certificate signing request (CSR), not a certificate. Use the signed \
                 certificate; for Entra, download \"Certificate (Base64)\" from the SAML \
                 Certificates section.",
            ),
            Self::PublicKey => f.write_str(
                "This is a public key alone, not a certificate. Mimecast needs the whole \
                 certificate; for Entra, download \"Certificate (Base64)\" from the SAML \
                 Certificates section.",
            ),
            Self::Unrecognized => f.write_str(
                "This does not look like a certificate. Expected PEM text (-----BEGIN \
                 CERTIFICATE-----), the base64 body alone, or a .cer, .der or .p7b file.",
            ),
            Self::InvalidPem { label } => write!(
                f,
                "The PEM block \"-----BEGIN {label}-----\" has no matching \"-----END \
                 {label}-----\" line; the text may have been cut off while copying."
            ),
            Self::InvalidBase64 { position: Some(at) } => write!(
                f,
                "The base64 text is damaged at position {at} (counting from 0); copy the \
                 certificate again without changing it."
            ),
            Self::InvalidBase64 { position: None } => f.write_str(
                "The base64 text is damaged or incomplete (its length is wrong); copy the \
                 certificate again without changing it.",
            ),
            Self::InvalidDer {
                position: Some(at),
                detail,
            } => write!(
                f,
                "The certificate data is damaged ({detail}) at byte {at}; download or copy the \
                 certificate again."
            ),
            Self::InvalidDer {
                position: None,
                detail,
            } => write!(
                f,
                "The certificate data is damaged ({detail}); download or copy the certificate \
                 again."
            ),
            Self::Pkcs7WithoutCertificate => f.write_str(
                "This PKCS#7 (.p7b) file holds no certificate. Export the certificate itself, \
                 for example as Base64 .cer.",
            ),
        }
    }
}

impl std::error::Error for CertificateError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_codes_are_exactly_the_secret_errors() {
        let secret = [CertificateError::PrivateKey, CertificateError::Pkcs12];
        assert!(secret.iter().all(CertificateError::is_secret));
        assert_eq!(secret.map(|e| e.kind()), SECRET_CODES);
        assert!(!CertificateError::Csr.is_secret());
    }
}
