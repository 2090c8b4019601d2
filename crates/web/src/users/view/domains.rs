//! The domains block's outputs: the account's domains (registered, pending with their record's
//! value, expired), the buttons that need the Worker, and what the last registration did: the DNS
//! TXT record to publish with a copy button on each part, or a line.

use mimecast_sso_core::mimecast_api::{InboundType, InternalDomain, PendingDomain};
use mimecast_sso_core::provisioning::AccountDomains;
use web_sys::Element;

use super::{enable, fresh, line, local_date, part_shown, problem_row, remove_unless, tf1};
use crate::app::dom::{Dom, attr, class, part, part_text, text};
use crate::i18n::{t, tf};
use crate::users::state::{List, RECORD_PARTS, Registered, State, record_part};

/// Shows the domains block.
pub(super) fn view(state: &State, dom: &Dom) {
    let worker = state.server.has_worker();
    enable(dom, "users-domains-refresh", worker, false);
    enable(
        dom,
        "users-domain-register",
        worker && !state.domains.busy,
        state.domains.busy,
    );
    // The day counts too: a pending domain's window may have closed since.
    let stamp = format!(
        "{}:{}:{}",
        state.lang.tag(),
        state.revs.domains,
        state.now_ms / 86_400_000
    );
    if let Some(slot) = dom.slot("users-domains")
        && fresh(&slot, &stamp)
    {
        dom.rows(&slot, [list(state, dom)]);
    }
    if let Some(slot) = dom.slot("users-domain-result")
        && fresh(&slot, &stamp)
    {
        dom.rows(&slot, [result(state, dom)]);
    }
    copy_buttons(state, dom);
}

/// The list, or where it stands.
fn list(state: &State, dom: &Dom) -> Option<Element> {
    let lang = state.lang;
    match &state.domains.list {
        List::NotLoaded => None,
        List::Loading => line(dom, "mss-missing", &t(lang, "ui.users.domains.loading")),
        List::Failed(problem) => problem_row(dom, lang, &problem.code, &problem.message),
        List::Loaded(account) if account.registered.is_empty() && account.pending.is_empty() => {
            line(dom, "mss-missing", &t(lang, "ui.users.domains.none"))
        }
        List::Loaded(account) => {
            let list = dom.stamp("users-list")?;
            attr(&list, "aria-label", Some(&t(lang, "ui.users.domains.list")));
            dom.rows(&list, rows(state, dom, account));
            Some(list)
        }
    }
}

/// The registered domains, then the pending ones with their record.
fn rows(state: &State, dom: &Dom, account: &AccountDomains) -> Vec<Option<Element>> {
    let mut rows: Vec<Option<Element>> = account
        .registered
        .iter()
        .map(|domain| registered(state, dom, domain))
        .collect();
    rows.extend(
        account
            .pending
            .iter()
            .map(|pending| self::pending(state, dom, pending)),
    );
    rows
}

fn registered(state: &State, dom: &Dom, domain: &InternalDomain) -> Option<Element> {
    let lang = state.lang;
    let row = row(
        dom,
        &domain.domain,
        "registered",
        "mss-badge is-ok",
        &t(lang, "ui.users.domains.registered_badge"),
    )?;
    let inbound = domain
        .inbound_type
        .as_deref()
        .and_then(|kind| kind.parse::<InboundType>().ok());
    let inbound = inbound.map(|kind| t(lang, &format!("ui.users.inbound.{}", kind.code())));
    part_shown(&row, "inbound", inbound.as_deref());
    remove_unless(&row, "send-only", domain.send_only);
    remove_unless(&row, "record", false);
    Some(row)
}

fn pending(state: &State, dom: &Dom, pending: &PendingDomain) -> Option<Element> {
    let lang = state.lang;
    let expired = pending.is_expired(state.now());
    let (status, badge, key) = if expired {
        (
            "expired",
            "mss-badge is-bad",
            "ui.users.domains.expired_badge",
        )
    } else {
        (
            "pending",
            "mss-badge is-warn",
            "ui.users.domains.pending_badge",
        )
    };
    let row = row(dom, &pending.domain, status, badge, &t(lang, key))?;
    class(&row, "mss-domain-pending", true);
    remove_unless(&row, "inbound", false);
    remove_unless(&row, "send-only", false);
    remove_unless(&row, "record", !expired);
    part_text(&row, "token", pending.token.trim());
    let until = pending.expires().map(|at| {
        tf1(
            lang,
            "ui.users.dns.until",
            "date",
            &local_date(lang, at.secs()),
        )
    });
    part_shown(&row, "until", until.as_deref());
    Some(row)
}

/// A domain's row, with its status.
fn row(dom: &Dom, domain: &str, status: &str, badge: &str, said: &str) -> Option<Element> {
    let row = dom.stamp("users-domain")?;
    attr(&row, "data-domain", Some(domain));
    attr(&row, "data-status", Some(status));
    part_text(&row, "name", domain);
    if let Some(element) = part(&row, "badge") {
        element.set_class_name(badge);
        text(&element, said);
    }
    Some(row)
}

/// What the last registration did.
fn result(state: &State, dom: &Dom) -> Option<Element> {
    let lang = state.lang;
    let named = |key, domain: &str| {
        let row = line(
            dom,
            "mss-finding sev-info",
            &tf(lang, key, &[("domain", domain)]),
        )?;
        attr(&row, "data-registered", Some(domain));
        Some(row)
    };
    match state.domains.result.as_ref()? {
        Registered::Failed(problem) => problem_row(dom, lang, &problem.code, &problem.message),
        Registered::Already(domain) => named("ui.users.domains.already", domain),
        Registered::AtOnce(domain) => named("ui.users.domains.at_once", domain),
        Registered::Pending(pending) => record(state, dom, pending),
    }
}

/// The DNS TXT record to publish, each part with a copy button.
fn record(state: &State, dom: &Dom, pending: &PendingDomain) -> Option<Element> {
    let lang = state.lang;
    let record = state.record()?;
    let shown = dom.stamp("users-dns")?;
    attr(&shown, "data-dns-record", Some(&record.name));
    part_text(
        &shown,
        "title",
        &tf1(lang, "ui.users.dns.title", "domain", &record.name),
    );
    for key in RECORD_PARTS {
        let value = record_part(record.clone(), key)
            .map(|(value, _)| value)
            .unwrap_or_default();
        if let Some(code) = shown
            .query_selector(&format!("[data-value=\"{key}\"]"))
            .ok()
            .flatten()
        {
            text(&code, &value);
        }
    }
    let expires = pending.expires().map(|at| {
        tf1(
            lang,
            "ui.users.dns.expires",
            "date",
            &local_date(lang, at.secs()),
        )
    });
    part_shown(&shown, "expires", expires.as_deref());
    Some(shown)
}

/// The copy buttons say "Copied" for two seconds after a copy.
fn copy_buttons(state: &State, dom: &Dom) {
    for button in dom.all("[data-action=users-copy]") {
        let key = button.get_attribute("data-key");
        let copied = state
            .domains
            .copied
            .as_ref()
            .filter(|copied| Some(&copied.key) == key.as_ref());
        let ok = copied.is_some_and(|copied| copied.ok);
        let said = if ok { "ui.copied" } else { "ui.copy" };
        attr(&button, "data-i18n", Some(said));
        text(&button, &t(state.lang, said));
        class(&button, "is-copied", ok);
        class(
            &button,
            "is-failed",
            copied.is_some_and(|copied| !copied.ok),
        );
    }
}
