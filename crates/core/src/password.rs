//! The minimum password policy: one rule, with one set of codes, for every password the helper
//! sends to Mimecast: one user through the proxy's `create-user` and `update-user` routes, a batch
//! through `users:batch`, a CSV file and the page's form.
//!
//! The policy is ours, a floor under whatever the Mimecast account enforces: 8 to 128 characters,
//! three of the four kinds (lowercase, capitals, digits, symbols), no control character and no
//! space at either end. No message ever repeats the password.

use std::fmt;

use crate::finding::Finding;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password accepted, in characters.
pub const MAX_PASSWORD_CHARS: usize = 128;

crate::codes! {
    /// Why a password is refused. As a request's error, each is a 400 with field `password`.
    pub enum PasswordError {
        /// No password where one is needed.
        Required = "user.password_required",
        /// Fewer characters than the policy.
        TooShort = "user.password_too_short",
        /// More characters than the policy.
        TooLong = "user.password_too_long",
        /// Fewer than three kinds of characters.
        Weak = "user.password_weak",
        /// Control characters or spaces at an end.
        Invalid = "user.password_invalid",
    }
}

impl fmt::Display for PasswordError {
    /// What is wrong and what to type instead, without the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => write!(
                f,
                "No password was given: type one of at least {MIN_PASSWORD_CHARS} characters."
            ),
            Self::TooShort => write!(
                f,
                "The password is too short: use at least {MIN_PASSWORD_CHARS} characters."
            ),
            Self::TooLong => write!(
                f,
                "The password is too long: use at most {MAX_PASSWORD_CHARS} characters."
            ),
            Self::Weak => f.write_str(
                "The password is too simple: mix at least three of lowercase letters, capitals, digits and symbols.",
            ),
            Self::Invalid => f.write_str(
                "The password holds a control character or starts or ends with a space.",
            ),
        }
    }
}

impl std::error::Error for PasswordError {}

/// Checks `password` against the policy; the first rule it breaks, in the order: given, length,
/// characters, kinds.
pub fn check(password: &str) -> Result<(), PasswordError> {
    let count = password.chars().count();
    if count == 0 {
        return Err(PasswordError::Required);
    }
    if count < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if count > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    if password.chars().any(char::is_control) || password.trim() != password {
        return Err(PasswordError::Invalid);
    }
    let kinds = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if kinds.iter().filter(|k| **k).count() < 3 {
        return Err(PasswordError::Weak);
    }
    Ok(())
}

/// [`check`] as an error-severity finding, for the form, the CSV reader and the batch route.
pub fn check_password(password: &str) -> Result<(), Finding> {
    check(password).map_err(|error| Finding::from_error(&error))
}
