//! Microsoft Entra ID values: the tenant ID and application ID, and the SAML URLs Mimecast needs
//! from them (Issuer, Login URL, Logout URL, app federation metadata URL).
//!
//! Sources: Microsoft's 2018 tutorial tells the admin to copy "SAML Entity ID", "SAML Single
//! Sign-On Service URL" and "Sign-Out URL" into Mimecast's Issuer URL, Login URL and Logout URL.
//! For a tenant those are `https://sts.windows.net/{tenant-id}/` (with its trailing slash) and
//! `https://login.microsoftonline.com/{tenant-id}/saml2` (the same URL for sign-in and sign-out), as
//! the Entra "Set up single sign-on with SAML" page shows them. Microsoft's 2021 "Mimecast Admin
//! Console" tutorial uses the App Federation Metadata URL
//! `https://login.microsoftonline.com/{tenant-id}/federationmetadata/2007-06/federationmetadata.xml?appid={app-id}`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::text::shorten;

crate::codes! {
    /// Stable codes of this module: every error it can emit.
    pub enum EntraCode {
        /// No tenant ID was given.
        TenantEmpty = "tenant.empty",
        /// A domain name where the tenant ID (a GUID) belongs.
        TenantDomainName = "tenant.domain_name",
        /// Not a GUID.
        TenantInvalid = "tenant.invalid",
        /// No application ID was given.
        AppIdEmpty = "app_id.empty",
        /// Not a GUID.
        AppIdInvalid = "app_id.invalid",
    }
}

/// The Microsoft Entra admin center, where the tenant ID, the enterprise application and its SAML
/// settings are.
pub const ENTRA_ADMIN_CENTER_URL: &str = "https://entra.microsoft.com/";

/// A Microsoft Entra tenant ID: a GUID, kept in lowercase hyphenated form
/// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`).
///
/// Parsed with [`FromStr`]: any case, with or without braces or hyphens, surrounding whitespace
/// ignored. A domain name such as `contoso.onmicrosoft.com` is refused with its own code
/// (`tenant.domain_name`), since it is the most common mistake.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

/// The Application ID (client ID) of the Mimecast enterprise application in Entra: a GUID, kept in
/// lowercase hyphenated form. Parsed like [`TenantId`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AppId(String);

impl TenantId {
    /// The GUID, lowercase and hyphenated.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Entra's "Microsoft Entra Identifier" (SAML Entity ID), Mimecast's Issuer URL:
    /// `https://sts.windows.net/{tenant-id}/`, with the trailing slash (without it, the issuer of
    /// the SAML response does not match and Mimecast refuses it).
    pub fn issuer(&self) -> String {
        format!("https://sts.windows.net/{}/", self.0)
    }

    /// Entra's "Login URL" (SAML Single Sign-On Service URL), Mimecast's Login URL:
    /// `https://login.microsoftonline.com/{tenant-id}/saml2`.
    pub fn login_url(&self) -> String {
        format!("https://login.microsoftonline.com/{}/saml2", self.0)
    }

    /// Entra's "Logout URL" (Sign-Out URL), Mimecast's Logout URL: the same
    /// `https://login.microsoftonline.com/{tenant-id}/saml2` as the Login URL.
    pub fn logout_url(&self) -> String {
        self.login_url()
    }

    /// The enterprise application's "App Federation Metadata Url":
    /// `https://login.microsoftonline.com/{tenant-id}/federationmetadata/2007-06/federationmetadata.xml?appid={app-id}`.
    pub fn federation_metadata_url(&self, app: &AppId) -> String {
        format!(
            "https://login.microsoftonline.com/{}/federationmetadata/2007-06/federationmetadata.xml?appid={}",
            self.0, app.0
        )
    }
}

impl AppId {
    /// The GUID, lowercase and hyphenated.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for TenantId {
    type Err = EntraError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EntraError::TenantEmpty);
        }
        if let Some(domain) = domain_name(trimmed) {
            return Err(EntraError::TenantDomainName {
                domain: shorten(domain),
            });
        }
        parse_guid(trimmed)
            .map(TenantId)
            .map_err(|problem| EntraError::TenantInvalid { problem })
    }
}

impl FromStr for AppId {
    type Err = EntraError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EntraError::AppIdEmpty);
        }
        parse_guid(trimmed)
            .map(AppId)
            .map_err(|problem| EntraError::AppIdInvalid { problem })
    }
}

/// The domain part when `text` looks like a domain name (`contoso.onmicrosoft.com`) or a sign-in
/// name (`admin@contoso.com`) rather than a GUID.
fn domain_name(text: &str) -> Option<&str> {
    let domain = text.rsplit_once('@').map_or(text, |(_, domain)| domain);
    let labels: Vec<&str> = domain.split('.').collect();
    let looks_like_domain = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic));
    looks_like_domain.then_some(domain)
}

/// The number of hexadecimal digits in a GUID.
const GUID_DIGITS: usize = 32;

