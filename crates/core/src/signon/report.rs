//! What [`inspect_response`](super::inspect_response) reports, and what it compares with.

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::plan::Plan;
use crate::time::UnixTime;

use super::DEFAULT_CLOCK_SKEW_SECONDS;

/// The values a response is compared with: the plan's, and the users the users step knows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expected {
    /// Entra's Identifier (Entity ID): the Audience Mimecast expects.
    pub identifier: Option<String>,
    /// Entra's Reply URL: the Destination and Recipient Mimecast expects.
    pub reply_url: Option<String>,
    /// `https://sts.windows.net/{tenant-id}/`: the Issuer Mimecast's profile holds.
    pub issuer: Option<String>,
    /// The certificate in Mimecast's Authentication Profile: its base64 body (or PEM).
    pub certificate: Option<String>,
    /// Email addresses of the users known to exist in Mimecast (the users step's); empty when
    /// not known.
    pub users: Vec<String>,
}

impl Expected {
    /// The plan's Identifier, Reply URL, Issuer and certificate.
    pub fn from_plan(plan: &Plan) -> Self {
        Self {
            identifier: plan.entra.identifier.clone(),
            reply_url: plan.entra.reply_url.clone(),
            issuer: plan.authentication_profile.issuer_url.clone(),
            certificate: plan
                .authentication_profile
                .identity_provider_certificate
                .clone(),
            users: Vec::new(),
        }
    }
}

/// How to inspect: when, with how much clock difference allowed.
#[derive(Clone, Copy, Debug)]
pub struct InspectOptions {
    /// The time to check the conditions against.
    pub now: UnixTime,
    /// Clock difference allowed, in seconds ([`DEFAULT_CLOCK_SKEW_SECONDS`] by default).
    pub clock_skew_seconds: u32,
}

impl InspectOptions {
    /// At `now`, with the default clock difference.
    pub fn at(now: UnixTime) -> Self {
        Self {
            now,
            clock_skew_seconds: DEFAULT_CLOCK_SKEW_SECONDS,
        }
    }
}

/// Which parts of the response carry a signature that covers them (Entra's "Signing Option":
/// Sign SAML assertion, the default; Sign SAML response; Sign SAML response and assertion).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Signed {
    /// No signature covers anything.
    None,
    /// The Response.
    Response,
    /// The Assertion.
    Assertion,
    /// Both.
    Both,
}

/// The element a signature sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Covers {
    /// The Response (root).
    Response,
    /// The Assertion in the Response.
    Assertion,
    /// Anywhere else: never trusted.
    Other,
}

/// A signature's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SignatureVerdict {
    /// The digest matches and the signature verifies.
    Valid,
    /// The digest does not match, or the signature does not verify.
    Invalid,
    /// Not checked: an algorithm or key we do not verify, or no key.
    Unchecked,
    /// Being checked (the browser's WebCrypto answers later).
    Pending,
}

/// One `ds:Signature` of the response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureReport {
    /// The element it sits in.
    pub covers: Covers,
    /// Its Reference URI (`#` and the ID of the element it signs).
    pub reference: String,
    /// Whether the reference resolves to the element the signature sits in (enveloped), as SAML
    /// requires (saml-core-2.0-os § 5.4.2); when not, the signature is not trusted.
    pub enveloped: bool,
    /// Canonicalization of SignedInfo (for example `exc-c14n`).
    pub canonicalization: String,
    /// Signature algorithm (`RSA-SHA256`, `RSA-SHA1`, or the URI when unknown).
    pub signature_algorithm: String,
    /// Digest algorithm (`SHA-256`, `SHA-1`, or the URI when unknown).
    pub digest_algorithm: String,
    /// Whether the digest of the signed element matches; `None` when not computed.
    pub digest_matches: Option<bool>,
    /// SHA-1 thumbprint of the certificate in its KeyInfo, if it carries one.
    pub certificate_thumbprint: Option<String>,
    /// SHA-1 thumbprint of the certificate it was verified with: the plan's when given, else
    /// the one it carries.
    pub verified_with: Option<String>,
    /// The verdict with that certificate.
    pub verdict: SignatureVerdict,
    /// When the plan's certificate is not the one it carries: the verdict with the one it
    /// carries (valid: intact, but signed with a certificate Mimecast does not hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_with_carried: Option<SignatureVerdict>,
}

/// The Response element's values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseFacts {
    /// `ID`.
    pub id: Option<String>,
    /// `Issuer`.
    pub issuer: Option<String>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `InResponseTo` (absent for IdP-initiated sign-on).
    pub in_response_to: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<String>,
    /// `StatusCode@Value` (`urn:oasis:names:tc:SAML:2.0:status:Success` when it worked).
    pub status_code: Option<String>,
    /// The nested `StatusCode@Value`, if any.
    pub status_subcode: Option<String>,
    /// `StatusMessage`: Entra writes its AADSTS error here.
    pub status_message: Option<String>,
}

/// One attribute of the assertion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attribute {
    /// `Name`.
    pub name: String,
    /// Each `AttributeValue`.
    pub values: Vec<String>,
}

/// The Assertion's values: those of the assertion the verified signature covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssertionFacts {
    /// `ID`.
    pub id: Option<String>,
    /// `Issuer`.
    pub issuer: Option<String>,
    /// `Subject/NameID`: who signed in, as Mimecast will look them up.
    pub name_id: Option<String>,
    /// `NameID@Format`.
    pub name_id_format: Option<String>,
    /// Each `Conditions/AudienceRestriction/Audience`.
    pub audiences: Vec<String>,
    /// `SubjectConfirmationData@Recipient`.
    pub recipient: Option<String>,
    /// `SubjectConfirmationData@NotOnOrAfter`.
    pub subject_not_on_or_after: Option<String>,
    /// `Conditions@NotBefore`.
    pub not_before: Option<String>,
    /// `Conditions@NotOnOrAfter`.
    pub not_on_or_after: Option<String>,
    /// `AuthnStatement/AuthnContext/AuthnContextClassRef`.
    pub authn_context_class_ref: Option<String>,
    /// `AuthnStatement@AuthnInstant`.
    pub authn_instant: Option<String>,
    /// The attributes, in order.
    pub attributes: Vec<Attribute>,
}

/// What [`inspect_response`](super::inspect_response) found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SamlReport {
    /// Mimecast would accept it: [`signature_valid`](Self::signature_valid), no SHA-1, and no
    /// finding of severity error (values that differ from the plan, expired conditions, a status
    /// other than Success).
    pub verified: bool,
    /// Every signature's digest matches and it verifies with the plan's certificate (or, without
    /// one, the certificate the response carries), one covers the assertion reported, and
    /// nothing suggests wrapping.
    pub signature_valid: bool,
    /// Which parts are covered by a signature whose digest matches and which verifies.
    pub signed: Signed,
    /// The Response's values.
    pub response: ResponseFacts,
    /// The Assertion's values; `None` when there is none, or it is encrypted.
    pub assertion: Option<AssertionFacts>,
    /// Every signature, in document order.
    pub signatures: Vec<SignatureReport>,
    /// SHA-1 thumbprint of the plan's certificate, when one was given.
    pub expected_thumbprint: Option<String>,
    /// The time the conditions were checked against.
    pub now: UnixTime,
    /// The clock difference allowed, in seconds.
    pub clock_skew_seconds: u32,
    /// What to change, most severe first.
    pub findings: Vec<Finding>,
}
