//! The account's internal domains: the list (`get-internal-domains`, read by the core), and
//! registering one (`create-domain`), which shows the DNS TXT record to publish for verification.

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::provisioning::{InternalDomain, parse_internal_domains};
use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement};

use super::{Users, button, error_text, heading, http, import, with};
use crate::dom::{DomResult, attrs, cast, clear, on};
use crate::i18n::{t, tf};
use crate::page::Page;
use crate::page::render::row;

/// What the step knows of the domains.
#[derive(Default)]
pub(super) struct State {
    /// Asked for (by the list button, a registration or a chosen CSV file).
    requested: bool,
    pub list: List,
    registered: Option<Registered>,
    error: Option<ApiError>,
}

/// The registered domains, as far as known.
#[derive(Default)]
pub(super) enum List {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Vec<InternalDomain>),
    Failed(ApiError),
}

/// A domain just registered, with its verification token.
struct Registered {
    domain: String,
    token: String,
    record: String,
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
    let form = b.child(&block, "div", "mss-inline-form")?;
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
        &form,
        &id,
        &t(lang, "ui.users.domains.new"),
        &t(lang, "ui.users.domains.new_hint"),
        &input,
    )?;
    let register = button(
        page,
        &form,
        "mss-button",
        "ui.users.domains.register",
        "users-domain-register",
        Some(remote),
    )?;
    let result = b.child(&block, "div", "mss-domain-result")?;
    attrs(&result, &[("data-domain-result", "")])?;

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

/// Lists the domains if nobody asked yet (a CSV file was chosen: its domains are checked).
pub(super) fn load_once(page: &Page, users: &mut Users) {
    if !users.domains.requested && super::has_worker(page) {
        load(page, users);
    }
}

/// Asks the Worker for the internal domains.
fn load(page: &Page, users: &mut Users) {
    users.domains.requested = true;
    users.domains.list = List::Loading;
    let _ = render(page, users);
    let url = format!("{}mimecast/get-internal-domains", page.api_base);
    let body = with_region(page, json!({})).to_string();
    let me = page.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = http::post(&url, &body).await;
        with(&me, |page, users| {
            users.domains.list = if answer.status == 200 {
                match parse_internal_domains(&answer.body) {
                    Ok(list) => List::Loaded(list),
                    Err(finding) => List::Failed(ApiError::new(&finding.code, finding.message)),
                }
            } else {
                List::Failed(answer.error())
            };
            let _ = render(page, users);
            let _ = import::render_domains(page, users);
        });
    });
}

/// `body` with the page's region, when one is chosen (Mimecast API 1.0 needs it).
pub(super) fn with_region(page: &Page, mut body: Value) -> Value {
    if let Some(region) = super::region(page) {
        body["region"] = region.into();
    }
    body
}

/// Registers `domain`, then shows its DNS TXT record and lists the domains again.
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
    let register = refs.domains.register.clone();
    super::set_busy(page, users, &register, true);
    let url = format!("{}mimecast/create-domain", page.api_base);
    let body = with_region(page, json!({ "domain": domain })).to_string();
    let me = page.me.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = http::post(&url, &body).await;
        with(&me, |page, users| {
            super::set_busy(page, users, &register, false);
            match registered(&answer) {
                Some(found) => {
                    users.domains.error = None;
                    let text = tf(
                        page.lang,
                        "ui.users.domains.registered",
                        &[("domain", &found.domain)],
                    );
                    users.domains.registered = Some(found);
                    super::say(users, &text);
                    load(page, users);
                }
                None => {
                    let error = answer.error();
                    super::alert(users, &error_text(page.lang, &error.code, &error.message));
                    users.domains.registered = None;
                    users.domains.error = Some(error);
                }
            }
            let _ = render(page, users);
        });
    });
}

/// The domain and token of a `create-domain` answer (`{"data":[{"domain","verificationCode",
/// "dnsTxtRecord"?}]}`); the record is the token itself when the answer names no record. Read with
/// the browser's JSON parser (no JSON reader for this shape in the module).
fn registered(answer: &http::Answer) -> Option<Registered> {
    if answer.status != 200 {
        return None;
    }
    let value = js_sys::JSON::parse(&String::from_utf8_lossy(&answer.body)).ok()?;
    let get =
        |value: &JsValue, key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).ok();
    let first = get(&get(&value, "data")?, "0")?;
    let domain = get(&first, "domain")?.as_string()?;
    let token = get(&first, "verificationCode")?.as_string()?;
    let record = get(&first, "dnsTxtRecord")
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| token.clone());
    Some(Registered {
        domain,
        token,
        record,
    })
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
        List::Loaded(list) if list.is_empty() => {
            b.child_text(
                &refs.list,
                "p",
                "mss-missing",
                &t(lang, "ui.users.domains.none"),
            )?;
        }
        List::Loaded(list) => {
            let ul = b.child(&refs.list, "ul", "mss-domain-list")?;
            attrs(&ul, &[("aria-label", &t(lang, "ui.users.domains.list"))])?;
            for domain in list {
                let li = b.child(&ul, "li", "mss-domain")?;
                attrs(&li, &[("data-domain", &domain.domain)])?;
                b.child_text(&li, "code", "", &domain.domain)?;
                let (class, key) = if domain.verified {
                    ("mss-badge is-ok", "ui.users.domains.verified")
                } else {
                    ("mss-badge is-warn", "ui.users.domains.unverified")
                };
                b.child_text(&li, "span", class, &t(lang, key))?;
            }
        }
    }
    clear(&refs.result);
    if let Some(error) = &users.domains.error {
        let p = b.child_text(
            &refs.result,
            "p",
            "mss-finding sev-error",
            &error_text(lang, &error.code, &error.message),
        )?;
        attrs(&p, &[("data-code", &error.code)])?;
    }
    if let Some(found) = &users.domains.registered {
        let box_ = b.child(&refs.result, "div", "mss-dns")?;
        attrs(&box_, &[("data-dns-record", &found.domain)])?;
        b.child_text(
            &box_,
            "p",
            "mss-dns-title",
            &tf(lang, "ui.users.dns.title", &[("domain", &found.domain)]),
        )?;
        let list = b.child(&box_, "dl", "mss-values")?;
        row(
            page,
            &list,
            "dns.type",
            &t(lang, "ui.users.dns.type"),
            Some("TXT"),
            "",
        )?;
        row(
            page,
            &list,
            "dns.name",
            &t(lang, "ui.users.dns.name"),
            Some(&found.domain),
            "",
        )?;
        row(
            page,
            &list,
            "dns.value",
            &t(lang, "ui.users.dns.value"),
            Some(&found.record),
            "",
        )?;
        row(
            page,
            &list,
            "dns.token",
            &t(lang, "ui.users.dns.token"),
            Some(&found.token),
            "",
        )?;
        let zone = format!("{}. 3600 IN TXT \"{}\"", found.domain, found.record);
        row(
            page,
            &list,
            "dns.zone",
            &t(lang, "ui.users.dns.zone"),
            Some(&zone),
            "",
        )?;
        b.child_text(&box_, "p", "mss-hint", &t(lang, "ui.users.dns.hint"))?;
    }
    Ok(())
}

/// The registered domains, when listed.
pub(super) fn registered_list(users: &Users) -> Option<&[InternalDomain]> {
    match &users.domains.list {
        List::Loaded(list) => Some(list),
        _ => None,
    }
}
