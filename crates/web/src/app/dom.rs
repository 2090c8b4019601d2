//! What views write with: the module's root element and its markup (`www/src/helper.html`). The
//! markup names its outputs with `data-slot`, its repeated rows with `<template data-template>`,
//! and the parts of a cloned row with `data-part`; views fill them and never build structure.
//! Every setter writes only when the value differs, so rendering after each message is cheap and
//! leaves focus, selection and scroll alone.

use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTemplateElement,
    HtmlTextAreaElement,
};

/// The module's part of the document.
pub(crate) struct Dom {
    /// The helper's root (`[data-mss-root]`), in the page or a shadow root.
    pub root: Element,
    pub doc: Document,
    /// Prefix of this helper's element ids (`mss1-`), so several helpers can share a document.
    pub prefix: String,
    /// Base URL of the helper's files (`i18n/`), ending in `/` or empty.
    pub asset_base: String,
}

impl Dom {
    /// The first element matching `selector` in the root.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// Every element matching `selector` in the root.
    pub fn all(&self, selector: &str) -> Vec<Element> {
        let Ok(list) = self.root.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|index| list.item(index)?.dyn_into::<Element>().ok())
            .collect()
    }

    /// The output named `name` (`[data-slot=name]`).
    pub fn slot(&self, name: &str) -> Option<Element> {
        self.find(&format!("[data-slot=\"{name}\"]"))
    }

    /// A fresh copy of the row `<template data-template=name>` holds.
    pub fn stamp(&self, name: &str) -> Option<Element> {
        let template: HtmlTemplateElement = self
            .find(&format!("template[data-template=\"{name}\"]"))?
            .dyn_into()
            .ok()?;
        let first = template.content().first_element_child()?;
        first.clone_node_with_deep(true).ok()?.dyn_into().ok()
    }

    /// Replaces `list`'s children by the rows `rows` made (each from [`Dom::stamp`]).
    pub fn rows(&self, list: &Element, rows: impl IntoIterator<Item = Option<Element>>) {
        list.set_text_content(None);
        for row in rows.into_iter().flatten() {
            // Appending a fresh element to a live one cannot fail.
            let _ = list.append_child(&row);
        }
    }

    /// The value of the form control `selector` (input, select or textarea).
    pub fn value(&self, selector: &str) -> Option<String> {
        value(&self.find(selector)?)
    }

    /// Sets the value of the form control `selector` when it differs (the caret stays put while
    /// the admin types, since what they typed is what the state holds).
    pub fn set_value(&self, selector: &str, value: &str) {
        let Some(element) = self.find(selector) else {
            return;
        };
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            if input.value() != value {
                input.set_value(value);
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
            if select.value() != value {
                select.set_value(value);
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>()
            && area.value() != value
        {
            area.set_value(value);
        }
    }
}

/// Whether the checkbox or radio button `element` is checked (`None` for another element).
pub(crate) fn checked(element: &Element) -> Option<bool> {
    element
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::checked)
}

/// Checks or clears the checkbox or radio button `element` when it differs.
pub(crate) fn set_checked(element: &Element, on: bool) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>()
        && input.checked() != on
    {
        input.set_checked(on);
    }
}

/// The part `name` (`[data-part=name]`) of a cloned row, or the row itself when it is that part.
pub(crate) fn part(row: &Element, name: &str) -> Option<Element> {
    if row.get_attribute("data-part").as_deref() == Some(name) {
        return Some(row.clone());
    }
    row.query_selector(&format!("[data-part=\"{name}\"]"))
        .ok()
        .flatten()
}

/// Sets `element`'s text when it differs.
pub(crate) fn text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Sets the text of `row`'s part `name`.
pub(crate) fn part_text(row: &Element, name: &str, value: &str) {
    if let Some(element) = part(row, name) {
        text(&element, value);
    }
}

/// Sets attribute `name` to `value`, or removes it for `None`, when it differs.
pub(crate) fn attr(element: &Element, name: &str, value: Option<&str>) {
    if element.get_attribute(name).as_deref() == value {
        return;
    }
    // Setting or removing an attribute with a valid name cannot fail.
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}

/// Shows or hides `element` (the `hidden` attribute).
pub(crate) fn show(element: &Element, shown: bool) {
    attr(element, "hidden", (!shown).then_some(""));
}

/// Adds or removes class `name`.
pub(crate) fn class(element: &Element, name: &str, on: bool) {
    let list = element.class_list();
    if list.contains(name) != on {
        let _ = list.toggle_with_force(name, on);
    }
}

/// Sets `element`'s class to `base` plus the severity class `sev-{severity}`, the one way every
/// output says how serious it is (the colours are `helper.css`'s).
pub(crate) fn severity(element: &Element, base: &str, severity: &str) {
    let wanted = format!("{base} sev-{severity}");
    if element.class_name() != wanted {
        element.set_class_name(&wanted);
    }
}

/// The value of a form control (input, select or textarea).
pub(crate) fn value(element: &Element) -> Option<String> {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        return Some(select.value());
    }
    element
        .dyn_ref::<HtmlTextAreaElement>()
        .map(HtmlTextAreaElement::value)
}
