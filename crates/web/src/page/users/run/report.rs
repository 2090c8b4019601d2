//! The run's report downloads (with this session's generated passwords, or a kept session's
//! outcomes without any), and the guard that asks before a tab holding undownloaded passwords
//! closes.

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use mimecast_sso_core::provisioning::report_csv_from_results;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

use super::super::{Users, saved, with};
use super::is_active;
use crate::dom::cast;
use crate::page::Page;

/// The report of the shown run (with the passwords generated in this session).
pub(super) fn download_run(page: &Page, users: &mut Users) {
    if let Some(active) = users.run.active.as_mut()
        && download(page, &report_name(&active.file), &active.run.report_csv()).is_ok()
    {
        active.downloaded = active.run.generated_passwords();
    }
}

/// A `beforeunload` listener that asks before the tab closes or reloads while a run is going on
/// and its report holds generated passwords that were not downloaded: they exist nowhere else.
pub(super) fn guard_unload(page: &Page) -> Option<EventListener> {
    let me = page.me.clone();
    let window = web_sys::window()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &window,
        "beforeunload",
        options,
        move |event| {
            let ask = with(&me, |_, users| {
                is_active(users)
                    && users
                        .run
                        .active
                        .as_ref()
                        .is_some_and(|a| a.run.generated_passwords() > a.downloaded)
            })
            .unwrap_or(false);
            if ask {
                event.prevent_default();
                // Older browsers ask only when returnValue is set.
                let _ = js_sys::Reflect::set(event, &"returnValue".into(), &"".into());
            }
        },
    ))
}

/// The report of a kept session (no passwords: they were never kept).
pub(crate) fn download_saved(page: &Page, session: &saved::Session) {
    let text = report_csv_from_results(session.delimiter, &session.results);
    let _ = download(page, &report_name(&session.file), &text);
}

fn report_name(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "users" } else { stem };
    format!("{stem}-mimecast-report.csv")
}

/// Saves `text` as the file `name`.
fn download(page: &Page, name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = cast(page.b.doc.create_element("a")?, "a")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
