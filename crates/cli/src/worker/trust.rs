//! Which certificate authorities an `https://` Worker's certificate may be signed by: Mozilla's
//! roots, plus a CA the caller adds (a corporate TLS proxy's, a private CA's).

use std::fmt;
use std::sync::Arc;

use ureq::tls::{Certificate, PemItem, RootCerts};

/// The certificate authorities trusted for `https://` Workers: Mozilla's roots (the `webpki-roots`
/// list), plus those added with [`Trust::add_pem`].
#[derive(Clone, Debug, Default)]
pub struct Trust {
    added: Vec<Certificate<'static>>,
}

impl Trust {
    /// Also trusts every `CERTIFICATE` block of `pem`. Other blocks (a key) are ignored, never
    /// read into the trust list.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<usize, CaError> {
        let mut found = 0;
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(certificate)) => {
                    self.added.push(certificate);
                    found += 1;
                }
                Ok(_) => {}
                Err(e) => return Err(CaError::Unreadable(e.to_string())),
            }
        }
        if found == 0 {
            return Err(CaError::NoCertificate);
        }
        Ok(found)
    }

    /// Whether a CA was added.
    pub fn has_added(&self) -> bool {
        !self.added.is_empty()
    }

    pub(super) fn root_certs(&self) -> RootCerts {
        if self.added.is_empty() {
            return RootCerts::WebPki;
        }
        let mozilla = webpki_root_certs::TLS_SERVER_ROOT_CERTS
            .iter()
            .map(|der| Certificate::from_der(der.as_ref()));
        RootCerts::Specific(Arc::new(
            mozilla.chain(self.added.iter().cloned()).collect(),
        ))
    }
}

/// Why a CA file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaError {
    /// No `-----BEGIN CERTIFICATE-----` block in it.
    NoCertificate,
    /// A damaged PEM block.
    Unreadable(String),
}

impl fmt::Display for CaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaError::NoCertificate => f.write_str(
                "no certificate in it: give the CA certificate as PEM (-----BEGIN CERTIFICATE-----)",
            ),
            CaError::Unreadable(reason) => write!(f, "not readable as PEM: {reason}"),
        }
    }
}

impl std::error::Error for CaError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        let mut trust = Trust::default();
        assert_eq!(
            trust.add_pem(b"-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n"),
            Err(CaError::NoCertificate)
        );
        assert_eq!(trust.add_pem(b"nothing here"), Err(CaError::NoCertificate));
        assert!(!trust.has_added());
    }
}
