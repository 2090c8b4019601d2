//! Step 7's behaviour without a browser: messages in, state and effects out, the Worker's answers
//! made up as `Reply`s (shaped as the Worker's routes write them). The helpers and the page's
//! contract here; one file per concept in `tests/`.

mod domains;
mod files;
mod kept;
mod run;
mod single;

use mimecast_sso_core::Coded;
use mimecast_sso_core::provisioning::{ProvisioningCode, UserCode};
use serde_json::{Value, json};

use super::*;
use crate::users::saved::Session;
use crate::users::state::{Line, List, Registered, Server};

/// 2027-01-15T08:00:00Z.
const NOW_MS: u64 = 1_800_000_000_000;

fn contract(server: Server) -> Contract {
    Contract {
        lang: Lang::En,
        server,
        region: Some("eu".to_owned()),
        api_base: "/api/v1/".to_owned(),
    }
}

fn step() -> State {
    State::new(contract(Server::Available), Vec::new())
}

fn step_with(sessions: Vec<Session>) -> State {
    State::new(contract(Server::Available), sessions)
}

fn send(state: &mut State, msg: Msg) -> Vec<Effect<Msg>> {
    update(state, msg, NOW_MS)
}

fn reply(status: u16, body: &Value) -> Reply {
    Reply {
        status,
        body: body.to_string().into_bytes(),
        ..Reply::default()
    }
}

fn ok(body: &Value) -> Reply {
    reply(200, body)
}

/// Every call in `effects`: its request, and what its answer becomes.
fn fetches(effects: Vec<Effect<Msg>>) -> Vec<(Request, crate::app::effect::Then<Reply, Msg>)> {
    effects
        .into_iter()
        .filter_map(|effect| match effect {
            Effect::Fetch { request, then } => Some((request, then)),
            _ => None,
        })
        .collect()
}

/// Answers the one call in `effects` with `answer`, giving its request, its JSON body and what
/// followed.
fn answer(
    state: &mut State,
    effects: Vec<Effect<Msg>>,
    answer: Reply,
) -> (Request, Value, Vec<Effect<Msg>>) {
    let mut calls = fetches(effects);
    assert_eq!(calls.len(), 1, "one call");
    let (request, then) = calls.remove(0);
    let body =
        serde_json::from_str(request.body.as_deref().unwrap_or("null")).expect("a JSON body");
    let next = send(state, then(answer));
    (request, body, next)
}

/// Gives the random-bytes effect in `effects` these bytes (or a failed source).
fn random(
    state: &mut State,
    effects: Vec<Effect<Msg>>,
    bytes: Option<Vec<u8>>,
) -> Vec<Effect<Msg>> {
    let then = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::Random { len, then } => {
                assert!(
                    bytes.as_ref().is_none_or(|b| b.len() == len),
                    "asked for {len} bytes"
                );
                Some(then)
            }
            _ => None,
        })
        .expect("a random-bytes effect");
    send(state, then(bytes))
}

/// "Create the users": the kept sessions are read first (storage holds what the state holds);
/// gives what followed.
fn start(state: &mut State) -> Vec<Effect<Msg>> {
    let Some(Effect::ReadStored { key, then }) = send(state, Msg::Start).into_iter().next() else {
        panic!("the kept sessions are read first");
    };
    assert_eq!(key, crate::users::saved::KEY);
    let kept = crate::users::saved::text(&state.sessions);
    send(state, then(kept))
}

/// `n` bytes that are not all the same.
fn bytes(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 37 % 251) as u8).collect()
}

fn focus(effects: &[Effect<Msg>]) -> Option<&'static str> {
    effects.iter().find_map(|effect| match effect {
        Effect::Focus(selector) => Some(*selector),
        _ => None,
    })
}

fn registered_domains(domains: &[&str]) -> Value {
    json!({ "data": domains.iter().map(|d| json!({ "id": d, "domain": d, "sendOnly": false, "local": false, "inboundType": "any" })).collect::<Vec<_>>() })
}

fn pending_domain(domain: &str, token: &str) -> Value {
    json!({ "id": domain, "domain": domain, "token": token, "created": "2027-01-10T08:00:00+0000", "expiry": "2027-02-10T08:00:00+0000" })
}

/// Lists the domains: `registered` ones and `pending` (domain, token) ones.
fn list_domains(state: &mut State, registered: &[&str], pending: &[(&str, &str)]) {
    let effects = send(state, Msg::ListDomains);
    let (_, _, effects) = answer(state, effects, ok(&registered_domains(registered)));
    let pending: Vec<Value> = pending.iter().map(|(d, t)| pending_domain(d, t)).collect();
    answer(state, effects, ok(&json!({ "data": pending })));
}

#[test]
fn the_step_follows_the_page_language_once_its_table_loaded() {
    let mut state = step();
    let mut french = contract(Server::Simulator);
    french.lang = Lang::Fr;
    french.region = None;
    let Some(Effect::LoadLanguage {
        lang: Lang::Fr,
        then,
    }) = send(&mut state, Msg::Contract(french.clone()))
        .into_iter()
        .next()
    else {
        panic!("the table first");
    };
    assert_eq!(
        (state.lang, state.server, state.region.as_deref()),
        (Lang::En, Server::Simulator, None)
    );
    send(&mut state, then(true));
    assert_eq!(state.lang, Lang::Fr);
    french.lang = Lang::Nl;
    send(&mut state, Msg::Contract(french));
    send(&mut state, Msg::LanguageLoaded(Lang::Fr, true));
    assert_eq!(
        state.lang,
        Lang::Fr,
        "a language the page left meanwhile is not used"
    );
    send(&mut state, Msg::LanguageLoaded(Lang::Nl, false));
    assert_eq!(
        state.lang,
        Lang::Fr,
        "a table that did not load changes nothing"
    );
}
