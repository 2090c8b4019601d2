//! The page's behaviour without a browser: messages in, state and effects out, with real
//! certificates and metadata (the core's test fixtures) and the Worker's answers made up.

use mimecast_sso_core::certificate::CertCode;
use mimecast_sso_core::metadata::MetadataCode;
use mimecast_sso_core::region::RegionCode;
use mimecast_sso_core::{Coded, UnixTime};

use super::*;
use crate::app::json::Json;
use crate::page::state::{Import, Server, Word};

#[path = "../../../../core/tests/support/metadata.rs"]
mod metadata;

const ENTRA_PEM: &str = include_str!("../../../../core/tests/data/entra.pem");
const ENTRA_DER: &[u8] = include_bytes!("../../../../core/tests/data/entra.der");
const PRIVATE_KEY: &str = include_str!("../../../../core/tests/data/key_pkcs8.pem");
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const NOW: UnixTime = metadata::JAN_2027;

fn page() -> State {
    State::new(
        Lang::En,
        Inputs::default(),
        "/api/v1/".to_owned(),
        true,
        NOW,
    )
}

fn send(state: &mut State, msg: Msg) -> Vec<Effect<Msg>> {
    update(state, msg, NOW)
}

fn typed(state: &mut State, field: Field, text: &str) -> Vec<Effect<Msg>> {
    send(state, Msg::Typed(field, text.to_owned()))
}

/// The text kept in `localStorage` by the last store effect of `effects`.
fn stored(effects: &[Effect<Msg>]) -> Option<Option<String>> {
    effects.iter().rev().find_map(|effect| match effect {
        Effect::Store { key, value } if *key == KEY => Some(value.clone()),
        _ => None,
    })
}

/// Kept text read back as the mount reads it (JSON parsed, then [`Saved::read`]).
fn read_saved(text: &str) -> Option<Saved> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    Saved::read(&Json::from(value))
}

/// Runs the read-file effect in `effects` as if the browser read `bytes`.
fn read_as(
    state: &mut State,
    effects: Vec<Effect<Msg>>,
    bytes: Option<Vec<u8>>,
) -> Vec<Effect<Msg>> {
    let then = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::ReadFile { then, .. } => Some(then),
            _ => None,
        })
        .expect("a read-file effect");
    send(state, then(bytes))
}

/// Runs the fetch effect in `effects` with `reply`, giving the request it made too.
fn fetch_as(
    state: &mut State,
    effects: Vec<Effect<Msg>>,
    reply: JsonReply,
) -> (Request, Vec<Effect<Msg>>) {
    let (request, then) = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::FetchJson { request, then } => Some((request, then)),
            _ => None,
        })
        .expect("a fetch effect");
    (request, send(state, then(reply)))
}

/// The Worker's answer `status` with the JSON `body` (`None`: not JSON).
fn reply(status: u16, body: Option<serde_json::Value>) -> JsonReply {
    JsonReply {
        status,
        json: body.map(Json::from),
    }
}

fn fill_account(state: &mut State) {
    typed(state, Field::AccountCode, "cuk1a234");
    typed(state, Field::TenantId, &TENANT.to_uppercase());
}

#[test]
fn typing_fills_every_value_and_keeps_the_work() {
    let mut state = page();
    assert_eq!(state.value("entra.identifier"), None);
    fill_account(&mut state);
    let effects = typed(&mut state, Field::Certificate, ENTRA_PEM);
    assert_eq!(
        state.inputs.region, "eu",
        "the account code's prefix points to eu"
    );
    assert!(state.region_suggested);
    assert_eq!(
        state.value("entra.identifier").as_deref(),
        Some("https://eu-api.mimecast.com/sso/CUK1A234")
    );
    assert_eq!(
        state.value("profile.issuerUrl").as_deref(),
        Some(&*format!("https://sts.windows.net/{TENANT}/"))
    );
    assert!(state.plan.ready);
    let kept = stored(&effects).flatten().expect("the work is kept");
    let saved = read_saved(&kept).expect("kept as Saved");
    assert_eq!(saved.inputs.account_code, "cuk1a234", "kept as typed");
    assert!(
        saved
            .inputs
            .certificate
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    assert_eq!(saved.lang(), Some(Lang::En));
    typed(&mut state, Field::Region, "us");
    assert!(
        !state.region_suggested,
        "a chosen region is not a suggestion"
    );
    assert_eq!(
        state.value("entra.identifier").as_deref(),
        Some("https://us-api.mimecast.com/sso/CUK1A234")
    );
    let effects = send(
        &mut state,
        Msg::UseRegion(mimecast_sso_core::region::Region::Eu),
    );
    assert_eq!(state.inputs.region, "eu");
    assert!(matches!(
        effects.first(),
        Some(Effect::Focus("[data-field=region]"))
    ));
}

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

#[test]
fn metadata_files_are_read_by_the_core_and_refused_by_size_first() {
    let mut state = page();
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: 2.0 * 1024.0 * 1024.0,
        },
    );
    assert!(effects.is_empty(), "nothing is read");
    assert!(matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::TooLarge.code()));
    let document = metadata::document(&[&metadata::entra_body()]);
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: document.len() as f64,
        },
    );
    read_as(&mut state, effects, Some(document.into_bytes()));
    assert_eq!(state.import, Import::Done);
    assert_eq!(state.inputs.tenant_id, TENANT);
    assert!(state.inputs.certificate.contains("BEGIN CERTIFICATE"));
    assert_eq!(
        state.value("profile.loginUrl").as_deref(),
        Some(&*format!(
            "https://login.microsoftonline.com/{TENANT}/saml2"
        ))
    );
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: 5.0,
        },
    );
    read_as(&mut state, effects, Some(b"<not metadata".to_vec()));
    assert!(matches!(&state.import, Import::Failed(p) if p.code.starts_with("metadata.")));
}

