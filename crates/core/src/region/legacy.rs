//! Legacy sign-on URLs: the `https://webmail-xx.mimecast.com` form of Microsoft's 2016 tutorial.
//!
//! Microsoft's 2016 (classic portal) tutorial asked for the URL users sign in at, "for example
//! `https://webmail-fr.mimecast.com` or `https://webmail-be.mimecast.com`"; since its 2018 tutorial the
//! Sign-on URL is `https://{region}-api.mimecast.com/login/saml` ([`super::Region::sign_on_url`]).
//! A legacy URL is accepted, with a `signon.legacy` note, when it is `https` and its host is under
//! `mimecast.com`. The check is by hand and strict: one scheme, no user information, no port other
//! than 443, a host of ASCII letters, digits, hyphens and dots only, so that
//! `https://evil.com/.mimecast.com`, `https://mimecast.com.evil.com` and
//! `https://webmail.mimecast.com@evil.com` are all refused.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::finding::{Coded, Finding, Severity};

use super::{Region, shorten};

/// The parent domain every legacy sign-on host must be under.
const MIMECAST_DOMAIN: &str = "mimecast.com";

/// The longest URL accepted, in bytes.
const MAX_LEN: usize = 2048;

/// A legacy Mimecast sign-on URL such as `https://webmail-fr.mimecast.com`, checked and normalised
/// (scheme and host in lowercase, a `:443` port dropped, the rest as given).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LegacySignOnUrl {
    url: String,
    host_len: usize,
}

impl LegacySignOnUrl {
    /// The normalised URL.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The host, in lowercase, for example `webmail-fr.mimecast.com`.
    pub fn host(&self) -> &str {
        let start = "https://".len();
        &self.url[start..start + self.host_len]
    }

    /// The `signon.legacy` note (about the `legacySignOnUrl` field): accepted, but the 2018+ form
    /// is preferred; with the account's `region`, the note gives that region's Sign-on URL.
    pub fn finding(&self, region: Option<Region>) -> Finding {
        let preferred = match region {
            Some(region) => format!(
                "{} (the Sign on URL for {})",
                region.sign_on_url(),
                region.name()
            ),
            None => "https://{region}-api.mimecast.com/login/saml".to_owned(),
        };
        Finding::new(
            Severity::Info,
            "signon.legacy",
            format!(
                "{} is a legacy sign-on URL from Microsoft's 2016 tutorial. It is accepted, but \
                 Microsoft's tutorials since 2018 use {preferred}; prefer that form.",
                self.url
            ),
        )
        .with_field("legacySignOnUrl")
    }
}

impl fmt::Display for LegacySignOnUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl FromStr for LegacySignOnUrl {
    type Err = LegacySignOnUrlError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        use LegacySignOnUrlError as E;

        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(E::Empty);
        }
        if trimmed.len() > MAX_LEN {
            return Err(E::Invalid {
                reason: format!("it is longer than {MAX_LEN} characters"),
            });
        }
        let rest = match strip_prefix_ignore_case(trimmed, "https://") {
            Some(rest) => rest,
            None => return Err(E::NotHttps),
        };
        if let Some(c) = trimmed
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || *c == '\\')
        {
            return Err(E::Invalid {
                reason: format!("it contains {c:?}, which a URL cannot hold as typed"),
            });
        }
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if authority.contains('@') {
            return Err(E::Invalid {
                reason: "it has user information before an @, which can hide the real host"
                    .to_owned(),
            });
        }
        let host = match authority.rsplit_once(':') {
            Some((host, "443")) => host,
            Some((_, port)) => {
                return Err(E::Invalid {
                    reason: format!(
                        "it names port {:?}; only the https port 443 is used",
                        shorten(port)
                    ),
                });
            }
            None => authority,
        };
        let host = host.to_ascii_lowercase();
        check_host(&host)?;
        Ok(LegacySignOnUrl {
            url: format!("https://{host}{tail}"),
            host_len: host.len(),
        })
    }
}

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Checks a lowercase host: DNS labels of ASCII letters, digits and hyphens, under mimecast.com.
fn check_host(host: &str) -> Result<(), LegacySignOnUrlError> {
    use LegacySignOnUrlError as E;

    if host.is_empty() {
        return Err(E::Invalid {
            reason: "it has no host".to_owned(),
        });
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(E::Invalid {
            reason: format!(
                "its host contains {c:?}; a host has only letters, digits, hyphens and dots"
            ),
        });
    }
    for label in host.split('.') {
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return Err(E::Invalid {
                reason: format!("its host {:?} is not a valid host name", shorten(host)),
            });
        }
    }
    let under_mimecast = host
        .strip_suffix(MIMECAST_DOMAIN)
        .and_then(|sub| sub.strip_suffix('.'))
        .is_some_and(|sub| !sub.is_empty());
    if under_mimecast {
        Ok(())
    } else {
        Err(E::NotMimecast {
            host: shorten(host),
        })
    }
}

impl Serialize for LegacySignOnUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.url)
    }
}

impl<'de> Deserialize<'de> for LegacySignOnUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a legacy sign-on URL was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LegacySignOnUrlError {
    /// Nothing was given (`signon.empty`).
    Empty,
    /// It does not start with `https://` (`signon.not_https`).
    NotHttps,
    /// Its host is not under mimecast.com (`signon.not_mimecast`).
    NotMimecast {
        /// The host given, in lowercase, shortened for display.
        host: String,
    },
    /// It is not a well-formed URL, or uses a form that can disguise its host (`signon.invalid`).
    Invalid {
        /// What is wrong, in English.
        reason: String,
    },
}

impl fmt::Display for LegacySignOnUrlError {
    /// Says what is wrong and shows the expected form, `https://webmail-fr.mimecast.com`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const FORM: &str = "A legacy sign-on URL looks like https://webmail-fr.mimecast.com.";
        match self {
            LegacySignOnUrlError::Empty => write!(f, "The legacy sign-on URL is empty. {FORM}"),
            LegacySignOnUrlError::NotHttps => write!(
                f,
                "The legacy sign-on URL must start with https:// so that sign-in stays encrypted. {FORM}"
            ),
            LegacySignOnUrlError::NotMimecast { host } => write!(
                f,
                "The host \"{host}\" is not under mimecast.com, so it cannot be a Mimecast sign-on URL. {FORM}"
            ),
            LegacySignOnUrlError::Invalid { reason } => {
                write!(f, "The legacy sign-on URL is not usable: {reason}. {FORM}")
            }
        }
    }
}

impl std::error::Error for LegacySignOnUrlError {}

impl Coded for LegacySignOnUrlError {
    fn code(&self) -> &'static str {
        match self {
            LegacySignOnUrlError::Empty => "signon.empty",
            LegacySignOnUrlError::NotHttps => "signon.not_https",
            LegacySignOnUrlError::NotMimecast { .. } => "signon.not_mimecast",
            LegacySignOnUrlError::Invalid { .. } => "signon.invalid",
        }
    }
}
