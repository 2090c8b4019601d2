//! The one-screen helper, in the order of Microsoft's tutorial: Mimecast account, Entra tenant
//! (typed, or imported from Entra's federation metadata), Entra's Basic SAML Configuration, the
//! signing certificate, the Mimecast Authentication Profile, the checklist of what is left, and the
//! Mimecast users (domains, one user, a CSV import).
//!
//! [`mount`] builds the page into an element (the hosted page's `#app`, or a custom element's
//! shadow root) and keeps its state: what the admin typed ([`Inputs`]) and the core's [`Plan`] of
//! it. Every input event rebuilds the plan and re-renders the outputs; a language switch rebuilds
//! the whole page with the same inputs.

mod actions;
mod certificate_input;
mod import;
mod render;
mod storage;
mod users;
mod view;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::metadata::FederationMetadata;
use mimecast_sso_core::plan::{Plan, PlanInput};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use crate::api;
use crate::dom::{Builder, DomResult};
use crate::i18n::Lang;

/// Whether a code is one of the core's refusals of secret material (a private key, a `.pfx`
/// holding one): the page then clears the certificate field and keeps nothing of it.
use mimecast_sso_core::certificate::is_secret_code;

/// What the admin typed; the work in progress kept across reloads. Never a private key: the
/// certificate is kept only once the core has read it as a certificate.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Inputs {
    pub region: String,
    pub account_code: String,
    pub tenant_id: String,
    pub description: String,
    pub certificate: String,
    /// The application ID, from an imported App Federation Metadata Url.
    pub app_id: String,
}

impl Inputs {
    fn plan_input(&self) -> PlanInput {
        let some = |text: &str| (!text.trim().is_empty()).then(|| text.to_owned());
        PlanInput {
            region: some(&self.region),
            account_code: some(&self.account_code),
            tenant_id: some(&self.tenant_id),
            description: some(&self.description),
            certificate: some(&self.certificate),
            app_id: some(&self.app_id),
            ..PlanInput::default()
        }
    }
}

/// Whether the Worker's API answers beside the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Server {
    Checking,
    Available,
    /// The Worker answers and sends Mimecast calls to the local simulator (`cargo xtask dev`).
    Simulator,
    Unavailable,
}

/// The elements the page updates after it is built.
pub(crate) struct Refs {
    pub root: Element,
    pub region: HtmlSelectElement,
    pub account: HtmlInputElement,
    pub tenant: HtmlInputElement,
    pub description: HtmlInputElement,
    pub certificate: HtmlTextAreaElement,
    pub region_note: Element,
    pub account_note: Element,
    pub tenant_note: Element,
    pub description_note: Element,
    pub summary: Element,
    pub entra: Element,
    pub cert_notice: Element,
    pub cert_details: Element,
    pub cert_findings: Element,
    pub profile: Element,
    pub checklist: Element,
    pub server: Element,
    pub live: Element,
    pub import: import::ImportParts,
}

/// One mounted helper.
pub(crate) struct Page {
    /// The page itself, for handlers added while rendering.
    pub me: Weak<RefCell<Page>>,
    pub b: Builder,
    pub host: Element,
    /// Prefix of this instance's element ids, so several helpers can share a document.
    pub prefix: String,
    pub lang: Lang,
    pub owns_document: bool,
    pub api_base: String,
    /// Base URL of the helper's files (`i18n/`), ending in `/` or empty.
    pub asset_base: String,
    pub inputs: Inputs,
    /// The region was filled in from the account code, not chosen.
    pub region_suggested: bool,
    pub plan: Plan,
    /// The code of the last refused certificate input, shown until the next input.
    pub notice: Option<String>,
    pub server: Server,
    pub refs: Option<Refs>,
    /// Federation metadata imported from Entra (URL or file); the plan is built from it.
    pub metadata: Option<FederationMetadata>,
    /// Where the import stands.
    pub import: import::ImportStatus,
    /// The Users step's state (domains, one user, the CSV import and its run); kept across
    /// language rebuilds.
    pub users: users::Handle,
}

pub(crate) type Shared = Rc<RefCell<Page>>;

/// Options of [`mount`], as `MountOptions` in the `.d.ts`.
#[derive(Default)]
struct MountOptions {
    lang: Option<String>,
    region: Option<String>,
    api_base: Option<String>,
    asset_base: Option<String>,
    page: bool,
}

