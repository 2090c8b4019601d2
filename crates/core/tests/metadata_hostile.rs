//! Hostile and broken Federation Metadata: each refused with its own code, fast, without panic.

#[path = "support/metadata.rs"]
mod fixture;

use std::time::{Duration, Instant};

use fixture::*;
use mimecast_sso_core::Coded;
use mimecast_sso_core::metadata::{self, MetadataError, Scope};
use proptest::prelude::*;

fn refusal(xml: &[u8]) -> MetadataError {
    metadata::parse(xml, JAN_2027, Scope::Application).expect_err("input must be refused")
}

#[test]
fn billion_laughs_is_refused_as_doctype() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&lol9;"/>"#;
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.doctype");
}

#[test]
fn external_entity_is_refused_as_doctype_and_never_read() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE EntityDescriptor [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;"/>"#;
    let error = refusal(xml.as_bytes());
    assert_eq!(error.code(), "metadata.doctype");
    assert!(!error.to_string().contains("root:"));
}

#[test]
fn utf16_document_is_refused_as_not_utf8_not_as_too_deep() {
    let xml = document(&[&entra_body()]);
    let le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let with_bom = [b"\xFF\xFE".as_slice(), &le].concat();
    for (name, bytes) in [("with BOM", with_bom), ("without BOM", le)] {
        let error = refusal(&bytes);
        assert_eq!(error.code(), "metadata.invalid_xml", "{name}: {error}");
        assert!(error.to_string().contains("UTF-16"), "{name}: {error}");
    }
}

#[test]
fn lowercase_doctype_without_internal_subset_is_refused() {
    let xml = format!(
        "<!doctype html>{}",
        document(&[&entra_body()]).replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "")
    );
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.doctype");
}

#[test]
fn fifty_megabyte_document_is_refused_as_too_large_at_once() {
    let mut xml = document(&[&entra_body()]).into_bytes();
    xml.resize(50 * 1024 * 1024, b' ');
    let start = Instant::now();
    let error = refusal(&xml);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.code(), "metadata.too_large");
    assert_eq!(
        error,
        MetadataError::TooLarge {
            len: 50 * 1024 * 1024
        }
    );
}

#[test]
fn a_file_size_alone_is_checked_against_the_same_limit_before_reading() {
    assert!(metadata::check_size(metadata::MAX_INPUT_BYTES).is_ok());
    assert!(metadata::check_size(0).is_ok());
    let error = metadata::check_size(metadata::MAX_INPUT_BYTES + 1).unwrap_err();
    assert_eq!(
        error,
        MetadataError::TooLarge {
            len: metadata::MAX_INPUT_BYTES + 1
        }
    );
    assert_eq!(error.code(), "metadata.too_large");
    // The same refusal as the document of that size would get.
    let big = vec![b' '; metadata::MAX_INPUT_BYTES + 1];
    assert_eq!(refusal(&big), error);
}

#[test]
fn ten_thousand_deep_nesting_is_refused_as_too_deep_at_once() {
    let xml = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    let start = Instant::now();
    let error = refusal(xml.as_bytes());
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.code(), "metadata.too_deep");
}

#[test]
fn deep_nesting_hidden_in_comments_and_attributes_is_not_counted() {
    let xml = document(&[&entra_body()]).replace(
        "<IDPSSODescriptor ",
        &format!(
            "<!-- {} --><IDPSSODescriptor a=\"{}\" ",
            "<a>".repeat(100),
            "b>".repeat(100)
        ),
    );
    assert!(metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).is_ok());
}

#[test]
fn wrong_namespace_is_refused_as_not_entity_descriptor() {
    let xml = document(&[&entra_body()]).replace(
        r#"xmlns="urn:oasis:names:tc:SAML:2.0:metadata""#,
        r#"xmlns="urn:oasis:names:tc:SAML:1.0:metadata""#,
    );
    assert_eq!(
        refusal(xml.as_bytes()).code(),
        "metadata.not_entity_descriptor"
    );
}

