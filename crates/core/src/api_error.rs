//! The one JSON error shape of the Worker's API, `{"error":{"code","message","field"?,"retryable"}}`:
//! written by the Worker, read back by the page, the command line and the run engine.
//!
//! An error is made from a typed code ([`Coded`]: `region.unknown`, `upstream.timeout`, …), which
//! gives it its HTTP status and whether a retry may help; codes Mimecast returns in its `fail[]`
//! list (`err_…`) are passed through unchanged, with the status of
//! [`UpstreamError::Rejected`](crate::mimecast_api::UpstreamError::Rejected).

use serde::{Deserialize, Serialize};

use crate::Coded;

/// One error, as the API returns it inside `{"error": …}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable machine code: one of [`crate::all_codes`] or a Mimecast `err_…` code.
    pub code: String,
    /// The HTTP status the Worker answers with (not in the JSON; 0 when read back from JSON).
    #[serde(skip)]
    status: u16,
    /// English explanation for a person.
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Whether sending the same request again later may succeed.
    pub retryable: bool,
    /// Every failure Mimecast listed, when the error comes from its `fail[]` list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

/// One entry of Mimecast's `fail[].errors[]`, with the `fail[].key` it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Mimecast's code, for example `err_validation_duplicate_user`.
    pub code: String,
    /// Mimecast's message.
    pub message: String,
    /// Mimecast's retryable flag.
    pub retryable: bool,
}

/// The JSON body: `{"error": ApiError}`.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// The error.
    pub error: &'a ApiError,
}

impl ApiError {
    /// An error with `code`'s text, HTTP status and retry flag, and `message`.
    pub fn new(code: impl Coded, message: impl Into<String>) -> Self {
        Self {
            code: code.code().to_owned(),
            status: code.status(),
            message: message.into(),
            field: None,
            retryable: code.retryable(),
            details: Vec::new(),
        }
    }

    /// An error built from a coded core error and its `Display` text.
    pub fn from_coded<E: Coded + std::fmt::Display + ?Sized>(error: &E) -> Self {
        Self {
            code: error.code().to_owned(),
            status: error.status(),
            message: error.to_string(),
            field: None,
            retryable: error.retryable(),
            details: Vec::new(),
        }
    }

    /// The HTTP status the Worker answers this error with, from its code (0 for an error read
    /// back from JSON, which does not carry it).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether this error has `code`.
    pub fn is(&self, code: impl Coded) -> bool {
        self.code == code.code()
    }

    /// The same error with another code's text, keeping its status: Mimecast's own `err_…` code
    /// in place of ours.
    #[must_use]
    pub fn with_code(mut self, code: &str) -> Self {
        code.clone_into(&mut self.code);
        self
    }

    /// The same error, about request field `field`.
    #[must_use]
    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// The JSON text `{"error":{…}}`.
    pub fn to_json(&self) -> String {
        // Only strings, booleans and lists of them: serialising cannot fail, but if it did the
        // answer would still be the error shape.
        serde_json::to_string(&ErrorBody { error: self }).unwrap_or_else(|_| {
            format!(
                r#"{{"error":{{"code":{:?},"message":"error","retryable":false}}}}"#,
                self.code
            )
        })
    }
}
