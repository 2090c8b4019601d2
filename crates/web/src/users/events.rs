//! What the admin does in step 7, as messages: the step listens once on its section (delegation),
//! and each event becomes a [`Msg`] by the `data-*` attributes of the element it happened on
//! (`data-users-field`, `data-inbound`, `data-users-file`, `data-action`). Nothing here decides
//! anything or writes the page.

use mimecast_sso_core::mimecast_api::InboundType;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Element, Event, File, HtmlInputElement};

use super::Users;
use super::state::Input;
use super::update::{FILE_SLOT, Msg};
use crate::app::Runtime;
use crate::app::dom;

/// Listens to the step's section.
pub(super) fn bind(runtime: &Runtime<Users>) {
    runtime.listen("input", |event, _| {
        let target = target(event)?;
        let name = target.get_attribute("data-users-field")?;
        let input = Input::ALL.into_iter().find(|input| input.name() == name)?;
        Some(Msg::Typed(
            input,
            target.dyn_ref::<HtmlInputElement>()?.value(),
        ))
    });
    runtime.listen("change", |event, runtime| {
        let target = target(event)?;
        if let Some(kind) = target.get_attribute("data-inbound") {
            return kind.parse::<InboundType>().ok().map(Msg::Inbound);
        }
        if target.get_attribute("data-users-field").as_deref() == Some("force") {
            return dom::checked(&target).map(Msg::Force);
        }
        target.get_attribute("data-users-file")?;
        let input = target.dyn_into::<HtmlInputElement>().ok()?;
        let file = input.files()?.get(0)?;
        // Cleared, so choosing the same file again reads it again.
        input.set_value("");
        Some(chosen(runtime, file))
    });
    runtime.listen("click", |event, _| {
        let button = target(event)?
            .closest("button[data-action]")
            .ok()
            .flatten()?;
        let data = |name| button.get_attribute(name);
        Some(match data("data-action")?.as_str() {
            "users-domains-refresh" => Msg::ListDomains,
            "users-register-needed" => Msg::Register(Some(data("data-domain")?)),
            "users-copy" => Msg::Copy(data("data-key")?),
            "users-generate" => Msg::Generate,
            "users-create" => Msg::Create,
            "users-start" => Msg::Start,
            "users-pause" => Msg::Pause,
            "users-resume" => Msg::Resume,
            "users-cancel" => Msg::Cancel,
            "users-report" => Msg::Report,
            "users-saved-report" => Msg::SavedReport(data("data-key")?),
            "users-saved-forget" => Msg::Forget(data("data-key")?),
            _ => return None,
        })
    });
    runtime.listen("submit", |event, _| {
        let form = target(event)?;
        (form.get_attribute("data-users-form").as_deref() == Some("domain")).then(|| {
            event.prevent_default();
            Msg::Register(None)
        })
    });
    for name in ["dragenter", "dragover"] {
        runtime.listen(name, |event, _| {
            drop_zone(event)?;
            event.prevent_default();
            Some(Msg::Dragging(true))
        });
    }
    runtime.listen("dragleave", |event, _| {
        drop_zone(event)?;
        Some(Msg::Dragging(false))
    });
    runtime.listen("drop", |event, runtime| {
        drop_zone(event)?;
        event.prevent_default();
        let file = event
            .dyn_ref::<DragEvent>()?
            .data_transfer()?
            .files()?
            .get(0);
        Some(match file {
            Some(file) => chosen(runtime, file),
            None => Msg::Dragging(false),
        })
    });
}

/// A file chosen before the module had loaded: read it now.
pub(super) fn file_chosen_before(runtime: &Runtime<Users>) {
    let Some(input) = runtime
        .dom
        .find("[data-users-file]")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    if let Some(file) = input.files().and_then(|files| files.get(0)) {
        input.set_value("");
        runtime.send(chosen(runtime, file));
    }
}

/// Holds a chosen or dropped file until the update asks for its bytes.
fn chosen(runtime: &Runtime<Users>, file: File) -> Msg {
    let (name, size) = (file.name(), file.size());
    runtime.hold_file(FILE_SLOT, file);
    Msg::FileChosen { name, size }
}

/// The element an event happened on.
fn target(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// The drop zone an event happened in.
fn drop_zone(event: &Event) -> Option<Element> {
    target(event)?.closest("[data-users-drop]").ok().flatten()
}
