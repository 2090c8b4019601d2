//! Small helpers to build and change the DOM from Rust, over web-sys.

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event, EventTarget};

/// A DOM call's result; the error is the browser's exception.
pub(crate) type DomResult<T = ()> = Result<T, JsValue>;

/// Creates elements in one document.
#[derive(Clone)]
pub(crate) struct Builder {
    pub doc: Document,
}

impl Builder {
    /// `<tag class="class">`, no class when `class` is empty.
    pub fn el(&self, tag: &str, class: &str) -> DomResult<Element> {
        let element = self.doc.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        Ok(element)
    }

    /// `<tag class="class">text</tag>`.
    pub fn text(&self, tag: &str, class: &str, text: &str) -> DomResult<Element> {
        let element = self.el(tag, class)?;
        element.set_text_content(Some(text));
        Ok(element)
    }

    /// `<tag class>` appended to `parent`.
    pub fn child(&self, parent: &Element, tag: &str, class: &str) -> DomResult<Element> {
        let element = self.el(tag, class)?;
        parent.append_child(&element)?;
        Ok(element)
    }

    /// `<tag class>text</tag>` appended to `parent`.
    pub fn child_text(
        &self,
        parent: &Element,
        tag: &str,
        class: &str,
        text: &str,
    ) -> DomResult<Element> {
        let element = self.text(tag, class, text)?;
        parent.append_child(&element)?;
        Ok(element)
    }
}

/// Sets several attributes.
pub(crate) fn attrs(element: &Element, pairs: &[(&str, &str)]) -> DomResult {
    for (name, value) in pairs {
        element.set_attribute(name, value)?;
    }
    Ok(())
}

/// Removes every child of `element`.
pub(crate) fn clear(element: &Element) {
    element.set_text_content(None);
}

/// Calls `handler` on every `event` of `target` for as long as the page lives.
pub(crate) fn on(target: &EventTarget, event: &'static str, handler: impl FnMut(&Event) + 'static) {
    EventListener::new(target, event, handler).forget();
}

/// Like [`on`], but the listener may call `preventDefault()` (drag and drop).
pub(crate) fn on_active(
    target: &EventTarget,
    event: &'static str,
    handler: impl FnMut(&Event) + 'static,
) {
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(target, event, options, handler).forget();
}

/// `value` as `T`, or an error naming what was expected.
pub(crate) fn cast<T: JsCast>(value: impl Into<JsValue>, what: &str) -> DomResult<T> {
    value
        .into()
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("expected {what}")))
}

/// Wires a file chooser and the drop zone around it: a chosen or dropped file goes to `on_file`
/// (the chooser is then reset, so choosing the same file again reads it again), and the zone has
/// the class `is-over` while something is dragged over it. Dropped text, when no file was dropped,
/// goes to `on_text` if there is one.
pub(crate) fn file_drop(
    chooser: &web_sys::HtmlInputElement,
    zone: &Element,
    on_file: impl Fn(web_sys::File) + 'static,
    on_text: Option<Box<dyn Fn(String)>>,
) {
    let on_file = std::rc::Rc::new(on_file);
    let (read, input) = (on_file.clone(), chooser.clone());
    on(chooser, "change", move |_| {
        if let Some(chosen) = input.files().and_then(|files| files.get(0)) {
            read(chosen);
        }
        input.set_value("");
    });
    for event in ["dragenter", "dragover"] {
        let over = zone.clone();
        on_active(zone, event, move |event| {
            event.prevent_default();
            let _ = over.class_list().add_1("is-over");
        });
    }
    let left = zone.clone();
    on(zone, "dragleave", move |_| {
        let _ = left.class_list().remove_1("is-over");
    });
    let dropped_on = zone.clone();
    on_active(zone, "drop", move |event| {
        event.prevent_default();
        let _ = dropped_on.class_list().remove_1("is-over");
        let Some(transfer) = event
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(web_sys::DragEvent::data_transfer)
        else {
            return;
        };
        if let Some(dropped) = transfer.files().and_then(|files| files.get(0)) {
            on_file(dropped);
        } else if let Some(on_text) = &on_text
            && let Ok(text) = transfer.get_data("text/plain")
            && !text.is_empty()
        {
            on_text(text);
        }
    });
}
