//! The account's domains as an admin sees them, and the domains the users need against them.
//!
//! Mimecast creates an address only on a registered internal domain (Users & Groups | Internal
//! Directories). A domain is, from Mimecast's own lists (endpoint reference, Domain calls):
//! - **registered**: listed by Get Internal Domain; users can be created on it;
//! - **pending**: registered and waiting for its DNS TXT record (Get Pending Domain): the record
//!   to publish is its `token`, before its `expiry`; users on it wait until Mimecast verifies it;
//! - **missing**: neither: register it first.
//!
//! Registering follows Create Domain's notes: a domain any account already manages is not
//! registered again; a subdomain of a domain this account manages is registered at once, without a
//! code; a subdomain of a domain another account manages is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ProvisioningCode, UserCode};
use crate::api_error::ApiError;
use crate::finding::{Finding, Severity};
use crate::mimecast_api::{InternalDomain, PendingDomain, UpstreamError};
use crate::time::UnixTime;

/// The TTL of the zone-file line we suggest, in seconds (one hour; Mimecast sets none).
const ZONE_LINE_TTL: u32 = 3600;

/// What Mimecast lists of the account's domains.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountDomains {
    /// Get Internal Domain's answer.
    #[serde(default)]
    pub registered: Vec<InternalDomain>,
    /// Get Pending Domain's answer.
    #[serde(default)]
    pub pending: Vec<PendingDomain>,
}

/// Where a domain stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DomainStatus {
    /// Registered: users can be created on it.
    Registered,
    /// Waiting for its DNS TXT record.
    Pending,
    /// Its verification window closed before the record was seen: register it again.
    Expired,
    /// Not known to the account.
    Missing,
}

/// The DNS TXT record that proves a pending domain is ours. Mimecast's support article
/// "Directories: Managing Internal Domains / Subdomains": create a TXT record in the domain's zone,
/// `@` as its host, the verification code as its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    /// Always `TXT`.
    pub kind: &'static str,
    /// The host field most DNS consoles ask for: `@`, the zone's own name.
    pub host: &'static str,
    /// The fully qualified name the record is on: the domain itself.
    pub name: String,
    /// The record's value: Mimecast's token, exactly.
    pub value: String,
    /// The same record as a zone-file line, for example
    /// `example.com. 3600 IN TXT "mc-verify-123"`.
    pub zone_line: String,
}

/// The record to publish for `pending`.
pub fn dns_record(pending: &PendingDomain) -> DnsRecord {
    let name = normalize(&pending.domain);
    let value = pending.token.trim().to_owned();
    let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
    DnsRecord {
        kind: "TXT",
        host: "@",
        zone_line: format!("{name}. {ZONE_LINE_TTL} IN TXT \"{quoted}\""),
        name,
        value,
    }
}

/// One domain the users need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainUse {
    /// The domain (lowercase).
    pub domain: String,
    /// How many users are on it.
    pub users: usize,
    /// Where it stands.
    pub status: DomainStatus,
    /// For a pending domain, the record to publish.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<DnsRecord>,
    /// For a pending domain, when its window closes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<UnixTime>,
}

/// The domains the users need against the account's, with a finding for each that is not ready.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCheck {
    /// Every domain the users need, sorted, with its user count and status.
    pub needed: Vec<DomainUse>,
    /// Needed but unknown to the account: register these first.
    pub missing: Vec<String>,
    /// Needed and waiting for their DNS record (expired ones too).
    pub pending: Vec<String>,
    /// Per domain not ready, with the domain as `field`: `user.domain_not_registered`,
    /// `user.domain_pending`, `user.domain_pending_expired` (errors: Mimecast would refuse the
    /// users), and `user.domain_send_only` (warning: its users cannot sign in to Mimecast).
    pub findings: Vec<Finding>,
}

/// A domain name as compared: trimmed, without a final dot, lowercase.
fn normalize(domain: &str) -> String {
    domain.trim().trim_end_matches('.').to_ascii_lowercase()
}

impl AccountDomains {
    /// Where `domain` stands at `now` (exact names: a subdomain is its own domain).
    pub fn status(&self, domain: &str, now: UnixTime) -> DomainStatus {
        let domain = normalize(domain);
        if self
            .registered
            .iter()
            .any(|d| normalize(&d.domain) == domain)
        {
            return DomainStatus::Registered;
        }
        match self.pending_of(&domain) {
            Some(p) if p.is_expired(now) => DomainStatus::Expired,
            Some(_) => DomainStatus::Pending,
            None => DomainStatus::Missing,
        }
    }

    fn pending_of(&self, domain: &str) -> Option<&PendingDomain> {
        self.pending.iter().find(|p| normalize(&p.domain) == domain)
    }

    fn registered_of(&self, domain: &str) -> Option<&InternalDomain> {
        self.registered
            .iter()
            .find(|d| normalize(&d.domain) == domain)
    }

    /// The registered domain that `domain` is a subdomain of, if any (the closest one).
    pub fn registered_parent(&self, domain: &str) -> Option<String> {
        let domain = normalize(domain);
        let mut rest = domain.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if parent.contains('.') && self.registered_of(parent).is_some() {
                return Some(parent.to_owned());
            }
            rest = parent;
        }
        None
    }
}

