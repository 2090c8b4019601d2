//! Text input: PEM blocks, or the base64 body alone, as pasted from consoles, files and XML.
//!
//! PEM framing follows RFC 7468 but leniently, the way admins' copies arrive: any line width, CRLF
//! or LF, spaces around, RFC 1421 header lines (`Proc-Type: …`) skipped, and the XML character
//! references `&#13;`, `&#xD;`, `&#10;`, `&#xA;` (from copying out of SAML metadata) and the
//! escapes `\r`, `\n` (from copying out of JSON) read as line breaks.
//!
//! Text outside PEM blocks (OpenSSL's `Bag Attributes`, an `openssl x509 -text` dump, a note) is
//! ignored, with one exception: every run of base64 outside the blocks is decoded, and one that
//! holds a private key (or a `.pfx`) refuses the whole input, as a key inside a block does. Other
//! runs, certificates included, are ignored: only the blocks are read. A block with an unknown
//! label is refused as a private key when its body is one.
//!
//! Damaged base64 that begins with a complete private key (a key body with junk after it) is
//! refused as a private key, not as damaged base64.

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

/// The shortest base64 run outside PEM blocks that is checked for a private key: 48 bytes, the
/// size of the smallest PKCS#8 key (Ed25519, RFC 8410 § 7).
const MIN_KEY_RUN: usize = 64;

const BEGIN: &str = "-----BEGIN ";
const DASHES: &str = "-----";

/// Every certificate in `text`, which starts `offset` bytes into the input (after a BOM).
pub(super) fn read(text: &str, offset: usize) -> Result<Vec<Vec<u8>>, CertificateError> {
    if text.contains(BEGIN) {
        pem(text, offset)
    } else if let Some((body, at)) = x509_certificate_element(text) {
        bare_base64(body, offset + at)
    } else {
        bare_base64(text, offset)
    }
}

/// The content of an `<X509Certificate>` element (with any namespace prefix, as in
/// `<ds:X509Certificate>`) that is the whole of `text`, and its byte position: the certificate
/// copied from federation metadata or a SAML response together with its tags.
fn x509_certificate_element(text: &str) -> Option<(&str, usize)> {
    let lead = text.len() - text.trim_start().len();
    let element = text.trim();
    let start_tag_end = element.find('>')?;
    let name = element
        .strip_prefix('<')?
        .get(..start_tag_end - 1)?
        .split_whitespace()
        .next()?;
    if name.rsplit(':').next() != Some("X509Certificate") {
        return None;
    }
    let body = element
        .get(start_tag_end + 1..)?
        .strip_suffix(&format!("</{name}>"))?;
    Some((body, lead + start_tag_end + 1))
}

/// The base64 body alone, as Mimecast shows it or Entra's `<X509Certificate>` holds it.
///
/// DER values always start with a SEQUENCE tag, whose base64 starts with `M`; text that does not,
/// or is mostly not base64, is not a certificate at all rather than a damaged one.
fn bare_base64(text: &str, offset: usize) -> Result<Vec<Vec<u8>>, CertificateError> {
    if kept_chars(text).next().map(|(_, c)| c) != Some('M') {
        return Err(loose_secret(text).unwrap_or(CertificateError::Unrecognized));
    }
    let chars = base64_chars(text);
    let alphabet = chars
        .bytes()
        .filter(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'='))
        .count();
    if alphabet * 10 < chars.len() * 9 {
        return Err(loose_secret(text).unwrap_or(CertificateError::Unrecognized));
    }
    decode_and_read(&chars, (text, offset), der_input::read)
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
    let mut outside = Vec::new();
    let mut rest_at = 0;
    while let Some(found) = text.get(rest_at..).and_then(|rest| rest.find(BEGIN)) {
        outside.push(text.get(rest_at..rest_at + found).unwrap_or(""));
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
    outside.push(text.get(rest_at..).unwrap_or(""));
    if let Some(secret) = outside.into_iter().find_map(loose_secret) {
        return Err(secret);
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
    let read_with = |read: ReadDer| {
        let text = without_headers(body);
        decode_and_read(&base64_chars(text), (text, offset), read)
    };
    let read = match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS" => {
            read_with(der_input::read)
        }
        "TRUSTED CERTIFICATE" => read_with(der_input::read_first),
        "PKCS12" | "PKCS #12" => Err(CertificateError::Pkcs12),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Err(CertificateError::Csr),
        label if label.ends_with("PUBLIC KEY") => Err(CertificateError::PublicKey),
        // An unknown label (`PRIVATE  KEY` with two spaces, say) may still hide a key.
        _ => {
            let chars = base64_chars(without_headers(body));
            Err(readable_secret(&chars).unwrap_or(CertificateError::Unrecognized))
        }
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

/// The base64 characters of `text`: without whitespace and line-break escapes.
fn base64_chars(text: &str) -> String {
    kept_chars(text).map(|(_, c)| c).collect()
}

/// The characters of `text` that are not whitespace or a line-break escape, each with its byte
/// position in `text`, so an error can point at the admin's own text.
///
/// One pass, nothing kept: only `&` and `\` can start an escape, so the escapes are looked for
/// there alone, and a position is found again by counting when an error needs one. (Looking for
/// all eight escapes at every character and keeping every position made a 1 MiB paste take
/// 400 ms in the browser's wasm; tests/hostile times it.)
fn kept_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut rest = text.char_indices();
    std::iter::from_fn(move || {
        while let Some((at, c)) = rest.next() {
            if matches!(c, '&' | '\\')
                && let Some(escape) = text.get(at..).and_then(|tail| {
                    LINE_BREAK_ESCAPES
                        .iter()
                        .find(|escape| tail.starts_with(**escape))
                })
            {
                // The escapes are ASCII: one character per byte, the first one already read.
                rest.by_ref().take(escape.len() - 1).for_each(drop);
                continue;
            }
            if !c.is_whitespace() {
                return Some((at, c));
            }
        }
        None
    })
}

