//! The browser helper: mimecast-sso-core exported to JavaScript, and the page driven from Rust.
//!
//! This crate only converts between JavaScript and the core, and renders what the core computes;
//! every rule (URLs, account codes, tenant IDs, certificates, the plan) lives in the core.
//!
//! - [`api`]: the functions JavaScript calls (`regions`, `buildPlan`, `inspectCertificate`,
//!   `normalizeCertificate`, `parseFederationMetadata`, `parseFederationMetadataUrl`, `version`;
//!   for provisioning `readUsersCsv`, `validateUser`, `checkPassword`, `generatePassword`,
//!   `parseInternalDomains`, `checkDomains`, `usersReportCsv`), typed in the generated `.d.ts`,
//!   with errors as `Error` objects carrying a `code` property.
//! - [`i18n`]: the English, French and Dutch tables of `www/i18n/`, keyed by UI keys and core codes.
//! - `page`: the one-screen helper, mounted by `mount(element, options)`.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

pub mod api;
mod dom;
pub mod i18n;
mod page;

use wasm_bindgen::prelude::*;

pub use api::{
    build_plan, check_domains, check_password, dns_record, generate_password, inspect_certificate,
    normalize_certificate, parse_domain_registration, parse_federation_metadata,
    parse_federation_metadata_url, parse_internal_domains, parse_pending_domains, read_users_csv,
    regions, register_advice, users_report_csv, validate_user,
};
pub use page::mount;

/// The helper's version (the core crate's version).
#[wasm_bindgen]
pub fn version() -> String {
    mimecast_sso_core::VERSION.to_owned()
}

/// Marks the page as ready: fills every `[data-wasm-version]` element with the version and sets
/// `data-wasm="ready"` on the document element, so the page (and its tests) can see the module ran.
#[wasm_bindgen(js_name = startPage)]
pub fn start_page() -> Result<(), JsError> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsError::new("no document: the helper must run in a browser page"))?;
    let targets = document
        .query_selector_all("[data-wasm-version]")
        .map_err(|_| JsError::new("could not query the page"))?;
    for index in 0..targets.length() {
        if let Some(node) = targets.item(index) {
            node.set_text_content(Some(&version()));
        }
    }
    if let Some(root) = document.document_element() {
        root.set_attribute("data-wasm", "ready")
            .map_err(|_| JsError::new("could not mark the page ready"))?;
    }
    Ok(())
}
