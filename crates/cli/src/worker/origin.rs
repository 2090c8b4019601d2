//! The Worker's origin as the command line gives it: `http://` or `https://`, a host, an optional
//! port and path prefix, nothing else.

use std::fmt;

use mimecast_sso_core::mimecast_api::is_loopback_host;

/// The Worker's origin, `https://helper.example.com` or `http://127.0.0.1:8787`, without a
/// trailing slash. A path prefix is kept (a Worker behind a reverse proxy under a path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Reads `text`: `http://` or `https://`, a host, no query, fragment or user name.
    pub fn parse(text: &str) -> Result<Self, OriginError> {
        let (scheme, rest) = text.trim().split_once("://").ok_or(OriginError::Scheme)?;
        let rest = rest.trim_end_matches('/');
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(OriginError::Scheme);
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(OriginError::Host);
        }
        if rest.contains(['?', '#', '@']) || rest.chars().any(|c| c.is_whitespace()) {
            return Err(OriginError::Extra);
        }
        let origin = format!("{scheme}://{rest}");
        ureq::http::Uri::try_from(origin.as_str()).map_err(|_| OriginError::Host)?;
        // The token and the users' passwords go in these calls: in clear only to this machine.
        let host = authority
            .rsplit_once(':')
            .filter(|(h, port)| !h.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
            .map_or(authority, |(h, _)| h);
        if scheme == "http" && !is_loopback_host(host) {
            return Err(OriginError::PlainHttp);
        }
        Ok(Self(origin))
    }

    /// The origin, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether calls go over TLS.
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl std::str::FromStr for Origin {
    type Err = OriginError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a Worker origin cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginError {
    /// Not `http://` or `https://`.
    Scheme,
    /// No host, or one that is not a host name, an IPv4 address or a bracketed IPv6 address.
    Host,
    /// A query, fragment, user name or space.
    Extra,
    /// `http://` to another machine: the token and passwords would travel in clear.
    PlainHttp,
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OriginError::Scheme => {
                "give the Worker's origin with its scheme, https://helper.example.com (or \
                 http://127.0.0.1:8787 for a local `wrangler dev`)"
            }
            OriginError::Host => "the Worker's origin has no usable host",
            OriginError::PlainHttp => {
                "http:// is accepted only for this machine (127.0.0.1, localhost, [::1]): the \
                 token and the users' passwords would travel unencrypted; use https://"
            }
            OriginError::Extra => {
                "give only the Worker's origin (scheme, host, port): no query, fragment, user name \
                 or space"
            }
        })
    }
}

impl std::error::Error for OriginError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_with_their_scheme_and_without_a_trailing_slash() {
        let origin = Origin::parse("HTTPS://helper.example.com/").expect("https");
        assert_eq!(origin.as_str(), "https://helper.example.com");
        assert!(origin.is_https());
        assert_eq!(
            Origin::parse("http://127.0.0.1:8787").map(|o| o.is_https()),
            Ok(false)
        );
        assert_eq!(
            Origin::parse("helper.example.com"),
            Err(OriginError::Scheme)
        );
        assert_eq!(
            Origin::parse("http://helper.example.com"),
            Err(OriginError::PlainHttp)
        );
        assert!(Origin::parse("http://localhost:8787/").is_ok());
        assert!(Origin::parse("http://[::1]:8787").is_ok());
        assert_eq!(
            Origin::parse("ftp://helper.example.com"),
            Err(OriginError::Scheme)
        );
        assert_eq!(Origin::parse("https://"), Err(OriginError::Host));
        assert_eq!(
            Origin::parse("https://user:pw@helper.example.com"),
            Err(OriginError::Extra)
        );
        assert_eq!(
            Origin::parse("https://helper.example.com/?x=1"),
            Err(OriginError::Extra)
        );
    }
}
