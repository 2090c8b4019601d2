//! Normalisation: every form admins paste or upload, down to the DER of each certificate.
//!
//! The input is sorted once into DER (it starts with a DER SEQUENCE) or text; text is either PEM
//! (it has a `-----BEGIN ` line) or the base64 body alone. Every DER value found is then classified
//! by its ASN.1 shape with the `der` crate, so a private key, a CSR or a public key is named as what
//! it is, whatever the label says, and certificates are decoded with `x509-cert` and the PKCS#7
//! SignedData around them with `der`.

mod der_input;
mod text;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{
    CertificateError, MAX_CERTIFICATES, MAX_INPUT_BYTES, Normalized, NormalizedCertificate,
};

/// The UTF-8 byte order mark Windows editors put at the start of text files.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn normalize(input: &[u8]) -> Result<Normalized, CertificateError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(CertificateError::TooLarge { len: input.len() });
    }
    let (offset, body) = match input.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, input),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(CertificateError::Empty);
    }
    let ders = if der_input::looks_like_der(body) {
        der_input::read(body)?
    } else {
        let text = std::str::from_utf8(body).map_err(|_| CertificateError::Unrecognized)?;
        text::read(text, offset)?
    };
    if ders.is_empty() {
        return Err(CertificateError::Unrecognized);
    }
    if ders.len() > MAX_CERTIFICATES {
        return Err(CertificateError::TooMany { count: ders.len() });
    }
    Ok(Normalized {
        certificates: ders
            .into_iter()
            .map(NormalizedCertificate::from_der)
            .collect(),
    })
}

impl NormalizedCertificate {
    /// The three forms of one certificate from its DER; the DER must already have been checked.
    fn from_der(der: Vec<u8>) -> Self {
        let mimecast_body = STANDARD.encode(&der);
        let mut pem = String::with_capacity(mimecast_body.len() + mimecast_body.len() / 64 + 60);
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        // The base64 alphabet is ASCII, so every 64-byte chunk is 64 characters (RFC 7468 § 2).
        for line in mimecast_body.as_bytes().chunks(64) {
            pem.extend(line.iter().map(|&byte| char::from(byte)));
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
        Self {
            der,
            mimecast_body,
            pem,
        }
    }
}
