//! The browser helper: mimecast-sso-core exported to JavaScript, and the page driven from Rust,
//! built as three WebAssembly modules (cargo features): `page` (steps 1–6, loaded with the page),
//! `users` (step 7, loaded when the admin comes to it) and `api` (the functions of
//! `docs/embedding.md`, for embedders).
//!
//! This crate only converts between JavaScript and the core, and shows what the core computes;
//! every rule (URLs, account codes, tenant IDs, certificates, the plan, provisioning) lives in the
//! core.
//!
//! - [`api`]: the functions JavaScript calls, typed in the generated `.d.ts`, with errors as
//!   `Error` objects carrying a `code` property.
//! - [`i18n`]: the English, French and Dutch tables of `www/i18n/`, keyed by UI keys and core codes.
//! - `app`: the small state → view runtime both modules are built on.
//! - `page` (feature `page`): steps 1–6, mounted by `mount(root, options)` on the markup of
//!   `www/src/helper.html`.
//! - `users` (feature `users`): step 7, mounted by `mountUsers(step, options)`, and the watch
//!   panel after step 5 (`watch`), mounted by `mountWatch(panel, options)`.
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

pub mod api;
mod app;
pub mod i18n;
#[cfg(feature = "page")]
mod page;
#[cfg(feature = "signon")]
mod signon;
#[cfg(feature = "users")]
mod users;
#[cfg(feature = "users")]
mod watch;

#[cfg(feature = "api")]
use wasm_bindgen::prelude::*;

pub use api::*;
#[cfg(feature = "page")]
pub use page::mount;

/// The helper's version (the core crate's version).
#[cfg(feature = "api")]
#[wasm_bindgen]
pub fn version() -> String {
    mimecast_sso_core::VERSION.to_owned()
}
