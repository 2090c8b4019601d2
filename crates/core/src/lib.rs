#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

mod address;
pub mod api_error;
pub mod certificate;
pub mod code;
pub mod entra;
pub mod finding;
pub mod http_api;
pub mod metadata;
pub mod mimecast_api;
pub mod password;
pub mod plan;
pub mod provisioning;
pub mod region;
pub mod signon;
mod text;
pub mod time;
pub mod watch;
mod xml;

/// The Rust examples of `docs/provisioning.md`, run as doctests so the page cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/provisioning.md")]
mod docs_provisioning {}

pub use code::Coded;
pub use finding::{Finding, Severity};
pub use time::UnixTime;

/// The version of this crate; the page and the Worker's health route show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every stable code the core can emit, as errors or findings, in one list, from the code enums of
/// each module.
///
/// The page's translation tables and the Worker's JSON errors are keyed by these codes; a test in
/// each of them checks that every code here has a translation.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    fn codes<C: Coded>(all: &'static [C]) -> impl Iterator<Item = &'static str> {
        all.iter().map(Coded::code)
    }
    codes(region::RegionCode::ALL)
        .chain(codes(entra::EntraCode::ALL))
        .chain(codes(certificate::CertCode::ALL))
        .chain(codes(plan::PlanCode::ALL))
        .chain(codes(metadata::MetadataCode::ALL))
        .chain(codes(mimecast_api::MimecastCode::ALL))
        .chain(codes(mimecast_api::UpstreamError::ALL))
        .chain(codes(password::PasswordError::ALL))
        .chain(codes(provisioning::UserCode::ALL))
        .chain(codes(provisioning::ProvisioningCode::ALL))
        .chain(codes(http_api::RouteError::ALL))
        .chain(codes(http_api::AuthError::ALL))
        .chain(codes(http_api::AccessError::ALL))
        .chain(codes(http_api::CorsError::ALL))
        .chain(codes(http_api::MetadataFetchError::ALL))
        .chain(codes(signon::ExplainCode::ALL))
        .chain(codes(signon::SamlCode::ALL))
        .chain(codes(watch::WatchCode::ALL))
}
