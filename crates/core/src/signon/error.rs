//! The codes of a SAML response's inspection, and why a response is refused outright.

use std::fmt;

use crate::Coded;
use crate::xml::XmlProblem;

use super::MAX_RESPONSE_BYTES;

crate::codes! {
    /// Every code [`inspect_response`](super::inspect_response) can give: the errors of
    /// [`SamlError`] and the findings of a report.
    pub enum SamlCode {
        /// Nothing was pasted.
        Empty = "saml.empty",
        /// Larger than any SAML response.
        TooLarge = "saml.too_large" @ 413,
        /// Neither XML nor the base64 of XML.
        NotBase64 = "saml.not_base64",
        /// A DOCTYPE or ENTITY declaration: refused before parsing.
        Doctype = "saml.doctype",
        /// Nested deeper than a SAML response is.
        TooDeep = "saml.too_deep",
        /// Not well-formed XML.
        InvalidXml = "saml.invalid_xml",
        /// The root is not a SAML 2.0 protocol Response.
        NotResponse = "saml.not_response",
        /// Two elements carry the same ID: a signature-wrapping attempt.
        DuplicateId = "saml.duplicate_id",
        /// No signature at all (finding).
        Unsigned = "saml.unsigned",
        /// The signature does not verify with the certificate (finding).
        SignatureInvalid = "saml.signature_invalid",
        /// The signed element was changed after signing (finding).
        DigestMismatch = "saml.digest_mismatch",
        /// A signature that does not cover the element it sits in, or sits where SAML puts none (finding).
        SignatureWrapped = "saml.signature_wrapped",
        /// More than one Assertion, or one outside its place (finding).
        MultipleAssertions = "saml.multiple_assertions",
        /// The assertion is encrypted: Entra's token encryption is on (finding).
        EncryptedAssertion = "saml.encrypted_assertion",
        /// No assertion: Entra answered with an error status (finding).
        NoAssertion = "saml.no_assertion",
        /// An algorithm or transform we do not verify (finding).
        UnsupportedAlgorithm = "saml.unsupported_algorithm",
        /// Signed by a certificate other than the plan's (finding).
        SignerNotInPlan = "saml.signer_not_in_plan",
        /// No certificate in the plan to check the signer against (finding).
        NoPlanCertificate = "saml.no_plan_certificate",
        /// Audience is not the plan's Identifier (finding).
        AudienceMismatch = "saml.audience_mismatch",
        /// Destination is not the plan's Reply URL (finding).
        DestinationMismatch = "saml.destination_mismatch",
        /// Recipient is not the plan's Reply URL (finding).
        RecipientMismatch = "saml.recipient_mismatch",
        /// Issuer is not the plan's tenant (finding).
        IssuerMismatch = "saml.issuer_mismatch",
        /// NameID is not an email address (finding).
        NameIdNotEmail = "saml.name_id_not_email",
        /// NameID is not one of the users known to the users step (finding).
        NameIdUnknownUser = "saml.name_id_unknown_user",
        /// The assertion's validity has ended (finding).
        Expired = "saml.expired",
        /// The assertion is not valid yet (finding).
        NotYetValid = "saml.not_yet_valid",
        /// Entra's status is not Success (finding).
        StatusNotSuccess = "saml.status_not_success",
        /// SHA-1 signature or digest (finding).
        Sha1 = "saml.sha1",
        /// The signature verifies with the plan's certificate (finding).
        Verified = "saml.verified",
    }
}

/// Why [`inspect_response`](super::inspect_response) refused its input. No message repeats the
/// input: a response holds personal data.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SamlError {
    /// Nothing, or only whitespace.
    Empty,
    /// More than [`MAX_RESPONSE_BYTES`].
    TooLarge {
        /// Size in bytes.
        len: usize,
    },
    /// Neither XML nor the base64 of XML.
    NotBase64,
    /// A `<!DOCTYPE` or other declaration.
    Doctype,
    /// Nested deeper than a SAML response.
    TooDeep,
    /// Not well-formed XML.
    InvalidXml {
        /// Line, from 1.
        line: u32,
        /// Column, from 1.
        column: u32,
    },
    /// The root is not `samlp:Response`.
    NotResponse,
    /// Two elements carry the same `ID`.
    DuplicateId,
}

impl SamlError {
    /// The code of this error.
    pub fn code_enum(&self) -> SamlCode {
        match self {
            Self::Empty => SamlCode::Empty,
            Self::TooLarge { .. } => SamlCode::TooLarge,
            Self::NotBase64 => SamlCode::NotBase64,
            Self::Doctype => SamlCode::Doctype,
            Self::TooDeep => SamlCode::TooDeep,
            Self::InvalidXml { .. } => SamlCode::InvalidXml,
            Self::NotResponse => SamlCode::NotResponse,
            Self::DuplicateId => SamlCode::DuplicateId,
        }
    }
}

impl Coded for SamlError {
    fn code(&self) -> &'static str {
        self.code_enum().code()
    }

    fn status(&self) -> u16 {
        self.code_enum().status()
    }
}

impl fmt::Display for SamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("Paste the SAMLResponse value or the response's XML."),
            Self::TooLarge { len } => write!(
                f,
                "The response is {len} bytes; a SAML response is a few kilobytes (at most {MAX_RESPONSE_BYTES} accepted)."
            ),
            Self::NotBase64 => f.write_str(
                "This is neither XML nor the base64 SAMLResponse value of a form post: copy the SAMLResponse field from the browser's network panel or a SAML tracer.",
            ),
            Self::Doctype => f.write_str(
                "The response has a DOCTYPE or entity declaration; Entra never sends one, and it is refused before reading.",
            ),
            Self::TooDeep => f.write_str("The response nests elements deeper than any SAML response."),
            Self::InvalidXml { line, column } => write!(
                f,
                "The response is not well-formed XML (line {line}, column {column}): was it copied whole?"
            ),
            Self::NotResponse => f.write_str(
                "This XML is not a SAML 2.0 Response (samlp:Response): paste what Entra posts to Mimecast's Reply URL.",
            ),
            Self::DuplicateId => f.write_str(
                "Two elements carry the same ID: a signature could be made to cover one while another is read (signature wrapping). Nothing is reported as verified.",
            ),
        }
    }
}

impl From<XmlProblem> for SamlError {
    fn from(problem: XmlProblem) -> Self {
        match problem {
            XmlProblem::Empty => Self::Empty,
            XmlProblem::TooLarge { len } => Self::TooLarge { len },
            XmlProblem::Doctype => Self::Doctype,
            XmlProblem::TooDeep => Self::TooDeep,
            XmlProblem::Invalid { line, column, .. } => Self::InvalidXml { line, column },
        }
    }
}
