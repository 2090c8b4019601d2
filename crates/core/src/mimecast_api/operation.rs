//! The allow-list: the only Mimecast operations the proxy forwards, each with its fixed API path.
//!
//! Each path, body and answer was checked against Mimecast's endpoint reference; the pages and
//! their example bodies are kept in `tests/mimecast-reference`, and the core's tests run them
//! through [`super::validate_request`] and the answer readers.

/// One allow-listed Mimecast operation. The Worker's route is `POST /api/v1/mimecast/{slug}`; the
/// upstream path is fixed here, so no part of a request ever becomes part of an upstream URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Account details (name, account code, region): `/api/account/get-account`.
    GetAccount,
    /// The account's internal (registered) domains: `/api/domain/get-internal-domain`.
    GetInternalDomains,
    /// Domains registered and waiting for their DNS TXT record, each with its token and expiry:
    /// `/api/domain/get-pending-domain`.
    GetPendingDomains,
    /// Register a new internal domain; the answer holds the DNS TXT verification token:
    /// `/api/domain/create-domain`.
    CreateDomain,
    /// Internal users of one domain, a page at a time: `/api/user/get-internal-users`.
    GetInternalUsers,
    /// Create an internal user ("New Address"): `/api/user/create-user`.
    CreateUser,
    /// Change an internal user's name, password or flags: `/api/user/update-user`.
    UpdateUser,
    /// How an address signs in (cloud password, domain authentication, SAML):
    /// `/api/login/discover-authentication`.
    DiscoverAuthentication,
}

impl Operation {
    /// Every allow-listed operation.
    pub const ALL: [Operation; 8] = [
        Operation::GetAccount,
        Operation::GetInternalDomains,
        Operation::GetPendingDomains,
        Operation::CreateDomain,
        Operation::GetInternalUsers,
        Operation::CreateUser,
        Operation::UpdateUser,
        Operation::DiscoverAuthentication,
    ];

    /// The last segment of the Worker's route, for example `create-user`.
    pub fn slug(self) -> &'static str {
        match self {
            Operation::GetAccount => "get-account",
            Operation::GetInternalDomains => "get-internal-domains",
            Operation::GetPendingDomains => "get-pending-domains",
            Operation::CreateDomain => "create-domain",
            Operation::GetInternalUsers => "get-internal-users",
            Operation::CreateUser => "create-user",
            Operation::UpdateUser => "update-user",
            Operation::DiscoverAuthentication => "discover-authentication",
        }
    }

    /// Mimecast's API path, the `uri` of the API 1.0 signature.
    pub fn path(self) -> &'static str {
        match self {
            Operation::GetAccount => "/api/account/get-account",
            Operation::GetInternalDomains => "/api/domain/get-internal-domain",
            Operation::GetPendingDomains => "/api/domain/get-pending-domain",
            Operation::CreateDomain => "/api/domain/create-domain",
            Operation::GetInternalUsers => "/api/user/get-internal-users",
            Operation::CreateUser => "/api/user/create-user",
            Operation::UpdateUser => "/api/user/update-user",
            Operation::DiscoverAuthentication => "/api/login/discover-authentication",
        }
    }

    /// Whether the operation only reads: sending it twice changes nothing in Mimecast, so a call
    /// whose connection failed may simply be sent again.
    pub fn is_read_only(self) -> bool {
        match self {
            Operation::GetAccount
            | Operation::GetInternalDomains
            | Operation::GetPendingDomains
            | Operation::GetInternalUsers
            | Operation::DiscoverAuthentication => true,
            Operation::CreateDomain | Operation::CreateUser | Operation::UpdateUser => false,
        }
    }

    /// The operation whose slug is exactly `slug` (no decoding, no case folding).
    pub fn from_slug(slug: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.slug() == slug)
    }
}
