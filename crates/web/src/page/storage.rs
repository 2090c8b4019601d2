//! The work in progress in `localStorage`, so it survives a reload: region, account code, tenant
//! ID, description, language, and the certificate only once the core has read it as a certificate
//! (its public PEM). Never a private key, never a password.

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::Storage;

use super::{Inputs, Page};
use crate::api;

/// The `localStorage` key.
pub(super) const KEY: &str = "mimecast-sso-helper:v1";

/// What is kept.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
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
    read(&value)
}

/// What `save` wrote, read back: an object whose fields are each absent or a string (`lang` may
/// also be `null`); `None` when a field has another type.
fn read(value: &JsValue) -> Option<Saved> {
    if !value.is_object() {
        return None;
    }
    let text = |key: &str| -> Option<String> {
        let field = js_sys::Reflect::get(value, &JsValue::from_str(key)).ok()?;
        if field.is_undefined() {
            Some(String::new())
        } else {
            field.as_string()
        }
    };
    Some(Saved {
        inputs: Inputs {
            region: text("region")?,
            account_code: text("accountCode")?,
            tenant_id: text("tenantId")?,
            description: text("description")?,
            certificate: text("certificate")?,
            app_id: text("appId")?,
        },
        lang: api::optional_string(value, "lang").ok()?,
    })
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
    if let Ok(text) = serde_json::to_string(&saved) {
        let _ = storage.set_item(KEY, &text);
    }
}

/// Forgets the saved work.
pub(super) fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
