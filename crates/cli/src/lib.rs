#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]
//!
//! ## The library
//!
//! The binary's Worker client and provisioning driver, for other Rust programs (the project's
//! `cargo xtask bench` uses them): [`worker::Client`] calls a Worker over `http://` or `https://`,
//! [`provision::provision`] creates a CSV file's users through it with the core's bulk-run engine.
//! Every rule (CSV, passwords, retries, outcomes, the report) is in `mimecast-sso-core`; this crate
//! only moves bytes, keeps time and writes files.

pub mod existing;
pub mod provision;
pub mod report;
pub mod token;
pub mod worker;
