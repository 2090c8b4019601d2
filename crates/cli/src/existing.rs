//! Who already exists in Mimecast before a run: for each domain of the file, every page of the
//! Worker's `POST /api/v1/mimecast/get-internal-users`, read by the core's [`UserListing`], so a run
//! sends nothing for them (`BulkRun::skip_existing`).
//!
//! A domain whose listing fails is left out with a warning: its existing users then come back
//! `exists` from the batch route, one call later. A Worker that cannot be reached or refuses the
//! credential stops here, before anything is sent.

use std::collections::BTreeSet;

use mimecast_sso_core::provisioning::UserListing;

use crate::worker::{CallError, Client, Reply};

/// The Worker's route for Mimecast's Get Internal Users.
pub const PATH: &str = "/api/v1/mimecast/get-internal-users";

/// What the listing found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listed {
    /// Every address listed, lowercase.
    pub addresses: BTreeSet<String>,
    /// Each domain, in order.
    pub domains: Vec<DomainListed>,
}

/// One domain's listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainListed {
    /// The domain.
    pub domain: String,
    /// Addresses listed.
    pub found: usize,
    /// Pages read.
    pub pages: u32,
    /// Whether the listing stopped at the core's page limit.
    pub truncated: bool,
    /// Why the listing stopped early, if it did (the run goes on without the rest).
    pub problem: Option<String>,
}

/// Why the listing stopped the run before it began.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListError {
    /// No answer from the Worker.
    Unreachable(CallError),
    /// The Worker refused the credential (401, 403) or redirected to a sign-in page.
    NotAuthorized(Reply),
}

impl std::fmt::Display for ListError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListError::Unreachable(error) => error.fmt(f),
            ListError::NotAuthorized(reply) => write!(
                f,
                "the Worker refused the credential: {} (set PROXY_TOKEN or give --token-file)",
                reply.describe()
            ),
        }
    }
}

impl std::error::Error for ListError {}

/// Lists the users of each of `domains` (in `region`, for API 1.0, when given); `on_page` sees the
/// listing after each page.
pub fn list(
    client: &Client,
    domains: &BTreeSet<String>,
    region: Option<&str>,
    on_page: &mut dyn FnMut(&UserListing),
) -> Result<Listed, ListError> {
    let mut listed = Listed::default();
    for domain in domains {
        let mut listing = UserListing::new(domain, region);
        let mut problem = None;
        while let Some(body) = listing.request() {
            let reply = client
                .post(PATH, "application/json", body.as_bytes())
                .map_err(ListError::Unreachable)?;
            if reply.is_auth_refusal() {
                return Err(ListError::NotAuthorized(reply));
            }
            if reply.status != 200 {
                problem = Some(reply.describe());
                break;
            }
            if let Err(error) = listing.accept(&reply.body) {
                problem = Some(error.to_string());
                break;
            }
            on_page(&listing);
        }
        listed.addresses.extend(listing.addresses().iter().cloned());
        listed.domains.push(DomainListed {
            domain: listing.domain().to_owned(),
            found: listing.addresses().len(),
            pages: listing.pages(),
            truncated: listing.truncated(),
            problem,
        });
    }
    Ok(listed)
}
