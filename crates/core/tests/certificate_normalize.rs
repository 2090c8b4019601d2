//! Certificate normalisation: every form admins paste or upload gives the same DER (refusals:
//! `certificate_refusals.rs`; private keys: `certificate_private_key.rs`).

use mimecast_sso_core::Coded;
use mimecast_sso_core::certificate;

const ENTRA_PEM: &str = include_str!("data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("data/entra.der");

/// The DER of the single certificate in `input`.
fn single_der(input: &[u8]) -> Vec<u8> {
    let normalized = certificate::normalize(input).expect("a certificate");
    assert_eq!(normalized.certificates.len(), 1, "exactly one certificate");
    normalized.certificates[0].der.clone()
}

/// The code of the error `input` is refused with.
fn refusal(input: &[u8]) -> &'static str {
    certificate::normalize(input).expect_err("refused").code()
}

/// The base64 body of the Entra fixture, on one line.
fn entra_body() -> String {
    include_str!("data/entra_body.txt").trim().to_owned()
}

fn wrap(body: &str, width: usize, line_end: &str) -> String {
    body.as_bytes()
        .chunks(width)
        .map(|line| std::str::from_utf8(line).expect("base64 is ASCII"))
        .collect::<Vec<_>>()
        .join(line_end)
}

#[test]
fn pem_and_der_of_each_fixture_give_the_same_der() {
    let pairs: [(&str, &[u8]); 8] = [
        (
            include_str!("data/rsa1024.pem"),
            include_bytes!("data/rsa1024.der"),
        ),
        (
            include_str!("data/rsa2048.pem"),
            include_bytes!("data/rsa2048.der"),
        ),
        (
            include_str!("data/rsa4096.pem"),
            include_bytes!("data/rsa4096.der"),
        ),
        (
            include_str!("data/ec_p256.pem"),
            include_bytes!("data/ec_p256.der"),
        ),
        (
            include_str!("data/sha1.pem"),
            include_bytes!("data/sha1.der"),
        ),
        (ENTRA_PEM, ENTRA_DER),
        (include_str!("data/ca.pem"), include_bytes!("data/ca.der")),
        (
            include_str!("data/leaf.pem"),
            include_bytes!("data/leaf.der"),
        ),
    ];
    for (pem, der) in pairs {
        assert_eq!(single_der(pem.as_bytes()), der);
        assert_eq!(single_der(der), der);
    }
}

#[test]
fn canonical_pem_is_what_openssl_writes() {
    // OpenSSL writes RFC 7468 PEM: 64 columns, LF, a trailing newline.
    let normalized = certificate::normalize(ENTRA_DER).unwrap();
    assert_eq!(normalized.certificates[0].pem, ENTRA_PEM);
    let pem = certificate::normalize(include_bytes!("data/rsa4096.der")).unwrap();
    assert_eq!(pem.certificates[0].pem, include_str!("data/rsa4096.pem"));
}

#[test]
fn mimecast_body_has_no_header_footer_or_whitespace() {
    let normalized = certificate::normalize(ENTRA_PEM.as_bytes()).unwrap();
    let body = &normalized.certificates[0].mimecast_body;
    assert_eq!(body, &entra_body());
    assert!(!body.contains("-----"));
    assert!(!body.chars().any(char::is_whitespace));
}

#[test]
fn crlf_bom_and_entities_round_trip_to_the_same_der() {
    let pasted = include_bytes!("data/entra_crlf_bom_entities.txt");
    assert!(pasted.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(single_der(pasted), ENTRA_DER);
}

#[test]
fn hex_entities_and_crlf_in_a_body_alone_are_read() {
    let pasted = format!("{}&#xD;&#xA;", wrap(&entra_body(), 64, "&#xD;\r\n"));
    assert_eq!(single_der(pasted.as_bytes()), ENTRA_DER);
}

#[test]
fn pem_copied_from_a_json_string_round_trips() {
    let json = serde_json::to_string(ENTRA_PEM.replace('\n', "\r\n").as_str()).unwrap();
    let pasted = json.trim_matches('"');
    assert!(pasted.contains("\\r\\n"));
    assert_eq!(single_der(pasted.as_bytes()), ENTRA_DER);
}

#[test]
fn der_file_ending_in_a_line_break_is_read() {
    let der = [ENTRA_DER, b"\r\n"].concat();
    assert_eq!(single_der(&der), ENTRA_DER);
}

#[test]
fn body_alone_round_trips() {
    assert_eq!(single_der(entra_body().as_bytes()), ENTRA_DER);
}

#[test]
fn any_line_width_round_trips() {
    for width in [1, 40, 64, 76, 1000] {
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            wrap(&entra_body(), width, "\n")
        );
        assert_eq!(single_der(pem.as_bytes()), ENTRA_DER, "width {width}");
        assert_eq!(
            single_der(wrap(&entra_body(), width, "\r\n").as_bytes()),
            ENTRA_DER
        );
    }
}

