//! What the admin does, as messages: the page listens once on its root (delegation), and each
//! event becomes a [`Msg`] by the `data-*` attributes of the element it happened on. Nothing here
//! decides anything or writes the page.

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Element, Event, HtmlInputElement};

use super::Page;
use super::state::Field;
use super::update::Msg;
use crate::app::Runtime;
use crate::app::dom::value;
use crate::i18n::Lang;

/// Listens to the page's root.
pub(super) fn bind(runtime: &Runtime<Page>) {
    runtime.listen("input", |event, _| {
        let target = target(event)?;
        let field = Field::named(&target.get_attribute("data-field")?)?;
        Some(Msg::Typed(field, value(&target)?))
    });
    runtime.listen("change", |event, runtime| {
        let target = target(event)?;
        if target.get_attribute("data-action").as_deref() == Some("language") {
            return Lang::from_tag(&value(&target)?).map(Msg::Language);
        }
        let input = target.dyn_into::<HtmlInputElement>().ok()?;
        let slot = file_slot(&input.get_attribute("data-file")?)?;
        let file = input.files()?.get(0)?;
        // Cleared, so choosing the same file again reads it again.
        input.set_value("");
        let size = file.size();
        runtime.hold_file(slot, file);
        Some(Msg::FileChosen { slot, size })
    });
    runtime.listen("click", |event, _| {
        let target = target(event)?;
        if let Some(copy) = target.closest("[data-copy]").ok().flatten() {
            return Some(Msg::Copy(copy.get_attribute("data-copy")?));
        }
        let button = target.closest("button[data-action]").ok().flatten()?;
        match button.get_attribute("data-action")?.as_str() {
            "download" => Some(Msg::Download),
            "print" => Some(Msg::Print),
            "clear" => Some(Msg::Clear),
            "use-region" => button
                .get_attribute("data-region")?
                .parse()
                .ok()
                .map(Msg::UseRegion),
            "use-certificate" => button
                .get_attribute("data-index")?
                .parse()
                .ok()
                .map(Msg::UseCertificate),
            _ => None,
        }
    });
    runtime.listen("submit", |event, _| {
        let form = target(event)?;
        (form.get_attribute("data-form").as_deref() == Some("import-url")).then(|| {
            event.prevent_default();
            Msg::ImportUrl
        })
    });
    for name in ["dragenter", "dragover"] {
        runtime.listen(name, |event, _| {
            let zone = drop_zone(event)?;
            event.prevent_default();
            Some(Msg::Dragging(Some(file_slot(
                &zone.get_attribute("data-drop-slot")?,
            )?)))
        });
    }
    runtime.listen("dragleave", |event, _| {
        drop_zone(event)?;
        Some(Msg::Dragging(None))
    });
    runtime.listen("drop", |event, runtime| {
        let zone = drop_zone(event)?;
        event.prevent_default();
        let slot = file_slot(&zone.get_attribute("data-drop-slot")?)?;
        let transfer = event.dyn_ref::<DragEvent>()?.data_transfer()?;
        if let Some(file) = transfer.files().and_then(|files| files.get(0)) {
            let size = file.size();
            runtime.hold_file(slot, file);
            return Some(Msg::FileChosen { slot, size });
        }
        let text = transfer
            .get_data("text/plain")
            .ok()
            .filter(|text| !text.is_empty())?;
        (slot == "certificate").then_some(Msg::CertificateDropped(text))
    });
}

/// Files chosen before the module had loaded: read them now.
pub(super) fn files_chosen_before(runtime: &Runtime<Page>) {
    for element in runtime.dom.all("input[type=file][data-file]") {
        let Ok(input) = element.dyn_into::<HtmlInputElement>() else {
            continue;
        };
        let chosen = input
            .get_attribute("data-file")
            .as_deref()
            .and_then(file_slot)
            .zip(input.files().and_then(|files| files.get(0)));
        if let Some((slot, file)) = chosen {
            input.set_value("");
            let size = file.size();
            runtime.hold_file(slot, file);
            runtime.send(Msg::FileChosen { slot, size });
        }
    }
}

/// The page's file slots, as `'static` names.
fn file_slot(name: &str) -> Option<&'static str> {
    match name {
        "certificate" => Some("certificate"),
        "metadata" => Some("metadata"),
        _ => None,
    }
}

/// The element an event happened on.
fn target(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The drop zone (`[data-drop-slot]`) an event happened in.
fn drop_zone(event: &Event) -> Option<Element> {
    target(event)?.closest("[data-drop-slot]").ok().flatten()
}
