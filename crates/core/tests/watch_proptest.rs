//! Rollover watch, over any sequence of checks: no condition is notified twice while it lasts, a
//! return to health is notified once per episode, and on daily checks every expiry band is
//! notified exactly once, in order.

#[path = "support/metadata.rs"]
mod fixture;

use fixture::*;
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::MetadataFetchError;
use mimecast_sso_core::http_api::watch::observation;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_core::watch::{
    Condition, Observation, StoredWatch, WatchInput, WatchState, WatchedApp, decide,
};
use proptest::prelude::*;

/// SHA-1 thumbprint of `rsa2048.pem`, which expires 2027-11-23T14:01:52Z.
const OLD: &str = "148E4FF1DC94F186982D03F9B98EE01F825A2F74";
const OLD_END: i64 = 1_826_978_512;
const DAY: i64 = 86_400;

/// What Entra answers on a day: 0 the old certificate, 1 old and new, 2 the new only, 3 a failed
/// fetch, 4 another tenant's metadata.
fn observe(kind: u8, now: UnixTime) -> Observation {
    let (old, new) = (rsa2048_body(), entra_body());
    let bodies: Vec<&str> = match kind {
        0 => vec![&old],
        1 => vec![&old, &new],
        2 => vec![&new],
        3 => {
            return observation(Err(ApiError::new(
                MetadataFetchError::UpstreamFailed,
                "unreachable",
            )));
        }
        _ => {
            return observation(Err(ApiError::new(
                MetadataFetchError::UpstreamTenantMismatch,
                "other tenant",
            )));
        }
    };
    observation(Ok(metadata::parse(
        document(&bodies).as_bytes(),
        now,
        Scope::Application,
    )
    .expect("metadata")))
}

/// A new watch of the certificate expiring at `OLD_END`, and its state before any check.
fn watched() -> (WatchedApp, WatchState) {
    let app = WatchInput {
        tenant_id: Some(TENANT.into()),
        app_id: Some("00000000-0000-0000-0000-0000000000aa".into()),
        label: Some("Contoso".into()),
        thumbprint: Some(OLD.into()),
        notify_url: Some("https://hooks.example/x".into()),
    }
    .create("0123456789abcdef".into(), JAN_2027, false)
    .expect("watch");
    let state = StoredWatch::new(app.clone(), "https://helper.example").state;
    (app, state)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_notification_repeats_while_its_condition_lasts(
        start in 0i64..120,
        steps in prop::collection::vec((0u8..5, 0i64..12), 1..60),
    ) {
        let (app, mut state) = watched();
        let mut now = OLD_END - start * DAY;
        for (kind, days) in steps {
            now += days * DAY;
            let at = UnixTime::from_secs(now);
            let before = state.active.clone();
            let (next, notes) = decide(&app, &observe(kind, at), &state, at, "https://helper.example");
            for note in &notes {
                match &note.condition {
                    Some(condition) => {
                        prop_assert!(!before.contains(condition), "{condition:?} notified again while it lasted");
                        prop_assert!(next.active.contains(condition));
                    }
                    None => {
                        prop_assert_eq!(note.code.as_str(), "watch.recovered");
                        prop_assert!(!before.is_empty() && next.active.is_empty());
                    }
                }
            }
            let started: Vec<&Condition> = next.active.iter().filter(|c| !before.contains(c)).collect();
            prop_assert_eq!(started.len(), notes.iter().filter(|n| n.condition.is_some()).count(), "every condition that starts is notified");
            state = next;
        }
    }

    #[test]
    fn daily_checks_notify_every_band_once_in_order(start in 61i64..200, fail_every in 2usize..9) {
        let (app, mut state) = watched();
        let mut bands = Vec::new();
        for day in 0..(start + 3) {
            let at = UnixTime::from_secs(OLD_END - start * DAY + day * DAY);
            // Now and then a lone failed fetch (never two in a row): never notified.
            let kind = if day > 0 && (day as usize).is_multiple_of(fail_every) { 3 } else { 0 };
            let (next, notes) = decide(&app, &observe(kind, at), &state, at, "https://helper.example");
            bands.extend(notes.into_iter().map(|n| n.condition));
            state = next;
        }
        use mimecast_sso_core::certificate::ExpiryBand::*;
        prop_assert_eq!(bands, vec![
            Some(Condition::Expiring { band: Within60Days }),
            Some(Condition::Expiring { band: Within30Days }),
            Some(Condition::Expiring { band: Within7Days }),
            Some(Condition::Expired),
        ]);
    }
}
