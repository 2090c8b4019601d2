//! Who already exists in Mimecast: a domain's users, read page by page from Get Internal Users
//! until the answer has no `next`, so an "already exists" check sees every user of a large domain.
//!
//! Pure, like the run engine: [`UserListing::request`] gives the next body to send to the
//! Worker's `get-internal-users` route and [`UserListing::accept`] takes its answer. The listing
//! stops after [`MAX_USER_PAGES`] pages and says so, so a token that never ends cannot loop.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::json;

use crate::mimecast_api::{AnswerError, DEFAULT_PAGE_SIZE, read_users_page};

/// Most pages read of one domain: 500 pages of [`DEFAULT_PAGE_SIZE`], 50,000 addresses.
pub const MAX_USER_PAGES: u32 = 500;

/// A domain's users, being read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserListing {
    domain: String,
    region: Option<String>,
    next: Option<String>,
    pages: u32,
    done: bool,
    truncated: bool,
    user_count: Option<u64>,
    addresses: BTreeSet<String>,
}

impl UserListing {
    /// A listing of `domain`'s users, asked in `region` (API 1.0) when given.
    pub fn new(domain: &str, region: Option<&str>) -> Self {
        Self {
            domain: domain.trim().to_ascii_lowercase(),
            region: region.map(str::to_owned),
            next: None,
            pages: 0,
            done: false,
            truncated: false,
            user_count: None,
            addresses: BTreeSet::new(),
        }
    }

    /// The body of the next `POST /api/v1/mimecast/get-internal-users`; `None` when the listing
    /// is done.
    pub fn request(&self) -> Option<String> {
        if self.done {
            return None;
        }
        let mut body = json!({ "domain": self.domain, "pageSize": DEFAULT_PAGE_SIZE });
        if let Some(next) = &self.next {
            body["pageToken"] = next.clone().into();
        }
        if let Some(region) = &self.region {
            body["region"] = region.clone().into();
        }
        Some(body.to_string())
    }

    /// Takes one answer of the Worker's route. The listing is done when it has no `next`, or
    /// after [`MAX_USER_PAGES`] pages (then [`UserListing::truncated`]).
    pub fn accept(&mut self, body: &[u8]) -> Result<(), AnswerError> {
        let page = read_users_page(body)?;
        self.pages += 1;
        self.user_count = self.user_count.or(page.user_count);
        self.addresses.extend(
            page.users
                .into_iter()
                .map(|u| u.email_address.trim().to_ascii_lowercase()),
        );
        match page.next {
            Some(next) if self.pages < MAX_USER_PAGES && self.next.as_ref() != Some(&next) => {
                self.next = Some(next);
            }
            Some(_) => {
                // The page limit, or a token that repeats itself: stop rather than loop.
                self.truncated = true;
                self.done = true;
            }
            None => self.done = true,
        }
        Ok(())
    }

    /// The domain listed.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Whether every page was read (or the listing stopped at its limit).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Whether the listing stopped before Mimecast's last page.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// Pages read so far.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// The domain's user count, as Mimecast gave it.
    pub fn user_count(&self) -> Option<u64> {
        self.user_count
    }

    /// Every address read so far, lowercase.
    pub fn addresses(&self) -> &BTreeSet<String> {
        &self.addresses
    }
}
