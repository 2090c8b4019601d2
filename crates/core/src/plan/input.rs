//! The plan's input: what the admin knows, read from JSON, and why an input is refused.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::DEFAULT_DESCRIPTION;
use super::PlanCode;
use crate::Coded;

/// What the admin knows, as the page or an API client sends it. Every field is an optional string:
/// a missing field (or `null`) gives a finding in the plan, never a deserialisation error.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    /// Mimecast region code: `eu`, `de`, `us`, `usb`, `ca`, `za`, `au`, `jer` or `uspcom`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Mimecast account code, for example `CUK1A234` (any case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_code: Option<String>,
    /// Entra tenant ID (a GUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// Application ID of the Mimecast enterprise application in Entra (a GUID); optional, used for
    /// the app federation metadata URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Entra's SAML signing certificate, as text: PEM or the base64 body (the "Certificate
    /// (Base64)" download, or its body alone). DER or `.p7b` bytes go in base64-encoded; the wasm
    /// and HTTP adapters do that for uploaded files. Never shown by `Debug`, which gives its length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Description of the Mimecast Authentication Profile; [`DEFAULT_DESCRIPTION`] when missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A legacy sign-on URL of the 2016 tutorial, such as `https://webmail-fr.mimecast.com`;
    /// optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legacy_sign_on_url: Option<String>,
    /// How users start a sign-on: `sp` (at Mimecast, the default), `idpAdminConsole` or
    /// `idpPersonalPortal` (from Entra's My Apps tile); see [`SignOnMode`](super::SignOnMode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_on_mode: Option<String>,
    /// Entra's Federation Metadata XML, as an alternative to `tenantId` + `certificate`: the
    /// Issuer, Login URL, Logout URL and certificate then come from it. Optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub federation_metadata: Option<String>,
}

impl PlanInput {
    /// Reads a plan input from JSON text.
    ///
    /// # Errors
    /// [`PlanError::InvalidJson`] when the text is not JSON, not an object, or a field is not a
    /// string or `null`. Missing fields are not errors.
    ///
    /// A leading UTF-8 byte order mark (U+FEFF, as Windows editors save files) is skipped.
    pub fn from_json(text: &str) -> Result<Self, PlanError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        // serde would also read a struct from a JSON array (fields by position); refuse that.
        let start = text.trim_start_matches([' ', '\t', '\n', '\r']);
        if !start.is_empty() && !start.starts_with('{') {
            let before = &text[..text.len() - start.len()];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            return Err(PlanError::InvalidJson {
                line,
                column,
                message: format!("expected an object `{{` at line {line} column {column}"),
            });
        }
        serde_json::from_str(text).map_err(|error| PlanError::InvalidJson {
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        })
    }
}

impl fmt::Debug for PlanInput {
    /// Every field as given, except `certificate` and `federationMetadata`, shown only by their
    /// length in bytes: an admin may paste a private key there by mistake, and debug output ends up
    /// in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlanInput")
            .field("region", &self.region)
            .field("account_code", &self.account_code)
            .field("tenant_id", &self.tenant_id)
            .field("app_id", &self.app_id)
            .field(
                "certificate",
                &self.certificate.as_ref().map(|text| Bytes(text.len())),
            )
            .field("description", &self.description)
            .field("legacy_sign_on_url", &self.legacy_sign_on_url)
            .field("sign_on_mode", &self.sign_on_mode)
            .field(
                "federation_metadata",
                &self
                    .federation_metadata
                    .as_ref()
                    .map(|text| Bytes(text.len())),
            )
            .finish()
    }
}

/// A length shown in place of a value: `<1234 bytes>`.
struct Bytes(usize);

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// Why a plan input, or one of its plan-level fields, was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
    /// The input is not a JSON object of optional strings (`plan.invalid_json`).
    InvalidJson {
        /// Line of the error, from 1 (0 when the input ended early).
        line: usize,
        /// Column of the error, from 1.
        column: usize,
        /// What the JSON parser reported.
        message: String,
    },
    /// The Authentication Profile description cannot be used (`description.invalid`).
    InvalidDescription {
        /// What is wrong, in English.
        reason: String,
    },
}

impl fmt::Display for PlanError {
    /// `InvalidJson` gives the parser's message with line and column; `InvalidDescription` says
    /// what is wrong with the description.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::InvalidJson { message, .. } => write!(
                f,
                "The plan input is not a JSON object whose fields are strings or null: {message}."
            ),
            PlanError::InvalidDescription { reason } => write!(
                f,
                "The Authentication Profile description cannot be used: {reason}. Leave it empty for \
                 \"{DEFAULT_DESCRIPTION}\"."
            ),
        }
    }
}

impl std::error::Error for PlanError {}

impl Coded for PlanError {
    fn code(&self) -> &'static str {
        match self {
            PlanError::InvalidJson { .. } => PlanCode::InvalidJson,
            PlanError::InvalidDescription { .. } => PlanCode::InvalidDescription,
        }
        .code()
    }
}
