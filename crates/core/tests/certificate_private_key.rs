//! Private keys, and files that hold one (`.pfx`), are refused with their own code in every form
//! and never echoed back.

use mimecast_sso_core::Coded;
use mimecast_sso_core::certificate;

const ENTRA_PEM: &str = include_str!("data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("data/entra.der");

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
fn malformed_private_key_begin_line_is_still_refused_as_a_private_key() {
    let pem = include_str!("data/key_pkcs8.pem");
    let broken = pem.replacen("KEY-----", "KEY----", 1);
    assert_refused_as_private_key(broken.as_bytes(), pem);
}

#[test]
fn private_key_followed_by_junk_is_still_refused_as_a_private_key() {
    let pkcs8_pem = include_str!("data/key_pkcs8.pem");
    let pkcs1_pem = include_str!("data/key_pkcs1.pem");
    let ec_pem = include_str!("data/key_ec.pem");
    let pkcs8: &[u8] = include_bytes!("data/key_pkcs8.der");
    let pkcs1: &[u8] = include_bytes!("data/key_pkcs1.der");
    let ec: &[u8] = include_bytes!("data/key_ec.der");
    let body: String = pkcs8_pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let cases: [(Vec<u8>, &str); 7] = [
        ([pkcs8, &[0x00][..]].concat(), pkcs8_pem),
        ([pkcs1, &b"xx"[..]].concat(), pkcs1_pem),
        ([ec, &b"xx\xFF"[..]].concat(), ec_pem),
        ([ENTRA_DER, pkcs8, &[0xFF][..]].concat(), pkcs8_pem),
        (format!("{body}!").into_bytes(), pkcs8_pem),
        (format!("{body}AB").into_bytes(), pkcs8_pem),
        (
            format!("-----BEGIN CERTIFICATE-----\n{body}!\n-----END CERTIFICATE-----\n")
                .into_bytes(),
            pkcs8_pem,
        ),
    ];
    for (input, pem) in &cases {
        assert_refused_as_private_key(input, pem);
    }
}

#[test]
fn private_key_body_outside_pem_blocks_is_refused() {
    let key = include_str!("data/key_pkcs8.pem");
    let body_lines: String = key
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .map(|line| format!("{line}\r\n"))
        .collect();
    for input in [
        format!("{body_lines}{ENTRA_PEM}"),
        format!("{ENTRA_PEM}\n{body_lines}"),
        format!("Here is the key:\n  {body_lines}\nand the certificate:\n{ENTRA_PEM}"),
        format!("{ENTRA_PEM}{}", body_lines.replace("\r\n", "&#13;\n")),
    ] {
        assert_refused_as_private_key(input.as_bytes(), key);
    }
    // Key text outside a block, in a body-alone paste that is not a certificate either.
    assert_refused_as_private_key(format!("key: {body_lines}").as_bytes(), key);
}

#[test]
fn ordinary_text_outside_pem_blocks_is_still_ignored() {
    let with_notes = format!(
        "Bag Attributes\n    localKeyID: 7B 62 6B 04\nsubject=/CN=Microsoft Azure Federated SSO \
         Certificate\nissuer=/CN=Microsoft Azure Federated SSO Certificate\n{ENTRA_PEM}\nThanks!\n"
    );
    let normalized = certificate::normalize(with_notes.as_bytes()).expect("notes are ignored");
    assert_eq!(normalized.certificates.len(), 1);
    assert_eq!(normalized.certificates[0].der, ENTRA_DER);
}

fn assert_refused_as_pkcs12(input: &[u8]) {
    let error = certificate::normalize(input).expect_err("a .pfx is refused");
    assert_eq!(error.code(), "cert.pkcs12");
    let message = error.to_string();
    assert!(message.contains(".pfx"), "{message}");
    assert!(message.contains("private key"), "{message}");
    assert!(message.contains("not stored or sent"), "{message}");
    assert!(message.contains("Certificate (Base64)"), "{message}");
    assert!(
        certificate::SECRET_CODES
            .iter()
            .any(|c| c.code() == "cert.pkcs12")
    );
    let inspected = certificate::inspect(input, mimecast_sso_core::UnixTime::from_secs(0));
    assert_eq!(inspected.map(|_| ()), Err(error));
}

#[test]
fn pkcs12_pfx_is_refused_as_holding_the_private_key() {
    let der: &[u8] = include_bytes!("data/bundle.pfx");
    let base64 = include_str!("data/bundle_pfx.txt");
    assert_refused_as_pkcs12(der);
    assert_refused_as_pkcs12(base64.as_bytes());
    assert_refused_as_pkcs12(base64.replace('\n', "").as_bytes());
    assert_refused_as_pkcs12(format!("{ENTRA_PEM}{base64}").as_bytes());
    assert_refused_as_pkcs12(&[ENTRA_DER, der].concat());
}

#[test]
fn private_key_in_a_block_with_an_unknown_label_is_refused() {
    let key = include_str!("data/key_pkcs8.pem");
    for label in ["PRIVATE  KEY", "KEY", "SECRET"] {
        let relabelled = key.replace("PRIVATE KEY", label);
        assert_refused_as_private_key(format!("{ENTRA_PEM}{relabelled}").as_bytes(), key);
    }
}
