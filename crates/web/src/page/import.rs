//! "Import from Entra": the App Federation Metadata Url (tenant and application read by the core,
//! the document fetched through the Worker's `GET /api/v1/entra/metadata`), or the Federation
//! Metadata XML file, read in the browser by the core. Either fills the tenant ID and the
//! certificate, and the plan is then built from the metadata.

mod answer;

use js_sys::Uint8Array;
use mimecast_sso_core::Coded;
use mimecast_sso_core::entra::AppId;
use mimecast_sso_core::metadata::{self, FederationMetadata};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, File, HtmlInputElement, Response};

use super::{Page, Server, Shared, announce, now, refresh};
use crate::dom::{Builder, DomResult, attrs, cast, file_drop, on, on_active};
use crate::i18n::{Lang, t, tf};

/// Where an import stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum ImportStatus {
    #[default]
    Idle,
    /// Waiting for the Worker.
    Loading,
    /// Imported; the page's values come from the metadata.
    Done,
    /// Refused or failed: a core code (or a `ui.import.*` key) and the English message.
    Failed { code: String, message: String },
}

/// The elements of the import block the page updates.
pub(crate) struct ImportParts {
    pub url: HtmlInputElement,
    pub worker: Element,
    pub status: Element,
    pub note: Element,
    pub result: Element,
}

/// Builds the import block into `section` (the tenant step) and wires URL, file and drop.
pub(super) fn build(
    shared: &Shared,
    b: &Builder,
    section: &Element,
    id: &str,
    lang: Lang,
) -> DomResult<ImportParts> {
    let block = b.child(section, "fieldset", "mss-import")?;
    attrs(&block, &[("data-import", "")])?;
    b.child_text(
        &block,
        "legend",
        "mss-import-title",
        &t(lang, "ui.import.title"),
    )?;
    b.child_text(
        &block,
        "p",
        "mss-hint mss-import-intro",
        &t(lang, "ui.import.intro"),
    )?;

    let form = b.child(&block, "form", "mss-field")?;
    attrs(&form, &[("novalidate", "")])?;
    let url_id = format!("{id}-url");
    let hint_id = format!("{url_id}-hint");
    let worker_id = format!("{url_id}-worker");
    let label = b.child_text(&form, "label", "mss-label", &t(lang, "ui.import.url"))?;
    attrs(&label, &[("for", &url_id)])?;
    let row = b.child(&form, "div", "mss-inline")?;
    let url: HtmlInputElement = cast(b.child(&row, "input", "mss-input")?, "input")?;
    attrs(
        &url,
        &[
            ("type", "url"),
            ("id", &url_id),
            ("name", &url_id),
            ("autocomplete", "off"),
            ("spellcheck", "false"),
            (
                "placeholder",
                "https://login.microsoftonline.com/…/federationmetadata/2007-06/federationmetadata.xml?appid=…",
            ),
            ("aria-describedby", &format!("{hint_id} {worker_id}")),
        ],
    )?;
    let fetch = b.child_text(&row, "button", "mss-button", &t(lang, "ui.import.fetch"))?;
    attrs(&fetch, &[("type", "submit"), ("data-action", "import-url")])?;
    let hint = b.child_text(&form, "p", "mss-hint", &t(lang, "ui.import.url.hint"))?;
    attrs(&hint, &[("id", &hint_id)])?;
    let worker = b.child(&form, "p", "mss-hint mss-import-worker")?;
    attrs(&worker, &[("id", &worker_id)])?;

    let drop = b.child(&block, "div", "mss-drop mss-import-drop")?;
    attrs(&drop, &[("data-metadata-drop", "")])?;
    let file_row = b.child(&drop, "div", "mss-file-row")?;
    let file_id = format!("{id}-file");
    let file_hint_id = format!("{file_id}-hint");
    let file_label = b.child_text(&file_row, "label", "mss-label", &t(lang, "ui.import.file"))?;
    attrs(&file_label, &[("for", &file_id)])?;
    let file: HtmlInputElement = cast(b.child(&file_row, "input", "mss-file")?, "input")?;
    attrs(
        &file,
        &[
            ("type", "file"),
            ("id", &file_id),
            (
                "accept",
                ".xml,application/xml,text/xml,application/samlmetadata+xml",
            ),
            ("aria-describedby", &file_hint_id),
        ],
    )?;
    let file_hint = b.child_text(&drop, "p", "mss-hint", &t(lang, "ui.import.file.hint"))?;
    attrs(&file_hint, &[("id", &file_hint_id)])?;

    let status = b.child(&block, "div", "mss-import-status")?;
    attrs(&status, &[("role", "status"), ("data-import-status", "")])?;
    let note = b.child(&block, "div", "mss-note")?;
    attrs(&note, &[("aria-live", "polite")])?;
    let result = b.child(&block, "div", "mss-import-result")?;
    attrs(&result, &[("data-import-result", "")])?;
    b.child_text(section, "p", "mss-or", &t(lang, "ui.import.or"))?;

    let target = shared.clone();
    let input = url.clone();
    on_active(&form, "submit", move |event| {
        event.prevent_default();
        import_url(&target, &input.value());
    });
    let target = shared.clone();
    file_drop(&file, &drop, move |chosen| read_file(&target, chosen), None);
    Ok(ImportParts {
        url,
        worker,
        status,
        note,
        result,
    })
}

