//! The daily check's decision: a pure function of (watched application, what the metadata fetch
//! gave, the last state, now) → (new state, notifications to send).
//!
//! A condition is notified once when it starts and not again while it lasts; each expiry band is a
//! condition of its own, so crossing 60, 30 and 7 days and expiry are each notified once. When
//! every condition notified before has ended, one `watch.recovered` is sent. A failed fetch is
//! notified only on the [`FAILED_CHECKS_BEFORE_NOTICE`]th check in a row; meanwhile the expiry
//! bands still advance from the last `notAfter` seen, and what the last good metadata showed
//! (a rollover, a missing certificate) is kept.

use super::message::{Notification, Situation};
use super::state::{CheckRecord, Condition, NewerCertificate, WatchState, push_bounded};
use super::{FAILED_CHECKS_BEFORE_NOTICE, WatchedApp};
use crate::Coded;
use crate::api_error::ApiError;
use crate::certificate::{CertificateReport, ExpiryBand};
use crate::metadata::FederationMetadata;
use crate::time::UnixTime;

/// What the daily check fetched (see `http_api::metadata_fetch::observation`).
#[derive(Clone, Debug)]
pub enum Observation {
    /// The tenant's metadata, read.
    Metadata(Box<FederationMetadata>),
    /// The metadata could not be fetched or read: the metadata route's error
    /// (`metadata.upstream_*`).
    Failed(ApiError),
    /// The metadata names another tenant: the metadata route's error.
    OtherTenant(ApiError),
}

/// The check of `app` at `now` against what was fetched (`observed`), after `previous`: the new
/// state and the notifications to send, in the order to send them. `helper_url` is the helper's
/// address for the notifications' link.
pub fn decide(
    app: &WatchedApp,
    observed: &Observation,
    previous: &WatchState,
    now: UnixTime,
    helper_url: &str,
) -> (WatchState, Vec<Notification>) {
    let mut state = previous.clone();
    if state.thumbprint.as_deref() != Some(app.thumbprint.as_str()) {
        // The watch now names another certificate (an admin pasted a new one and said so): what
        // was read about the old one does not apply.
        state.thumbprint = Some(app.thumbprint.clone());
        state.not_after = None;
        state.newer = None;
    }
    let mut current = Vec::new();
    match observed {
        Observation::Metadata(metadata) => {
            state.failed_checks = 0;
            state.last_error = None;
            let watched = metadata
                .certificates
                .iter()
                .find(|c| c.thumbprint_sha1 == app.thumbprint);
            if let Some(watched) = watched {
                state.not_after = Some(watched.not_after.clone());
            }
            state.newer = newest_other(&metadata.certificates, app, watched);
            if watched.is_none() {
                current.push(Condition::CertificateMissing);
            }
            if let (Some(newer), Some(_)) = (&state.newer, watched) {
                current.push(Condition::Rollover {
                    thumbprint: newer.thumbprint.clone(),
                });
            }
        }
        Observation::Failed(error) | Observation::OtherTenant(error) => {
            state.failed_checks = state.failed_checks.saturating_add(1);
            state.last_error = Some(error.clone());
            // What the last good metadata showed still holds.
            current.extend(
                previous
                    .active
                    .iter()
                    .filter(|c| {
                        matches!(
                            c,
                            Condition::Rollover { .. } | Condition::CertificateMissing
                        )
                    })
                    .cloned(),
            );
            if state.failed_checks >= FAILED_CHECKS_BEFORE_NOTICE {
                current.push(if matches!(observed, Observation::OtherTenant(_)) {
                    Condition::OtherTenant
                } else {
                    Condition::MetadataUnreachable
                });
            }
        }
    }
    if let Some(days) = state.days_remaining(app, now) {
        match ExpiryBand::of(days) {
            ExpiryBand::Valid => {}
            ExpiryBand::Expired => current.push(Condition::Expired),
            band => current.push(Condition::Expiring { band }),
        }
    }
    let situation = Situation {
        app,
        state: &state,
        now,
        helper_url,
    };
    let mut notifications: Vec<Notification> = current
        .iter()
        .filter(|c| !previous.active.contains(c))
        .map(|c| situation.notification(c))
        .collect();
    if current.is_empty() && !previous.active.is_empty() {
        notifications.push(situation.recovered(&previous.active));
    }
    let health = if current.iter().any(Condition::is_broken) {
        "broken"
    } else if current.is_empty() {
        "healthy"
    } else {
        "warning"
    };
    state.health = health.to_owned();
    state.checked_at = Some(now);
    push_bounded(
        &mut state.history,
        CheckRecord {
            at: now,
            health: health.to_owned(),
            codes: current.iter().map(|c| c.code().code().to_owned()).collect(),
            error: match observed {
                Observation::Metadata(_) => None,
                Observation::Failed(e) | Observation::OtherTenant(e) => Some(e.code.clone()),
            },
        },
    );
    state.active = current;
    (state, notifications)
}

/// The certificate of `certificates`, other than the watched one, valid now and valid longest,
/// when it ends after the watched one (or the watched one is missing).
fn newest_other(
    certificates: &[CertificateReport],
    app: &WatchedApp,
    watched: Option<&CertificateReport>,
) -> Option<NewerCertificate> {
    certificates
        .iter()
        .filter(|c| c.thumbprint_sha1 != app.thumbprint && c.expiry.band != ExpiryBand::Expired)
        // RFC 3339 UTC strings of one format order as the times do.
        .filter(|c| watched.is_none_or(|w| c.not_after > w.not_after))
        .max_by(|a, b| a.not_after.cmp(&b.not_after))
        .map(|c| NewerCertificate {
            thumbprint: c.thumbprint_sha1.clone(),
            not_after: c.not_after.clone(),
            mimecast_body: c.mimecast_body.clone(),
        })
}