/// A GUID in lowercase hyphenated form, from 32 hexadecimal digits, optionally in braces and
/// optionally split 8-4-4-4-12 by hyphens.
fn parse_guid(text: &str) -> Result<String, GuidProblem> {
    let inner = match (text.strip_prefix('{'), text.ends_with('}')) {
        (Some(rest), true) => rest.strip_suffix('}').unwrap_or(rest),
        (None, false) => text,
        _ => return Err(GuidProblem::UnbalancedBraces),
    };
    // Positions are reported in the trimmed input, counting characters from 1.
    let offset = usize::from(inner.len() != text.len());
    if let Some((index, character)) = inner
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_hexdigit() || *c == '-'))
    {
        return Err(GuidProblem::BadCharacter {
            character,
            position: index + 1 + offset,
        });
    }
    let digits: String = inner.chars().filter(|c| *c != '-').collect();
    if digits.len() != GUID_DIGITS {
        return Err(GuidProblem::WrongLength {
            digits: digits.len(),
        });
    }
    let hyphens: Vec<usize> = inner.match_indices('-').map(|(i, _)| i).collect();
    if !(hyphens.is_empty() || hyphens == [8, 13, 18, 23]) {
        return Err(GuidProblem::MisplacedHyphens);
    }
    let digits = digits.to_ascii_lowercase();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &digits[0..8],
        &digits[8..12],
        &digits[12..16],
        &digits[16..20],
        &digits[20..32]
    ))
}

macro_rules! guid_serde {
    ($ty:ty) => {
        impl TryFrom<String> for $ty {
            type Error = EntraError;

            fn try_from(text: String) -> Result<Self, EntraError> {
                text.parse()
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
    };
}

guid_serde!(TenantId);
guid_serde!(AppId);

/// What is wrong with text given as a GUID.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GuidProblem {
    /// A character that is neither a hexadecimal digit nor a hyphen.
    BadCharacter {
        /// The offending character.
        character: char,
        /// Its position in the trimmed input, counting characters from 1.
        position: usize,
    },
    /// Not 32 hexadecimal digits.
    WrongLength {
        /// How many hexadecimal digits were given.
        digits: usize,
    },
    /// Hyphens that do not split the digits 8-4-4-4-12.
    MisplacedHyphens,
    /// An opening brace without a closing one, or the reverse.
    UnbalancedBraces,
}

impl fmt::Display for GuidProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuidProblem::BadCharacter {
                character,
                position,
            } => write!(
                f,
                "character {position} is {character:?}, which is not a hexadecimal digit (0-9, a-f)"
            ),
            GuidProblem::WrongLength { digits } => write!(
                f,
                "it has {digits} hexadecimal digits where a GUID has {GUID_DIGITS}"
            ),
            GuidProblem::MisplacedHyphens => {
                f.write_str("its hyphens do not split the digits 8-4-4-4-12")
            }
            GuidProblem::UnbalancedBraces => f.write_str("its braces { } are not paired"),
        }
    }
}

/// Why a tenant ID or application ID was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntraError {
    /// No tenant ID was given (`tenant.empty`).
    TenantEmpty,
    /// A domain name was given instead of the tenant ID (`tenant.domain_name`).
    TenantDomainName {
        /// The domain given, shortened for display.
        domain: String,
    },
    /// The tenant ID is not a GUID (`tenant.invalid`).
    TenantInvalid {
        /// What is wrong with it.
        problem: GuidProblem,
    },
    /// No application ID was given (`app_id.empty`).
    AppIdEmpty,
    /// The application ID is not a GUID (`app_id.invalid`).
    AppIdInvalid {
        /// What is wrong with it.
        problem: GuidProblem,
    },
}

/// Where the admin finds the tenant ID.
const TENANT_WHERE: &str = "Find it in the Microsoft Entra admin center (https://entra.microsoft.com/) \
                            > Overview > Tenant ID; it looks like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.";

/// Where the admin finds the application ID.
const APP_WHERE: &str = "Find it in the Microsoft Entra admin center > Enterprise applications > \
                         (the Mimecast application) > Overview > Application ID; it looks like \
                         xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.";

impl fmt::Display for EntraError {
    /// Says what is wrong and where in the Entra admin center the right value is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntraError::TenantEmpty => write!(f, "Enter the Entra tenant ID. {TENANT_WHERE}"),
            EntraError::TenantDomainName { domain } => write!(
                f,
                "\"{domain}\" is a domain name, but the SAML URLs need the tenant ID, a GUID. \
                 {TENANT_WHERE}"
            ),
            EntraError::TenantInvalid { problem } => {
                write!(f, "The tenant ID is not a GUID: {problem}. {TENANT_WHERE}")
            }
            EntraError::AppIdEmpty => write!(f, "Enter the application ID. {APP_WHERE}"),
            EntraError::AppIdInvalid { problem } => {
                write!(
                    f,
                    "The application ID is not a GUID: {problem}. {APP_WHERE}"
                )
            }
        }
    }
}

impl std::error::Error for EntraError {}

impl Coded for EntraError {
    fn code(&self) -> &'static str {
        match self {
            EntraError::TenantEmpty => EntraCode::TenantEmpty,
            EntraError::TenantDomainName { .. } => EntraCode::TenantDomainName,
            EntraError::TenantInvalid { .. } => EntraCode::TenantInvalid,
            EntraError::AppIdEmpty => EntraCode::AppIdEmpty,
            EntraError::AppIdInvalid { .. } => EntraCode::AppIdInvalid,
        }
        .code()
    }
}
