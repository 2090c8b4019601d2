#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

pub mod access;
mod address;
pub mod api_error;
pub mod auth;
pub mod certificate;
pub mod cors;
pub mod entra;
pub mod finding;
pub mod metadata;
pub mod mimecast_api;
pub mod plan;
pub mod provisioning;
pub mod region;
pub mod routes;
pub mod security_headers;
mod text;
pub mod time;

pub use finding::{Coded, Finding, Severity};
pub use time::UnixTime;

/// The version of this crate; the page and the Worker's health route show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every stable code the core can emit, as errors or findings, in one list.
///
/// The page's translation tables and the Worker's JSON errors are keyed by these codes; a test in
/// each of them checks that every code here has a translation.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    region::CODES
        .iter()
        .chain(entra::CODES)
        .chain(certificate::CODES)
        .chain(plan::CODES)
        .chain(api_error::CODES)
        .chain(access::CODES)
        .chain(mimecast_api::CODES)
        .chain(metadata::CODES)
        .chain(provisioning::CODES)
        .copied()
}
