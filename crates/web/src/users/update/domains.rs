//! The account's domains as Mimecast lists them (`get-internal-domains` and
//! `get-pending-domains`, read by the core): registered, and pending with the DNS TXT record to
//! publish; and registering one (`create-domain`) with its inbound checks. What registering would
//! do, the record and a refusal's explanation are the core's
//! (`provisioning::{register_advice, dns_record, registration_failed}`).

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::mimecast_api::{
    Registration, read_internal_domains, read_pending_domains, read_registration,
};
use mimecast_sso_core::provisioning::{
    AccountDomains, RegisterAdvice, register_advice, registration_failed,
};
use serde_json::json;

use super::{Msg, post};
use crate::app::{Effect, Reply};
use crate::users::state::{Copied, Line, List, Problem, Registered, State, record_part};

/// The domain field, focused when "Register" has nothing to register.
const DOMAIN_FIELD: &str = "[data-users-field=domain]";

/// How long a copy button says "Copied", in milliseconds.
const COPIED_MS: u32 = 2_000;

/// Asks the Worker for the registered domains (the pending ones follow).
pub(super) fn list(state: &mut State) -> Vec<Effect<Msg>> {
    state.domains.requested = true;
    state.domains.list = List::Loading;
    state.revs.domains += 1;
    vec![post(
        state,
        "get-internal-domains",
        json!({}),
        Msg::RegisteredListed,
    )]
}

/// Lists the domains if nobody asked yet (a CSV file was chosen: its domains are checked).
pub(super) fn list_once(state: &mut State) -> Vec<Effect<Msg>> {
    if state.domains.requested || !state.server.has_worker() {
        return Vec::new();
    }
    list(state)
}

/// The registered domains' answer: a failure ends the listing, otherwise the pending ones are
/// asked for, the first answer travelling with the call.
pub(super) fn registered_listed(state: &mut State, registered: Reply) -> Vec<Effect<Msg>> {
    if !registered.ok() {
        listed(state, &registered, &Reply::default());
        return Vec::new();
    }
    vec![post(
        state,
        "get-pending-domains",
        json!({}),
        move |pending| Msg::DomainsListed {
            registered,
            pending,
        },
    )]
}

/// Both answers, as the account's domains or the first failure.
pub(super) fn listed(state: &mut State, registered: &Reply, pending: &Reply) {
    let read = |reply: &Reply| {
        if reply.ok() {
            Ok(reply.body.clone())
        } else {
            Err(reply.error())
        }
    };
    let coded = |error: mimecast_sso_core::mimecast_api::AnswerError| ApiError::from_coded(&error);
    let account = (|| {
        Ok::<_, ApiError>(AccountDomains {
            registered: read_internal_domains(&read(registered)?).map_err(coded)?,
            pending: read_pending_domains(&read(pending)?).map_err(coded)?,
        })
    })();
    state.domains.list = match account {
        Ok(account) => List::Loaded(account),
        Err(error) => List::Failed(error.into()),
    };
    state.revs.domains += 1;
}

/// Registers `domain` (or the one typed) with the chosen inbound checks, unless the core says
/// there is nothing to send: already registered, or pending (its record is shown again).
pub(super) fn register(state: &mut State, domain: Option<String>) -> Vec<Effect<Msg>> {
    let domain = domain
        .unwrap_or_else(|| state.domains.typed.clone())
        .trim()
        .to_ascii_lowercase();
    if domain.is_empty() || !state.server.has_worker() {
        return vec![Effect::Focus(DOMAIN_FIELD)];
    }
    state.domains.typed.clone_from(&domain);
    if let Some(account) = state.account() {
        let known = match register_advice(&domain, account, state.now()) {
            RegisterAdvice::AlreadyRegistered => Some(Registered::Already(domain.clone())),
            RegisterAdvice::AlreadyPending { .. } => account
                .pending
                .iter()
                .find(|p| p.domain.eq_ignore_ascii_case(&domain))
                .cloned()
                .map(Registered::Pending),
            RegisterAdvice::Subdomain { .. } | RegisterAdvice::Register => None,
        };
        if let Some(known) = known {
            state.domains.result = Some(known);
            state.revs.domains += 1;
            return Vec::new();
        }
    }
    state.domains.busy = true;
    let body = json!({ "domain": domain, "inboundType": state.domains.inbound.code() });
    vec![post(state, "create-domain", body, move |reply| {
        Msg::DomainRegistered { domain, reply }
    })]
}

/// What `create-domain` answered, read by the core (a Mimecast refusal explained by it); the
/// domains are listed again after a registration.
pub(super) fn registered(state: &mut State, domain: String, reply: &Reply) -> Vec<Effect<Msg>> {
    state.domains.busy = false;
    let result = if reply.ok() {
        match read_registration(&reply.body) {
            Ok(Registration::Pending(pending)) => Registered::Pending(pending),
            Ok(Registration::Registered { domain, .. }) => Registered::AtOnce(domain),
            Err(error) => Registered::Failed(Problem::of(&error)),
        }
    } else {
        Registered::Failed(registration_failed(&domain, reply.error()).into())
    };
    let named = |key, domain: &str| Line::Ui(key, vec![("domain", Line::text(domain))]);
    let effects = match &result {
        Registered::Failed(problem) => {
            state.alert(Line::Problem(problem.clone()));
            Vec::new()
        }
        Registered::Pending(pending) => {
            state.say(named("ui.users.domains.pending_now", &pending.domain));
            list(state)
        }
        Registered::AtOnce(domain) | Registered::Already(domain) => {
            state.say(named("ui.users.domains.registered_now", domain));
            list(state)
        }
    };
    state.domains.result = Some(result);
    state.revs.domains += 1;
    effects
}

/// A copy button: the part of the record it is beside goes to the clipboard.
pub(super) fn copy(state: &State, key: String) -> Vec<Effect<Msg>> {
    let Some((text, _)) = state.record().and_then(|record| record_part(record, &key)) else {
        return Vec::new();
    };
    vec![Effect::Copy {
        text,
        then: Box::new(move |ok| Msg::Copied { key, ok }),
    }]
}

/// Whether the copy worked: said, and shown on the button for two seconds.
pub(super) fn copied(state: &mut State, key: String, ok: bool) -> Vec<Effect<Msg>> {
    let label = state
        .record()
        .and_then(|record| record_part(record, &key))
        .map_or(Line::text(&key), |(_, label)| Line::ui(label));
    let said = if ok {
        "ui.copied.announce"
    } else {
        "ui.copy.failed"
    };
    state.say(Line::Ui(said, vec![("label", label)]));
    let seq = state.next_seq();
    state.domains.copied = Some(Copied { key, ok, seq });
    vec![Effect::Timer {
        ms: COPIED_MS,
        msg: Msg::CopyDone(seq),
    }]
}
