#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

pub mod certificate;
pub mod entra;
pub mod finding;
pub mod plan;
pub mod region;
pub mod time;

mod text;

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
        .copied()
}
