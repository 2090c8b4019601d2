//! Certificate normalisation: every form admins paste or upload gives the same DER, and every
//! refused form gives its own code.

use mimecast_sso_core::Coded;
use mimecast_sso_core::certificate::{self, CertificateError, MAX_INPUT_BYTES};

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

/// Runs of 12 characters of the key's base64 body, none of which may appear in a message.
fn key_fragments(pem: &str) -> Vec<String> {
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    body.as_bytes()
        .chunks(12)
        .filter(|chunk| chunk.len() == 12)
        .map(|chunk| String::from_utf8(chunk.to_vec()).expect("base64 is ASCII"))
        .collect()
}

fn assert_refused_as_private_key(input: &[u8], key_pem: &str) {
    let error = certificate::normalize(input).expect_err("a private key is refused");
    assert_eq!(error.code(), "cert.private_key");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("not stored or sent"), "{shown}");
    assert!(
        shown.contains("Only the public certificate is needed"),
        "{shown}"
    );
    for fragment in key_fragments(key_pem) {
        assert!(!shown.contains(&fragment), "message echoes the key");
    }
    let inspected = certificate::inspect(input, mimecast_sso_core::UnixTime::from_secs(0));
    assert_eq!(inspected.map(|_| ()), Err(error));
}

#[test]
fn pasted_private_key_is_refused_and_not_echoed() {
    let pem = include_str!("data/key_pkcs1.pem");
    assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert_refused_as_private_key(pem.as_bytes(), pem);
}

#[test]
fn pkcs8_private_key_pem_is_refused() {
    let pem = include_str!("data/key_pkcs8.pem");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert_refused_as_private_key(pem.as_bytes(), pem);
}

#[test]
fn encrypted_private_key_pem_is_refused() {
    let pem = include_str!("data/key_encrypted.pem");
    assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assert_refused_as_private_key(pem.as_bytes(), pem);
}

#[test]
fn ec_private_key_pem_is_refused() {
    let pem = include_str!("data/key_ec.pem");
    assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----"));
    assert_refused_as_private_key(pem.as_bytes(), pem);
}

#[test]
fn pkcs1_private_key_der_is_refused() {
    let pem = include_str!("data/key_pkcs1.pem");
    assert_refused_as_private_key(include_bytes!("data/key_pkcs1.der"), pem);
}

#[test]
fn pkcs8_private_key_der_is_refused() {
    let pem = include_str!("data/key_pkcs8.pem");
    assert_refused_as_private_key(include_bytes!("data/key_pkcs8.der"), pem);
}

#[test]
fn ec_private_key_der_is_refused() {
    let pem = include_str!("data/key_ec.pem");
    assert_refused_as_private_key(include_bytes!("data/key_ec.der"), pem);
}

#[test]
fn private_key_body_alone_is_refused() {
    for pem in [
        include_str!("data/key_pkcs1.pem"),
        include_str!("data/key_pkcs8.pem"),
        include_str!("data/key_encrypted.pem"),
        include_str!("data/key_ec.pem"),
    ] {
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        assert_refused_as_private_key(body.as_bytes(), pem);
    }
}

#[test]
fn private_key_mislabelled_as_certificate_is_refused() {
    let pem = include_str!("data/key_pkcs8.pem");
    let relabelled = pem.replace("PRIVATE KEY", "CERTIFICATE");
    assert_refused_as_private_key(relabelled.as_bytes(), pem);
}

#[test]
fn certificate_followed_by_its_private_key_is_refused() {
    let key = include_str!("data/key_pkcs8.pem");
    let both = format!("{ENTRA_PEM}{key}");
    assert_refused_as_private_key(both.as_bytes(), key);
}

#[test]
fn csr_is_refused_as_csr() {
    assert_eq!(refusal(include_bytes!("data/csr.pem")), "cert.csr");
    assert_eq!(refusal(include_bytes!("data/csr.der")), "cert.csr");
    let relabelled = include_str!("data/csr.pem").replace("CERTIFICATE REQUEST", "CERTIFICATE");
    assert_eq!(refusal(relabelled.as_bytes()), "cert.csr");
}

#[test]
fn public_key_alone_is_refused_as_public_key() {
    assert_eq!(
        refusal(include_bytes!("data/pubkey.pem")),
        "cert.public_key"
    );
    assert_eq!(
        refusal(include_bytes!("data/pubkey.der")),
        "cert.public_key"
    );
    assert_eq!(
        refusal(include_bytes!("data/pubkey_pkcs1.pem")),
        "cert.public_key"
    );
    let body: String = include_str!("data/pubkey.pem")
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert_eq!(refusal(body.as_bytes()), "cert.public_key");
}

