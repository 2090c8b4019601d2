//! What happens on each message of step 7: the new state, and the effects for the browser. Every
//! rule is the core's (`mimecast_sso_core::provisioning`, `mimecast_api`); this only feeds it what
//! the admin did and what the Worker answered. One concept per module: [`domains`], [`single`]
//! (one user), [`csv`] (the file and who of it exists), [`run`] (the run and its kept outcomes);
//! this module routes the messages and does what joins them.

mod csv;
mod domains;
mod run;
mod single;

use mimecast_sso_core::mimecast_api::InboundType;
use mimecast_sso_core::provisioning::{RandomUnavailable, generate_password};
use serde_json::Value;

use super::saved;
use super::state::{Contract, Input, State};
use crate::app::{Effect, Reply, Request};
use crate::i18n::Lang;

/// The runtime's name for the chosen CSV file, held until its bytes are asked for.
pub(crate) const FILE_SLOT: &str = "users";

/// What happened.
#[derive(Debug)]
pub(crate) enum Msg {
    /// The page changed an attribute of the helper's root (language, Worker, region, API).
    Contract(Contract),
    LanguageLoaded(Lang, bool),
    /// "List the domains".
    ListDomains,
    /// The registered domains' answer; the pending ones are asked next.
    RegisteredListed(Reply),
    DomainsListed {
        registered: Reply,
        pending: Reply,
    },
    Inbound(InboundType),
    /// "Register": the domain typed, or the one a file needs.
    Register(Option<String>),
    DomainRegistered {
        domain: String,
        reply: Reply,
    },
    /// A copy button of the DNS record (`dns.value`, …).
    Copy(String),
    Copied {
        key: String,
        ok: bool,
    },
    CopyDone(u32),
    Typed(Input, String),
    Force(bool),
    Generate,
    Generated(Option<Vec<u8>>),
    Create,
    UserCreated {
        address: String,
        reply: Reply,
    },
    Dragging(bool),
    /// A CSV file was chosen or dropped; its bytes are read only if its size passes.
    FileChosen {
        name: String,
        size: f64,
    },
    FileRead {
        name: String,
        bytes: Option<Vec<u8>>,
    },
    /// A page of `get-internal-users` for the file with `key`.
    UsersListed {
        key: String,
        reply: Reply,
    },
    Start,
    /// The sessions kept in `localStorage` (read again when a file is chosen and when a run
    /// starts: another tab may have run meanwhile); `start` goes on to start the run.
    SessionsRead {
        text: Option<String>,
        start: bool,
    },
    /// The random bytes for the run's generated passwords (`None`: the source failed).
    StartWith {
        key: String,
        random: Option<Vec<u8>>,
    },
    BatchAnswered {
        generation: u64,
        id: u64,
        reply: Reply,
    },
    /// The back-off until `until` (ms) is over.
    Tick {
        generation: u64,
        until: u64,
    },
    Pause,
    Resume,
    Cancel,
    Report,
    /// Whether the browser kept the sessions written with `seq`.
    Kept {
        seq: u32,
        kept: bool,
    },
    /// A kept session's report, by its file's key.
    SavedReport(String),
    Forget(String),
}

