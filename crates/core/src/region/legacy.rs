//! Legacy sign-on URLs: the `https://webmail-xx.mimecast.com` form of Microsoft's 2016 tutorial.
//!
//! Microsoft's 2016 (classic portal) tutorial asked for the URL users sign in at, "for example
//! `https://webmail-fr.mimecast.com` or `https://webmail-be.mimecast.com`"; since its 2018 tutorial the
//! Sign-on URL is `https://{region}-api.mimecast.com/login/saml` ([`super::Region::sign_on_url`]).
//! A legacy URL is accepted, with a `signon.legacy` note, when it is `https` and its host is under
//! `mimecast.com`. The check is by hand and strict: one scheme, no user information, no port other
//! than 443, a host of ASCII letters, digits, hyphens and dots only, so that
//! `https://evil.com/.mimecast.com`, `https://mimecast.com.evil.com` and
//! `https://webmail.mimecast.com@evil.com` are all refused. The path, query and fragment may hold
//! only the characters RFC 3986 § 3.3–3.5 allows there (`pchar`, `/`, `?`, and `%` followed by two
//! hex digits), so markup, quotes and bidirectional controls are refused rather than echoed.
//!
//! A region's current Sign-on URL (`https://eu-api.mimecast.com/login/saml`, or US Public Sector's
//! `https://uspcom-api.mimecast-pscom-us.com/login/saml`) given here is recognised as the current
//! form: it gets a `signon.current` note instead of `signon.legacy`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::finding::{Finding, Severity};

use super::{Region, RegionCode};
use crate::text::shorten;

/// The parent domain every legacy sign-on host must be under.
const MIMECAST_DOMAIN: &str = "mimecast.com";

/// The longest URL accepted, in bytes.
const MAX_LEN: usize = 2048;

/// A legacy Mimecast sign-on URL such as `https://webmail-fr.mimecast.com`, checked and normalised
/// (scheme and host in lowercase, a `:443` port dropped, the rest as given).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LegacySignOnUrl {
    url: String,
    host_len: usize,
    current: Option<Region>,
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

    /// The region whose current Sign-on URL (`https://{saml host}/login/saml`) this is, if it is
    /// one rather than a legacy URL.
    pub fn current_region(&self) -> Option<Region> {
        self.current
    }

    /// The note about this URL (about the `legacySignOnUrl` field).
    ///
    /// A legacy URL gets `signon.legacy` (info): accepted, but the 2018+ form is preferred; with
    /// the account's `region`, the note gives that region's Sign-on URL. A region's current
    /// Sign-on URL gets `signon.current`: info when it is the chosen region's (or no region is
    /// chosen), a warning when it belongs to another region.
    pub fn finding(&self, region: Option<Region>) -> Finding {
        if let Some(current) = self.current {
            return current_finding(&self.url, current, region);
        }
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
            RegionCode::SignOnLegacy,
            format!(
                "{} is a legacy sign-on URL from Microsoft's 2016 tutorial. It is accepted, but \
                 Microsoft's tutorials since 2018 use {preferred}; prefer that form.",
                self.url
            ),
        )
        .with_field("legacySignOnUrl")
    }
}

fn current_finding(url: &str, current: Region, chosen: Option<Region>) -> Finding {
    let (severity, advice) = match chosen {
        Some(chosen) if chosen != current => (
            Severity::Warning,
            format!(
                " But the region chosen is {} ({}), whose Sign on URL is {}: check the region.",
                chosen.name(),
                chosen.code(),
                chosen.sign_on_url()
            ),
        ),
        _ => (Severity::Info, " Nothing to change.".to_owned()),
    };
    Finding::new(
        severity,
        RegionCode::SignOnCurrent,
        format!(
            "{url} is not a legacy sign-on URL: it is the current Sign on URL of {} ({}), the form \
             Microsoft's tutorials use since 2018.{advice}",
            current.name(),
            current.code()
        ),
    )
    .with_field("legacySignOnUrl")
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
                reason: format!("it is longer than {MAX_LEN} bytes"),
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
        let url = format!("https://{host}{tail}");
        // A region's current Sign-on URL is recognised as such, even on a host outside
        // mimecast.com (US Public Sector's).
        let current = Region::ALL
            .into_iter()
            .find(|region| url == region.sign_on_url());
        if current.is_none() {
            check_host(&host)?;
        }
        check_tail(tail)?;
        Ok(LegacySignOnUrl {
            url,
            host_len: host.len(),
            current,
        })
    }
}

/// Checks the path, query and fragment after the host: only the characters RFC 3986 allows there
/// (§ 3.3 `pchar` and `/`; § 3.4–3.5 also `?`; one `#` starts the fragment) and `%` followed by
/// two hex digits.
fn check_tail(tail: &str) -> Result<(), LegacySignOnUrlError> {
    let mut in_fragment = false;
    for (at, c) in tail.char_indices() {
        let allowed = match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' => true,
            '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=' => true,
            ':' | '@' | '/' | '?' => true,
            '#' if !in_fragment => {
                in_fragment = true;
                true
            }
            '%' => {
                let hex = tail.get(at + 1..at + 3).unwrap_or("");
                let ok = hex.len() == 2 && hex.bytes().all(|b| b.is_ascii_hexdigit());
                if !ok {
                    return Err(LegacySignOnUrlError::Invalid {
                        reason: "its path has a % not followed by two hex digits".to_owned(),
                    });
                }
                true
            }
            _ => false,
        };
        if !allowed {
            let shown = if c.is_ascii_graphic() {
                format!("{c:?}")
            } else {
                format!("the character U+{:04X}", u32::from(c))
            };
            return Err(LegacySignOnUrlError::Invalid {
                reason: format!(
                    "its path, query or fragment contains {shown}, which a URL cannot hold \
                     unencoded (RFC 3986)"
                ),
            });
        }
    }
    Ok(())
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

impl TryFrom<String> for LegacySignOnUrl {
    type Error = LegacySignOnUrlError;

    fn try_from(text: String) -> Result<Self, LegacySignOnUrlError> {
        text.parse()
    }
}

impl From<LegacySignOnUrl> for String {
    fn from(value: LegacySignOnUrl) -> String {
        value.url
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
            LegacySignOnUrlError::Empty => RegionCode::SignOnEmpty,
            LegacySignOnUrlError::NotHttps => RegionCode::SignOnNotHttps,
            LegacySignOnUrlError::NotMimecast { .. } => RegionCode::SignOnNotMimecast,
            LegacySignOnUrlError::Invalid { .. } => RegionCode::SignOnInvalid,
        }
        .code()
    }
}
