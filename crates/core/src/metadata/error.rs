//! Why a Federation Metadata document or an App Federation Metadata URL was refused.

use std::fmt;

use crate::Coded;
use crate::certificate::CertificateError;
use crate::entra::EntraError;
use crate::xml::XmlProblem;

use super::{MAX_DEPTH, MAX_INPUT_BYTES, MetadataCode};

/// Why [`parse`](super::parse) or [`parse_url`](super::parse_url) refused its input.
///
/// Each variant has a stable code (see [`Coded`]) listed in [`CODES`](super::CODES), or, for the
/// wrapped certificate and GUID errors, the code of the wrapped error. No message repeats
/// certificate text from the input, so a private key pasted into the document is never echoed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataError {
    /// Nothing was given, or only whitespace. Code `metadata.empty`.
    Empty,
    /// The document is larger than [`MAX_INPUT_BYTES`]; Entra's metadata is a few dozen
    /// kilobytes. Code `metadata.too_large`.
    TooLarge {
        /// Size of the input in bytes.
        len: usize,
    },
    /// The document has a `<!DOCTYPE …>` (or another `<!` declaration): Entra's metadata never
    /// has one, and a DTD is how entity-expansion and external-entity attacks start.
    /// Code `metadata.doctype`.
    Doctype,
    /// Elements are nested deeper than [`MAX_DEPTH`]; Entra's metadata nests about eight levels.
    /// Code `metadata.too_deep`.
    TooDeep,
    /// The document is not well-formed XML (or not UTF-8). Code `metadata.invalid_xml`.
    InvalidXml {
        /// Line of the problem, counting from 1.
        line: u32,
        /// Column of the problem, counting from 1.
        column: u32,
        /// What the XML parser reported.
        detail: String,
    },
    /// The root element is not a SAML 2.0 metadata `EntityDescriptor`
    /// (namespace `urn:oasis:names:tc:SAML:2.0:metadata`). Code `metadata.not_entity_descriptor`.
    NotEntityDescriptor,
    /// The `entityID` is missing or is not Entra's `https://sts.windows.net/{tenant-id}/`.
    /// Code `metadata.entity_id_invalid`.
    EntityIdInvalid,
    /// No SAML 2.0 `IDPSSODescriptor`. Code `metadata.no_idp_descriptor`.
    NoIdpDescriptor,
    /// The `IDPSSODescriptor` has no `SingleSignOnService` with the HTTP-Redirect or HTTP-POST
    /// binding. Code `metadata.no_sso_service`.
    NoSsoService,
    /// No `KeyDescriptor` for signing holds an `X509Certificate`.
    /// Code `metadata.no_signing_certificate`.
    NoSigningCertificate,
    /// No signing certificate could be read; the first certificate's error, with its own code
    /// (for example `cert.private_key`).
    Certificate(CertificateError),
    /// The URL is not an App Federation Metadata URL on `login.microsoftonline.com`.
    /// Code `metadata.url_invalid`.
    UrlInvalid {
        /// What is wrong with it (never the URL itself).
        problem: &'static str,
    },
    /// The URL's tenant or `appid` is not a GUID; the GUID error, with its own code.
    UrlGuid(EntraError),
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str(
                "No federation metadata was given. In Entra, copy the App Federation Metadata Url \
                 or download the Federation Metadata XML from the SAML Certificates section.",
            ),
            Self::TooLarge { len } => write!(
                f,
                "The document is {len} bytes; federation metadata is far smaller (at most \
                 {MAX_INPUT_BYTES} bytes are read). Check that you chose the Federation Metadata XML."
            ),
            Self::Doctype => f.write_str(
                "The document has a DOCTYPE declaration, which Entra's federation metadata never \
                 has; it was not processed.",
            ),
            Self::TooDeep => write!(
                f,
                "The document nests elements more than {MAX_DEPTH} levels deep, which Entra's \
                 federation metadata never does; it was not processed."
            ),
            Self::InvalidXml {
                line,
                column,
                detail,
            } => write!(
                f,
                "The document is not well-formed XML (line {line}, column {column}): {detail}."
            ),
            Self::NotEntityDescriptor => f.write_str(
                "The document is not SAML 2.0 federation metadata: its root element is not an \
                 EntityDescriptor in the urn:oasis:names:tc:SAML:2.0:metadata namespace.",
            ),
            Self::EntityIdInvalid => f.write_str(
                "The metadata's entityID is missing or is not Entra's \
                 https://sts.windows.net/{tenant-id}/; this is not Entra ID federation metadata.",
            ),
            Self::NoIdpDescriptor => f.write_str(
                "The metadata has no SAML 2.0 IDPSSODescriptor, so it holds no sign-on URL.",
            ),
            Self::NoSsoService => f.write_str(
                "The metadata's IDPSSODescriptor has no SingleSignOnService with the HTTP-Redirect \
                 or HTTP-POST binding.",
            ),
            Self::NoSigningCertificate => f.write_str(
                "The metadata holds no signing certificate (KeyDescriptor use=\"signing\" with an \
                 X509Certificate).",
            ),
            Self::Certificate(error) => write!(f, "The metadata's signing certificate: {error}"),
            Self::UrlInvalid { problem } => write!(
                f,
                "This is not an App Federation Metadata Url: {problem}. In Entra, copy it from the \
                 application's Single sign-on page, SAML Certificates section; it looks like \
                 https://login.microsoftonline.com/{{tenant-id}}/federationmetadata/2007-06/federationmetadata.xml?appid={{app-id}}."
            ),
            Self::UrlGuid(error) => write!(f, "In the App Federation Metadata Url: {error}"),
        }
    }
}

impl std::error::Error for MetadataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Certificate(error) => Some(error),
            Self::UrlGuid(error) => Some(error),
            _ => None,
        }
    }
}

impl From<XmlProblem> for MetadataError {
    fn from(problem: XmlProblem) -> Self {
        match problem {
            XmlProblem::Empty => Self::Empty,
            XmlProblem::TooLarge { len } => Self::TooLarge { len },
            XmlProblem::Doctype => Self::Doctype,
            XmlProblem::TooDeep => Self::TooDeep,
            XmlProblem::Invalid {
                line,
                column,
                detail,
            } => Self::InvalidXml {
                line,
                column,
                detail,
            },
        }
    }
}

impl From<CertificateError> for MetadataError {
    fn from(error: CertificateError) -> Self {
        Self::Certificate(error)
    }
}

impl From<EntraError> for MetadataError {
    fn from(error: EntraError) -> Self {
        Self::UrlGuid(error)
    }
}

impl Coded for MetadataError {
    fn code(&self) -> &'static str {
        let kind = match self {
            Self::Empty => MetadataCode::Empty,
            Self::TooLarge { .. } => MetadataCode::TooLarge,
            Self::Doctype => MetadataCode::Doctype,
            Self::TooDeep => MetadataCode::TooDeep,
            Self::InvalidXml { .. } => MetadataCode::InvalidXml,
            Self::NotEntityDescriptor => MetadataCode::NotEntityDescriptor,
            Self::EntityIdInvalid => MetadataCode::EntityIdInvalid,
            Self::NoIdpDescriptor => MetadataCode::NoIdpDescriptor,
            Self::NoSsoService => MetadataCode::NoSsoService,
            Self::NoSigningCertificate => MetadataCode::NoSigningCertificate,
            Self::Certificate(error) => return error.code(),
            Self::UrlInvalid { .. } => MetadataCode::UrlInvalid,
            Self::UrlGuid(error) => return error.code(),
        };
        kind.code()
    }
}