#[test]
fn during_a_rollover_the_admin_chooses_the_active_certificate() {
    let mut state = page();
    let document = metadata::document(&[&metadata::entra_body(), &metadata::rsa2048_body()]);
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: document.len() as f64,
        },
    );
    read_as(&mut state, effects, Some(document.into_bytes()));
    let imported = state.metadata.clone().expect("imported");
    assert!(
        imported.choice_needed,
        "two valid certificates: Entra's metadata does not say which is Active"
    );
    assert_eq!(state.inputs.certificate, "");
    send(&mut state, Msg::UseCertificate(1));
    assert_eq!(state.inputs.certificate, imported.certificates[1].pem);
    let spoken = state.spoken.clone().expect("said");
    assert_eq!(spoken.key, "ui.import.cert.used");
    assert_eq!(
        spoken.words,
        vec![(
            "thumbprint",
            Word::Text(imported.certificates[1].thumbprint_sha1.clone())
        )]
    );
    send(&mut state, Msg::UseCertificate(9));
    assert_eq!(
        state.inputs.certificate, imported.certificates[1].pem,
        "no such certificate: nothing changes"
    );
}

#[test]
fn importing_by_url_goes_through_the_worker_and_explains_each_failure() {
    let mut state = page();
    typed(
        &mut state,
        Field::MetadataUrl,
        "https://example.com/metadata.xml",
    );
    assert!(send(&mut state, Msg::ImportUrl).is_empty());
    assert!(
        matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::UrlInvalid.code())
    );
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
    );
    typed(&mut state, Field::MetadataUrl, &url);
    state.server = Server::Unavailable;
    send(&mut state, Msg::ImportUrl);
    assert!(matches!(&state.import, Import::Failed(p) if p.code == "ui.import.needs_worker"));
    state.server = Server::Available;
    let effects = send(&mut state, Msg::ImportUrl);
    assert_eq!(state.import, Import::Loading);
    let document = metadata::document(&[&metadata::entra_body()]);
    let answer = mimecast_sso_core::metadata::parse(
        document.as_bytes(),
        NOW,
        mimecast_sso_core::metadata::Scope::Application,
    )
    .expect("metadata");
    let body = serde_json::to_value(&answer).expect("json");
    let (request, _) = fetch_as(&mut state, effects, reply(200, Some(body)));
    assert_eq!(
        request,
        Request::get(format!(
            "/api/v1/entra/metadata?tenant={TENANT}&appid={APP}"
        ))
    );
    assert_eq!(state.import, Import::Done);
    assert_eq!(state.inputs.app_id, APP);
    assert_eq!(state.inputs.tenant_id, TENANT);
    let effects = send(&mut state, Msg::ImportUrl);
    let refused =
        mimecast_sso_core::api_error::ApiError::new(MetadataCode::UrlInvalid, "Not Entra.");
    let body = serde_json::json!({ "error": refused });
    fetch_as(&mut state, effects, reply(400, Some(body)));
    assert!(
        matches!(&state.import, Import::Failed(p) if p.code == MetadataCode::UrlInvalid.code() && p.message == "Not Entra.")
    );
    let effects = send(&mut state, Msg::ImportUrl);
    fetch_as(&mut state, effects, JsonReply::default());
    assert!(matches!(&state.import, Import::Failed(p) if p.code == "ui.import.unreachable"));
}

