//! Text input: PEM blocks, or the base64 body alone, as pasted from consoles, files and XML.
//!
//! PEM framing follows RFC 7468 but leniently, the way admins' copies arrive: any line width, CRLF
//! or LF, spaces around, RFC 1421 header lines (`Proc-Type: …`) skipped, and the XML character
//! references `&#13;`, `&#xD;`, `&#10;`, `&#xA;` (from copying out of SAML metadata) and the
//! escapes `\r`, `\n` (from copying out of JSON) read as line breaks.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

use super::der_input::{self, Kind};
use crate::certificate::CertificateError;

/// Standard alphabet; padding may be present or not (some tools drop it), trailing bits strict.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// CR and LF as XML character references (a certificate copied from XML) and as JSON string
/// escapes (copied from JSON); read as line breaks.
const LINE_BREAK_ESCAPES: [&str; 8] = [
    "&#13;", "&#xD;", "&#xd;", "&#10;", "&#xA;", "&#xa;", "\\r", "\\n",
];

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Every certificate in `text`, which starts `offset` bytes into the input (after a BOM).
pub(super) fn read(text: &str, offset: usize) -> Result<Vec<Vec<u8>>, CertificateError> {
    if text.contains(BEGIN) {
        pem(text, offset)
    } else {
        bare_base64(text, offset)
    }
}

/// The base64 body alone, as Mimecast shows it or Entra's `<X509Certificate>` holds it.
///
/// DER values always start with a SEQUENCE tag, whose base64 starts with `M`; text that does not,
/// or is mostly not base64, is not a certificate at all rather than a damaged one.
fn bare_base64(text: &str, offset: usize) -> Result<Vec<Vec<u8>>, CertificateError> {
    let (chars, positions) = base64_chars(text, offset);
    let alphabet = chars
        .bytes()
        .filter(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
        .count();
    if !chars.starts_with('M') || alphabet * 10 < chars.len() * 9 {
        return Err(CertificateError::Unrecognized);
    }
    let der = decode(&chars, &positions)?;
    der_input::read(&der)
}

/// All PEM blocks of `text`: any private key refuses the whole input, before anything is decoded.
fn pem(text: &str, offset: usize) -> Result<Vec<Vec<u8>>, CertificateError> {
    // Any BEGIN line naming a private key, even a malformed one, refuses the whole input.
    if text
        .lines()
        .any(|line| line.contains(BEGIN) && line.contains("PRIVATE KEY"))
    {
        return Err(CertificateError::PrivateKey);
    }
    let mut kinds = Vec::new();
    let mut rest_at = 0;
    while let Some(found) = text.get(rest_at..).and_then(|rest| rest.find(BEGIN)) {
        let label_start = rest_at + found + BEGIN.len();
        let Some(label) = label_at(text, label_start) else {
            rest_at = label_start;
            continue;
        };
        let body_start = label_start + label.len() + DASHES.len();
        let end_line = format!("-----END {label}-----");
        let Some(body_len) = text.get(body_start..).and_then(|rest| rest.find(&end_line)) else {
            return Err(CertificateError::InvalidPem {
                label: label.to_owned(),
            });
        };
        let body = text.get(body_start..body_start + body_len).unwrap_or("");
        if body.contains(BEGIN) {
            // This block's END line is missing; the one found belongs to a later block.
            return Err(CertificateError::InvalidPem {
                label: label.to_owned(),
            });
        }
        rest_at = body_start + body_len + end_line.len();
        kinds.push(block(label, body, offset + body_start));
    }
    der_input::collect(kinds)
}

/// The label after `-----BEGIN ` at byte `at`: up to the closing dashes, on the same line, in
/// RFC 7468's label characters. `None` when it is not a proper label.
fn label_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let label = rest.get(..rest.find(DASHES)?)?;
    let proper = label.len() <= 64
        && label.bytes().all(|byte| {
            byte.is_ascii_uppercase() || byte.is_ascii_digit() || b" -#".contains(&byte)
        });
    proper.then_some(label)
}

/// One PEM block, by its label (RFC 7468 § 5–13 and OpenSSL's labels).
fn block(label: &str, body: &str, offset: usize) -> Kind {
    let decoded = || {
        let (chars, positions) = base64_chars(without_headers(body), offset);
        decode(&chars, &positions)
    };
    let read = match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS" => {
            decoded().and_then(|der| der_input::read(&der))
        }
        "TRUSTED CERTIFICATE" => decoded().and_then(|der| der_input::read_first(&der)),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Err(CertificateError::Csr),
        label if label.ends_with("PUBLIC KEY") => Err(CertificateError::PublicKey),
        _ => Err(CertificateError::Unrecognized),
    };
    match read {
        Ok(certificates) => Kind::Certificates(certificates),
        Err(error) => Kind::Refused(error),
    }
}

/// The body without RFC 1421 header lines (`Proc-Type: 4,ENCRYPTED`), which contain a colon.
fn without_headers(body: &str) -> &str {
    match body.rfind(':') {
        Some(colon) => body
            .get(colon..)
            .and_then(|rest| rest.find('\n').map(|line_end| colon + line_end))
            .and_then(|at| body.get(at..))
            .unwrap_or(""),
        None => body,
    }
}

/// The base64 characters of `text` without whitespace and line-break entities, each with its byte
/// position in the input, so an error can point at the admin's own text.
fn base64_chars(text: &str, offset: usize) -> (String, Vec<usize>) {
    let mut chars = String::with_capacity(text.len());
    let mut positions = Vec::with_capacity(text.len());
    let mut at = 0;
    while let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) {
        let rest = text.get(at..).unwrap_or("");
        if let Some(entity) = LINE_BREAK_ESCAPES
            .iter()
            .find(|entity| rest.starts_with(*entity))
        {
            at += entity.len();
            continue;
        }
        if !c.is_whitespace() {
            chars.push(c);
            positions.push(offset + at);
        }
        at += c.len_utf8();
    }
    (chars, positions)
}

/// Decodes base64 characters, mapping a failure back to its position in the input.
fn decode(chars: &str, positions: &[usize]) -> Result<Vec<u8>, CertificateError> {
    BASE64.decode(chars).map_err(|error| {
        let index = match error {
            base64::DecodeError::InvalidByte(index, _)
            | base64::DecodeError::InvalidLastSymbol(index, _) => Some(index),
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => None,
        };
        CertificateError::InvalidBase64 {
            position: index.and_then(|index| positions.get(index).copied()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_error_points_at_the_admins_text() {
        let text = "MIIB\r\n&#13;MI!B";
        let (chars, positions) = base64_chars(text, 3);
        assert_eq!(chars, "MIIBMI!B");
        assert_eq!(
            decode(&chars, &positions),
            Err(CertificateError::InvalidBase64 {
                position: Some(3 + 13)
            })
        );
    }

    #[test]
    fn header_lines_are_skipped() {
        assert_eq!(
            without_headers("\nProc-Type: 4,ENCRYPTED\nDEK-Info: X\n\nMIIB\n"),
            "\n\nMIIB\n"
        );
        assert_eq!(without_headers("\nMIIB\n"), "\nMIIB\n");
    }
}
