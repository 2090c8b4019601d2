//! The Mimecast account code: the last segment of the SAML Identifier, in capitals.
//!
//! Microsoft's 2021 "Mimecast Admin Console" tutorial: the Identifier is
//! `https://{region}-api.mimecast.com/sso/<accountcode>`, the account code being shown in the
//! Administration Console under Account > Account Settings > Account Code. Mimecast's account codes
//! are letters and digits (`CUSA12A34`, `CUK5678`); the DESIGN notes ask for capitals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::RegionCode;
use crate::Coded;

/// A valid Mimecast account code: ASCII letters and digits only, in capitals, 3 to 32 characters.
///
/// Parse it with [`FromStr`]: surrounding whitespace is trimmed and letters are upper-cased, so
/// ` cuk1234 ` becomes `CUK1234`. Serialised as that string.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountCode(String);

impl AccountCode {
    /// The fewest characters an account code may have.
    pub const MIN_LEN: usize = 3;
    /// The most characters an account code may have.
    pub const MAX_LEN: usize = 32;

    /// The code, in capitals.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The region its prefix points to; see [`super::Region::suggested_for`].
    pub fn suggested_region(&self) -> Option<super::Region> {
        super::Region::suggested_for(self)
    }
}

impl fmt::Display for AccountCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for AccountCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for AccountCode {
    type Err = AccountCodeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(AccountCodeError::Empty);
        }
        if let Some((index, character)) = trimmed
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            return Err(AccountCodeError::Invalid {
                character,
                position: index + 1,
            });
        }
        // Only ASCII from here on, so the byte length is the character count.
        let length = trimmed.len();
        if length < Self::MIN_LEN {
            return Err(AccountCodeError::TooShort { length });
        }
        if length > Self::MAX_LEN {
            return Err(AccountCodeError::TooLong { length });
        }
        Ok(AccountCode(trimmed.to_ascii_uppercase()))
    }
}

impl TryFrom<&str> for AccountCode {
    type Error = AccountCodeError;

    fn try_from(input: &str) -> Result<Self, Self::Error> {
        input.parse()
    }
}

impl TryFrom<String> for AccountCode {
    type Error = AccountCodeError;

    fn try_from(text: String) -> Result<Self, AccountCodeError> {
        text.parse()
    }
}

impl From<AccountCode> for String {
    fn from(value: AccountCode) -> String {
        value.0
    }
}

/// Why an account code was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountCodeError {
    /// Nothing was given (`account_code.empty`).
    Empty,
    /// A character other than a letter A–Z or a digit (`account_code.invalid`).
    Invalid {
        /// The offending character.
        character: char,
        /// Its position in the trimmed input, counting characters from 1.
        position: usize,
    },
    /// Fewer than [`AccountCode::MIN_LEN`] characters (`account_code.too_short`).
    TooShort {
        /// The number of characters given.
        length: usize,
    },
    /// More than [`AccountCode::MAX_LEN`] characters (`account_code.too_long`).
    TooLong {
        /// The number of characters given.
        length: usize,
    },
}

impl fmt::Display for AccountCodeError {
    /// Says what is wrong and where to find the real value (Administration Console > Account >
    /// Account Settings > Account Code).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const WHERE: &str = "The Mimecast Administration Console shows it under Account > Account \
                             Settings > Account Code (for example CUK1A234).";
        match self {
            AccountCodeError::Empty => write!(f, "Enter the Mimecast account code. {WHERE}"),
            AccountCodeError::Invalid {
                character,
                position,
            } => write!(
                f,
                "An account code has only letters A-Z and digits 0-9, but character {position} is \
                 {character:?}. {WHERE}"
            ),
            AccountCodeError::TooShort { length } => write!(
                f,
                "An account code has at least {} characters; this one has {length}. {WHERE}",
                AccountCode::MIN_LEN
            ),
            AccountCodeError::TooLong { length } => write!(
                f,
                "An account code has at most {} characters; this one has {length}. {WHERE}",
                AccountCode::MAX_LEN
            ),
        }
    }
}

impl std::error::Error for AccountCodeError {}

impl Coded for AccountCodeError {
    fn code(&self) -> &'static str {
        match self {
            AccountCodeError::Empty => RegionCode::AccountCodeEmpty,
            AccountCodeError::Invalid { .. } => RegionCode::AccountCodeInvalid,
            AccountCodeError::TooShort { .. } => RegionCode::AccountCodeTooShort,
            AccountCodeError::TooLong { .. } => RegionCode::AccountCodeTooLong,
        }
        .code()
    }
}