#[test]
fn copying_says_so_for_two_seconds() {
    let mut state = page();
    assert!(
        send(&mut state, Msg::Copy("entra.identifier".to_owned())).is_empty(),
        "nothing to copy yet"
    );
    fill_account(&mut state);
    let effects = send(&mut state, Msg::Copy("entra.identifier".to_owned()));
    let Some(Effect::Copy { text, then }) = effects.into_iter().next() else {
        panic!("a copy effect");
    };
    assert_eq!(text, "https://eu-api.mimecast.com/sso/CUK1A234");
    let effects = send(&mut state, then(true));
    let copied = state.copied.clone().expect("copied");
    assert!(copied.ok);
    assert_eq!(
        state.spoken.as_ref().map(|s| s.key),
        Some("ui.copied.announce")
    );
    let Some(Effect::Timer { ms: 2_000, msg }) = effects.into_iter().next() else {
        panic!("a two-second timer");
    };
    send(
        &mut state,
        Msg::Copied {
            key: "profile.provider".to_owned(),
            ok: false,
        },
    );
    send(&mut state, msg);
    assert!(
        state.copied.is_some(),
        "an older timer leaves a newer copy's feedback alone"
    );
    assert_eq!(state.spoken.as_ref().map(|s| s.key), Some("ui.copy.failed"));
}

#[test]
fn the_plan_downloads_as_the_core_builds_it_and_clear_forgets_everything() {
    let mut state = page();
    fill_account(&mut state);
    typed(&mut state, Field::Certificate, ENTRA_PEM);
    let Some(Effect::Download {
        file_name, text, ..
    }) = send(&mut state, Msg::Download).into_iter().next()
    else {
        panic!("a download");
    };
    assert_eq!(file_name, PLAN_FILE);
    let plan: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        plan["entra"]["identifier"],
        "https://eu-api.mimecast.com/sso/CUK1A234"
    );
    assert_eq!(plan["ready"], true);
    let effects = send(&mut state, Msg::Clear);
    assert_eq!(state.inputs, Inputs::default());
    assert_eq!(stored(&effects), Some(None), "the kept work is removed");
    assert_eq!(state.spoken.as_ref().map(|s| s.key), Some("ui.cleared"));
    assert!(state.plan.certificate.is_none());
}

#[test]
fn a_language_is_used_once_its_table_has_loaded() {
    let mut state = page();
    let Some(Effect::LoadLanguage {
        lang: Lang::Fr,
        then,
    }) = send(&mut state, Msg::Language(Lang::Fr)).into_iter().next()
    else {
        panic!("the table is loaded first");
    };
    assert_eq!(state.lang, Lang::En);
    let effects = send(&mut state, then(true));
    assert_eq!(state.lang, Lang::Fr);
    let kept = stored(&effects).flatten().expect("kept");
    assert_eq!(
        read_saved(&kept).and_then(|saved| saved.lang()),
        Some(Lang::Fr)
    );
    send(&mut state, Msg::LanguageLoaded(Lang::Nl, false));
    assert_eq!(
        state.lang,
        Lang::Fr,
        "a table that did not load changes nothing"
    );
}

#[test]
fn the_health_route_says_whether_the_worker_is_there() {
    let mut state = page();
    let effects = start(&state);
    let (request, _) = fetch_as(
        &mut state,
        effects,
        reply(
            200,
            Some(serde_json::json!({"status": "ok", "version": "1"})),
        ),
    );
    assert_eq!(request.url, "/api/v1/health");
    assert_eq!(state.server, Server::Available);
    send(
        &mut state,
        Msg::Health(reply(
            200,
            Some(serde_json::json!({"status": "ok", "simulator": true})),
        )),
    );
    assert_eq!(state.server, Server::Simulator);
    send(&mut state, Msg::Health(reply(404, None)));
    assert_eq!(state.server, Server::Unavailable);
    send(
        &mut state,
        Msg::Health(reply(200, Some(serde_json::json!("<html>static</html>")))),
    );
    assert_eq!(state.server, Server::Unavailable);
}

#[test]
fn kept_work_of_another_shape_is_ignored() {
    assert!(read_saved("{\"accountCode\":42}").is_none());
    assert!(read_saved("[]").is_none());
    assert!(read_saved("not json").is_none());
    let saved = read_saved("{\"accountCode\":\"CUK1A234\",\"lang\":\"nl\"}").expect("ours");
    assert_eq!(saved.inputs.account_code, "CUK1A234");
    assert_eq!(saved.lang(), Some(Lang::Nl));
}

#[test]
fn a_legacy_sign_on_url_is_explained_by_the_core() {
    let mut state = page();
    typed(&mut state, Field::Region, "eu");
    typed(
        &mut state,
        Field::LegacySignOnUrl,
        "https://webmail-fr.mimecast.com",
    );
    let note = state
        .plan
        .findings
        .iter()
        .find(|f| f.field.as_deref() == Some("legacySignOnUrl"))
        .expect("a note about it");
    assert!(note.is(RegionCode::SignOnLegacy));
    assert!(
        note.message
            .contains("https://eu-api.mimecast.com/login/saml"),
        "{}",
        note.message
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
    let effects = send(
        &mut state,
        Msg::FileChosen {
            slot: "metadata",
            size: document.len() as f64,
        },
    );
    let asked = verifications(read_as(&mut state, effects, Some(document.into_bytes())));
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
