//! The Entra error explainer: what an AADSTS code, or the whole error page Entra (or Mimecast)
//! showed, means in an Entra → Mimecast SAML setup, and what to change in which console.
//!
//! [`explain_entra_error`] takes what the admin pasted: a bare code (`AADSTS50011`, `50011`), or
//! the text of Entra's "Sorry, but we're having trouble signing you in" page with its message and
//! Troubleshooting details (Request Id, Correlation Id, Timestamp, App id). It reads the code,
//! Entra's message and the IDs by plain string scanning, and returns the likely cause and the fix
//! for this setup, naming the plan's own values when a [`Plan`] is given.
//!
//! Every explanation is checked against Microsoft's "Microsoft Entra authentication and
//! authorization error codes" page
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes>, source
//! dated 2024-04-24) and, where Microsoft has one, the code's SAML troubleshooting article; each
//! rule in `known` names its page, which the explanation carries as [`EntraErrorExplanation::source`].
//! A code without a rule still gets its message and IDs back, with Microsoft's error lookup
//! (<https://login.microsoftonline.com/error?code=NNNN>). Error codes "are subject to change at
//! any time" (Microsoft), so the explanation never depends on the message text, only on the code.

mod known;
mod page;
mod values;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::plan::{Console, Plan};

crate::codes! {
    /// Stable codes of the explainer: its errors, one code per explained error, and the code of
    /// an AADSTS code it has no explanation for.
    pub enum ExplainCode {
        /// Nothing was pasted.
        Empty = "entra_error.empty",
        /// The text holds no AADSTS code and is not a Mimecast sign-on error page.
        NoCode = "entra_error.no_code",
        /// The text is larger than [`MAX_ERROR_TEXT_BYTES`].
        TooLarge = "entra_error.too_large" @ 413,
        /// An AADSTS code without an explanation here: Microsoft's error lookup is the pointer.
        Unknown = "entra_error.unknown",
        /// AADSTS50011: the Reply URL does not match.
        Aadsts50011 = "entra_error.aadsts50011",
        /// AADSTS700016: no application with this Identifier in the tenant.
        Aadsts700016 = "entra_error.aadsts700016",
        /// AADSTS75011: the authentication method does not match the one Mimecast requested.
        Aadsts75011 = "entra_error.aadsts75011",
        /// AADSTS50105: the user is not assigned to the application.
        Aadsts50105 = "entra_error.aadsts50105",
        /// AADSTS50107: the requested federation realm does not exist.
        Aadsts50107 = "entra_error.aadsts50107",
        /// AADSTS7500514: no supported type of SAML response was found.
        Aadsts7500514 = "entra_error.aadsts7500514",
        /// AADSTS750054: no SAML request in the address of Entra's SAML endpoint.
        Aadsts750054 = "entra_error.aadsts750054",
        /// AADSTS50034: the user account is not in the tenant.
        Aadsts50034 = "entra_error.aadsts50034",
        /// AADSTS50126: wrong user name or password.
        Aadsts50126 = "entra_error.aadsts50126",
        /// AADSTS50003: no signing certificate configured for the application.
        Aadsts50003 = "entra_error.aadsts50003",
        /// AADSTS53003: blocked by Conditional Access.
        Aadsts53003 = "entra_error.aadsts53003",
        /// Mimecast's own page after sign-on: it could not validate the user's identity.
        MimecastSaml = "entra_error.mimecast_saml",
    }
}

/// Texts larger than this many bytes (64 KiB) are refused with `entra_error.too_large`; an
/// error page's text is a few kilobytes.
pub const MAX_ERROR_TEXT_BYTES: usize = 64 * 1024;

/// Microsoft's error lookup, which describes every AADSTS code; `?code=` and the number are added.
pub const ERROR_LOOKUP_URL: &str = "https://login.microsoftonline.com/error";

/// Whose page the pasted text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorPage {
    /// Entra's sign-in error page, or an AADSTS code typed alone.
    Entra,
    /// Mimecast's page after Entra signed the user in: no AADSTS code.
    Mimecast,
}

/// One value the fix refers to, taken from the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FixValue {
    /// The console whose field holds it.
    pub console: Console,
    /// The field's name in that console, for example "Reply URL (Assertion Consumer Service URL)".
    pub label: String,
    /// What the field must hold.
    pub value: String,
}

/// What [`explain_entra_error`] read and what it means in this setup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntraErrorExplanation {
    /// The code as Entra writes it, for example `AADSTS50011`; `null` for a Mimecast page.
    pub code: Option<String>,
    /// The code's number, for example 50011; `null` for a Mimecast page.
    pub number: Option<u32>,
    /// Whose page the text came from.
    pub page: ErrorPage,
    /// Whether this helper has an explanation for the code (`false`: see `source`).
    pub known: bool,
    /// The explanation's stable code, for example `entra_error.aadsts50011`, or
    /// `entra_error.unknown`; the page translates `title` by it.
    pub explanation_code: String,
    /// A short English name of the error.
    pub title: String,
    /// The likely cause in an Entra → Mimecast SAML setup, in English.
    pub cause: String,
    /// What to do, one step per entry, naming the console and the menu, in English.
    pub fix: Vec<String>,
    /// The plan's values the fix refers to; empty without a plan.
    pub plan_values: Vec<FixValue>,
    /// Entra's message after the code, as pasted (control characters removed, at most
    /// 1000 characters); `null` for a code typed alone.
    pub message: Option<String>,
    /// The Request Id (or Trace ID) of the failed sign-in, when the text held a GUID there.
    pub request_id: Option<String>,
    /// The Correlation Id, when the text held a GUID there.
    pub correlation_id: Option<String>,
    /// The Timestamp, when the text held an ISO 8601 date and time there.
    pub timestamp: Option<String>,
    /// The App id of the Troubleshooting details, when the text held a GUID there.
    pub app_id: Option<String>,
    /// The Microsoft (or Mimecast) page the explanation is checked against; for an unknown code,
    /// Microsoft's error lookup for it.
    pub source: String,
}