/// What registering `domain` would do, decided before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RegisterAdvice {
    /// Already a registered domain of this account: nothing to do.
    AlreadyRegistered,
    /// Already registered and waiting: here is its record again (Mimecast would not register it
    /// twice).
    AlreadyPending {
        /// The record to publish.
        record: DnsRecord,
        /// When its window closes.
        #[serde(skip_serializing_if = "Option::is_none")]
        expires: Option<UnixTime>,
    },
    /// A subdomain of `parent`, which this account manages: Mimecast registers it at once,
    /// without a DNS record.
    Subdomain {
        /// The registered parent domain.
        parent: String,
    },
    /// Send Create Domain (a pending domain whose window closed is registered again).
    Register,
}

/// What registering `domain` would do, from the account's lists at `now`.
pub fn register_advice(domain: &str, account: &AccountDomains, now: UnixTime) -> RegisterAdvice {
    let name = normalize(domain);
    match account.status(&name, now) {
        DomainStatus::Registered => RegisterAdvice::AlreadyRegistered,
        DomainStatus::Pending => match account.pending_of(&name) {
            Some(pending) => RegisterAdvice::AlreadyPending {
                record: dns_record(pending),
                expires: pending.expires(),
            },
            None => RegisterAdvice::Register,
        },
        DomainStatus::Expired | DomainStatus::Missing => match account.registered_parent(&name) {
            Some(parent) => RegisterAdvice::Subdomain { parent },
            None => RegisterAdvice::Register,
        },
    }
}

/// The error of a failed Create Domain for `domain`: a refusal by Mimecast (its own `err_…` code,
/// or `upstream.rejected`) explained by [`registration_refused`]; any other failure (credentials,
/// a rate limit, the network) as it is.
pub fn registration_failed(domain: &str, error: ApiError) -> ApiError {
    let refused = error.code.starts_with(MIMECAST_CODE_PREFIX) || error.is(UpstreamError::Rejected);
    if refused {
        registration_refused(domain, &error)
    } else {
        error
    }
}

/// Mimecast's own error codes start so (`err_validation_…`, `err_xdk_…`).
const MIMECAST_CODE_PREFIX: &str = "err_";

/// Mimecast's refusal of Create Domain for `domain`, said the way the reference explains it
/// (`provisioning.domain_refused`, Mimecast's own codes kept in `details`). The reference gives no
/// error code for these refusals, so every refusal is read this way.
pub fn registration_refused(domain: &str, refusal: &ApiError) -> ApiError {
    let said = if refusal.message.is_empty() {
        refusal.code.clone()
    } else {
        refusal.message.clone()
    };
    let mut error = ApiError::new(
        ProvisioningCode::DomainRefused,
        format!(
            "Mimecast did not register {} ({said}). Mimecast refuses a domain that an account \
             already manages, this one or another, and a subdomain of a domain another account \
             manages; if another organisation's Mimecast account holds it, ask Mimecast Support.",
            normalize(domain)
        ),
    )
    .with_field("domain");
    error.details = refusal.details.clone();
    if error.details.is_empty() {
        error.details.push(crate::api_error::ErrorDetail {
            code: refusal.code.clone(),
            message: refusal.message.clone(),
            retryable: refusal.retryable,
        });
    }
    error
}

/// Compares the domains of `addresses` with the account's domains at `now`.
pub fn check_domains<'a>(
    addresses: impl IntoIterator<Item = &'a str>,
    account: &AccountDomains,
    now: UnixTime,
) -> DomainCheck {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for address in addresses {
        if let Some((_, domain)) = address.rsplit_once('@') {
            *counts.entry(normalize(domain)).or_default() += 1;
        }
    }
    let mut check = DomainCheck::default();
    for (domain, users) in counts {
        let status = account.status(&domain, now);
        let pending = account.pending_of(&domain);
        let record = pending
            .filter(|_| status == DomainStatus::Pending)
            .map(dns_record);
        let expires = pending.and_then(PendingDomain::expires);
        let until = expires.map_or_else(String::new, |e| format!(" before {}", e.to_rfc3339()));
        match status {
            DomainStatus::Missing => {
                check.findings.push(
                    Finding::error(
                        UserCode::DomainNotRegistered,
                        format!(
                            "{users} user(s) are on {domain}, which is not an internal domain of this Mimecast account: register it first."
                        ),
                    )
                    .with_field(&domain),
                );
                check.missing.push(domain.clone());
            }
            DomainStatus::Pending => {
                let value = record
                    .as_ref()
                    .map(|r| r.value.as_str())
                    .unwrap_or_default();
                check.findings.push(
                    Finding::error(
                        UserCode::DomainPending,
                        format!(
                            "{domain} is registered and waiting for its DNS TXT record \"{value}\"{until}; Mimecast creates its {users} user(s) once it has verified the domain."
                        ),
                    )
                    .with_field(&domain),
                );
                check.pending.push(domain.clone());
            }
            DomainStatus::Expired => {
                check.findings.push(
                    Finding::error(
                        UserCode::DomainPendingExpired,
                        format!(
                            "{domain} was registered but its DNS TXT record was not seen in time (the window closed{}): register it again.",
                            expires.map_or_else(String::new, |e| format!(" on {}", e.to_rfc3339()))
                        ),
                    )
                    .with_field(&domain),
                );
                check.pending.push(domain.clone());
            }
            DomainStatus::Registered => {
                if account.registered_of(&domain).is_some_and(|d| d.send_only) {
                    check.findings.push(
                        Finding::new(
                            Severity::Warning,
                            UserCode::DomainSendOnly,
                            format!(
                                "{domain} is a send-only domain: its users cannot log in to Mimecast applications, so single sign-on does not apply to them."
                            ),
                        )
                        .with_field(&domain),
                    );
                }
            }
        }
        check.needed.push(DomainUse {
            domain,
            users,
            status,
            record,
            expires,
        });
    }
    check
}
