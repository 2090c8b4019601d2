//! The signing certificate's input: paste into the text area, drop a file or text on it, or choose
//! a file. Files are read as bytes and handed to the core, which reads PEM, base64 and DER alike
//! and refuses private keys; what the core accepts is shown as canonical PEM text.

use js_sys::Uint8Array;
use mimecast_sso_core::Coded;
use mimecast_sso_core::certificate;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, File, HtmlInputElement, HtmlTextAreaElement};

use super::view::CertificateParts;
use super::{Shared, announce, refresh};
use crate::dom::{Builder, DomResult, attrs, cast, file_drop, on};
use crate::i18n::{Lang, t};
use mimecast_sso_core::certificate::is_secret_code;

/// Builds the certificate field into `section` and wires paste, drop and file choice.
pub(super) fn build(
    shared: &Shared,
    b: &Builder,
    section: &Element,
    id: &str,
    lang: Lang,
) -> DomResult<CertificateParts> {
    let drop = b.child(section, "div", "mss-drop")?;
    attrs(&drop, &[("data-drop", "")])?;
    let label = b.child_text(&drop, "label", "mss-label", &t(lang, "ui.cert.paste"))?;
    attrs(&label, &[("for", id)])?;
    let textarea: HtmlTextAreaElement =
        cast(b.child(&drop, "textarea", "mss-input mss-pem")?, "textarea")?;
    let hint_id = format!("{id}-hint");
    attrs(
        &textarea,
        &[
            ("id", id),
            ("rows", "5"),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
            (
                "placeholder",
                "-----BEGIN CERTIFICATE-----\nMIIC8DCCAdigAwIBAgIQ…\n-----END CERTIFICATE-----",
            ),
            ("aria-describedby", &hint_id),
        ],
    )?;
    let row = b.child(&drop, "div", "mss-file-row")?;
    let file_id = format!("{id}-file");
    let file_label = b.child_text(&row, "label", "mss-label", &t(lang, "ui.cert.file"))?;
    attrs(&file_label, &[("for", &file_id)])?;
    let file: HtmlInputElement = cast(b.child(&row, "input", "mss-file")?, "input")?;
    attrs(
        &file,
        &[
            ("type", "file"),
            ("id", &file_id),
            (
                "accept",
                ".cer,.crt,.pem,.der,.p7b,.txt,application/x-x509-ca-cert,application/pkix-cert",
            ),
        ],
    )?;
    let hint = b.child_text(&drop, "p", "mss-hint", &t(lang, "ui.cert.hint"))?;
    attrs(&hint, &[("id", &hint_id)])?;

    let notice = b.child(section, "div", "mss-notice")?;
    attrs(&notice, &[("role", "alert")])?;
    let details = b.child(section, "dl", "mss-values mss-cert")?;
    let findings = b.child(section, "ul", "mss-findings")?;
    attrs(
        &findings,
        &[
            ("aria-live", "polite"),
            ("aria-label", &t(lang, "ui.cert.findings")),
        ],
    )?;

    let target = shared.clone();
    let area = textarea.clone();
    on(&textarea, "input", move |_| {
        let mut page = target.borrow_mut();
        page.inputs.certificate = area.value();
        // An emptied field keeps the last refusal on screen; new text replaces it.
        if !page.inputs.certificate.trim().is_empty() {
            page.notice = None;
        }
        let _ = refresh(&mut page);
    });
    let (on_file, on_text) = (shared.clone(), shared.clone());
    file_drop(
        &file,
        &drop,
        move |chosen| read_file(&on_file, chosen),
        Some(Box::new(move |text| {
            accept_bytes(&on_text, text.as_bytes())
        })),
    );
    Ok(CertificateParts {
        textarea,
        notice,
        details,
        findings,
    })
}

/// Reads a chosen or dropped file's bytes, then hands them to [`accept_bytes`].
fn read_file(shared: &Shared, file: File) {
    let target = shared.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                let mut page = target.borrow_mut();
                page.notice = Some("ui.cert.unreadable".to_owned());
                let _ = refresh(&mut page);
                return;
            }
        };
        accept_bytes(&target, &bytes);
    });
}

/// Gives file or dropped bytes to the core: a certificate becomes the field's PEM text; anything
/// refused (a private key above all) leaves the field empty and shows why.
fn accept_bytes(shared: &Shared, bytes: &[u8]) {
    let mut page = shared.borrow_mut();
    match certificate::normalize(bytes) {
        Ok(normalized) => {
            let text: String = normalized
                .certificates
                .iter()
                .map(|c| c.pem.as_str())
                .collect();
            page.inputs.certificate = text;
            page.notice = None;
            let lang = page.lang;
            announce(&page, &t(lang, "ui.cert.read"));
        }
        Err(error) => {
            page.inputs.certificate.clear();
            page.notice = Some(error.code().to_owned());
        }
    }
    if let Some(refs) = &page.refs {
        refs.certificate.set_value(&page.inputs.certificate);
    }
    let _ = refresh(&mut page);
    debug_assert!(
        page.notice
            .as_deref()
            .is_none_or(|code| !is_secret_code(code))
            || page.inputs.certificate.is_empty()
    );
}
