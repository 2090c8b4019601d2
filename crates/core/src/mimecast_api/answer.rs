//! Reading the `data` of an answer, the Worker's (`{"data":[…]}`) or Mimecast's whole envelope
//! (`{"meta","data","fail"}`) alike, with one error for an answer that is not what the reference
//! describes.

use std::fmt;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::MimecastCode;
use super::operation::Operation;
use crate::Coded;

/// An answer that does not have the shape Mimecast's reference gives for its operation
/// (`mimecast.answer_invalid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerError {
    /// The operation whose answer it was.
    pub operation: Operation,
    /// What was wrong, without repeating the answer.
    pub detail: String,
}

impl AnswerError {
    /// An error about `operation`'s answer.
    pub fn new(operation: Operation, detail: impl Into<String>) -> Self {
        Self {
            operation,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Mimecast's answer to {} could not be read: {}.",
            self.operation.path(),
            self.detail
        )
    }
}

impl std::error::Error for AnswerError {}

impl Coded for AnswerError {
    fn code(&self) -> &'static str {
        MimecastCode::AnswerInvalid.code()
    }

    fn status(&self) -> u16 {
        MimecastCode::AnswerInvalid.status()
    }
}

#[derive(Deserialize)]
struct Data<T> {
    data: T,
}

/// The `data` of `operation`'s answer as `T`.
pub(super) fn read_data<T: DeserializeOwned>(
    operation: Operation,
    body: &[u8],
) -> Result<T, AnswerError> {
    serde_json::from_slice::<Data<T>>(body)
        .map(|answer| answer.data)
        .map_err(|e| {
            let text = e.to_string();
            let detail = if e.is_syntax() || e.is_eof() {
                "it is not JSON".to_owned()
            } else if text.starts_with("missing field") {
                // Names the field, never a value.
                text.split(" at line").next().unwrap_or_default().to_owned()
            } else {
                "a field has another type than the reference gives".to_owned()
            };
            AnswerError::new(operation, detail)
        })
}
