//! The domains block as the step holds it: the account's domains as far as known, the inbound
//! checks chosen, what the last registration did (the DNS record to publish), and a copy's
//! feedback.

use mimecast_sso_core::mimecast_api::{InboundType, PendingDomain};
use mimecast_sso_core::provisioning::{AccountDomains, DnsRecord};

use super::Problem;
use crate::app::Copied;

/// The account's domains, as far as known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum List {
    #[default]
    NotLoaded,
    Loading,
    Loaded(AccountDomains),
    Failed(Problem),
}

/// What registering a domain did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Registered {
    /// Waiting for this record.
    Pending(PendingDomain),
    /// Registered at once (a subdomain of a registered domain), no record needed.
    AtOnce(String),
    /// Nothing sent: already registered.
    Already(String),
    Failed(Problem),
}

/// The domains block.
#[derive(Debug, Default)]
pub(crate) struct Domains {
    /// Asked for (by the list button, a registration or a chosen CSV file).
    pub requested: bool,
    pub list: List,
    /// The inbound checks chosen for the next registration.
    pub inbound: InboundType,
    /// The domain typed.
    pub typed: String,
    /// A registration is on its way.
    pub busy: bool,
    pub result: Option<Registered>,
    pub copied: Option<Copied>,
}

/// The parts of a DNS record the step shows, each with a copy button.
pub(crate) const RECORD_PARTS: [&str; 5] =
    ["dns.type", "dns.host", "dns.name", "dns.value", "dns.zone"];

/// The part `key` of `record` (one of [`RECORD_PARTS`]), with the key of its label.
pub(crate) fn record_part(record: DnsRecord, key: &str) -> Option<(String, &'static str)> {
    Some(match key {
        "dns.type" => (record.kind.to_owned(), "ui.users.dns.type"),
        "dns.host" => (record.host.to_owned(), "ui.users.dns.host"),
        "dns.name" => (record.name, "ui.users.dns.name"),
        "dns.value" => (record.value, "ui.users.dns.value"),
        "dns.zone" => (record.zone_line, "ui.users.dns.zone"),
        _ => return None,
    })
}