/// The text the base64 characters were taken from, and where it starts in the input.
type Source<'a> = (&'a str, usize);

/// A reader of decoded DER: [`der_input::read`] or [`der_input::read_first`].
type ReadDer = fn(&[u8]) -> Result<Vec<Vec<u8>>, CertificateError>;

/// Decodes base64 characters and reads the DER with `read`; when the base64 is damaged but its
/// readable start holds a private key (or a `.pfx`), refuses it as that rather than as damaged.
fn decode_and_read(
    chars: &str,
    source: Source<'_>,
    read: ReadDer,
) -> Result<Vec<Vec<u8>>, CertificateError> {
    match decode(chars, source) {
        Ok(der) => read(&der),
        Err(error) => Err(readable_secret(chars).unwrap_or(error)),
    }
}

/// The secret held by the complete DER values at the start of the longest decodable start of
/// base64 `chars`.
fn readable_secret(chars: &str) -> Option<CertificateError> {
    let valid = chars
        .bytes()
        .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/'))
        .count();
    let padding = chars
        .get(valid..)?
        .bytes()
        .take_while(|byte| *byte == b'=')
        .count()
        .min(2);
    let padded = chars
        .get(..valid + padding)
        .filter(|_| padding > 0 && (valid + padding) % 4 == 0)
        .and_then(|start| BASE64.decode(start).ok());
    let der = match padded {
        Some(der) => der,
        None => BASE64.decode(chars.get(..valid - valid % 4)?).ok()?,
    };
    der_input::leading_secret(&der)
}

/// A private key (or `.pfx`) in a run of base64 lines of `text`, which is outside any PEM block.
///
/// A run is base64 characters up to any other character, continued across line breaks (real or
/// escaped) and the spaces around them; runs shorter than [`MIN_KEY_RUN`] are skipped.
fn loose_secret(text: &str) -> Option<CertificateError> {
    // Every escape starts with `&` or `\`: text without either is read as it is, not copied.
    let mut lines = std::borrow::Cow::Borrowed(text);
    if text.contains(['&', '\\']) {
        for escape in LINE_BREAK_ESCAPES {
            lines = lines.replace(escape, "\n").into();
        }
    }
    let is_base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    let mut run = String::new();
    let mut found = None;
    let mut finish = |run: &mut String| {
        if found.is_none() && run.len() >= MIN_KEY_RUN {
            found = readable_secret(run);
        }
        run.clear();
    };
    for line in lines.split('\n').map(str::trim) {
        for (index, token) in line.split(|c: char| !is_base64(c)).enumerate() {
            if index > 0 {
                finish(&mut run);
            }
            run.push_str(token);
        }
    }
    finish(&mut run);
    found
}

/// Decodes base64 characters, mapping a failure back to its position in the input.
fn decode(chars: &str, (text, offset): Source<'_>) -> Result<Vec<u8>, CertificateError> {
    BASE64.decode(chars).map_err(|error| {
        let index = match error {
            base64::DecodeError::InvalidByte(index, _)
            | base64::DecodeError::InvalidLastSymbol(index, _) => Some(index),
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => None,
        };
        CertificateError::InvalidBase64 {
            position: index
                .and_then(|index| kept_chars(text).nth(index))
                .map(|(at, _)| offset + at),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_error_points_at_the_admins_text() {
        let text = "MIIB\r\n&#13;MI!B";
        let chars = base64_chars(text);
        assert_eq!(chars, "MIIBMI!B");
        assert_eq!(
            decode(&chars, (text, 3)),
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
