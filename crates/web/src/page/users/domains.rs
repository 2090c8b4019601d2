//! The account's domains as Mimecast lists them (`get-internal-domains` and
//! `get-pending-domains`, read by the core): registered, and pending with the DNS TXT record to
//! publish; and registering one (`create-domain`) with its inbound checks. What registering would
//! do, the record and a refusal's explanation are the core's
//! (`mimecast_sso_core::provisioning::{register_advice, dns_record, registration_failed}`).

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::mimecast_api::{
    InboundType, PendingDomain, Registration, read_internal_domains, read_pending_domains,
    read_registration,
};
use mimecast_sso_core::provisioning::{
    AccountDomains, RegisterAdvice, dns_record, register_advice, registration_failed,
};
use serde_json::{Value, json};
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::{Users, button, error_text, heading, http, import, with};
use crate::dom::{DomResult, attrs, cast, clear, on};
use crate::i18n::{Lang, t, tf};
use crate::page::render::row;
use crate::page::{Page, now};

/// What the step knows of the domains.
#[derive(Default)]
pub(super) struct State {
    /// Asked for (by the list button, a registration or a chosen CSV file).
    requested: bool,
    pub list: List,
    /// The inbound checks chosen for the next registration.
    inbound: InboundType,
    /// What the last registration did.
    result: Option<Outcome>,
}

/// The account's domains, as far as known.
#[derive(Default)]
pub(super) enum List {
    #[default]
    NotLoaded,
    Loading,
    Loaded(AccountDomains),
    Failed(ApiError),
}

/// What registering a domain did.
enum Outcome {
    /// Waiting for this record.
    Pending(PendingDomain),
    /// Registered at once (a subdomain of a registered domain), no record needed.
    RegisteredAtOnce { domain: String },
    /// Nothing sent: already registered.
    AlreadyRegistered { domain: String },
    /// Refused or failed.
    Error(ApiError),
}

pub(super) struct Refs {
    list: Element,
    input: HtmlInputElement,
    register: HtmlButtonElement,
    result: Element,
}

/// The domains block: the list with a refresh button, and the register form.
pub(super) fn build(
    page: &Page,
    section: &Element,
    remote: &mut Vec<HtmlButtonElement>,
    inbound: InboundType,
) -> DomResult<Refs> {
    let b = &page.b;
    let lang = page.lang;
    let block = heading(page, section, "ui.users.domains.title", "domains-title")?;
    b.child_text(&block, "p", "mss-hint", &t(lang, "ui.users.domains.intro"))?;
    let list = b.child(&block, "div", "mss-domains")?;
    attrs(&list, &[("data-domains", ""), ("aria-live", "polite")])?;
    let refresh = button(
        page,
        &block,
        "mss-button mss-secondary mss-small",
        "ui.users.domains.refresh",
        "users-domains-refresh",
        Some(remote),
    )?;
    let form = b.child(&block, "div", "mss-register")?;
    let field_row = b.child(&form, "div", "mss-inline-form")?;
    let id = format!("{}users-domain", page.prefix);
    let input: HtmlInputElement = cast(b.el("input", "mss-input")?, "input")?;
    attrs(
        &input,
        &[
            ("type", "text"),
            ("autocomplete", "off"),
            ("spellcheck", "false"),
            ("placeholder", "example.com"),
            ("inputmode", "url"),
        ],
    )?;
    crate::page::view::field(
        b,
        &field_row,
        &id,
        &t(lang, "ui.users.domains.new"),
        &t(lang, "ui.users.domains.new_hint"),
        &input,
    )?;
    inbound_choice(page, &form, inbound)?;
    let register = button(
        page,
        &form,
        "mss-button",
        "ui.users.domains.register",
        "users-domain-register",
        Some(remote),
    )?;
    let result = b.child(&block, "div", "mss-domain-result")?;
    attrs(
        &result,
        &[("data-domain-result", ""), ("aria-live", "polite")],
    )?;

    let me = page.me.clone();
    on(&refresh, "click", move |_| {
        with(&me, load);
    });
    let me = page.me.clone();
    let field = input.clone();
    on(&register, "click", move |_| {
        let domain = field.value().trim().to_ascii_lowercase();
        with(&me, |page, users| register_domain(page, users, domain));
    });
    let me = page.me.clone();
    let field = input.clone();
    on(&input, "keydown", move |event| {
        if let Some(key) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event)
            && key.key() == "Enter"
        {
            let domain = field.value().trim().to_ascii_lowercase();
            with(&me, |page, users| register_domain(page, users, domain));
        }
    });
    Ok(Refs {
        list,
        input,
        register,
        result,
    })
}

