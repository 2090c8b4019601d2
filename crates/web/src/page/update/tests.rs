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

mod certificate;
mod import;

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

/// The admin chooses a metadata file holding `bytes`, and the browser reads it.
fn import_file(state: &mut State, bytes: Vec<u8>) -> Vec<Effect<Msg>> {
    let effects = send(
        state,
        Msg::FileChosen {
            slot: "metadata",
            size: bytes.len() as f64,
        },
    );
    read_as(state, effects, Some(bytes))
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

#[test]
fn the_sign_on_mode_is_the_cores_choice_and_is_kept() {
    let mut state = page();
    fill_account(&mut state);
    assert_eq!(
        state.value("entra.signOnUrl").as_deref(),
        Some("https://eu-api.mimecast.com/login/saml")
    );
    assert_eq!(state.instead("entra.signOnUrl"), None);
    let effects = typed(&mut state, Field::SignOnMode, "idpPersonalPortal");
    assert_eq!(state.value("entra.signOnUrl"), None);
    assert_eq!(
        state.instead("entra.signOnUrl"),
        Some("ui.entra.leave_empty"),
        "an empty Sign on URL says to leave it empty, not what it waits for"
    );
    assert!(state.value("entra.identifier").is_some());
    assert!(
        state
            .plan
            .checklist
            .iter()
            .any(|step| step.id == "entra.basic_saml_configuration_idp_personal_portal")
    );
    assert!(
        state
            .plan
            .findings
            .iter()
            .any(|f| f.code == plan::PlanCode::IdpPersonalPortal.code())
    );
    let kept = stored(&effects).flatten().expect("the work is kept");
    let saved = read_saved(&kept).expect("kept as Saved");
    assert_eq!(saved.inputs.sign_on_mode, "idpPersonalPortal");
    typed(&mut state, Field::SignOnMode, "sp");
    assert!(state.value("entra.signOnUrl").is_some());
}
