//! Refused certificate inputs other than private keys: CSRs, public keys, garbage, empty,
//! oversized and damaged input each get their own code.

use mimecast_sso_core::Coded;
use mimecast_sso_core::certificate::{self, CertificateError, MAX_INPUT_BYTES};

const ENTRA_PEM: &str = include_str!("data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("data/entra.der");

/// The base64 body of the Entra fixture, on one line.
fn entra_body() -> String {
    include_str!("data/entra_body.txt").trim().to_owned()
}

/// The code of the error `input` is refused with.
fn refusal(input: &[u8]) -> &'static str {
    certificate::normalize(input).expect_err("refused").code()
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
fn every_error_code_is_listed_once() {
    let errors = [
        CertificateError::Empty,
        CertificateError::TooLarge { len: 1 },
        CertificateError::PrivateKey,
        CertificateError::Pkcs12,
        CertificateError::TooMany { count: 65 },
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
            certificate::CertCode::ALL.contains(&error.kind()),
            "{}",
            error.code()
        );
        assert!(!error.to_string().is_empty());
    }
    let mut codes: Vec<&str> = certificate::CertCode::ALL
        .iter()
        .map(|c| c.code())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes.len(),
        certificate::CertCode::ALL.len(),
        "no duplicates"
    );
    assert!(codes.iter().all(|code| code.starts_with("cert.")));
}

#[test]
fn more_than_64_certificates_are_refused_as_too_many() {
    assert_eq!(certificate::MAX_CERTIFICATES, 64);
    let at_limit = ENTRA_DER.repeat(64);
    assert_eq!(
        certificate::normalize(&at_limit)
            .expect("64 are read")
            .certificates
            .len(),
        64
    );
    let over = ENTRA_PEM.repeat(65);
    let error = certificate::normalize(over.as_bytes()).expect_err("65 are too many");
    assert_eq!(error, CertificateError::TooMany { count: 65 });
    assert_eq!(error.code(), "cert.too_many");
    assert!(error.to_string().contains("at most 64"), "{error}");
    // The largest input accepted, full of certificates, is refused the same way (no signature
    // is checked for any of them).
    let mut full = Vec::new();
    while full.len() + ENTRA_DER.len() <= MAX_INPUT_BYTES {
        full.extend_from_slice(ENTRA_DER);
    }
    assert_eq!(
        certificate::inspect(&full, mimecast_sso_core::UnixTime::from_secs(0)).map(|_| ()),
        Err(CertificateError::TooMany {
            count: full.len() / ENTRA_DER.len()
        })
    );
}

#[test]
fn many_copies_of_a_certificate_still_report_the_chosen_ones_self_signature() {
    // At the limit, many copies of a 4096-bit certificate cost one signature check (the chosen
    // one's), not one each; the report still gives it.
    let pem = String::from_utf8_lossy(include_bytes!("data/rsa4096.pem")).into_owned();
    let many = pem.repeat(certificate::MAX_CERTIFICATES);
    let report = certificate::inspect(many.as_bytes(), mimecast_sso_core::UnixTime::from_secs(0))
        .expect("64 are read");
    assert_eq!(report.certificates_found, certificate::MAX_CERTIFICATES);
    assert_eq!(report.self_signature_valid, Some(true));
}