/// The four inbound checks as radio buttons, each with its one-line explanation; "Accept Any
/// Address" (the console's default) first.
fn inbound_choice(page: &Page, parent: &Element, chosen: InboundType) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    let set = b.child(parent, "fieldset", "mss-choice")?;
    b.child_text(
        &set,
        "legend",
        "mss-label",
        &t(lang, "ui.users.inbound.legend"),
    )?;
    let name = format!("{}users-inbound", page.prefix);
    for kind in InboundType::ALL {
        let id = format!("{name}-{}", kind.code());
        let option = b.child(&set, "div", "mss-choice-option")?;
        let radio: HtmlInputElement = cast(b.child(&option, "input", "")?, "input")?;
        let hint_id = format!("{id}-hint");
        attrs(
            &radio,
            &[
                ("type", "radio"),
                ("name", &name),
                ("id", &id),
                ("value", kind.code()),
                ("data-inbound", kind.code()),
                ("aria-describedby", &hint_id),
            ],
        )?;
        radio.set_checked(kind == chosen);
        let label = b.child_text(
            &option,
            "label",
            "",
            &t(lang, &format!("ui.users.inbound.{}", kind.code())),
        )?;
        attrs(&label, &[("for", &id)])?;
        let hint = b.child_text(
            &option,
            "span",
            "mss-hint",
            &t(lang, &format!("ui.users.inbound.{}_hint", kind.code())),
        )?;
        attrs(&hint, &[("id", &hint_id)])?;
        let me = page.me.clone();
        on(&radio, "change", move |_| {
            with(&me, |_, users| users.domains.inbound = kind);
        });
    }
    Ok(())
}

/// The inbound checks chosen, for a rebuild after a language switch.
pub(super) fn inbound(users: &Users) -> InboundType {
    users.domains.inbound
}

/// Lists the domains if nobody asked yet (a CSV file was chosen: its domains are checked).
pub(super) fn load_once(page: &Page, users: &mut Users) {
    if !users.domains.requested && super::has_worker(page) {
        load(page, users);
    }
}

/// Asks the Worker for the registered and the pending domains.
fn load(page: &Page, users: &mut Users) {
    users.domains.requested = true;
    users.domains.list = List::Loading;
    let _ = render(page, users);
    let registered_url = format!("{}mimecast/get-internal-domains", page.api_base);
    let pending_url = format!("{}mimecast/get-pending-domains", page.api_base);
    let body = with_region(page, json!({})).to_string();
    let me = page.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let registered = http::post(&registered_url, &body).await;
        let pending = http::post(&pending_url, &body).await;
        with(&me, |page, users| {
            users.domains.list = match read_lists(&registered, &pending) {
                Ok(account) => List::Loaded(account),
                Err(error) => List::Failed(error),
            };
            let _ = render(page, users);
            import::domains_known(page, users);
        });
    });
}

/// The two answers as the account's domains, or the first failure.
fn read_lists(
    registered: &http::Answer,
    pending: &http::Answer,
) -> Result<AccountDomains, ApiError> {
    fn read(answer: &http::Answer) -> Result<&[u8], ApiError> {
        if answer.status == 200 {
            Ok(&answer.body)
        } else {
            Err(answer.error())
        }
    }
    let coded = |e: mimecast_sso_core::mimecast_api::AnswerError| ApiError::from_coded(&e);
    Ok(AccountDomains {
        registered: read_internal_domains(read(registered)?).map_err(coded)?,
        pending: read_pending_domains(read(pending)?).map_err(coded)?,
    })
}

/// `body` with the page's region, when one is chosen (Mimecast API 1.0 needs it).
pub(super) fn with_region(page: &Page, mut body: Value) -> Value {
    if let Some(region) = super::region(page) {
        body["region"] = region.into();
    }
    body
}

