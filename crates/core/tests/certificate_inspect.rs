//! Certificate inspection: values checked against what openssl reports for the same fixtures, and
//! findings checked at instants chosen relative to each fixture's validity, so they never go stale.

use mimecast_sso_core::certificate::{self, CertificateReport};
use mimecast_sso_core::{Severity, UnixTime};
use serde_json::Value;

#[path = "support/rfc3339.rs"]
mod rfc3339;
use rfc3339::{DAY, secs};

const EXPECTED: &str = include_str!("data/expected.json");
const ENTRA_PEM: &[u8] = include_bytes!("data/entra.pem");

fn expected(name: &str) -> Value {
    let all: Value = serde_json::from_str(EXPECTED).expect("expected.json is JSON");
    all[name].clone()
}

/// Validity of a fixture as openssl reports it, in seconds.
fn validity(name: &str) -> (i64, i64) {
    let expected = expected(name);
    (
        secs(expected["notBefore"].as_str().expect("a date")),
        secs(expected["notAfter"].as_str().expect("a date")),
    )
}

/// Halfway through a fixture's validity: no time-related finding.
fn midway(name: &str) -> UnixTime {
    let (start, end) = validity(name);
    UnixTime::from_secs(start + (end - start) / 2)
}

fn codes(report: &CertificateReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

fn inspect_at(input: &[u8], now: UnixTime) -> CertificateReport {
    certificate::inspect(input, now).expect("inspectable")
}

macro_rules! matches_openssl {
    ($($test:ident: $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            let report = inspect_at(include_bytes!(concat!("data/", $name, ".der")), midway($name));
            let expected = expected($name);
            assert_eq!(report.subject, expected["subject"].as_str().unwrap());
            assert_eq!(report.issuer, expected["issuer"].as_str().unwrap());
            assert_eq!(report.serial_number, expected["serial"].as_str().unwrap());
            assert_eq!(report.not_before, expected["notBefore"].as_str().unwrap());
            assert_eq!(report.not_after, expected["notAfter"].as_str().unwrap());
            assert_eq!(report.thumbprint_sha1, expected["sha1"].as_str().unwrap());
            assert_eq!(report.fingerprint_sha256, expected["sha256"].as_str().unwrap());
            assert_eq!(u64::from(report.key.bits), expected["bits"].as_u64().unwrap());
            assert_eq!(
                report.signature_algorithm,
                expected["signatureAlgorithm"].as_str().unwrap()
            );
        }
    )*};
}

matches_openssl! {
    rsa_1024_values_match_openssl: "rsa1024",
    rsa_2048_values_match_openssl: "rsa2048",
    rsa_4096_values_match_openssl: "rsa4096",
    ec_p256_values_match_openssl: "ec_p256",
    sha1_signed_values_match_openssl: "sha1",
    entra_values_match_openssl: "entra",
    ca_values_match_openssl: "ca",
    ca_signed_values_match_openssl: "leaf",
}

#[test]
fn entra_certificate_mid_validity_has_no_findings() {
    let report = inspect_at(ENTRA_PEM, midway("entra"));
    assert!(report.is_entra_signing);
    assert!(report.self_issued);
    assert_eq!(report.self_signature_valid, Some(true));
    assert_eq!(report.key.algorithm, "RSA");
    assert_eq!(report.key.curve, None);
    assert_eq!(report.certificates_found, 1);
    assert_eq!(report.selected_index, 0);
    assert_eq!(report.findings, []);
    assert_eq!(
        report.mimecast_body,
        include_str!("data/entra_body.txt").trim()
    );
    assert_eq!(report.pem, include_str!("data/entra.pem"));
}

#[test]
fn days_remaining_counts_whole_days_to_not_after() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end - 100 * DAY - 1));
    assert_eq!(report.days_remaining, 100);
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end - 100 * DAY + 1));
    assert_eq!(report.days_remaining, 99);
}

#[test]
fn expired_certificate_is_an_error() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end + 1));
    assert_eq!(codes(&report), ["cert.expired"]);
    assert_eq!(report.findings[0].severity, Severity::Error);
    assert_eq!(report.findings[0].field.as_deref(), Some("certificate"));
    assert!(report.findings[0].message.contains(&report.not_after));
    assert_eq!(report.days_remaining, -1);
}

#[test]
fn certificate_is_still_valid_at_its_not_after_instant() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end));
    assert_eq!(codes(&report), ["cert.expires_within_7_days"]);
}