/// Applies `msg` at `now_ms` (the browser's clock, in ms since the epoch).
pub(crate) fn update(state: &mut State, msg: Msg, now_ms: u64) -> Vec<Effect<Msg>> {
    state.now_ms = now_ms;
    match msg {
        Msg::Contract(contract) => {
            state.server = contract.server;
            state.region = contract.region;
            state.api_base = contract.api_base;
            let lang = contract.lang;
            if lang != state.asked_lang {
                state.asked_lang = lang;
                return vec![Effect::LoadLanguage {
                    lang,
                    then: Box::new(move |loaded| Msg::LanguageLoaded(lang, loaded)),
                }];
            }
        }
        Msg::LanguageLoaded(lang, loaded) => {
            // A table that did not load, or a language the page left meanwhile, changes nothing.
            if loaded && lang == state.asked_lang {
                state.lang = lang;
            }
        }
        Msg::ListDomains => return domains::list(state),
        Msg::RegisteredListed(reply) => return domains::registered_listed(state, reply),
        Msg::DomainsListed {
            registered,
            pending,
        } => {
            domains::listed(state, &registered, &pending);
            return csv::check_existing(state);
        }
        Msg::Inbound(kind) => state.domains.inbound = kind,
        Msg::Register(domain) => return domains::register(state, domain),
        Msg::DomainRegistered { domain, reply } => {
            return domains::registered(state, domain, &reply);
        }
        Msg::Copy(key) => return domains::copy(state, key),
        Msg::Copied { key, ok } => return domains::copied(state, key, ok),
        Msg::CopyDone(seq) => {
            if state
                .domains
                .copied
                .as_ref()
                .is_some_and(|copied| copied.seq == seq)
            {
                state.domains.copied = None;
            }
        }
        Msg::Typed(input, text) => single::typed(state, input, text),
        Msg::Force(on) => state.single.force = on,
        Msg::Generate => return single::generate(),
        Msg::Generated(random) => return single::generated(state, random),
        Msg::Create => return single::create(state),
        Msg::UserCreated { address, reply } => single::created(state, &address, &reply),
        Msg::Dragging(over) => state.csv.dragging = over,
        Msg::FileChosen { name, size } => return csv::chosen(state, name, size),
        Msg::FileRead { name, bytes } => {
            if csv::read(state, name, bytes) {
                let mut effects = vec![read_sessions(false)];
                effects.extend(domains::list_once(state));
                effects.extend(csv::check_existing(state));
                return effects;
            }
        }
        Msg::UsersListed { key, reply } => return csv::users_listed(state, &key, &reply),
        Msg::Start => return vec![read_sessions(true)],
        Msg::SessionsRead { text, start } => {
            run::sessions_read(state, text.as_deref());
            if start {
                return run::start(state);
            }
        }
        Msg::StartWith { key, random } => return run::start_with(state, &key, random),
        Msg::BatchAnswered {
            generation,
            id,
            reply,
        } => return run::answered(state, generation, id, &reply),
        Msg::Tick { generation, until } => return run::tick(state, generation, until),
        Msg::Pause | Msg::Resume | Msg::Cancel => return run::control(state, &msg),
        Msg::Report => return run::report(state),
        Msg::Kept { seq, kept } => return run::kept(state, seq, kept),
        Msg::SavedReport(key) => return run::saved_report(state, &key),
        Msg::Forget(key) => return run::forget(state, &key),
    }
    Vec::new()
}

/// Reads the kept sessions; `start` goes on to start the run.
pub(crate) fn read_sessions(start: bool) -> Effect<Msg> {
    Effect::ReadStored {
        key: saved::KEY,
        then: Box::new(move |text| Msg::SessionsRead { text, start }),
    }
}

/// `POST {api}mimecast/{route}` with `body` (and the page's region, which Mimecast API 1.0
/// needs); the answer becomes `then`'s message.
fn post(
    state: &State,
    route: &str,
    mut body: Value,
    then: impl FnOnce(Reply) -> Msg + 'static,
) -> Effect<Msg> {
    if let Some(region) = &state.region {
        body["region"] = region.clone().into();
    }
    Effect::Fetch {
        request: Request::post(
            format!("{}mimecast/{route}", state.api_base),
            body.to_string(),
        ),
        then: Box::new(then),
    }
}

/// How many random bytes the core takes for one generated password (it asks for them at once).
fn password_bytes() -> usize {
    let mut asked = 0;
    let _ = generate_password(&mut |bytes: &mut [u8]| {
        asked = bytes.len();
        Err(RandomUnavailable)
    });
    asked
}

/// A random source for the core that hands out `bytes` (from a random-bytes effect) in order,
/// and fails once they are used up or when there were none.
fn pool(bytes: Option<Vec<u8>>) -> impl FnMut(&mut [u8]) -> Result<(), RandomUnavailable> {
    let bytes = bytes.unwrap_or_default();
    let mut used = 0;
    move |out: &mut [u8]| {
        let next = bytes.get(used..used + out.len()).ok_or(RandomUnavailable)?;
        out.copy_from_slice(next);
        used += out.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