/// Registers `domain` with the chosen inbound checks, unless the core says there is nothing to
/// send (already registered, or pending: its record is shown again); then lists the domains again.
pub(super) fn register_domain(page: &Page, users: &mut Users, domain: String) {
    if domain.is_empty() || !super::has_worker(page) {
        if let Some(refs) = &users.refs {
            let _ = refs.domains.input.focus();
        }
        return;
    }
    let Some(refs) = &users.refs else {
        return;
    };
    refs.domains.input.set_value(&domain);
    if let List::Loaded(account) = &users.domains.list {
        match register_advice(&domain, account, now()) {
            RegisterAdvice::AlreadyRegistered => {
                users.domains.result = Some(Outcome::AlreadyRegistered { domain });
                let _ = render(page, users);
                return;
            }
            RegisterAdvice::AlreadyPending { .. } => {
                let pending = account
                    .pending
                    .iter()
                    .find(|p| p.domain.eq_ignore_ascii_case(&domain))
                    .cloned();
                if let Some(pending) = pending {
                    users.domains.result = Some(Outcome::Pending(pending));
                    let _ = render(page, users);
                    return;
                }
            }
            RegisterAdvice::Subdomain { .. } | RegisterAdvice::Register => {}
        }
    }
    let register = refs.domains.register.clone();
    super::set_busy(page, users, &register, true);
    let url = format!("{}mimecast/create-domain", page.api_base);
    let body = with_region(
        page,
        json!({ "domain": domain, "inboundType": users.domains.inbound.code() }),
    )
    .to_string();
    let me = page.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = http::post(&url, &body).await;
        with(&me, |page, users| {
            super::set_busy(page, users, &register, false);
            let outcome = registered(&domain, &answer);
            let spoken = match &outcome {
                Outcome::Pending(p) => tf(
                    page.lang,
                    "ui.users.domains.pending_now",
                    &[("domain", &p.domain)],
                ),
                Outcome::RegisteredAtOnce { domain } | Outcome::AlreadyRegistered { domain } => tf(
                    page.lang,
                    "ui.users.domains.registered_now",
                    &[("domain", domain)],
                ),
                Outcome::Error(error) => error_text(page.lang, &error.code, &error.message),
            };
            if matches!(outcome, Outcome::Error(_)) {
                super::alert(users, &spoken);
            } else {
                super::say(users, &spoken);
                load(page, users);
            }
            users.domains.result = Some(outcome);
            let _ = render(page, users);
        });
    });
}

/// What a `create-domain` answer says, read by the core; a Mimecast refusal (its `err_…` codes,
/// HTTP 422) explained by the core.
fn registered(domain: &str, answer: &http::Answer) -> Outcome {
    if answer.status != 200 {
        let error = answer.error();
        return Outcome::Error(registration_failed(domain, error));
    }
    match read_registration(&answer.body) {
        Ok(Registration::Pending(pending)) => Outcome::Pending(pending),
        Ok(Registration::Registered { domain, .. }) => Outcome::RegisteredAtOnce { domain },
        Err(e) => Outcome::Error(ApiError::from_coded(&e)),
    }
}

