//! Benchmark `inspect_saml`: the whole of `signon::inspect_response` (decode, parse, exclusive
//! C14N, SHA-256 digest, RSA-2048 signature, values, comparison with the plan) on a typical Entra
//! response (tests/data/saml/entra-response.xml: assertion signed, nine claims, 5.2 KB), beside
//! the peer an admin would otherwise run on their own machine in the same run:
//! - `xmlsec1 --verify` (CLI, one process per response, Debian's xmlsec1 over libxml2 and OpenSSL):
//!   the signature only, with the same certificate.
//!
//! `cargo xtask bench` prints the ratios from criterion's estimates.

use std::hint::black_box;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::signon::{Expected, InspectOptions, inspect_response};

const RESPONSE: &str = include_str!("../tests/data/saml/entra-response.xml");
const CERTIFICATE: &str = include_str!("../tests/data/saml/entra-signing.pem");
const RESPONSE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/saml/entra-response.xml"
);
const CERTIFICATE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/saml/entra-signing.pem"
);

fn xmlsec1_peer() -> bool {
    Command::new("/usr/bin/xmlsec1")
        .args([
            "--verify",
            "--pubkey-cert-pem",
            CERTIFICATE_PATH,
            "--id-attr:ID",
        ])
        .arg("urn:oasis:names:tc:SAML:2.0:assertion:Assertion")
        .arg(RESPONSE_PATH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn inspect_saml(c: &mut Criterion) {
    // 2026-12-03T12:01:00Z, a minute after the response was issued.
    let options = InspectOptions::at(UnixTime::from_secs(1_796_299_260));
    let expected = Expected {
        identifier: Some("https://eu-api.mimecast.com/sso/CUK1A234".to_owned()),
        reply_url: Some("https://eu-api.mimecast.com/login/saml".to_owned()),
        issuer: Some("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/".to_owned()),
        certificate: Some(CERTIFICATE.to_owned()),
        users: Vec::new(),
    };
    let report = inspect_response(RESPONSE, &expected, options).expect("the fixture is read");
    assert!(
        report.verified,
        "the fixture verifies: {:?}",
        report.findings
    );
    assert!(xmlsec1_peer(), "the peer verifies the fixture");
    let mut group = c.benchmark_group("inspect_saml");
    group.bench_function("mimecast-sso-core", |b| {
        b.iter(|| inspect_response(black_box(RESPONSE), black_box(&expected), options))
    });
    group.bench_function("xmlsec1 --verify", |b| b.iter(xmlsec1_peer));
    group.finish();
}

criterion_group!(benches, inspect_saml);
criterion_main!(benches);
