//! What mounting a later module on its part of the helper's markup shares: the helper's root
//! around it, the translation tables the loader already fetched, the language (`data-lang`,
//! English when its table cannot be loaded) and the [`Dom`] the module writes.

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use super::dom::Dom;
use crate::api;
use crate::i18n::{self, Lang};

/// A module's part of the markup, bound.
pub(crate) struct Bound {
    /// The helper's root (`[data-mss-root]`), whose attributes the page writes.
    pub helper: Element,
    /// The module's part, as its view writes it.
    pub dom: Dom,
    /// The language to start in, its table loaded.
    pub lang: Lang,
}

/// Binds `part` (inside `[data-mss-root]`) for a module whose mount function `usage` describes:
/// sets the tables of `options.tables`, loads English and the helper's language.
///
/// # Errors
/// An `Error` with code `invalid_type` saying `usage` when `part` is not inside the helper's
/// markup; a failure to load the English table.
pub(crate) async fn bind(
    part: HtmlElement,
    options: Option<js_sys::Object>,
    usage: &str,
) -> Result<Bound, JsValue> {
    let part: Element = part.into();
    let helper = part
        .closest("[data-mss-root]")?
        .ok_or_else(|| api::coded_error(api::INVALID_TYPE, usage))?;
    let doc = part
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the element is not in a document"))?;
    let tables = options
        .map(|options| js_sys::Reflect::get(&options, &"tables".into()))
        .transpose()?;
    if let Some(tables) = tables.filter(JsValue::is_object) {
        for lang in Lang::ALL {
            i18n::set(lang, js_sys::Reflect::get(&tables, &lang.tag().into())?);
        }
    }
    let asset_base = helper.get_attribute("data-asset-base").unwrap_or_default();
    let mut lang = language(&helper);
    i18n::load(Lang::En, &asset_base).await?;
    if i18n::load(lang, &asset_base).await.is_err() {
        lang = Lang::En;
    }
    let dom = Dom {
        prefix: helper
            .get_attribute("data-prefix")
            .unwrap_or_else(|| "mss1-".to_owned()),
        root: part,
        doc,
        asset_base,
    };
    Ok(Bound { helper, dom, lang })
}

/// The helper's language (`data-lang` on its root), English when it names none we have.
pub(crate) fn language(helper: &Element) -> Lang {
    helper
        .get_attribute("data-lang")
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or(Lang::En)
}
