//! The self-signature check as a seam: the core says which signatures it checks and prepares them
//! as a [`SignatureCheck`] (SubjectPublicKeyInfo DER, the tbsCertificate, ECDSA as r ‖ s), and
//! any verifier answers: RustCrypto here, the browser's WebCrypto on the page. The findings are the
//! core's whatever the verifier.

use mimecast_sso_core::certificate::{
    self, CertCode, CheckedAlgorithm, Hash, RustCrypto, SignatureCheck, Verdict, Verifier,
};
use mimecast_sso_core::{Coded, UnixTime};

/// 2027-01-01: every fixture valid.
const NOW: UnixTime = UnixTime::from_secs(1_798_761_600);

/// Answers every check with one verdict, and counts the checks.
struct Always(Verdict, std::cell::Cell<usize>);

impl Verifier for Always {
    fn verify(&self, _check: &SignatureCheck) -> Verdict {
        self.1.set(self.1.get() + 1);
        self.0
    }
}

fn codes(report: &certificate::CertificateReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn rsa_and_p256_self_signatures_are_prepared_for_any_verifier() {
    let rsa = certificate::self_signature_check(include_bytes!("data/entra.pem"), NOW)
        .expect("an RSA check");
    assert_eq!(
        rsa.algorithm,
        CheckedAlgorithm::RsaPkcs1 { hash: Hash::Sha256 }
    );
    assert_eq!(
        rsa.signature.len(),
        256,
        "a 2048-bit RSA signature, as in the certificate"
    );
    assert_eq!(
        rsa.public_key.first(),
        Some(&0x30),
        "SubjectPublicKeyInfo, DER"
    );
    assert_eq!(RustCrypto.verify(&rsa), Verdict::Valid);
    let ec = certificate::self_signature_check(include_bytes!("data/ec_p256.der"), NOW)
        .expect("a P-256 check");
    assert_eq!(
        ec.algorithm,
        CheckedAlgorithm::EcdsaP256 { hash: Hash::Sha256 }
    );
    assert_eq!(
        ec.signature.len(),
        64,
        "r ‖ s, 32 bytes each, as WebCrypto takes it"
    );
    assert_eq!(RustCrypto.verify(&ec), Verdict::Valid);
    let mut altered = ec.clone();
    altered.signed[10] ^= 1;
    assert_eq!(RustCrypto.verify(&altered), Verdict::Invalid);
}

#[test]
fn what_the_core_does_not_check_is_never_asked() {
    assert_eq!(
        certificate::self_signature_check(include_bytes!("data/leaf.pem"), NOW),
        None,
        "not self-issued"
    );
    let nothing = Always(Verdict::Valid, std::cell::Cell::new(0));
    let report = certificate::inspect_with(include_bytes!("data/leaf.pem"), NOW, &nothing)
        .expect("a report");
    assert_eq!(nothing.1.get(), 0);
    assert_eq!(report.self_signature_valid, None);
}

#[test]
fn the_verdict_makes_the_findings() {
    let pem = include_bytes!("data/entra.pem");
    for (verdict, valid, finding) in [
        (Verdict::Valid, Some(true), None),
        (
            Verdict::Invalid,
            Some(false),
            Some(CertCode::SelfSignatureInvalid),
        ),
        (
            Verdict::Unchecked,
            None,
            Some(CertCode::SelfSignatureUnchecked),
        ),
        // Not in yet: nothing is said until the verifier has answered.
        (Verdict::Pending, None, None),
    ] {
        let verifier = Always(verdict, std::cell::Cell::new(0));
        let report = certificate::inspect_with(pem, NOW, &verifier).expect("a report");
        assert_eq!(
            verifier.1.get(),
            1,
            "{verdict:?}: the chosen certificate is checked once"
        );
        assert_eq!(report.self_signature_valid, valid, "{verdict:?}");
        let signature_findings: Vec<&str> = codes(&report)
            .into_iter()
            .filter(|c| c.starts_with("cert.self_signature"))
            .collect();
        assert_eq!(
            signature_findings,
            finding
                .map(|code| code.code())
                .into_iter()
                .collect::<Vec<_>>(),
            "{verdict:?}"
        );
    }
}

#[test]
fn the_plan_and_the_metadata_take_the_verifier_too() {
    let invalid = Always(Verdict::Invalid, std::cell::Cell::new(0));
    let input = mimecast_sso_core::plan::PlanInput {
        certificate: Some(include_str!("data/entra.pem").to_owned()),
        ..Default::default()
    };
    let plan = mimecast_sso_core::plan::build_plan_checked(&input, None, NOW, &invalid);
    assert_eq!(invalid.1.get(), 1);
    assert!(
        plan.findings
            .iter()
            .any(|f| f.is(CertCode::SelfSignatureInvalid))
    );
}
