//! A call that got no HTTP answer, by kind (TLS, name, connection, time), with a hint a person can
//! act on for a refused TLS certificate.

use std::fmt;

/// A call that got no HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    /// The URL called.
    pub url: String,
    /// What kind of failure.
    pub kind: CallErrorKind,
    /// What the HTTP client said.
    pub detail: String,
    /// Whether a CA was added with [`super::Trust::add_pem`] (for the hint of a TLS failure).
    pub ca_added: bool,
}

/// Kinds of [`CallError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallErrorKind {
    /// The TLS handshake failed: most often a certificate no trusted CA signed.
    Tls,
    /// The host name is not known.
    HostNotFound,
    /// Nothing answered (refused, unreachable, reset).
    Connect,
    /// No whole answer within the time allowed.
    Timeout,
    /// Anything else (a broken answer).
    Other,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            url, kind, detail, ..
        } = self;
        match kind {
            CallErrorKind::Tls => {
                write!(f, "{url}: TLS failed: {detail}")?;
                if self.ca_added {
                    f.write_str(
                        " (the Worker's certificate is signed neither by a public CA nor by the \
                         --ca-cert CA, or is not valid for this host name)",
                    )
                } else {
                    f.write_str(
                        " (the Worker's certificate is not signed by a public CA: if a corporate \
                         TLS proxy or a private CA signs it, give that CA with --ca-cert FILE)",
                    )
                }
            }
            CallErrorKind::HostNotFound => write!(f, "{url}: host not found ({detail})"),
            CallErrorKind::Connect => write!(f, "{url}: cannot connect ({detail})"),
            CallErrorKind::Timeout => write!(f, "{url}: no answer in time ({detail})"),
            CallErrorKind::Other => write!(f, "{url}: {detail}"),
        }
    }
}

impl std::error::Error for CallError {}

pub(super) fn kind_of(error: &ureq::Error) -> CallErrorKind {
    match error {
        ureq::Error::Rustls(_) | ureq::Error::Tls(_) | ureq::Error::Pem(_) => CallErrorKind::Tls,
        ureq::Error::HostNotFound => CallErrorKind::HostNotFound,
        ureq::Error::ConnectionFailed => CallErrorKind::Connect,
        ureq::Error::Timeout(_) => CallErrorKind::Timeout,
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => CallErrorKind::Timeout,
            std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::NotConnected
            | std::io::ErrorKind::AddrNotAvailable
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::NetworkUnreachable => CallErrorKind::Connect,
            // rustls reports a failed handshake (a refused certificate) as an I/O error.
            _ if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>()) =>
            {
                CallErrorKind::Tls
            }
            _ => CallErrorKind::Other,
        },
        _ => CallErrorKind::Other,
    }
}
