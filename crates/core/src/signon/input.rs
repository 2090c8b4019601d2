//! The SAML response as an admin captures it, decoded to XML bytes.
//!
//! The HTTP-POST binding (saml-bindings-2.0-os § 3.5.4) sends the response base64-encoded in a
//! form field named `SAMLResponse`. Browsers' network panels show it URL-encoded (`%2B`, `%3D`)
//! or decoded; SAML tracers show it decoded or as XML; some admins copy the whole form body
//! (`SAMLResponse=…&RelayState=…`). All of these are accepted.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::SamlError;

/// The XML of a captured response: the text itself when it starts with `<`, else the base64 of
/// the `SAMLResponse` value (percent-decoded first when it holds `%`).
pub(super) fn decode(input: &str) -> Result<Vec<u8>, SamlError> {
    let text = input.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(SamlError::Empty);
    }
    if text.starts_with('<') {
        return Ok(text.as_bytes().to_vec());
    }
    let value = form_value(text);
    let value = if value.contains('%') {
        percent_decode(value).ok_or(SamlError::NotBase64)?
    } else {
        value.to_owned()
    };
    // Base64 as the binding sends it, line breaks and spaces (a `+` turned to a space by a
    // form decoder) tolerated.
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| SamlError::NotBase64)?;
    // XML behind a byte order mark is the XML reader's to judge: UTF-8's is skipped, and UTF-16
    // is refused there as UTF-16 rather than here as "not base64".
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if start.trim_ascii_start().first() != Some(&b'<') && !utf16 {
        return Err(SamlError::NotBase64);
    }
    Ok(bytes)
}

/// The `SAMLResponse` field of a form body, or the text itself when it is not one.
fn form_value(text: &str) -> &str {
    text.split('&')
        .find_map(|pair| pair.strip_prefix("SAMLResponse="))
        .unwrap_or(text)
}

/// `%XX` escapes decoded; `None` when an escape is malformed. A `+` is kept: a form encodes
/// base64's `+` as `%2B`, so a literal `+` is base64's own.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::decode;
    use crate::Coded;
    use crate::signon::SamlCode;

    const XML: &str = "<samlp:Response/>";
    /// `XML` in base64: "PHNhbWxwOlJlc3BvbnNlLz4=".
    const B64: &str = "PHNhbWxwOlJlc3BvbnNlLz4=";

    #[test]
    fn every_captured_form_decodes_to_the_xml() {
        for input in [
            XML.to_owned(),
            B64.to_owned(),
            format!("  {B64}\n"),
            "PHNhbWxwOlJlc3Bv\r\nbnNlLz4=".to_owned(),
            "PHNhbWxwOlJlc3BvbnNlLz4%3D".to_owned(),
            format!(
                "SAMLResponse={}&RelayState=abc",
                "PHNhbWxwOlJlc3BvbnNlLz4%3D"
            ),
        ] {
            assert_eq!(decode(&input).as_deref(), Ok(XML.as_bytes()), "{input}");
        }
    }

    #[test]
    fn what_is_not_a_response_is_refused_with_its_code() {
        assert_eq!(
            decode(" \n").map_err(|e| e.code()),
            Err(SamlCode::Empty.code())
        );
        for input in ["not base64!", "%ZZ", "aGVsbG8=" /* "hello" */] {
            assert_eq!(
                decode(input).map_err(|e| e.code()),
                Err(SamlCode::NotBase64.code()),
                "{input}"
            );
        }
    }
}
