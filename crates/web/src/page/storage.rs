//! The work in progress in `localStorage`, so it survives a reload: region, account code, tenant
//! ID, description, language, and the certificate only once the core has read it as a certificate
//! (its public PEM). Never a private key, never a password.

use serde::{Deserialize, Serialize};
use web_sys::Storage;

use super::{Inputs, Page};
use crate::api;

/// The `localStorage` key.
pub(super) const KEY: &str = "mimecast-sso-helper:v1";

/// What is kept.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Saved {
    #[serde(flatten)]
    pub inputs: Inputs,
    pub lang: Option<String>,
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved work, if any and readable.
pub(super) fn load() -> Option<Saved> {
    let text = storage()?.get_item(KEY).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// Saves the page's work; the certificate only when the plan has read one.
pub(super) fn save(page: &Page) {
    let Some(storage) = storage() else {
        return;
    };
    let mut inputs = page.inputs.clone();
    inputs.certificate = page
        .plan
        .certificate
        .as_ref()
        .map(|report| report.pem.clone())
        .unwrap_or_default();
    let saved = Saved {
        inputs,
        lang: Some(page.lang.tag().to_owned()),
    };
    let Ok(value) = api::to_js(&saved) else {
        return;
    };
    if let Ok(text) = js_sys::JSON::stringify(&value) {
        let text: String = text.into();
        let _ = storage.set_item(KEY, &text);
    }
}

/// Forgets the saved work.
pub(super) fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
