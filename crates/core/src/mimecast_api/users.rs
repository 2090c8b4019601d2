//! The answer of Get Internal Users (`/api/user/get-internal-users`), read as Mimecast's endpoint
//! reference gives it: `data[0]` holds `users[]` (`emailAddress`, `addressType`, `alias`) and
//! `userCount`, "the number of users in the parent domain". The page's example writes
//! `emaiLAddress` and `usercount`, against its own tables; both spellings are read.
//!
//! The page shows no `meta.pagination`, but Mimecast's list calls page with it (Get Group
//! Members: `next` is "only returned if there are more results to return"); the reader takes
//! `next` when it is there, so one page or many read alike.

use serde::{Deserialize, Serialize};

use super::answer::{AnswerError, read_data};
use super::envelope::Pagination;
use super::operation::Operation;

/// One address of the domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InternalUser {
    /// The address.
    #[serde(alias = "emaiLAddress")]
    pub email_address: String,
    /// Mimecast's address type (the reference lists no values).
    #[serde(default)]
    pub address_type: Option<String>,
    /// Whether the address is an alias of another user.
    #[serde(default)]
    pub alias: bool,
}

/// One page of a domain's users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsersPage {
    /// The users on this page.
    pub users: Vec<InternalUser>,
    /// The number of users in the domain, when Mimecast gave it.
    pub user_count: Option<u64>,
    /// The `pageToken` of the next page; `None` on the last page.
    pub next: Option<String>,
}

/// One item of Get Internal Users' answer: a page of the domain's users.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct UsersData {
    /// The users on this page.
    #[serde(default)]
    users: Vec<InternalUser>,
    /// The number of users in the domain.
    #[serde(default, alias = "usercount")]
    user_count: Option<u64>,
}

/// One item of Create User's answer.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "camelCase")]
#[allow(dead_code)]
pub(crate) struct CreatedUser {
    /// The new user's address.
    email_address: String,
    /// Mimecast's secure id of the user.
    id: String,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(default)]
    pagination: Option<Pagination>,
}

#[derive(Deserialize)]
struct WithMeta {
    #[serde(default)]
    meta: Meta,
}

/// One page of a Get Internal Users answer (the Worker's `{"data","meta"?}` or Mimecast's
/// envelope).
pub fn read_users_page(body: &[u8]) -> Result<UsersPage, AnswerError> {
    let data: Vec<UsersData> = read_data(Operation::GetInternalUsers, body)?;
    let next = serde_json::from_slice::<WithMeta>(body)
        .ok()
        .and_then(|m| m.meta.pagination)
        .and_then(|p| p.next)
        .filter(|n| !n.is_empty());
    let mut users = Vec::new();
    let mut user_count = None;
    for entry in data {
        users.extend(entry.users);
        user_count = user_count.or(entry.user_count);
    }
    Ok(UsersPage {
        users,
        user_count,
        next,
    })
}
