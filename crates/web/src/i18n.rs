//! Languages: the English, French and Dutch tables of `www/i18n/*.json`, fetched beside the module.
//!
//! The tables are files rather than compiled in, to keep the `.wasm` small; [`load`] fetches one
//! (relative to the helper's own URL, so an embedding page's location does not matter). Each table is one flat JSON object from key to text. Keys are the page's UI keys (`ui.…`),
//! the core's stable codes (`cert.private_key`, listed by `mimecast_sso_core::all_codes()`),
//! region names (`region_name.eu`) and checklist steps (`step.entra.assign_users`). A native test
//! checks that all three tables hold every key. Texts may hold `{name}` placeholders.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};

/// A language of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Nl];

    /// The BCP 47 tag: `en`, `fr`, `nl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Nl => "nl",
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Nl => "Nederlands",
        }
    }

    /// The language of a tag such as `fr-BE` or `NL`; `None` for other languages.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.tag()))
    }

    /// The first of `tags` (the browser's `navigator.languages`) that the page speaks.
    pub fn first_of<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(Lang::from_tag)
    }

    /// The table's path under the helper's base URL: `i18n/fr.json`.
    pub fn table_path(self) -> String {
        format!("i18n/{}.json", self.tag())
    }
}

thread_local! {
    /// Loaded tables, by `Lang as usize`.
    static TABLES: RefCell<[Option<JsValue>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Whether `lang`'s table is loaded.
pub fn is_loaded(lang: Lang) -> bool {
    TABLES.with(|tables| tables.borrow()[lang as usize].is_some())
}

/// Fetches `lang`'s table from `{base}i18n/{lang}.json`, once.
///
/// # Errors
/// The fetch's or JSON parser's exception, or a message when the server does not answer 200.
pub async fn load(lang: Lang, base: &str) -> Result<(), JsValue> {
    if is_loaded(lang) {
        return Ok(());
    }
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let url = format!("{base}{}", lang.table_path());
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
            .await?
            .dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!(
            "{url} answered {}",
            response.status()
        )));
    }
    let table = wasm_bindgen_futures::JsFuture::from(response.json()?).await?;
    TABLES.with(|tables| tables.borrow_mut()[lang as usize] = Some(table));
    Ok(())
}

/// Keeps `table` (a table the loader fetched already, as a plain object) as `lang`'s.
pub fn set(lang: Lang, table: JsValue) {
    if table.is_object() {
        TABLES.with(|tables| tables.borrow_mut()[lang as usize] = Some(table));
    }
}

/// Writes `lang`'s texts into the markup under `root`: each `[data-i18n=key]` element's text
/// (followed by its `data-i18n-after`, e.g. a region's code), and each `data-i18n-attr`
/// (`"aria-label:key placeholder:key"`) attribute. The same contract as the page's loader
/// (`www/src/loader.js`), which does it before the module has arrived.
pub fn apply(root: &web_sys::Element, lang: Lang) {
    let Ok(list) = root.query_selector_all("[data-i18n], [data-i18n-attr]") else {
        return;
    };
    for index in 0..list.length() {
        let Some(element) = list
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        // Written only when it differs (as the views write), so focus and selection stay put.
        if let Some(key) = element.get_attribute("data-i18n") {
            let after = element.get_attribute("data-i18n-after").unwrap_or_default();
            let text = t(lang, &key) + &after;
            if element.text_content().as_deref() != Some(&text) {
                element.set_text_content(Some(&text));
            }
        }
        for pair in element
            .get_attribute("data-i18n-attr")
            .unwrap_or_default()
            .split_whitespace()
        {
            if let Some((name, key)) = pair.split_once(':') {
                let text = t(lang, key);
                if element.get_attribute(name).as_deref() != Some(&text) {
                    // Setting an attribute with a valid name cannot fail.
                    let _ = element.set_attribute(name, &text);
                }
            }
        }
    }
}

fn lookup(lang: Lang, key: &str) -> Option<String> {
    TABLES.with(|tables| {
        let tables = tables.borrow();
        let table = tables[lang as usize].as_ref()?;
        js_sys::Reflect::get(table, &JsValue::from_str(key))
            .ok()?
            .as_string()
    })
}

/// The text of `key` in `lang`; English when missing there; the key itself as a last resort.
pub fn t(lang: Lang, key: &str) -> String {
    lookup(lang, key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or_else(|| key.to_owned())
}

/// The text of `key` in `lang` with each `{name}` replaced by its value.
pub fn tf(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    fill(&t(lang, key), values)
}

/// Replaces each `{name}` of `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The text of a core code or id: the core's own English text in English (it names the values
/// involved), the table's translation of `key` otherwise.
pub fn core_text(lang: Lang, key: &str, english: &str) -> String {
    match lang {
        Lang::En if !english.is_empty() => english.to_owned(),
        _ => t(lang, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_tags_pick_the_first_language_spoken() {
        assert_eq!(Lang::first_of(["de-DE", "fr-BE", "en"]), Some(Lang::Fr));
        assert_eq!(Lang::first_of(["NL"]), Some(Lang::Nl));
        assert_eq!(Lang::first_of(["de", "es"]), None);
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(fill("{n} days left", &[("n", "12")]), "12 days left");
    }
}
