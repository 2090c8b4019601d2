//! Distinguished names as text (RFC 4514), for the subject and issuer a certificate report shows.
//!
//! x509-cert's `Display` for names looks every attribute up in const-oid's database of thousands
//! of OIDs, which costs the browser page about 28 KB of its gzip budget. Certificates that sign
//! SAML carry a handful of the X.520 attributes, so this table names those, with the same short
//! names and escaping as x509-cert (its output is the reference in the tests); any other attribute
//! is written as RFC 4514 § 2.4 prescribes for an unknown type: dotted OID, `#` and the value's DER
//! in hex.

use std::fmt::Write as _;

use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Encode as _, Tag, Tagged as _};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;

/// Attribute types by OID, with the short name x509-cert writes (upper case).
const ATTRIBUTES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "SERIALNUMBER"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "TITLE"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "INITIALS"),
    ("2.5.4.44", "GENERATIONQUALIFIER"),
    ("2.5.4.46", "DNQUALIFIER"),
    ("2.5.4.65", "PSEUDONYM"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "EMAIL"),
];

/// The name as RFC 4514 text: relative names in reverse order, joined by `,`; the attributes of a
/// multi-valued one joined by `+`.
pub(super) fn to_text(name: &Name) -> String {
    let mut text = String::new();
    let rdns: Vec<_> = name.iter_rdn().collect();
    for (index, rdn) in rdns.iter().rev().enumerate() {
        if index > 0 {
            text.push(',');
        }
        for (position, attribute) in rdn.iter().enumerate() {
            if position > 0 {
                text.push('+');
            }
            write_attribute(&mut text, attribute);
        }
    }
    text
}

fn write_attribute(text: &mut String, attribute: &AttributeTypeAndValue) {
    let oid = attribute.oid.to_string();
    let short = ATTRIBUTES
        .iter()
        .find(|(known, _)| *known == oid)
        .map(|(_, short)| *short);
    match (short, string_value(attribute)) {
        (Some(short), Some(value)) => {
            text.push_str(short);
            text.push('=');
            escape(text, value);
        }
        _ => {
            text.push_str(&oid);
            text.push_str("=#");
            for byte in attribute.value.to_der().unwrap_or_default() {
                // Writing to a String cannot fail.
                let _ = write!(text, "{byte:02x}");
            }
        }
    }
}

/// The value when it is one of the string types certificates use for names.
fn string_value(attribute: &AttributeTypeAndValue) -> Option<&str> {
    let value = &attribute.value;
    match value.tag() {
        Tag::PrintableString => PrintableStringRef::try_from(value).ok().map(|s| s.as_str()),
        Tag::Utf8String => Utf8StringRef::try_from(value).ok().map(|s| s.as_str()),
        Tag::Ia5String => Ia5StringRef::try_from(value).ok().map(|s| s.as_str()),
        Tag::TeletexString => TeletexStringRef::try_from(value).ok().map(|s| s.as_str()),
        _ => None,
    }
}

/// RFC 4514 § 2.4 escaping, as x509-cert writes it.
fn escape(text: &mut String, value: &str) {
    let mut chars = value.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        match c {
            '#' if first => text.push_str("\\#"),
            ' ' if first || last => text.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                text.push('\\');
                text.push(c);
            }
            '\x00'..='\x1f' | '\x7f' => {
                let _ = write!(text, "\\{:02x}", c as u8);
            }
            _ => text.push(c),
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr as _;

    use der::Decode as _;
    use der::asn1::{SetOfVec, Utf8StringRef};
    use x509_cert::attr::AttributeTypeAndValue;
    use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

    use super::{ATTRIBUTES, to_text};

    fn name(text: &str) -> Name {
        let der = der::Encode::to_der(&RdnSequence::from_str(text).unwrap()).unwrap();
        Name::from_der(&der).unwrap()
    }

    #[test]
    fn every_named_attribute_reads_as_x509_cert_writes_it() {
        let mut mismatches = Vec::new();
        for (oid, _) in ATTRIBUTES {
            let attribute = AttributeTypeAndValue {
                oid: oid.parse().unwrap(),
                value: der::Any::from(Utf8StringRef::new("a, b+c").unwrap()),
            };
            let rdn = RelativeDistinguishedName::from(SetOfVec::try_from(vec![attribute]).unwrap());
            let der = der::Encode::to_der(&RdnSequence::from(vec![rdn])).unwrap();
            let name = Name::from_der(&der).unwrap();
            if to_text(&name) != name.to_string() {
                mismatches.push(format!("{oid}: {}", name));
            }
        }
        assert!(mismatches.is_empty(), "{mismatches:#?}");
    }

    #[test]
    fn order_escaping_and_multi_valued_names_match_x509_cert() {
        for text in [
            "CN=Microsoft Azure Federated SSO Certificate",
            "C=GB,O=Contoso\\, Ltd,CN=Contoso SAML Signing",
            "CN=\\#hash,OU=a+CN=b,O=\\ lead and trail\\ ",
            "DC=com,DC=contoso,UID=jdoe",
            "CN=quote\\\"semi\\;lt\\<gt\\>back\\\\",
        ] {
            let name = name(text);
            assert_eq!(to_text(&name), name.to_string(), "{text}");
        }
    }

    #[test]
    fn an_unknown_attribute_is_written_as_its_oid_and_der() {
        let attribute = AttributeTypeAndValue {
            oid: "1.2.3.4".parse().unwrap(),
            value: der::Any::from(Utf8StringRef::new("x").unwrap()),
        };
        let rdn = RelativeDistinguishedName::from(SetOfVec::try_from(vec![attribute]).unwrap());
        let der = der::Encode::to_der(&RdnSequence::from(vec![rdn])).unwrap();
        let name = Name::from_der(&der).unwrap();
        assert_eq!(to_text(&name), "1.2.3.4=#0c0178");
    }
}
