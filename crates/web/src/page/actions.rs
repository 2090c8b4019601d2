//! What the buttons do: copy a value (with visible and spoken feedback), use the suggested region,
//! download the plan as JSON, print the checklist, clear the work in progress; and the check of
//! whether the Worker's API is there, for the features that need it.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, Response, Url};

use super::{Inputs, Page, Server, Shared, announce, refresh, storage};
use crate::api;
use crate::dom::{attrs, cast, on};
use crate::i18n::{t, tf};

/// The file name of the downloaded plan.
const PLAN_FILE: &str = "mimecast-sso-plan.json";

/// Copies `value` when `button` is pressed; the button says "Copied" for two seconds and the live
/// region announces it.
pub(super) fn wire_copy(page: &Page, button: &Element, value: &str, label: &str) {
    let Some(refs) = &page.refs else {
        return;
    };
    let live = refs.live.clone();
    let value = value.to_owned();
    let copy = t(page.lang, "ui.copy");
    let copied = t(page.lang, "ui.copied");
    let announced = tf(page.lang, "ui.copied.announce", &[("label", label)]);
    let failed = tf(page.lang, "ui.copy.failed", &[("label", label)]);
    let target = button.clone();
    on(button, "click", move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let promise = window.navigator().clipboard().write_text(&value);
        let (button, live, copy, copied, announced, failed) = (
            target.clone(),
            live.clone(),
            copy.clone(),
            copied.clone(),
            announced.clone(),
            failed.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let ok = JsFuture::from(promise).await.is_ok();
            live.set_text_content(Some(if ok { &announced } else { &failed }));
            button.set_text_content(Some(if ok { &copied } else { &copy }));
            let _ = button.class_list().toggle_with_force("is-copied", ok);
            let _ = button.class_list().toggle_with_force("is-failed", !ok);
            Timeout::new(2_000, move || {
                button.set_text_content(Some(&copy));
                let _ = button.class_list().remove_2("is-copied", "is-failed");
            })
            .forget();
        });
    });
}

/// Chooses the region the account code points to.
pub(super) fn wire_use_region(page: &Page, button: &Element, code: &str) {
    let me = page.me.clone();
    let code = code.to_owned();
    on(button, "click", move |_| {
        let Some(shared) = me.upgrade() else {
            return;
        };
        let mut page = shared.borrow_mut();
        page.inputs.region = code.clone();
        page.region_suggested = false;
        if let Some(refs) = &page.refs {
            refs.region.set_value(&code);
            let _ = refs.region.focus();
        }
        let _ = refresh(&mut page);
    });
}

/// The header's buttons: download the plan, print, clear.
pub(super) fn wire_buttons(shared: &Shared, download: &Element, print: &Element, clear: &Element) {
    let target = Rc::clone(shared);
    on(download, "click", move |_| {
        let _ = download_plan(&target.borrow());
    });
    on(print, "click", |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let target = Rc::clone(shared);
    on(clear, "click", move |_| {
        let mut page = target.borrow_mut();
        storage::clear();
        page.inputs = Inputs::default();
        page.region_suggested = false;
        page.notice = None;
        page.metadata = None;
        page.import = super::import::ImportStatus::Idle;
        if let Some(refs) = &page.refs {
            refs.import.url.set_value("");
            refs.region.set_value("");
            refs.account.set_value("");
            refs.tenant.set_value("");
            refs.description.set_value("");
            refs.certificate.set_value("");
        }
        let _ = refresh(&mut page);
        storage::clear();
        let lang = page.lang;
        announce(&page, &t(lang, "ui.cleared"));
    });
}

/// Saves the plan, as the core computed it, as `mimecast-sso-plan.json`.
fn download_plan(page: &Page) -> Result<(), JsValue> {
    let value = api::to_js(&page.plan)?;
    let text: String =
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))?
            .into();
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = cast(page.b.doc.create_element("a")?, "a")?;
    anchor.set_href(&url);
    anchor.set_download(PLAN_FILE);
    anchor.click();
    Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Asks the Worker's health route whether the API is there, then says what that means.
pub(super) fn check_server(shared: &Shared) {
    let target = Rc::clone(shared);
    let url = shared.borrow().api_base.clone() + "health";
    wasm_bindgen_futures::spawn_local(async move {
        let server = match web_sys::window() {
            Some(window) => health(JsFuture::from(window.fetch_with_str(&url)).await).await,
            None => Server::Unavailable,
        };
        let mut page = target.borrow_mut();
        page.server = server;
        render_server(&page);
    });
}

/// What the health route's answer says: `{"status":"ok"}` from the Worker, with `"simulator": true`
/// when it sends Mimecast calls to the local simulator; anything else means no Worker.
async fn health(response: Result<JsValue, JsValue>) -> Server {
    let Ok(response) = response.and_then(|r| r.dyn_into::<Response>()) else {
        return Server::Unavailable;
    };
    if !response.ok() {
        return Server::Unavailable;
    }
    let Ok(json) = response.json() else {
        return Server::Unavailable;
    };
    let Ok(body) = JsFuture::from(json).await else {
        return Server::Unavailable;
    };
    let field = |name: &str| js_sys::Reflect::get(&body, &JsValue::from_str(name)).ok();
    if field("status").and_then(|status| status.as_string()) != Some("ok".to_owned()) {
        return Server::Unavailable;
    }
    if field("simulator").and_then(|s| s.as_bool()) == Some(true) {
        Server::Simulator
    } else {
        Server::Available
    }
}

/// The note about the features that need the Worker (creating users through the Mimecast API).
pub(super) fn render_server(page: &Page) {
    let Some(refs) = &page.refs else {
        return;
    };
    let (state, key) = match page.server {
        Server::Checking => ("checking", "ui.server.checking"),
        Server::Available => ("available", "ui.server.available"),
        Server::Simulator => ("simulator", "ui.server.simulator"),
        Server::Unavailable => ("unavailable", "ui.server.unavailable"),
    };
    let _ = attrs(&refs.server, &[("data-server", state)]);
    refs.server.set_text_content(None);
    let _ = page.b.child_text(
        &refs.server,
        "h3",
        "mss-server-title",
        &t(page.lang, "ui.server.title"),
    );
    let _ = page.b.child_text(&refs.server, "p", "", &t(page.lang, key));
    // Importing by URL needs the server too; its block says so.
    let _ = super::render::import_block(page);
    super::users::server_changed(page);
}
