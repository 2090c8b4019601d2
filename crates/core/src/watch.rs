//! Rollover watch: what the Worker's daily check decides about an Entra application whose signing
//! certificate was pasted into Mimecast, and what it tells the admin.
//!
//! The most common way a working sign-on breaks is months after setup: Entra's SAML signing
//! certificate expires or a new one is made Active, while Mimecast's Authentication Profile still
//! holds the old body. A watched application ([`WatchedApp`]) names the tenant, the application and
//! the SHA-1 thumbprint of the certificate Mimecast holds; every day the Worker fetches Entra's
//! federation metadata (the rules of [`crate::http_api::metadata_fetch`]) and [`decide`] compares
//! it with that thumbprint, with `now` given, and answers the new [`WatchState`] and the
//! [`Notification`]s to send: each condition once when it starts (each expiry band once), and a
//! return to health once. [`webhook_body`] writes a notification as JSON that Microsoft Teams
//! (Workflows webhooks, Adaptive Card) and Slack-compatible receivers (`text`) both display.

mod decide;
mod input;
mod message;
mod state;
mod view;

use crate::time::UnixTime;

pub use decide::{Observation, decide};
pub use input::{
    WatchInput, WatchedApp, normalize_thumbprint, not_found, watch_id, watch_id_from_random,
};
pub use message::{Fact, Notification, delivery_should_retry, webhook_body};
pub use state::{CheckRecord, Condition, Delivery, NewerCertificate, WatchState};
pub use view::{CheckAnswer, Deleted, StoredWatch, WatchList, WatchView};

crate::codes! {
    /// Every code of the watch routes and of the notifications the daily check sends.
    pub enum WatchCode {
        /// The watch store (the `WATCH` KV namespace) is not bound to the Worker.
        NotConfigured = "watch.not_configured" @ 503,
        /// No watched application has this ID.
        NotFound = "watch.not_found" @ 404,
        /// As many applications are watched as one Worker keeps ([`MAX_WATCHES`]).
        TooMany = "watch.too_many" @ 409,
        /// The body is not a watched application as the routes read it.
        InvalidInput = "watch.invalid_input",
        /// The label is empty, too long or holds control characters.
        LabelInvalid = "watch.label_invalid",
        /// The thumbprint is not 40 hexadecimal digits (SHA-1).
        ThumbprintInvalid = "watch.thumbprint_invalid",
        /// The notification URL is not an `https` URL this Worker may post to.
        NotifyUrlInvalid = "watch.notify_url_invalid",
        /// The watched certificate expires within 60, 30 or 7 days.
        Expiring = "watch.expiring" @ 200,
        /// The watched certificate has expired: sign-on is refused.
        Expired = "watch.expired" @ 200,
        /// Entra publishes a newer signing certificate than the one Mimecast holds.
        Rollover = "watch.rollover" @ 200,
        /// The certificate Mimecast holds is no longer in Entra's metadata: sign-on fails now.
        CertificateMissing = "watch.certificate_missing" @ 200,
        /// The metadata could not be fetched or read on two checks in a row.
        MetadataUnreachable = "watch.metadata_unreachable" @ 200,
        /// The metadata names another tenant, on two checks in a row.
        OtherTenant = "watch.other_tenant" @ 200,
        /// Every condition notified before has ended.
        Recovered = "watch.recovered" @ 200,
    }
}

/// Most applications one Worker watches (one KV key each; the daily check fetches each one's
/// metadata in turn, within the Worker's subrequest limit).
pub const MAX_WATCHES: usize = 100;

/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;

/// Longest notification URL, in bytes (Teams Workflows URLs are about 300).
pub const MAX_NOTIFY_URL_BYTES: usize = 2_000;

/// Checks in a row whose metadata could not be read before it is notified: one blip is not.
pub const FAILED_CHECKS_BEFORE_NOTICE: u32 = 2;

/// Checks and deliveries kept in a watched application's history (newest last).
pub const HISTORY_LEN: usize = 30;

/// Name of the KV namespace binding in `wrangler.toml`.
pub const KV_BINDING: &str = "WATCH";

/// Prefix of every watched application's KV key (`watch/{id}`).
pub const KV_PREFIX: &str = "watch/";

/// The Worker setting that lets a notification URL be `http://` on a loopback address, for local
/// tests only (a deployed Worker cannot reach one anyway).
pub const LOOPBACK_NOTIFY_SETTING: &str = "WATCH_LOOPBACK_NOTIFY";

/// The Worker setting naming the helper's address in notification links (default: the Worker's
/// own address as seen by the request that made the watch).
pub const HELPER_URL_SETTING: &str = "HELPER_URL";

/// Milliseconds a webhook may take before the delivery counts as failed.
pub const NOTIFY_TIMEOUT_MS: u32 = 10_000;

/// A watch checked less than this long ago (20 hours) is not due: the hourly cron checks each
/// application about once a day, whatever the hour it was made.
pub const DUE_AFTER_SECS: i64 = 20 * 3_600;

/// Most applications one scheduled run checks: each check is one metadata fetch and at most a
/// few webhook posts (with their retry), which keeps a run within the Workers Free plan's 50
/// subrequests; hourly runs then check 144 a day, more than [`MAX_WATCHES`].
pub const CHECKS_PER_RUN: usize = 6;

/// The Worker setting that changes [`DUE_AFTER_SECS`] (0 to 604,800 seconds): local tests set 0
/// so that each run of the scheduled handler checks every watch.
pub const DUE_AFTER_SETTING: &str = "WATCH_DUE_AFTER_SECS";

/// [`DUE_AFTER_SECS`], or the [`DUE_AFTER_SETTING`] value when it is a whole number of seconds
/// from 0 to a week.
pub fn due_after_secs(setting: Option<&str>) -> i64 {
    setting
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| (0..=7 * 86_400).contains(v))
        .unwrap_or(DUE_AFTER_SECS)
}

/// The watches of `stored` due at `now` (not checked in the last `after_secs`), oldest check
/// first (never checked before all), at most [`CHECKS_PER_RUN`]: their indices.
pub fn due(stored: &[StoredWatch], now: UnixTime, after_secs: i64) -> Vec<usize> {
    let mut due: Vec<(Option<UnixTime>, &str, usize)> = stored
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.state
                .checked_at
                .is_none_or(|at| now.secs().saturating_sub(at.secs()) >= after_secs)
        })
        .map(|(i, s)| (s.state.checked_at, s.app.id.as_str(), i))
        .collect();
    due.sort();
    due.into_iter()
        .take(CHECKS_PER_RUN)
        .map(|(_, _, i)| i)
        .collect()
}
