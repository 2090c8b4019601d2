//! Mimecast regions and the SAML values each one gives the Entra side: Sign-on URL, Reply URL and
//! Identifier.
//!
//! Sources:
//! - Microsoft's 2018 tutorial ("Azure Active Directory integration with Mimecast Personal Portal")
//!   lists Europe, United States, South Africa, Australia and Offshore with the Sign-on and Reply URL
//!   `https://{region}-api.mimecast.com/login/saml` and the Identifier
//!   `https://{region}-api.mimecast.com/sso/`; its 2021 "Mimecast Admin Console" tutorial appends
//!   the account code to the Identifier (`…/sso/<accountcode>`) and lists the regional
//!   Administration Console login pages.
//! - Mimecast's "Identifying Mimecast Regions" article maps account code prefixes to regions
//!   (CUK Europe excluding Germany, CDE Germany, CUSA United States A grid, CUSB United States B grid,
//!   CCA Canada, CSA South Africa, CAU Australia).
//! - Mimecast's API base URL list gives the hosts of Germany, the US B grid, Canada and US Public
//!   Sector, and the offshore API host `je-api.mimecast.com`. Microsoft's tutorials use
//!   `jer-api.mimecast.com` for the offshore SAML URLs, so each region keeps a SAML host and an API
//!   host and neither is derived from the other.
//!
//! The account code ([`AccountCode`]) and the 2016 tutorial's legacy sign-on URLs
//! ([`LegacySignOnUrl`]) live in submodules and are re-exported here.

mod account_code;
mod legacy;
mod table;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::finding::{Finding, Severity};
use crate::text::safe_prefix;

pub use account_code::{AccountCode, AccountCodeError};
pub use legacy::{LegacySignOnUrl, LegacySignOnUrlError};

crate::codes! {
    /// Stable codes of this module and its submodules: every error and finding code they can emit.
    pub enum RegionCode {
        /// No region was given.
        Empty = "region.empty",
        /// Not one of the region codes.
        Unknown = "region.unknown",
        /// The account code's prefix points to another region (warning).
        Mismatch = "region.mismatch",
        /// No account code was given.
        AccountCodeEmpty = "account_code.empty",
        /// A character other than A-Z and 0-9.
        AccountCodeInvalid = "account_code.invalid",
        /// Fewer characters than an account code has.
        AccountCodeTooShort = "account_code.too_short",
        /// More characters than an account code has.
        AccountCodeTooLong = "account_code.too_long",
        /// The legacy sign-on URL is empty.
        SignOnEmpty = "signon.empty",
        /// The legacy sign-on URL is not https.
        SignOnNotHttps = "signon.not_https",
        /// The legacy sign-on URL's host is not under mimecast.com.
        SignOnNotMimecast = "signon.not_mimecast",
        /// The legacy sign-on URL is not a usable URL.
        SignOnInvalid = "signon.invalid",
        /// A legacy sign-on URL: accepted, the current form preferred (info).
        SignOnLegacy = "signon.legacy",
        /// A region's current Sign on URL given as a legacy one.
        SignOnCurrent = "signon.current",
    }
}

/// Mimecast's global Administration Console login page: it asks for the email address and redirects
/// to the account's region, so it serves every region.
pub const GLOBAL_ADMIN_CONSOLE_URL: &str = "https://login.mimecast.com/u/login/?gta=administration";

/// A Mimecast region (data centre grid): where the account's data lives, not where the admin is.
///
/// Serialised as its lowercase code (`"eu"`, `"jer"`, …); parsed with [`FromStr`], which ignores
/// case and surrounding spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Region {
    /// Europe (excluding Germany): `eu`, account codes `CUK…`.
    Eu,
    /// Germany: `de`, account codes `CDE…`.
    De,
    /// United States, A grid: `us`, account codes `CUSA…`.
    Us,
    /// United States, B grid: `usb`, account codes `CUSB…`.
    Usb,
    /// Canada: `ca`, account codes `CCA…`.
    Ca,
    /// South Africa: `za`, account codes `CSA…`.
    Za,
    /// Australia: `au`, account codes `CAU…`.
    Au,
    /// Offshore (Jersey): `jer`; SAML on `jer-api.mimecast.com`, API on `je-api.mimecast.com`.
    Jer,
    /// US Public Sector: `uspcom`, on `uspcom-api.mimecast-pscom-us.com`.
    Uspcom,
}

impl Region {
    /// Every region, in the order the page lists them.
    pub const ALL: [Region; 9] = [
        Region::Eu,
        Region::De,
        Region::Us,
        Region::Usb,
        Region::Ca,
        Region::Za,
        Region::Au,
        Region::Jer,
        Region::Uspcom,
    ];

