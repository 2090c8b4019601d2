//! The domains the users need, against the account's registered internal domains: Mimecast
//! creates an address only on a registered internal domain ("Directories > Internal Directories >
//! Register New Domain", verified by a DNS TXT record).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::user::error;
use crate::finding::{Finding, Severity};

/// One registered internal domain, as `get-internal-domains` lists it (other fields ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InternalDomain {
    /// The domain name.
    pub domain: String,
    /// Whether its DNS TXT verification is done.
    #[serde(default)]
    pub verified: bool,
}

/// One domain the users need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainUse {
    /// The domain (lowercase).
    pub domain: String,
    /// How many users are on it.
    pub users: usize,
    /// Whether the account has it as an internal domain.
    pub registered: bool,
    /// Whether it is registered and verified.
    pub verified: bool,
}

/// Needed, registered and missing domains, each list sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCheck {
    /// Every domain the users need, with its user count.
    pub needed: Vec<DomainUse>,
    /// The account's internal domains (lowercase).
    pub registered: Vec<String>,
    /// Needed but not registered: register these first.
    pub missing: Vec<String>,
    /// Needed and registered but not yet verified.
    pub unverified: Vec<String>,
    /// `user.domain_not_registered` (error) per missing domain, `user.domain_unverified`
    /// (warning) per unverified one, each with the domain as `field`.
    pub findings: Vec<Finding>,
}

/// Compares the domains of `addresses` with the `registered` internal domains (exact names: a
/// subdomain needs its own registration).
pub fn check_domains<'a>(
    addresses: impl IntoIterator<Item = &'a str>,
    registered: &[InternalDomain],
) -> DomainCheck {
    let known: BTreeMap<String, bool> = registered
        .iter()
        .map(|d| {
            (
                d.domain.trim().trim_end_matches('.').to_ascii_lowercase(),
                d.verified,
            )
        })
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for address in addresses {
        if let Some((_, domain)) = address.rsplit_once('@') {
            *counts.entry(domain.to_ascii_lowercase()).or_default() += 1;
        }
    }
    let mut check = DomainCheck {
        registered: known.keys().cloned().collect(),
        ..DomainCheck::default()
    };
    for (domain, users) in counts {
        let verified = known.get(&domain).copied();
        match verified {
            None => {
                check.findings.push(
                    error(
                        "user.domain_not_registered",
                        format!(
                            "{users} user(s) are on {domain}, which is not an internal domain of this Mimecast account: register it first."
                        ),
                    )
                    .with_field(&domain),
                );
                check.missing.push(domain.clone());
            }
            Some(false) => {
                check.findings.push(
                    Finding::new(
                        Severity::Warning,
                        "user.domain_unverified",
                        format!(
                            "{domain} is registered but not verified yet: publish its DNS TXT record."
                        ),
                    )
                    .with_field(&domain),
                );
                check.unverified.push(domain.clone());
            }
            Some(true) => {}
        }
        check.needed.push(DomainUse {
            domain,
            users,
            registered: verified.is_some(),
            verified: verified == Some(true),
        });
    }
    check
}

#[derive(Deserialize)]
struct DomainsAnswer {
    data: Vec<InternalDomain>,
}

/// The internal domains of a `POST /api/v1/mimecast/get-internal-domains` answer
/// (`{"data":[{"domain","verified",…}]}`); `provisioning.domains_invalid` for anything else.
pub fn parse_internal_domains(body: &[u8]) -> Result<Vec<InternalDomain>, Finding> {
    serde_json::from_slice::<DomainsAnswer>(body)
        .map(|answer| answer.data)
        .map_err(|_| {
            error(
                "provisioning.domains_invalid",
                "The list of internal domains could not be read.",
            )
        })
}
