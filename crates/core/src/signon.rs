//! Testing single sign-on: what Entra actually sent, and what its error page means.
//!
//! Both tutorials end with "Test single sign-on". [`inspect_response`] reads the SAML response an
//! admin captured (the `SAMLResponse` value from the browser's network panel or a SAML tracer, or
//! the XML itself), verifies its XML signature, and compares it with the plan the admin built;
//! [`explain_entra_error`] reads an AADSTS code or Entra's whole error page and says what to
//! change in this setup. Both run on the admin's machine: nothing pasted leaves it.

mod c14n;
mod compare;
mod dsig;
mod error;
mod explain;
mod input;
mod inspect;
mod read;
mod report;

use sha1::{Digest as _, Sha1};

pub use error::{SamlCode, SamlError};
pub use explain::*;
pub use inspect::{inspect_response, inspect_response_with};
pub use report::{
    AssertionFacts, Attribute, Covers, Expected, InspectOptions, ResponseFacts, SamlReport,
    SignatureReport, SignatureVerdict, Signed,
};

/// Largest SAML response accepted, in bytes of XML (256 KiB): Entra's are a few kilobytes, a
/// few dozen with many group claims.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// Clock difference allowed by default when checking an assertion's conditions: 5 minutes.
pub const DEFAULT_CLOCK_SKEW_SECONDS: u32 = 300;

/// The SHA-1 thumbprint of a certificate's DER, upper-case hex, as Entra shows it.
fn thumbprint(der: &[u8]) -> String {
    Sha1::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}