#[test]
fn surrounding_spaces_and_tabs_are_ignored() {
    let pasted = format!("  \t\n{}\n\t  ", ENTRA_PEM.replace('\n', "  \n "));
    assert_eq!(single_der(pasted.as_bytes()), ENTRA_DER);
    assert_eq!(
        single_der(format!("   {}  ", entra_body()).as_bytes()),
        ENTRA_DER
    );
}

#[test]
fn body_without_padding_is_read() {
    let body = entra_body();
    let unpadded = body.trim_end_matches('=');
    assert_ne!(unpadded.len(), body.len(), "the fixture body is padded");
    assert_eq!(single_der(unpadded.as_bytes()), ENTRA_DER);
}

#[test]
fn certificate_copied_with_its_xml_element_is_read() {
    let body = entra_body();
    let copies = [
        format!("<X509Certificate>{body}</X509Certificate>"),
        format!(
            "  <ds:X509Certificate>&#13;\n{}&#13;\n</ds:X509Certificate>\r\n",
            wrap(&body, 76, "&#13;\n")
        ),
    ];
    for copy in copies {
        assert_eq!(single_der(copy.as_bytes()), ENTRA_DER, "{copy:.40}");
    }
    let key = include_str!("data/key_pkcs8.pem")
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect::<String>();
    assert_eq!(
        refusal(format!("<X509Certificate>{key}</X509Certificate>").as_bytes()),
        "cert.private_key"
    );
    assert_eq!(
        refusal(format!("<X509Certificate>{body}</Other>").as_bytes()),
        "cert.unrecognized",
        "an element that is not closed is not read"
    );
}

#[test]
fn x509_certificate_label_is_accepted() {
    let pem = ENTRA_PEM.replace("CERTIFICATE", "X509 CERTIFICATE");
    assert_eq!(single_der(pem.as_bytes()), ENTRA_DER);
}

#[test]
fn trusted_certificate_label_gives_the_certificate_without_trust_settings() {
    assert_eq!(
        single_der(include_bytes!("data/entra_trusted.pem")),
        ENTRA_DER
    );
}

#[test]
fn two_certificates_in_one_pem_are_both_returned_in_order() {
    let normalized = certificate::normalize(include_bytes!("data/two_certs.pem")).unwrap();
    let ders: Vec<&[u8]> = normalized.certificates.iter().map(|c| &c.der[..]).collect();
    assert_eq!(ders, [&include_bytes!("data/rsa2048.der")[..], ENTRA_DER]);
}

#[test]
fn concatenated_der_certificates_are_both_returned() {
    let both = [include_bytes!("data/leaf.der").as_slice(), ENTRA_DER].concat();
    let normalized = certificate::normalize(&both).unwrap();
    assert_eq!(normalized.certificates.len(), 2);
    assert_eq!(normalized.certificates[1].der, ENTRA_DER);
}

fn sorted_ders(input: &[u8]) -> Vec<Vec<u8>> {
    let normalized = certificate::normalize(input).expect("a certificate");
    let mut ders: Vec<Vec<u8>> = normalized.certificates.into_iter().map(|c| c.der).collect();
    ders.sort();
    ders
}

#[test]
fn pkcs7_der_bundle_gives_its_certificates() {
    let mut expected = vec![
        include_bytes!("data/leaf.der").to_vec(),
        include_bytes!("data/ca.der").to_vec(),
    ];
    expected.sort();
    assert_eq!(sorted_ders(include_bytes!("data/bundle.p7b")), expected);
}

#[test]
fn pkcs7_pem_bundle_gives_the_same_certificates() {
    assert_eq!(
        sorted_ders(include_bytes!("data/bundle_p7b.pem")),
        sorted_ders(include_bytes!("data/bundle.p7b"))
    );
}

#[test]
fn pkcs7_without_certificates_is_refused() {
    assert_eq!(
        refusal(include_bytes!("data/empty.p7b")),
        "cert.pkcs7_empty"
    );
}
