//! Property tests: no input, however broken, makes normalisation or inspection panic.

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::certificate;
use proptest::prelude::*;

const ENTRA_PEM: &str = include_str!("data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("data/entra.der");
const BUNDLE: &[u8] = include_bytes!("data/bundle.p7b");
const EC_DER: &[u8] = include_bytes!("data/ec_p256.der");

/// Runs both entry points; only a panic fails the property.
fn exercise(input: &[u8], now: i64) {
    let normalized = certificate::normalize(input);
    let inspected = certificate::inspect(input, UnixTime::from_secs(now));
    // Whatever normalize accepts, inspect accepts too (and the other way round).
    assert_eq!(normalized.is_ok(), inspected.is_ok());
    if let Ok(normalized) = normalized {
        assert!(!normalized.certificates.is_empty());
    }
}

/// One edit of a real input: replace, delete or insert a byte.
fn mutate(base: &[u8], at: usize, byte: u8, how: u8) -> Vec<u8> {
    let mut bytes = base.to_vec();
    let at = at % (bytes.len() + 1);
    match how % 3 {
        0 if at < bytes.len() => bytes[at] = byte,
        1 if at < bytes.len() => {
            bytes.remove(at);
        }
        _ => bytes.insert(at, byte),
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..2048), now in any::<i64>()) {
        exercise(&input, now);
    }

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>(), now in any::<i64>()) {
        exercise(input.as_bytes(), now);
    }

    #[test]
    fn pem_shaped_strings_never_panic(
        input in "(\u{FEFF})?[ \r\n]*(-----(BEGIN|END) [A-Z0-9 #]{0,20}-----)?[A-Za-z0-9+/=&#;xD \r\n-]{0,300}(-----END [A-Z ]{0,20}-----)?",
    ) {
        exercise(input.as_bytes(), 0);
    }

    #[test]
    fn der_shaped_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512), length in any::<u8>()) {
        let mut input = vec![0x30, length];
        input.extend(tail);
        exercise(&input, 0);
    }

    #[test]
    fn mutated_real_pem_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4), now in any::<i64>()) {
        let mut input = ENTRA_PEM.as_bytes().to_vec();
        for (at, byte, how) in edits {
            input = mutate(&input, at, byte, how);
        }
        exercise(&input, now);
    }

    #[test]
    fn mutated_real_der_never_panics(
        which in 0usize..3,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4),
        now in any::<i64>(),
    ) {
        let mut input = [ENTRA_DER, BUNDLE, EC_DER][which].to_vec();
        for (at, byte, how) in edits {
            input = mutate(&input, at, byte, how);
        }
        exercise(&input, now);
    }

    #[test]
    fn any_instant_inspects_a_real_certificate(now in any::<i64>()) {
        let report = certificate::inspect(ENTRA_DER, UnixTime::from_secs(now)).unwrap();
        prop_assert!(!report.findings.is_empty() || report.days_remaining >= 60);
    }
}
