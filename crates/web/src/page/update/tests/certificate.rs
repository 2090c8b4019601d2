//! The certificate field: pasted text and files, private keys refused, self-signatures verified
//! by the browser and judged by the core.

use super::*;

#[test]
fn a_pasted_private_key_is_refused_cleared_and_never_kept() {
    let mut state = page();
    fill_account(&mut state);
    let effects = typed(&mut state, Field::Certificate, PRIVATE_KEY);
    assert_eq!(
        state.notice.as_ref().map(|n| n.code.as_str()),
        Some(CertCode::PrivateKey.code())
    );
    assert_eq!(state.inputs.certificate, "", "the field is emptied");
    let kept = stored(&effects)
        .flatten()
        .expect("the rest of the work is kept");
    let key_line = PRIVATE_KEY.lines().nth(1).expect("a base64 line");
    assert!(!kept.contains("PRIVATE KEY") && !kept.contains(key_line));
    // Emptying the field keeps the refusal on screen; new text replaces it.
    typed(&mut state, Field::Certificate, "");
    assert!(state.notice.is_some());
    typed(&mut state, Field::Certificate, ENTRA_PEM);
    assert!(state.notice.is_none());
}

#[test]
fn a_der_file_becomes_pem_and_an_unreadable_one_says_so() {
    let mut state = page();
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "certificate",
            size: ENTRA_DER.len() as f64,
        },
    );
    read_as(&mut state, effects, Some(ENTRA_DER.to_vec()));
    assert!(
        state
            .inputs
            .certificate
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    assert_eq!(state.spoken.as_ref().map(|s| s.key), Some("ui.cert.read"));
    assert!(state.plan.certificate.is_some());
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "certificate",
            size: 10.0,
        },
    );
    read_as(&mut state, effects, None);
    assert_eq!(
        state.notice.as_ref().map(|n| n.code.as_str()),
        Some("ui.cert.unreadable")
    );
    assert!(state.plan.certificate.is_none());
    send(&mut state, Msg::CertificateDropped(PRIVATE_KEY.to_owned()));
    assert_eq!(
        state.notice.as_ref().map(|n| n.code.as_str()),
        Some(CertCode::PrivateKey.code())
    );
}

/// The verify effects in `effects`: the checks asked, with what each verdict becomes.
type Verdicts = Vec<(
    mimecast_sso_core::certificate::SignatureCheck,
    Box<dyn FnOnce(mimecast_sso_core::certificate::Verdict) -> Msg>,
)>;

fn verifications(effects: Vec<Effect<Msg>>) -> Verdicts {
    effects
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::Verify { check, then } => Some((check, then)),
            _ => None,
        })
        .collect()
}

#[test]
fn self_signatures_are_verified_by_the_browser_once_and_judged_by_the_core() {
    use mimecast_sso_core::certificate::{RustCrypto, Verdict, Verifier};
    let mut state = page();
    fill_account(&mut state);
    let asked = verifications(typed(&mut state, Field::Certificate, ENTRA_PEM));
    assert_eq!(
        asked.len(),
        1,
        "the chosen certificate's self-signature is asked about"
    );
    assert_eq!(
        state
            .plan
            .certificate
            .as_ref()
            .and_then(|c| c.self_signature_valid),
        None,
        "pending: not yet said"
    );
    assert!(
        !state
            .plan
            .findings
            .iter()
            .any(|f| f.code.starts_with("cert.self_signature"))
    );
    assert!(
        verifications(typed(&mut state, Field::Description, "Contoso")).is_empty(),
        "asked once"
    );
    let (check, then) = asked.into_iter().next().expect("one");
    // The browser answers as RustCrypto does for the same check (the Worker's verifier).
    assert_eq!(RustCrypto.verify(&check), Verdict::Valid);
    send(&mut state, then(Verdict::Invalid));
    assert_eq!(
        state
            .plan
            .certificate
            .as_ref()
            .and_then(|c| c.self_signature_valid),
        Some(false)
    );
    assert!(
        state
            .plan
            .findings
            .iter()
            .any(|f| f.is(CertCode::SelfSignatureInvalid))
    );
    assert!(!state.plan.ready, "an altered certificate is an error");
    send(&mut state, Msg::Verified(check, Verdict::Valid));
    assert_eq!(
        state
            .plan
            .certificate
            .as_ref()
            .and_then(|c| c.self_signature_valid),
        Some(true)
    );
    assert!(state.plan.ready);
}

#[test]
fn imported_certificates_are_verified_too() {
    use mimecast_sso_core::certificate::Verdict;
    let mut state = page();
    let document = metadata::document(&[&metadata::entra_body(), &metadata::rsa2048_body()]);
    let asked = verifications(import_file(&mut state, document.into_bytes()));
    assert_eq!(asked.len(), 2, "both certificates of the rollover");
    for (_, then) in asked {
        send(&mut state, then(Verdict::Valid));
    }
    let imported = state.metadata.as_ref().expect("imported");
    assert!(
        imported
            .certificates
            .iter()
            .all(|c| c.self_signature_valid == Some(true))
    );
}