#[test]
fn garbage_is_unrecognized() {
    assert_eq!(
        refusal(include_bytes!("data/garbage.bin")),
        "cert.unrecognized"
    );
    assert_eq!(
        refusal(include_bytes!("data/garbage.txt")),
        "cert.unrecognized"
    );
    assert_eq!(refusal(b"https://sts.windows.net/x/"), "cert.unrecognized");
    assert_eq!(
        refusal(b"-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n"),
        "cert.unrecognized"
    );
}

#[test]
fn empty_input_is_refused() {
    assert_eq!(refusal(b""), "cert.empty");
    assert_eq!(refusal(b" \r\n\t "), "cert.empty");
    assert_eq!(refusal(b"\xEF\xBB\xBF\n"), "cert.empty");
}

#[test]
fn oversized_input_is_refused_before_reading() {
    let big = vec![b' '; MAX_INPUT_BYTES + 1];
    assert_eq!(
        certificate::normalize(&big),
        Err(CertificateError::TooLarge {
            len: MAX_INPUT_BYTES + 1
        })
    );
    // Exactly the bound is read (and found to be no certificate).
    assert_eq!(refusal(&vec![b'M'; MAX_INPUT_BYTES]), "cert.invalid_der");
}

#[test]
fn broken_base64_reports_its_position_in_the_pasted_text() {
    let at = ENTRA_PEM.find("\n").unwrap() + 1 + 10;
    let mut broken = ENTRA_PEM.to_owned();
    broken.replace_range(at..=at, "!");
    let error = certificate::normalize(broken.as_bytes()).unwrap_err();
    assert_eq!(
        error,
        CertificateError::InvalidBase64 { position: Some(at) }
    );
    assert_eq!(error.code(), "cert.invalid_base64");
    assert!(error.to_string().contains(&at.to_string()));
}

#[test]
fn truncated_base64_is_invalid_base64() {
    let body = entra_body();
    assert_eq!(
        refusal(&body.as_bytes()[..body.len() - 3]),
        "cert.invalid_base64"
    );
}

#[test]
fn truncated_der_is_invalid_der_with_position() {
    let truncated = &ENTRA_DER[..ENTRA_DER.len() - 20];
    let error = certificate::normalize(truncated).unwrap_err();
    assert_eq!(error.code(), "cert.invalid_der");
    assert!(
        matches!(
            error,
            CertificateError::InvalidDer {
                position: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn damaged_certificate_inside_the_der_is_invalid_der() {
    // Change the tbsCertificate's version tag: still a well-formed SEQUENCE, no longer a certificate.
    let mut damaged = ENTRA_DER.to_vec();
    let at = damaged
        .windows(3)
        .position(|w| w == [0xA0, 0x03, 0x02])
        .unwrap();
    damaged[at] = 0xA5;
    assert_eq!(refusal(&damaged), "cert.invalid_der");
}

#[test]
fn pem_without_end_line_is_invalid_pem() {
    let cut = &ENTRA_PEM[..ENTRA_PEM.find("-----END").unwrap()];
    let error = certificate::normalize(cut.as_bytes()).unwrap_err();
    assert_eq!(error.code(), "cert.invalid_pem");
    assert!(error.to_string().contains("-----END CERTIFICATE-----"));
}

#[test]
fn missing_end_line_before_another_block_is_invalid_pem() {
    let cut = &ENTRA_PEM[..ENTRA_PEM.find("-----END").unwrap()];
    let input = format!("{cut}{}", include_str!("data/rsa2048.pem"));
    assert_eq!(refusal(input.as_bytes()), "cert.invalid_pem");
}

#[test]
fn malformed_private_key_begin_line_is_still_refused_as_a_private_key() {
    let pem = include_str!("data/key_pkcs8.pem");
    let broken = pem.replacen("KEY-----", "KEY----", 1);
    assert_refused_as_private_key(broken.as_bytes(), pem);
}

#[test]
fn every_error_code_is_listed_once() {
    let errors = [
        CertificateError::Empty,
        CertificateError::TooLarge { len: 1 },
        CertificateError::PrivateKey,
        CertificateError::Csr,
        CertificateError::PublicKey,
        CertificateError::Unrecognized,
        CertificateError::InvalidPem { label: "X".into() },
        CertificateError::InvalidBase64 { position: None },
        CertificateError::InvalidDer {
            position: None,
            detail: String::new(),
        },
        CertificateError::Pkcs7WithoutCertificate,
    ];
    for error in &errors {
        assert!(
            certificate::CODES.contains(&error.code()),
            "{}",
            error.code()
        );
        assert!(!error.to_string().is_empty());
    }
    let mut codes = certificate::CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), certificate::CODES.len(), "no duplicates");
    assert!(codes.iter().all(|code| code.starts_with("cert.")));
}
