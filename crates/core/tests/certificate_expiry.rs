//! The expiry band: decided once from the whole days left, at Entra's 60, 30 and 7 day mails, and
//! the same answer in the report's `expiry`, in the band's finding and in its JSON.

use mimecast_sso_core::certificate::{self, CertCode, CertificateReport, Expiry, ExpiryBand};
use mimecast_sso_core::{Coded, Severity, UnixTime};
use serde_json::json;

#[path = "support/rfc3339.rs"]
mod rfc3339;
use rfc3339::{DAY, secs};

const ENTRA_PEM: &[u8] = include_bytes!("data/entra.pem");

/// The certificate's own `notAfter`, in seconds.
fn not_after() -> i64 {
    let report =
        certificate::inspect(ENTRA_PEM, UnixTime::from_secs(1_800_000_000)).expect("inspectable");
    secs(&report.not_after)
}

/// The report when `days` whole days (and one second) are left.
fn with_days_left(days: i64) -> CertificateReport {
    let now = UnixTime::from_secs(not_after() - days * DAY - 1);
    certificate::inspect(ENTRA_PEM, now).expect("inspectable")
}

const EXPIRY_CODES: [CertCode; 4] = [
    CertCode::Expired,
    CertCode::ExpiresWithin60Days,
    CertCode::ExpiresWithin30Days,
    CertCode::ExpiresWithin7Days,
];

/// The days left at each edge, the band there, and its severity.
const EDGES: [(i64, ExpiryBand, Option<Severity>); 13] = [
    (-400, ExpiryBand::Expired, Some(Severity::Error)),
    (-1, ExpiryBand::Expired, Some(Severity::Error)),
    (0, ExpiryBand::Within7Days, Some(Severity::Warning)),
    (1, ExpiryBand::Within7Days, Some(Severity::Warning)),
    (6, ExpiryBand::Within7Days, Some(Severity::Warning)),
    (7, ExpiryBand::Within30Days, Some(Severity::Warning)),
    (29, ExpiryBand::Within30Days, Some(Severity::Warning)),
    (30, ExpiryBand::Within60Days, Some(Severity::Warning)),
    (59, ExpiryBand::Within60Days, Some(Severity::Warning)),
    (60, ExpiryBand::Valid, None),
    (61, ExpiryBand::Valid, None),
    (365, ExpiryBand::Valid, None),
    (1085, ExpiryBand::Valid, None),
];

#[test]
fn bands_start_at_entras_60_30_and_7_day_mails_in_whole_days() {
    for (days, band, severity) in EDGES {
        assert_eq!(ExpiryBand::of(days), band, "{days} days");
        assert_eq!(ExpiryBand::of(days).severity(), severity, "{days} days");
        assert_eq!(Expiry::of(days), Expiry { band, severity }, "{days} days");
    }
    assert_eq!(ExpiryBand::of(i64::MIN), ExpiryBand::Expired);
    assert_eq!(ExpiryBand::of(i64::MAX), ExpiryBand::Valid);
}

#[test]
fn each_band_has_its_code_and_only_valid_has_none() {
    assert_eq!(ExpiryBand::Valid.code(), None);
    assert_eq!(ExpiryBand::Expired.code(), Some(CertCode::Expired));
    for (band, days) in [
        (ExpiryBand::Within60Days, 60),
        (ExpiryBand::Within30Days, 30),
        (ExpiryBand::Within7Days, 7),
    ] {
        assert_eq!(band.within_days(), Some(days));
        assert_eq!(
            band.code().map(|c| c.code()),
            Some(format!("cert.expires_within_{days}_days").as_str())
        );
        assert_eq!(
            ExpiryBand::of(days - 1),
            band,
            "the band starts under {days}"
        );
    }
}

#[test]
fn the_reports_expiry_and_its_finding_agree_at_every_edge() {
    for (days, band, severity) in EDGES {
        let report = with_days_left(days);
        assert_eq!(report.days_remaining, days);
        assert_eq!(report.expiry, Expiry { band, severity }, "{days} days");
        let expiry_findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| EXPIRY_CODES.iter().any(|c| f.is(c)))
            .map(|f| (f.code.as_str(), f.severity))
            .collect();
        let expected: Vec<_> = band
            .code()
            .map(|c| {
                (
                    c.code(),
                    severity.expect("a band with a code has a severity"),
                )
            })
            .into_iter()
            .collect();
        assert_eq!(expiry_findings, expected, "{days} days");
    }
}

#[test]
fn the_certificate_is_still_valid_at_its_not_after_instant_and_expired_a_second_later() {
    let at = |secs| certificate::inspect(ENTRA_PEM, UnixTime::from_secs(secs)).expect("report");
    let last = at(not_after());
    assert_eq!(last.days_remaining, 0);
    assert_eq!(last.expiry.band, ExpiryBand::Within7Days);
    let after = at(not_after() + 1);
    assert_eq!(after.days_remaining, -1);
    assert_eq!(after.expiry.band, ExpiryBand::Expired);
    assert!(after.findings.iter().any(|f| f.is(CertCode::Expired)));
}

#[test]
fn the_expiry_serializes_as_band_and_severity() {
    let report = with_days_left(20);
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(
        json["expiry"],
        json!({"band": "within_30_days", "severity": "warning"})
    );
    let report = with_days_left(400);
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(json["expiry"], json!({"band": "valid", "severity": null}));
    for (band, text) in [
        (ExpiryBand::Valid, "valid"),
        (ExpiryBand::Within60Days, "within_60_days"),
        (ExpiryBand::Within30Days, "within_30_days"),
        (ExpiryBand::Within7Days, "within_7_days"),
        (ExpiryBand::Expired, "expired"),
    ] {
        assert_eq!(serde_json::to_value(band).expect("JSON"), json!(text));
        let back: ExpiryBand = serde_json::from_value(json!(text)).expect("a band");
        assert_eq!(back, band);
    }
}