/// A date for people, in the page's language (the day only).
fn local_date(lang: Lang, at: UnixTime) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from(at.secs() as f64 * 1000.0));
    date.to_locale_date_string(lang.tag(), &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// The list and the last registration.
pub(super) fn render(page: &Page, users: &Users) -> DomResult {
    let Some(refs) = &users.refs else {
        return Ok(());
    };
    let refs = &refs.domains;
    let b = &page.b;
    let lang = page.lang;
    clear(&refs.list);
    match &users.domains.list {
        List::NotLoaded => {}
        List::Loading => {
            b.child_text(
                &refs.list,
                "p",
                "mss-missing",
                &t(lang, "ui.users.domains.loading"),
            )?;
        }
        List::Failed(error) => {
            let p = b.child_text(
                &refs.list,
                "p",
                "mss-finding sev-error",
                &error_text(lang, &error.code, &error.message),
            )?;
            attrs(&p, &[("data-code", &error.code)])?;
        }
        List::Loaded(account) if account.registered.is_empty() && account.pending.is_empty() => {
            b.child_text(
                &refs.list,
                "p",
                "mss-missing",
                &t(lang, "ui.users.domains.none"),
            )?;
        }
        List::Loaded(account) => render_account(page, &refs.list, account)?,
    }
    clear(&refs.result);
    match &users.domains.result {
        None => {}
        Some(Outcome::Error(error)) => {
            let p = b.child_text(
                &refs.result,
                "p",
                "mss-finding sev-error",
                &error_text(lang, &error.code, &error.message),
            )?;
            attrs(&p, &[("data-code", &error.code)])?;
        }
        Some(Outcome::AlreadyRegistered { domain }) => {
            let p = b.child_text(
                &refs.result,
                "p",
                "mss-finding sev-info",
                &tf(lang, "ui.users.domains.already", &[("domain", domain)]),
            )?;
            attrs(&p, &[("data-registered", domain)])?;
        }
        Some(Outcome::RegisteredAtOnce { domain }) => {
            let p = b.child_text(
                &refs.result,
                "p",
                "mss-finding sev-info",
                &tf(lang, "ui.users.domains.at_once", &[("domain", domain)]),
            )?;
            attrs(&p, &[("data-registered", domain)])?;
        }
        Some(Outcome::Pending(pending)) => record_box(page, &refs.result, pending)?,
    }
    Ok(())
}

/// The registered domains, then the pending ones with their record.
fn render_account(page: &Page, target: &Element, account: &AccountDomains) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    let ul = b.child(target, "ul", "mss-domain-list")?;
    attrs(&ul, &[("aria-label", &t(lang, "ui.users.domains.list"))])?;
    for domain in &account.registered {
        let li = b.child(&ul, "li", "mss-domain")?;
        attrs(
            &li,
            &[
                ("data-domain", &domain.domain),
                ("data-status", "registered"),
            ],
        )?;
        b.child_text(&li, "code", "", &domain.domain)?;
        b.child_text(
            &li,
            "span",
            "mss-badge is-ok",
            &t(lang, "ui.users.domains.registered_badge"),
        )?;
        if let Some(kind) = domain
            .inbound_type
            .as_deref()
            .and_then(|k| k.parse::<InboundType>().ok())
        {
            b.child_text(
                &li,
                "span",
                "mss-count",
                &t(lang, &format!("ui.users.inbound.{}", kind.code())),
            )?;
        }
        if domain.send_only {
            b.child_text(
                &li,
                "span",
                "mss-badge is-warn",
                &t(lang, "ui.users.domains.send_only"),
            )?;
        }
    }
    let today = now();
    for pending in &account.pending {
        let li = b.child(&ul, "li", "mss-domain mss-domain-pending")?;
        let expired = pending.is_expired(today);
        attrs(
            &li,
            &[
                ("data-domain", &pending.domain),
                ("data-status", if expired { "expired" } else { "pending" }),
            ],
        )?;
        b.child_text(&li, "code", "", &pending.domain)?;
        let (class, key) = if expired {
            ("mss-badge is-bad", "ui.users.domains.expired_badge")
        } else {
            ("mss-badge is-warn", "ui.users.domains.pending_badge")
        };
        b.child_text(&li, "span", class, &t(lang, key))?;
        if !expired {
            let line = b.child(&li, "div", "mss-domain-record")?;
            b.child_text(&line, "span", "", &t(lang, "ui.users.dns.value"))?;
            let value = b.child_text(&line, "code", "", pending.token.trim())?;
            attrs(&value, &[("data-token", "")])?;
            if let Some(expires) = pending.expires() {
                b.child_text(
                    &line,
                    "span",
                    "mss-count",
                    &tf(
                        lang,
                        "ui.users.dns.until",
                        &[("date", &local_date(lang, expires))],
                    ),
                )?;
            }
        }
    }
    Ok(())
}

/// The DNS TXT record to publish for `pending`, each part with a copy button.
fn record_box(page: &Page, parent: &Element, pending: &PendingDomain) -> DomResult {
    let b = &page.b;
    let lang = page.lang;
    let record = dns_record(pending);
    let box_ = b.child(parent, "div", "mss-dns")?;
    attrs(&box_, &[("data-dns-record", &record.name)])?;
    b.child_text(
        &box_,
        "p",
        "mss-dns-title",
        &tf(lang, "ui.users.dns.title", &[("domain", &record.name)]),
    )?;
    let list = b.child(&box_, "dl", "mss-values")?;
    row(
        page,
        &list,
        "dns.type",
        &t(lang, "ui.users.dns.type"),
        Some(record.kind),
        "",
    )?;
    row(
        page,
        &list,
        "dns.host",
        &t(lang, "ui.users.dns.host"),
        Some(record.host),
        "",
    )?;
    row(
        page,
        &list,
        "dns.name",
        &t(lang, "ui.users.dns.name"),
        Some(&record.name),
        "",
    )?;
    row(
        page,
        &list,
        "dns.value",
        &t(lang, "ui.users.dns.value"),
        Some(&record.value),
        "",
    )?;
    row(
        page,
        &list,
        "dns.zone",
        &t(lang, "ui.users.dns.zone"),
        Some(&record.zone_line),
        "",
    )?;
    if let Some(expires) = pending.expires() {
        b.child_text(
            &box_,
            "p",
            "mss-hint",
            &tf(
                lang,
                "ui.users.dns.expires",
                &[("date", &local_date(lang, expires))],
            ),
        )?;
    }
    b.child_text(&box_, "p", "mss-hint", &t(lang, "ui.users.dns.hint"))?;
    Ok(())
}

/// The account's domains, when listed.
pub(super) fn account(users: &Users) -> Option<&AccountDomains> {
    match &users.domains.list {
        List::Loaded(account) => Some(account),
        _ => None,
    }
}
