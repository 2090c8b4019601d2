//! Benchmark `inspect_certificate`: the whole of `certificate::inspect` (normalise, parse, hash,
//! verify the RSA self-signature, findings) on a 2048-bit RSA certificate given as PEM, beside peers
//! doing the same core work in the same run:
//! - `x509-parser`: PEM decode, parse, verify the self-signature (ring), SHA-1 thumbprint;
//! - `openssl x509` (CLI, one process per certificate, as admins run it today): subject, dates,
//!   SHA-1 fingerprint.
//!
//! `cargo xtask bench` prints the ratios from criterion's estimates.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::certificate;
use sha1::{Digest, Sha1};

const RSA_2048_PEM: &[u8] = include_bytes!("../tests/data/rsa2048.pem");

fn x509_parser_peer(pem: &[u8]) -> Option<(String, Vec<u8>)> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(pem).ok()?;
    let cert = pem.parse_x509().ok()?;
    cert.verify_signature(None).ok()?;
    let thumbprint = Sha1::digest(&pem.contents).to_vec();
    Some((cert.subject().to_string(), thumbprint))
}

fn openssl_peer(pem: &[u8]) -> Option<Vec<u8>> {
    let mut child = Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-subject",
            "-dates",
            "-fingerprint",
            "-sha1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(pem).ok()?;
    Some(child.wait_with_output().ok()?.stdout)
}

fn inspect_certificate(c: &mut Criterion) {
    let now = UnixTime::from_secs(1_800_000_000);
    assert!(
        x509_parser_peer(RSA_2048_PEM).is_some(),
        "peer must verify the fixture"
    );
    let mut group = c.benchmark_group("inspect_certificate");
    group.bench_function("mimecast-sso-core", |b| {
        b.iter(|| certificate::inspect(black_box(RSA_2048_PEM), black_box(now)))
    });
    group.bench_function("x509-parser", |b| {
        b.iter(|| x509_parser_peer(black_box(RSA_2048_PEM)))
    });
    if openssl_peer(RSA_2048_PEM).is_some_and(|out| !out.is_empty()) {
        group.sample_size(10);
        group.bench_function("openssl-cli", |b| {
            b.iter(|| openssl_peer(black_box(RSA_2048_PEM)))
        });
    }
    group.finish();
}

criterion_group!(benches, inspect_certificate);
criterion_main!(benches);