    /// The lowercase code, as in the URLs and the JSON: `eu`, `de`, `us`, `usb`, `ca`, `za`, `au`,
    /// `jer`, `uspcom`.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The English name Mimecast uses for the region, for example `Europe (excluding Germany)`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The host of the SAML endpoints, for example `eu-api.mimecast.com` (offshore:
    /// `jer-api.mimecast.com`, as in Microsoft's tutorials).
    pub fn saml_host(self) -> &'static str {
        self.info().saml_host
    }

    /// The host API clients call, for example `eu-api.mimecast.com` (offshore:
    /// `je-api.mimecast.com`, as in Mimecast's API base URL list).
    pub fn api_host(self) -> &'static str {
        self.info().api_host
    }

    /// The account code prefix Mimecast gives accounts of this region (`CUK`, `CUSB`, …), if any.
    pub fn account_code_prefix(self) -> Option<&'static str> {
        self.info().account_prefix
    }

    /// The Administration Console login page for the region.
    ///
    /// Microsoft's 2021 "Mimecast Admin Console" tutorial lists the regional pages of Europe, the
    /// United States, South Africa, Australia and Offshore; the other regions get Mimecast's global
    /// login page ([`GLOBAL_ADMIN_CONSOLE_URL`]), which redirects by email address.
    pub fn admin_console_url(self) -> &'static str {
        self.info().admin_console_url
    }

    /// Entra's "Sign on URL": `https://{saml host}/login/saml`.
    pub fn sign_on_url(self) -> String {
        format!("https://{}/login/saml", self.saml_host())
    }

    /// Entra's "Reply URL (Assertion Consumer Service URL)": `https://{saml host}/login/saml`, the
    /// same value as the Sign-on URL.
    pub fn reply_url(self) -> String {
        self.sign_on_url()
    }

    /// Entra's "Identifier (Entity ID)": `https://{saml host}/sso/{ACCOUNTCODE}`, the account code
    /// in capitals.
    pub fn identifier(self, account: &AccountCode) -> String {
        format!("https://{}/sso/{}", self.saml_host(), account.as_str())
    }

    /// The region an account code's prefix points to (`CUK…` → Europe, `CUSB…` → United States B
    /// grid, …), or `None` when the prefix is not one Mimecast documents.
    pub fn suggested_for(account: &AccountCode) -> Option<Region> {
        // The prefixes are distinct (CUSA and CUSB differ in their fourth letter), so the first
        // match is the only one; longest prefixes come first all the same.
        const BY_PREFIX: [(&str, Region); 7] = [
            ("CUSA", Region::Us),
            ("CUSB", Region::Usb),
            ("CUK", Region::Eu),
            ("CDE", Region::De),
            ("CCA", Region::Ca),
            ("CSA", Region::Za),
            ("CAU", Region::Au),
        ];
        BY_PREFIX
            .iter()
            .find(|(prefix, _)| account.as_str().starts_with(prefix))
            .map(|&(_, region)| region)
    }

    /// A `region.mismatch` warning (about the `region` field) when the account code's prefix points
    /// to another region; `None` when they agree or the prefix says nothing.
    pub fn check_account_code(self, account: &AccountCode) -> Option<Finding> {
        let suggested = Region::suggested_for(account)?;
        (suggested != self).then(|| {
            Finding::new(
                Severity::Warning,
                RegionCode::Mismatch,
                format!(
                    "The account code {account} starts with {prefix}, which Mimecast gives to accounts in \
                     {suggested_name} ({suggested_code}), but the region chosen is {name} ({code}). \
                     Check the region: the SAML URLs of the wrong region fail to sign in.",
                    prefix = suggested.account_code_prefix().unwrap_or_default(),
                    suggested_name = suggested.name(),
                    suggested_code = suggested.code(),
                    name = self.name(),
                    code = self.code(),
                ),
            )
            .with_field("region")
        })
    }
}

impl fmt::Display for Region {
    /// The lowercase code, so that `region.to_string().parse()` gives the region back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The most characters of an unknown region echoed back: region codes are at most six.
const MAX_ECHO_CHARS: usize = 16;

/// The list of valid codes, for messages: `eu, de, us, usb, ca, za, au, jer, uspcom`.
fn valid_codes() -> String {
    Region::ALL
        .iter()
        .map(|region| region.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Region {
    type Err = RegionError;

    /// Parses a region code, ignoring case and surrounding whitespace. `je` (the offshore API
    /// host's label) is accepted for `jer`.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(RegionError::Empty);
        }
        if trimmed.eq_ignore_ascii_case("je") {
            return Ok(Region::Jer);
        }
        Region::ALL
            .into_iter()
            .find(|region| trimmed.eq_ignore_ascii_case(region.code()))
            .ok_or_else(|| RegionError::Unknown {
                input: safe_prefix(trimmed, MAX_ECHO_CHARS).unwrap_or_default(),
            })
    }
}

impl TryFrom<String> for Region {
    type Error = RegionError;

    fn try_from(text: String) -> Result<Self, RegionError> {
        text.parse()
    }
}

impl From<Region> for String {
    fn from(value: Region) -> String {
        value.code().to_owned()
    }
}

/// Why a region could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegionError {
    /// No region was given (`region.empty`).
    Empty,
    /// The text is not one of the region codes (`region.unknown`).
    Unknown {
        /// At most 16 characters of the text given, trimmed, with anything but ASCII letters,
        /// digits, spaces, `-`, `_` and `.` replaced by `?`; empty when the text looks like PEM
        /// or base64 (a pasted certificate or key is never echoed).
        input: String,
    },
}

impl fmt::Display for RegionError {
    /// `Empty`: asks for a region and lists the codes. `Unknown`: names the text and lists the codes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionError::Empty => write!(
                f,
                "Choose the Mimecast region of the account (one of {}). The account code's prefix \
                 shows it: CUK Europe, CDE Germany, CUSA United States, CUSB United States B grid, \
                 CCA Canada, CSA South Africa, CAU Australia.",
                valid_codes()
            ),
            RegionError::Unknown { input } if input.is_empty() => write!(
                f,
                "That is not a Mimecast region; use one of {}.",
                valid_codes()
            ),
            RegionError::Unknown { input } => write!(
                f,
                "\"{input}\" is not a Mimecast region; use one of {}.",
                valid_codes()
            ),
        }
    }
}

impl std::error::Error for RegionError {}

impl Coded for RegionError {
    fn code(&self) -> &'static str {
        match self {
            RegionError::Empty => RegionCode::Empty,
            RegionError::Unknown { .. } => RegionCode::Unknown,
        }
        .code()
    }
}