#[test]
fn other_root_element_is_refused_as_not_entity_descriptor() {
    let xml = r#"<html xmlns="http://www.w3.org/1999/xhtml"><body>Sign in</body></html>"#;
    assert_eq!(
        refusal(xml.as_bytes()).code(),
        "metadata.not_entity_descriptor"
    );
}

#[test]
fn missing_idp_descriptor_is_refused() {
    let xml = document(&[&entra_body()]);
    let start = xml.find("<IDPSSODescriptor").unwrap();
    let end = xml.find("</IDPSSODescriptor>").unwrap() + "</IDPSSODescriptor>".len();
    let xml = format!("{}{}", &xml[..start], &xml[end..]);
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.no_idp_descriptor");
}

#[test]
fn idp_descriptor_without_saml2_protocol_is_refused_as_missing() {
    let xml = document(&[&entra_body()]).replace(
        r#"protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol""#,
        r#"protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol""#,
    );
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.no_idp_descriptor");
}

#[test]
fn idp_descriptor_without_sign_on_service_is_refused() {
    let xml = document(&[&entra_body()]).replace("SingleSignOnService", "NameIDFormat");
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.no_sso_service");
}

#[test]
fn entity_id_of_another_identity_provider_is_refused() {
    let xml = document(&[&entra_body()]).replace(
        &format!("https://sts.windows.net/{TENANT}/"),
        "http://adfs.contoso.com/adfs/services/trust",
    );
    assert_eq!(refusal(xml.as_bytes()).code(), "metadata.entity_id_invalid");
}

#[test]
fn private_key_as_certificate_body_is_refused_and_not_echoed() {
    let pem = include_str!("data/key_pkcs8.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let xml = document(&[&body]);
    let error = refusal(xml.as_bytes());
    assert_eq!(error.code(), "cert.private_key");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(&body[..40]));
    assert!(!shown.contains(&body[body.len() - 40..]));
}

#[test]
fn private_key_beside_a_certificate_is_an_error_finding_and_not_echoed() {
    let pem = include_str!("data/key_pkcs8.pem");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let xml = document(&[&entra_body(), &body]);
    let result = metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).unwrap();
    assert_eq!(result.certificates.len(), 1);
    assert!(result.findings.iter().any(|f| f.code == "cert.private_key"));
    let json = serde_json::to_string(&result).unwrap();
    assert!(!json.contains(&body[..40]));
}

#[test]
fn no_signing_certificate_is_refused() {
    let xml = document(&[]);
    assert_eq!(
        refusal(xml.as_bytes()).code(),
        "metadata.no_signing_certificate"
    );
}

#[test]
fn empty_and_whitespace_input_are_refused_as_empty() {
    assert_eq!(refusal(b"").code(), "metadata.empty");
    assert_eq!(refusal(b" \r\n\t").code(), "metadata.empty");
}

#[test]
fn malformed_xml_is_refused_with_its_position() {
    let xml = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n  <IDPSSODescriptor>\n</EntityDescriptor>";
    match refusal(xml.as_bytes()) {
        MetadataError::InvalidXml { line, .. } => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn non_utf8_input_is_refused_as_invalid_xml() {
    assert_eq!(refusal(b"<a>\xFF\xFE</a>").code(), "metadata.invalid_xml");
}

#[test]
fn utf8_bom_is_accepted() {
    let xml = format!("\u{FEFF}{}", document(&[&entra_body()]));
    assert!(metadata::parse(xml.as_bytes(), JAN_2027, Scope::Application).is_ok());
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = metadata::parse(&bytes, JAN_2027, Scope::Unknown);
    }

    #[test]
    fn arbitrary_markup_never_panics(text in "[<>/!?a-z\"'= \\[\\]-]{0,512}") {
        let _ = metadata::parse(text.as_bytes(), JAN_2027, Scope::Unknown);
    }

    #[test]
    fn truncated_entra_document_never_panics(cut in 0usize..4000) {
        let xml = document(&[&entra_body()]);
        let cut = cut.min(xml.len());
        let _ = metadata::parse(&xml.as_bytes()[..cut], JAN_2027, Scope::Unknown);
    }
}