#[test]
fn not_yet_valid_certificate_is_an_error() {
    let (start, _) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(start - 1));
    assert_eq!(codes(&report), ["cert.not_yet_valid"]);
    assert_eq!(report.findings[0].severity, Severity::Error);
}

#[test]
fn expiring_in_5_days_warns_in_the_7_day_band_only() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end - 5 * DAY));
    assert_eq!(codes(&report), ["cert.expires_within_7_days"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(report.findings[0].message.contains("5 days left"));
}

#[test]
fn expiring_in_20_days_warns_in_the_30_day_band() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end - 20 * DAY));
    assert_eq!(codes(&report), ["cert.expires_within_30_days"]);
}

#[test]
fn expiring_in_45_days_warns_in_the_60_day_band() {
    let (_, end) = validity("entra");
    let report = inspect_at(ENTRA_PEM, UnixTime::from_secs(end - 45 * DAY));
    assert_eq!(codes(&report), ["cert.expires_within_60_days"]);
}

#[test]
fn rsa_1024_key_is_an_error() {
    let report = inspect_at(include_bytes!("data/rsa1024.pem"), midway("rsa1024"));
    assert_eq!(report.key.bits, 1024);
    assert!(codes(&report).contains(&"cert.weak_key"));
    let weak = report
        .findings
        .iter()
        .find(|f| f.code == "cert.weak_key")
        .unwrap();
    assert_eq!(weak.severity, Severity::Error);
    assert_eq!(report.self_signature_valid, Some(true));
}

#[test]
fn rsa_2048_and_4096_keys_are_not_weak() {
    for (pem, name) in [
        (&include_bytes!("data/rsa2048.pem")[..], "rsa2048"),
        (&include_bytes!("data/rsa4096.pem")[..], "rsa4096"),
    ] {
        let report = inspect_at(pem, midway(name));
        assert_eq!(codes(&report), ["cert.not_entra"], "{name}");
        assert_eq!(report.self_signature_valid, Some(true), "{name}");
    }
}