impl MountOptions {
    /// Reads the options object: every field optional; `page`, when present, a boolean.
    fn read(options: &JsValue) -> Result<Self, String> {
        if !options.is_object() {
            return Err("invalid type: the options are not an object".to_owned());
        }
        let field = |key| api::optional_string(options, key);
        let page = js_sys::Reflect::get(options, &"page".into())
            .map_err(|_| api::invalid_field("page"))?;
        let page_given =
            !page.is_undefined() || js_sys::Reflect::has(options, &"page".into()).unwrap_or(false);
        Ok(Self {
            lang: field("lang")?,
            region: field("region")?,
            api_base: field("apiBase")?,
            asset_base: field("assetBase")?,
            page: match page.as_bool() {
                Some(page) => page,
                None if !page_given => false,
                None => return Err("invalid type for `page`, expected a boolean".to_owned()),
            },
        })
    }
}

thread_local! {
    static INSTANCES: Cell<u32> = const { Cell::new(0) };
}

/// Builds the helper into `element` and keeps it up to date as the admin types.
///
/// `options` (all optional): `lang` (`en`, `fr`, `nl`; default: the browser's languages),
/// `region` (preselected), `apiBase` (the Worker's API, default `api/v1/` beside the page),
/// `assetBase` (where `i18n/` is, default beside the page) and `page` (the helper owns the
/// document: it sets `<html lang>` and the title). Resolves once the helper is on screen.
#[wasm_bindgen]
pub async fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let options: MountOptions = match options {
        None => MountOptions::default(),
        Some(options) => MountOptions::read(&options)
            .map_err(|error| api::coded_error(api::INVALID_TYPE, &error))?,
    };
    let doc = element
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the element is not in a document"))?;
    let saved = storage::load();
    let mut inputs = saved.as_ref().map(|s| s.inputs.clone()).unwrap_or_default();
    if let Some(region) = options.region.filter(|r| !r.trim().is_empty()) {
        inputs.region = region.trim().to_ascii_lowercase();
    }
    let lang = options
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .or_else(|| {
            saved
                .as_ref()
                .and_then(|s| s.lang.as_deref().and_then(Lang::from_tag))
        })
        .or_else(browser_lang)
        .unwrap_or(Lang::En);
    let asset_base = options.asset_base.unwrap_or_default();
    crate::i18n::load(Lang::En, &asset_base).await?;
    let lang = match crate::i18n::load(lang, &asset_base).await {
        Ok(()) => lang,
        Err(_) => Lang::En,
    };
    let number = INSTANCES.with(|count| {
        count.set(count.get() + 1);
        count.get()
    });
    let shared: Shared = Rc::new_cyclic(|me| {
        RefCell::new(Page {
            me: me.clone(),
            b: Builder { doc },
            host: element.into(),
            prefix: format!("mss{number}-"),
            lang,
            owns_document: options.page,
            api_base: options.api_base.unwrap_or_else(|| "api/v1/".to_owned()),
            asset_base,
            plan: api::plan_for(&inputs.plan_input(), None, now()),
            inputs,
            region_suggested: false,
            notice: None,
            server: Server::Checking,
            refs: None,
            metadata: None,
            import: import::ImportStatus::Idle,
            users: users::Handle::default(),
        })
    });
    view::build(&shared)?;
    refresh(&mut shared.borrow_mut())?;
    actions::check_server(&shared);
    Ok(())
}

/// The first of the browser's languages the page speaks.
fn browser_lang() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Lang::first_of(tags.iter().map(String::as_str))
        .or_else(|| navigator.language().as_deref().and_then(Lang::from_tag))
}

/// The browser's clock; the core never reads one.
pub(crate) fn now() -> UnixTime {
    UnixTime::from_millis_f64(js_sys::Date::now())
}

/// Rebuilds the plan from the inputs, applies what the page does with it (clear a refused private
/// key, fill a region suggested by the account code), re-renders the outputs and saves the work.
pub(crate) fn refresh(page: &mut Page) -> DomResult {
    let plan_now =
        |page: &Page| api::plan_for(&page.inputs.plan_input(), page.metadata.as_ref(), now());
    let mut plan = plan_now(page);
    if let Some(secret) = plan.findings.iter().find(|f| is_secret_code(&f.code)) {
        page.notice = Some(secret.code.clone());
        page.inputs.certificate.clear();
        if let Some(refs) = &page.refs {
            refs.certificate.set_value("");
        }
        plan = plan_now(page);
    }
    if page.inputs.region.trim().is_empty()
        && let Some(suggested) = plan.suggested_region
    {
        page.inputs.region = suggested.code().to_owned();
        page.region_suggested = true;
        if let Some(refs) = &page.refs {
            refs.region.set_value(suggested.code());
        }
        plan = plan_now(page);
    }
    page.plan = plan;
    render::outputs(page)?;
    storage::save(page);
    Ok(())
}

/// Says `text` through the page's polite live region (copy feedback, file read, cleared).
pub(crate) fn announce(page: &Page, text: &str) {
    if let Some(refs) = &page.refs {
        refs.live.set_text_content(Some(""));
        refs.live.set_text_content(Some(text));
    }
}
