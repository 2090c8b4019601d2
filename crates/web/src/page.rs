//! Steps 1–6 of the helper, in the order of Microsoft's tutorial: Mimecast account, Entra tenant
//! (typed, or imported from Entra's federation metadata), Entra's Basic SAML Configuration, the
//! signing certificate, the Mimecast Authentication Profile and the checklist of what is left.
//!
//! The markup is the page's own (`www/src/helper.html`), on screen before this module arrives;
//! [`mount`] binds to it, reads what the admin typed meanwhile, and from then on every event is a
//! message: [`update`] (pure, with [`state`] and [`saved`]) changes the state and asks for
//! effects, [`view`] shows it, [`events`] turns events into messages.

mod events;
mod saved;
mod state;
mod update;
mod view;

use mimecast_sso_core::UnixTime;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement};

use crate::api;
use crate::app::dom::Dom;
use crate::app::runtime::now;
use crate::app::{App, Effect, Runtime};
use crate::i18n::{self, Lang};
use saved::Saved;
use state::{Field, Inputs, State};
use update::Msg;

/// The page module's [`App`]: its state, updated and shown.
pub(crate) struct Page(State);

impl App for Page {
    type Msg = Msg;

    fn update(&mut self, msg: Msg, now: UnixTime) -> Vec<Effect<Msg>> {
        update::update(&mut self.0, msg, now)
    }

    fn view(&self, dom: &Dom) {
        view::view(&self.0, dom);
    }
}

/// Options of [`mount`], as `MountOptions` in the `.d.ts`.
#[derive(Default)]
struct MountOptions {
    lang: Option<String>,
    region: Option<String>,
    api_base: Option<String>,
    asset_base: Option<String>,
    page: bool,
    tables: Option<JsValue>,
}

impl MountOptions {
    /// Reads the options object: every field optional; `page`, when present, a boolean.
    fn read(options: &JsValue) -> Result<Self, String> {
        if !options.is_object() {
            return Err("invalid type: the options are not an object".to_owned());
        }
        let field = |key| api::optional_string(options, key);
        let get = |key: &str| {
            js_sys::Reflect::get(options, &key.into()).map_err(|_| api::invalid_field(key))
        };
        let page = get("page")?;
        let tables = get("tables")?;
        Ok(Self {
            lang: field("lang")?,
            region: field("region")?,
            api_base: field("apiBase")?,
            asset_base: field("assetBase")?,
            page: match page.as_bool() {
                Some(page) => page,
                None if page.is_undefined() => false,
                None => return Err("invalid type for `page`, expected a boolean".to_owned()),
            },
            tables: tables.is_object().then_some(tables),
        })
    }
}

/// Binds the helper to its markup `root` (`[data-mss-root]`, from `www/src/helper.html`) and keeps
/// it up to date as the admin types.
///
/// `options` (all optional): `lang` (`en`, `fr`, `nl`, as the loader picks it from the work kept
/// and the browser's languages; default: the language kept with the work, else English), `tables` (translation tables already fetched, by language), `region`
/// (preselected), `apiBase` (the Worker's API, default `api/v1/` beside the page), `assetBase`
/// (where `i18n/` is, default beside the page) and `page` (the helper is the whole document: it
/// sets `<html lang>`, the title and `data-wasm="ready"`). Resolves once the helper is live.
#[wasm_bindgen]
pub async fn mount(
    root: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let options = match options {
        None => MountOptions::default(),
        Some(options) => MountOptions::read(&options)
            .map_err(|error| api::coded_error(api::INVALID_TYPE, &error))?,
    };
    let root: Element = root.into();
    if root.get_attribute("data-mss-root").is_none() {
        return Err(api::coded_error(
            api::INVALID_TYPE,
            "mount() takes the helper's markup ([data-mss-root] of www/src/helper.html); use embed.js to embed the helper",
        ));
    }
    let doc = root
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the element is not in a document"))?;
    let asset_base = options.asset_base.unwrap_or_default();
    if let Some(tables) = &options.tables {
        for lang in Lang::ALL {
            if let Ok(table) = js_sys::Reflect::get(tables, &lang.tag().into()) {
                i18n::set(lang, table);
            }
        }
    }
    let saved = crate::app::browser::stored(saved::KEY)
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|value| Saved::read(&crate::app::browser::json(&value)));
    let lang = options
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .or_else(|| saved.as_ref().and_then(Saved::lang))
        .unwrap_or(Lang::En);
    i18n::load(Lang::En, &asset_base).await?;
    let lang = match i18n::load(lang, &asset_base).await {
        Ok(()) => lang,
        Err(_) => Lang::En,
    };
    let dom = Dom {
        prefix: root
            .get_attribute("data-prefix")
            .unwrap_or_else(|| "mss1-".to_owned()),
        root,
        doc,
        asset_base,
    };
    let mut inputs = saved.map(|saved| saved.inputs).unwrap_or_default();
    typed_before(&dom, &mut inputs);
    if let Some(region) = options.region.filter(|region| !region.trim().is_empty()) {
        inputs.region = region.trim().to_ascii_lowercase();
    }
    let api_base = options.api_base.unwrap_or_else(|| "api/v1/".to_owned());
    let mut state = State::new(lang, inputs, api_base, options.page, now());
    let mut first = update::refresh(&mut state, now());
    first.extend(update::start(&state));
    let runtime = Runtime::start(Page(state), dom, first);
    events::bind(&runtime);
    events::files_chosen_before(&runtime);
    for element in runtime.dom.all("[data-needs-module]") {
        if let Ok(button) = element.dyn_into::<HtmlButtonElement>() {
            button.set_disabled(false);
        }
    }
    if options.page {
        ready(&runtime.dom);
    }
    // The runtime lives as long as the page: its listeners hold only weak handles to it.
    std::mem::forget(runtime);
    Ok(())
}

/// What the admin typed before the module arrived wins over what was kept.
fn typed_before(dom: &Dom, inputs: &mut Inputs) {
    for field in Field::ALL {
        if let Some(typed) = dom.value(&format!("[data-field=\"{}\"]", field.name()))
            && !typed.is_empty()
        {
            *field.of_mut(inputs) = typed;
        }
    }
}

/// Marks the hosted page ready: the version in every `[data-wasm-version]`, and `data-wasm="ready"`
/// on the document element, so the page (and its tests) can see the module runs.
fn ready(dom: &Dom) {
    let Ok(targets) = dom.doc.query_selector_all("[data-wasm-version]") else {
        return;
    };
    for index in 0..targets.length() {
        if let Some(node) = targets.item(index) {
            node.set_text_content(Some(mimecast_sso_core::VERSION));
        }
    }
    if let Some(html) = dom.doc.document_element() {
        crate::app::dom::attr(&html, "data-wasm", Some("ready"));
    }
}