#[test]
fn sha1_signature_is_a_warning() {
    let report = inspect_at(include_bytes!("data/sha1.pem"), midway("sha1"));
    assert_eq!(report.signature_algorithm, "sha1WithRSAEncryption");
    assert_eq!(codes(&report), ["cert.sha1_signature", "cert.not_entra"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.self_signature_valid, Some(true));
}

#[test]
fn ec_p256_key_and_signature_are_checked() {
    let report = inspect_at(include_bytes!("data/ec_p256.der"), midway("ec_p256"));
    assert_eq!(report.key.algorithm, "EC");
    assert_eq!(report.key.curve.as_deref(), Some("P-256"));
    assert_eq!(report.signature_algorithm, "ecdsa-with-SHA256");
    assert_eq!(report.self_signature_valid, Some(true));
    assert_eq!(codes(&report), ["cert.not_entra"]);
}

#[test]
fn certificate_signed_by_a_ca_is_not_self_signed() {
    let report = inspect_at(include_bytes!("data/leaf.pem"), midway("leaf"));
    assert!(!report.self_issued);
    assert_eq!(report.self_signature_valid, None);
    assert_eq!(codes(&report), ["cert.not_self_signed", "cert.not_entra"]);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert!(report.findings[0].message.contains("CN=Contoso Test CA"));
    assert_eq!(report.findings[1].severity, Severity::Info);
}

#[test]
fn altered_self_signed_certificate_has_an_invalid_signature() {
    let mut der = include_bytes!("data/rsa2048.der").to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let report = inspect_at(&der, midway("rsa2048"));
    assert_eq!(report.self_signature_valid, Some(false));
    assert_eq!(
        codes(&report),
        ["cert.self_signature_invalid", "cert.not_entra"]
    );
    assert_eq!(report.findings[0].severity, Severity::Error);
}

#[test]
fn altered_ec_certificate_has_an_invalid_signature() {
    let mut der = include_bytes!("data/ec_p256.der").to_vec();
    // Flip a bit of the serial number (after `version [0] INTEGER 2`), inside the signed part.
    let at = der
        .windows(5)
        .position(|w| w == [0xA0, 0x03, 0x02, 0x01, 0x02])
        .unwrap();
    der[at + 8] ^= 0x01;
    let report = inspect_at(&der, midway("ec_p256"));
    assert_eq!(report.self_signature_valid, Some(false));
    assert!(codes(&report).contains(&"cert.self_signature_invalid"));
}

#[test]
fn two_certificates_use_the_valid_entra_one_and_say_why() {
    let report = inspect_at(include_bytes!("data/two_certs.pem"), midway("rsa2048"));
    assert_eq!(report.certificates_found, 2);
    assert_eq!(report.selected_index, 1);
    assert!(report.is_entra_signing);
    assert_eq!(codes(&report), ["cert.multiple"]);
    let message = &report.findings[0].message;
    assert!(message.contains("Certificate 2"), "{message}");
    assert!(
        message.contains("valid now with the latest expiry"),
        "{message}"
    );
}

#[test]
fn two_certificates_without_a_valid_entra_one_use_the_first() {
    let (_, end) = validity("entra");
    let report = inspect_at(
        include_bytes!("data/two_certs.pem"),
        UnixTime::from_secs(end + DAY),
    );
    assert_eq!(report.selected_index, 0);
    assert_eq!(report.subject, "CN=Test RSA 2048");
    assert!(codes(&report).contains(&"cert.multiple"));
    assert!(codes(&report).contains(&"cert.expired"));
}

#[test]
fn entra_rollover_uses_the_certificate_with_the_latest_expiry() {
    // Both are Entra certificates valid now; the second expires later (three years, not one).
    let older = String::from_utf8_lossy(include_bytes!("data/rsa2048.pem")).into_owned();
    let input = format!("{}{}", String::from_utf8_lossy(ENTRA_PEM), older);
    let report = inspect_at(input.as_bytes(), midway("rsa2048"));
    assert_eq!(report.selected_index, 0);
    let both_entra = format!(
        "{}{}",
        String::from_utf8_lossy(ENTRA_PEM),
        String::from_utf8_lossy(ENTRA_PEM)
    );
    let report = inspect_at(both_entra.as_bytes(), midway("entra"));
    assert_eq!(report.selected_index, 0, "the earliest on a tie");
}

#[test]
fn multiple_certificates_ask_to_check_the_one_marked_active_in_entra_by_thumbprint() {
    // During a rollover the latest-expiring certificate may be the new, not yet active one.
    let report = inspect_at(include_bytes!("data/two_certs.pem"), midway("rsa2048"));
    let multiple = report
        .findings
        .iter()
        .find(|finding| finding.code == "cert.multiple")
        .expect("cert.multiple");
    let message = &multiple.message;
    assert!(message.contains("marked Active"), "{message}");
    assert!(message.contains("SAML Signing Certificate"), "{message}");
    assert!(message.contains(&report.thumbprint_sha1), "{message}");
    assert_eq!(report.thumbprint_sha1, expected("entra")["sha1"]);
}

#[test]
fn pkcs7_bundle_reports_one_certificate_and_counts_all() {
    let report = inspect_at(include_bytes!("data/bundle.p7b"), midway("leaf"));
    assert_eq!(report.certificates_found, 2);
    assert!(codes(&report).contains(&"cert.multiple"));
}

#[test]
fn findings_come_most_severe_first_and_name_the_certificate_field() {
    let (_, end) = validity("rsa1024");
    let report = inspect_at(
        include_bytes!("data/rsa1024.der"),
        UnixTime::from_secs(end + 1),
    );
    assert_eq!(
        codes(&report),
        ["cert.expired", "cert.weak_key", "cert.not_entra"]
    );
    let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    for finding in &report.findings {
        assert_eq!(finding.field.as_deref(), Some("certificate"));
        assert!(
            certificate::CertCode::ALL.iter().any(|c| finding.is(c)),
            "{}",
            finding.code
        );
    }
}

#[test]
fn report_serializes_with_camel_case_fields() {
    let report = inspect_at(ENTRA_PEM, midway("entra"));
    let json = serde_json::to_value(&report).unwrap();
    for key in [
        "subject",
        "issuer",
        "serialNumber",
        "notBefore",
        "notAfter",
        "daysRemaining",
        "expiry",
        "key",
        "signatureAlgorithm",
        "thumbprintSha1",
        "fingerprintSha256",
        "selfIssued",
        "selfSignatureValid",
        "isEntraSigning",
        "certificatesFound",
        "mimecastBody",
        "pem",
        "findings",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert_eq!(json["key"]["bits"], 2048);
    let back: CertificateReport = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn inspect_refuses_what_normalize_refuses() {
    let now = midway("entra");
    let code = |input: &[u8]| {
        use mimecast_sso_core::Coded;
        certificate::inspect(input, now).unwrap_err().code()
    };
    assert_eq!(code(b""), "cert.empty");
    assert_eq!(code(include_bytes!("data/csr.pem")), "cert.csr");
    assert_eq!(
        code(include_bytes!("data/garbage.bin")),
        "cert.unrecognized"
    );
}
