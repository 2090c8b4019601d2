//! The domain calls' answers, read as Mimecast's endpoint reference gives them:
//! - Get Internal Domain (`/api/domain/get-internal-domain`): the account's registered domains,
//!   `{"id","domain","sendOnly","local","inboundType"}`. No field says "verified": a registered
//!   domain is one Mimecast has verified or registered at once.
//! - Get Pending Domain (`/api/domain/get-pending-domain`): domains waiting for their DNS TXT
//!   record, `{"domain","expiry","id","token","created"}`; `token` is "the value to add as TXT",
//!   `expiry` "the date that the domain will not be able to be verified".
//! - Create Domain (`/api/domain/create-domain`): takes `domain` and `inboundType` (both
//!   required) and answers `{"id","domain","token","created","expiry"}`. "If the domain's parent
//!   domain is managed by the same account, the domain will be registered as an internal domain
//!   without a verification code": an answer without a token is such a registration.
//!
//! Each reader takes the Worker's answer (`{"data":[…]}`) or Mimecast's whole envelope alike and
//! ignores fields it does not use, so a field Mimecast adds later breaks nothing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::MimecastCode;
use super::answer::{AnswerError, read_data};
use super::operation::Operation;
use crate::api_error::ApiError;
use crate::time::UnixTime;

/// The inbound checks of a domain, as Create Domain's reference lists them. The console's
/// "Register New Domain" starts at "Accept Any Address".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InboundType {
    /// `any`, "Accept Any Address": mail to any address of the domain is accepted and passed on.
    #[default]
    Any,
    /// `smtp`, "SMTP Call Forward": Mimecast asks the mail server whether the address exists.
    Smtp,
    /// `ldap`, "LDAP Users Only": only addresses synchronised from a directory are accepted.
    Ldap,
    /// `known`, "Known Recipients Only": only addresses Mimecast already knows are accepted.
    Known,
}

impl InboundType {
    /// Every inbound type, in the reference's order.
    pub const ALL: [InboundType; 4] = [
        InboundType::Any,
        InboundType::Smtp,
        InboundType::Ldap,
        InboundType::Known,
    ];

    /// Mimecast's value: `any`, `smtp`, `ldap` or `known`.
    pub fn code(self) -> &'static str {
        match self {
            InboundType::Any => "any",
            InboundType::Smtp => "smtp",
            InboundType::Ldap => "ldap",
            InboundType::Known => "known",
        }
    }

    /// The name Mimecast's reference and console give it.
    pub fn label(self) -> &'static str {
        match self {
            InboundType::Any => "Accept Any Address",
            InboundType::Smtp => "SMTP Call Forward",
            InboundType::Ldap => "LDAP Users Only",
            InboundType::Known => "Known Recipients Only",
        }
    }
}

impl fmt::Display for InboundType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for InboundType {
    type Err = ApiError;

    /// Mimecast's value, exactly: `any`, `smtp`, `ldap` or `known`
    /// (`mimecast.inbound_type_invalid`).
    fn from_str(text: &str) -> Result<Self, ApiError> {
        InboundType::ALL
            .into_iter()
            .find(|t| t.code() == text)
            .ok_or_else(|| {
                ApiError::new(
                    MimecastCode::InboundTypeInvalid,
                    "inboundType must be any (Accept Any Address), smtp (SMTP Call Forward), ldap \
                     (LDAP Users Only) or known (Known Recipients Only).",
                )
                .with_field("inboundType")
            })
    }
}

/// One registered internal domain (Get Internal Domain).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InternalDomain {
    /// Mimecast's secure id of the domain.
    #[serde(default)]
    pub id: String,
    /// The domain name, without the `@`.
    pub domain: String,
    /// A send-only domain: its users cannot log in to Mimecast applications (support article
    /// "Directories: Domain Types"), so SAML sign-on does not apply to them.
    #[serde(default)]
    pub send_only: bool,
    /// Mimecast hosts the mailboxes (a "local" domain) rather than another server (remote).
    #[serde(default)]
    pub local: bool,
    /// The inbound checks, as Mimecast wrote them (`any`, `smtp`, `ldap`, `known`).
    #[serde(default)]
    pub inbound_type: Option<String>,
}

/// One domain waiting for its DNS TXT record (Get Pending Domain, or a Create Domain answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingDomain {
    /// Mimecast's id of the domain.
    #[serde(default)]
    pub id: String,
    /// The domain being registered.
    pub domain: String,
    /// The value to publish as a DNS TXT record on the domain.
    pub token: String,
    /// When it was registered, as Mimecast wrote it (`2015-04-02T15:58:47+0000`).
    #[serde(default)]
    pub created: Option<String>,
    /// After this date the domain can no longer be verified, as Mimecast wrote it.
    #[serde(default)]
    pub expiry: Option<String>,
}

impl PendingDomain {
    /// `expiry` read as a time, when Mimecast gave one in its format.
    pub fn expires(&self) -> Option<UnixTime> {
        self.expiry.as_deref().and_then(UnixTime::parse_iso8601)
    }

    /// Whether the verification window closed before `now`.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        self.expires().is_some_and(|expiry| expiry <= now)
    }
}

/// What Create Domain did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Registration {
    /// Registered, waiting for the TXT record `token` before `expiry`.
    Pending(PendingDomain),
    /// Registered at once, without a verification code: a subdomain of a domain the account
    /// already manages.
    #[serde(rename_all = "camelCase")]
    Registered {
        /// Mimecast's id of the domain.
        id: String,
        /// The domain.
        domain: String,
    },
}

/// One item of Create Domain's answer, as the proxy passes it on.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(serde::Serialize, utoipa::ToSchema))]
pub(crate) struct CreatedDomain {
    /// Mimecast's id of the domain.
    #[serde(default)]
    id: String,
    /// The domain.
    domain: String,
    /// The value to publish as a DNS TXT record; absent when Mimecast registered the domain at
    /// once (a subdomain of one the account manages).
    #[serde(default)]
    token: Option<String>,
    /// When it was registered (`2015-04-02T15:58:47+0000`).
    #[serde(default)]
    created: Option<String>,
    /// The last date the record can be seen.
    #[serde(default)]
    expiry: Option<String>,
}

/// The registered domains of a Get Internal Domain answer.
pub fn read_internal_domains(body: &[u8]) -> Result<Vec<InternalDomain>, AnswerError> {
    read_data(Operation::GetInternalDomains, body)
}

/// The pending domains of a Get Pending Domain answer.
pub fn read_pending_domains(body: &[u8]) -> Result<Vec<PendingDomain>, AnswerError> {
    read_data(Operation::GetPendingDomains, body)
}

/// What a Create Domain answer says: pending with its token, or registered at once (no token).
pub fn read_registration(body: &[u8]) -> Result<Registration, AnswerError> {
    let created: Vec<CreatedDomain> = read_data(Operation::CreateDomain, body)?;
    let Some(first) = created.into_iter().next() else {
        return Err(AnswerError::new(
            Operation::CreateDomain,
            "its data array is empty",
        ));
    };
    Ok(match first.token.filter(|t| !t.trim().is_empty()) {
        Some(token) => Registration::Pending(PendingDomain {
            id: first.id,
            domain: first.domain,
            token,
            created: first.created,
            expiry: first.expiry,
        }),
        None => Registration::Registered {
            id: first.id,
            domain: first.domain,
        },
    })
}