/// Sets the import status and re-renders.
fn set_status(shared: &Shared, status: ImportStatus) {
    let mut page = shared.borrow_mut();
    page.import = status;
    let _ = refresh(&mut page);
}

fn failed(code: &str, message: &str) -> ImportStatus {
    ImportStatus::Failed {
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

/// Reads a chosen or dropped file and imports it; a file over the core's size limit is refused
/// by its size alone, before any of it is read.
fn read_file(shared: &Shared, file: File) {
    // `f64 as usize` saturates: a size beyond usize is still over the limit.
    if let Err(error) = metadata::check_size(file.size() as usize) {
        return set_status(shared, failed(error.code(), &error.to_string()));
    }
    let target = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => import_bytes(&target, &Uint8Array::new(&buffer).to_vec()),
            Err(_) => set_status(&target, failed("ui.import.unreadable", "")),
        }
    });
}

/// The Federation Metadata XML, read in the browser by the core.
fn import_bytes(shared: &Shared, bytes: &[u8]) {
    match metadata::parse(bytes, now(), metadata::Scope::Unknown) {
        Ok(imported) => apply(shared, imported, None),
        Err(error) => set_status(shared, failed(error.code(), &error.to_string())),
    }
}

/// The App Federation Metadata Url: tenant and application read by the core, the document
/// fetched through the Worker (which alone may reach login.microsoftonline.com).
fn import_url(shared: &Shared, url: &str) {
    let (tenant, app) = match metadata::parse_url(url) {
        Ok(parsed) => parsed,
        Err(error) => return set_status(shared, failed(error.code(), &error.to_string())),
    };
    if shared.borrow().server == Server::Unavailable {
        return set_status(shared, failed("ui.import.needs_worker", ""));
    }
    set_status(shared, ImportStatus::Loading);
    let mut request = format!("{}entra/metadata?tenant={tenant}", shared.borrow().api_base);
    if let Some(app) = &app {
        request.push_str(&format!("&appid={app}"));
    }
    let target = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_metadata(&request).await {
            Ok(imported) => apply(&target, imported, app),
            Err(status) => set_status(&target, status),
        }
    });
}

/// `GET` the Worker's metadata route: the metadata, or why not.
async fn fetch_metadata(url: &str) -> Result<FederationMetadata, ImportStatus> {
    let unreachable = || failed("ui.import.unreachable", "");
    let window = web_sys::window().ok_or_else(unreachable)?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(|_| unreachable())?;
    let ok = response.ok();
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.map_err(|_| unreachable())?,
        Err(_) => return Err(unreachable()),
    };
    if ok {
        return answer::read(&body, now()).ok_or_else(unreachable);
    }
    let error = js_sys::Reflect::get(&body, &JsValue::from_str("error")).unwrap_or_default();
    let text = |key: &str| {
        js_sys::Reflect::get(&error, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (text("code"), text("message")) {
        (Some(code), Some(message)) => Err(failed(&code, &message)),
        _ => Err(unreachable()),
    }
}

/// Fills the page from imported metadata: tenant, application, and the certificate the metadata
/// advises (none during a rollover: the admin chooses, see [`wire_use_certificate`]); the plan is
/// then built from the metadata.
fn apply(shared: &Shared, imported: FederationMetadata, app: Option<AppId>) {
    let mut page = shared.borrow_mut();
    page.inputs.tenant_id = imported.tenant_id.to_string();
    if let Some(app) = app {
        page.inputs.app_id = app.to_string();
    }
    page.inputs.certificate = imported
        .chosen_index
        .and_then(|index| imported.certificates.get(index))
        .map(|report| report.pem.clone())
        .unwrap_or_default();
    page.notice = None;
    if let Some(refs) = &page.refs {
        refs.tenant.set_value(&page.inputs.tenant_id);
        refs.certificate.set_value(&page.inputs.certificate);
    }
    page.metadata = Some(imported);
    // The status line (role="status") says what was imported.
    page.import = ImportStatus::Done;
    let _ = refresh(&mut page);
}

/// During a rollover, the admin says which of the metadata's certificates Entra shows as Active:
/// `button` puts certificate `index` into the certificate field, and the plan uses it.
pub(super) fn wire_use_certificate(page: &Page, button: &Element, index: usize) {
    let me = page.me.clone();
    on(button, "click", move |_| {
        let Some(shared) = me.upgrade() else {
            return;
        };
        let mut page = shared.borrow_mut();
        let Some(chosen) = page
            .metadata
            .as_ref()
            .and_then(|imported| imported.certificates.get(index))
            .map(|report| (report.pem.clone(), report.thumbprint_sha1.clone()))
        else {
            return;
        };
        let (pem, thumbprint) = chosen;
        page.inputs.certificate = pem;
        page.notice = None;
        if let Some(refs) = &page.refs {
            refs.certificate.set_value(&page.inputs.certificate);
        }
        let _ = refresh(&mut page);
        let said = tf(
            page.lang,
            "ui.import.cert.used",
            &[("thumbprint", &thumbprint)],
        );
        announce(&page, &said);
    });
}
