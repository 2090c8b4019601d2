//! A refusal or failure either module shows: a core or Mimecast code with its English message
//! (translated by code), or a `ui.*` key of the module's own.

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::{Coded, Finding};

/// A refusal or failure: a core or Mimecast code with its English message, or a `ui.*` key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub code: String,
    pub message: String,
}

impl Problem {
    /// A problem the module itself names with a `ui.*` key.
    pub fn ui(key: &str) -> Self {
        Self {
            code: key.to_owned(),
            message: String::new(),
        }
    }

    /// A core error's code and English message.
    pub fn of<E: Coded + std::fmt::Display + ?Sized>(error: &E) -> Self {
        Self {
            code: error.code().to_owned(),
            message: error.to_string(),
        }
    }
}

impl From<ApiError> for Problem {
    fn from(error: ApiError) -> Self {
        Self {
            code: error.code,
            message: error.message,
        }
    }
}

impl From<Finding> for Problem {
    fn from(finding: Finding) -> Self {
        Self {
            code: finding.code,
            message: finding.message,
        }
    }
}