/// Why [`explain_entra_error`] could not read the text.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExplainError {
    /// Nothing was pasted, or only whitespace. Code `entra_error.empty`.
    Empty,
    /// The text holds no AADSTS code and is not Mimecast's sign-on error page.
    /// Code `entra_error.no_code`.
    NoCode,
    /// The text is larger than [`MAX_ERROR_TEXT_BYTES`]. Code `entra_error.too_large`.
    TooLarge {
        /// Size of the text in bytes.
        len: usize,
    },
}

impl fmt::Display for ExplainError {
    /// Says what to paste instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "Nothing was pasted. Paste the error code (for example AADSTS50011) or the whole \
                 text of the error page, with its Troubleshooting details.",
            ),
            Self::NoCode => f.write_str(
                "No AADSTS code was found in this text. Copy the whole error page, including the \
                 line that starts with AADSTS and the Troubleshooting details (Request Id, \
                 Correlation Id, Timestamp), or type the code alone, for example AADSTS50011.",
            ),
            Self::TooLarge { len } => write!(
                f,
                "The text is {len} bytes; an error page is far smaller (at most \
                 {MAX_ERROR_TEXT_BYTES} bytes are read). Paste only the error page's text."
            ),
        }
    }
}

impl std::error::Error for ExplainError {}

impl ExplainError {
    fn kind(&self) -> ExplainCode {
        match self {
            Self::Empty => ExplainCode::Empty,
            Self::NoCode => ExplainCode::NoCode,
            Self::TooLarge { .. } => ExplainCode::TooLarge,
        }
    }
}

impl Coded for ExplainError {
    fn code(&self) -> &'static str {
        self.kind().code()
    }

    fn status(&self) -> u16 {
        self.kind().status()
    }
}

/// Explains an AADSTS code or a pasted error page for this setup. Never panics.
///
/// The first `AADSTS` followed by 5 to 8 digits is the code (`aadsts` in any case); a text that
/// is only such a number, or that has `error code` followed by one (as the Sign-in logs show
/// it), is read as that code. Without a code, Mimecast's page ("we can't validate your
/// identity … likely to be caused by a SAML issue") is recognised. The message is the rest of
/// the code's line; Request Id (or Trace ID), Correlation Id and App id are kept only when they
/// are GUIDs, and Timestamp only when it is an ISO 8601 date and time, so nothing else pasted is
/// echoed. With `plan`, the fix's values come from it.
pub fn explain_entra_error(
    text: &str,
    plan: Option<&Plan>,
) -> Result<EntraErrorExplanation, ExplainError> {
    if text.len() > MAX_ERROR_TEXT_BYTES {
        return Err(ExplainError::TooLarge { len: text.len() });
    }
    if text.trim().is_empty() {
        return Err(ExplainError::Empty);
    }
    let pasted = page::read(text);
    let (advice, page) = match pasted.number {
        Some(number) => (known::for_number(number), ErrorPage::Entra),
        None if pasted.mimecast => (Some(&known::MIMECAST), ErrorPage::Mimecast),
        None => return Err(ExplainError::NoCode),
    };
    let mut explanation = match (advice, pasted.number) {
        (Some(advice), number) => EntraErrorExplanation {
            code: number.map(|n| format!("AADSTS{n}")),
            number,
            page,
            known: true,
            explanation_code: advice.code.code().to_owned(),
            title: advice.title.to_owned(),
            cause: advice.cause.to_owned(),
            fix: advice.fix.iter().map(|step| (*step).to_owned()).collect(),
            plan_values: plan.map(advice.values).unwrap_or_default(),
            message: None,
            request_id: None,
            correlation_id: None,
            timestamp: None,
            app_id: None,
            source: advice.source.to_owned(),
        },
        (None, Some(number)) => unknown(number),
        // A page without a number always has advice (Mimecast's); kept total for safety.
        (None, None) => return Err(ExplainError::NoCode),
    };
    explanation.message = pasted.message;
    explanation.request_id = pasted.request_id;
    explanation.correlation_id = pasted.correlation_id;
    explanation.timestamp = pasted.timestamp;
    explanation.app_id = pasted.app_id;
    Ok(explanation)
}

/// The explanation of a code without a rule: what was read, and Microsoft's lookup for it.
fn unknown(number: u32) -> EntraErrorExplanation {
    let lookup = format!("{ERROR_LOOKUP_URL}?code={number}");
    EntraErrorExplanation {
        code: Some(format!("AADSTS{number}")),
        number: Some(number),
        page: ErrorPage::Entra,
        known: false,
        explanation_code: ExplainCode::Unknown.code().to_owned(),
        title: format!("AADSTS{number}: not explained here"),
        cause: format!(
            "This helper has no explanation of AADSTS{number} for an Entra to Mimecast SAML \
             setup. Microsoft's error lookup describes every code."
        ),
        fix: vec![
            format!("Open {lookup} for Microsoft's description and suggested fix."),
            "In Entra admin center > Entra ID > Monitoring & health > Sign-in logs, find this \
             sign-in by its Request Id or Correlation Id: its Failure reason and Additional \
             details often name the setting to change."
                .to_owned(),
            "If you contact Microsoft support, give the Request Id, Correlation Id and Timestamp \
             of the error page."
                .to_owned(),
        ],
        plan_values: Vec::new(),
        message: None,
        request_id: None,
        correlation_id: None,
        timestamp: None,
        app_id: None,
        source: lookup,
    }
}
