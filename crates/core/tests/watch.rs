//! Rollover watch: the daily check's decisions on metadata that changes between checks, each
//! notification once, and the watch routes' input checks.

#[path = "support/metadata.rs"]
mod fixture;

use fixture::*;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::certificate::ExpiryBand;
use mimecast_sso_core::http_api::MetadataFetchError;
use mimecast_sso_core::http_api::watch::observation;
use mimecast_sso_core::metadata::{self, Scope};
use mimecast_sso_core::watch::{
    Condition, Observation, StoredWatch, WatchCode, WatchInput, WatchState, WatchedApp, decide,
    delivery_should_retry, normalize_thumbprint, watch_id, webhook_body,
};
use mimecast_sso_core::{Coded, UnixTime};

/// SHA-1 thumbprint of `rsa2048.pem` (expires 2027-11-23T14:01:52Z): the one "in Mimecast".
const OLD: &str = "148E4FF1DC94F186982D03F9B98EE01F825A2F74";
/// SHA-1 thumbprint of `entra.pem` (expires 2029-11-22): the newer one.
const NEW: &str = "662E059BB8563A81F8307DA4DA6D4DD5D540C52D";
const APP: &str = "00000000-0000-0000-0000-0000000000aa";
const HELPER: &str = "https://sso-helper.example/";
const DAY: i64 = 86_400;
/// 2027-11-23T14:01:52Z, when `rsa2048.pem` expires.
const OLD_END: i64 = 1_826_978_512;

fn app(thumbprint: &str) -> WatchedApp {
    WatchInput {
        tenant_id: Some(TENANT.into()),
        app_id: Some(APP.into()),
        label: Some("Contoso production".into()),
        thumbprint: Some(thumbprint.into()),
        notify_url: Some("https://contoso.webhook.office.com/workflows/abc?sig=secret".into()),
    }
    .create("0123456789abcdef".into(), JAN_2027, false)
    .expect("a valid watch")
}

fn fetched(bodies: &[&str], now: UnixTime) -> Observation {
    observation(Ok(metadata::parse(
        document(bodies).as_bytes(),
        now,
        Scope::Application,
    )
    .expect("metadata")))
}

fn failed() -> Observation {
    observation(Err(ApiError::new(
        MetadataFetchError::UpstreamTimeout,
        "Entra did not answer in time.",
    )))
}

/// Runs `checks` in turn from a new watch; the codes notified at each.
fn run(app: &WatchedApp, checks: &[(UnixTime, Observation)]) -> (WatchState, Vec<Vec<String>>) {
    let mut state = StoredWatch::new(app.clone(), "https://helper.example").state;
    let mut sent = Vec::new();
    for (now, observed) in checks {
        let (next, notes) = decide(app, observed, &state, *now, HELPER);
        sent.push(notes.iter().map(|n| n.code.clone()).collect());
        state = next;
    }
    (state, sent)
}

#[test]
fn old_certificate_then_new_one_added_then_old_one_removed() {
    let app = app(OLD);
    let old = rsa2048_body();
    let new = entra_body();
    let (state, sent) = run(
        &app,
        &[
            (JAN_2027, fetched(&[&old], JAN_2027)),
            (JAN_2027, fetched(&[&old], JAN_2027)),
            (JAN_2027, fetched(&[&old, &new], JAN_2027)),
            (JAN_2027, fetched(&[&old, &new], JAN_2027)),
            (JAN_2027, fetched(&[&new], JAN_2027)),
            (JAN_2027, fetched(&[&new], JAN_2027)),
        ],
    );
    assert_eq!(
        sent,
        [
            vec![],
            vec![],
            vec!["watch.rollover".to_owned()],
            vec![],
            vec!["watch.certificate_missing".to_owned()],
            vec![]
        ]
    );
    assert_eq!(state.health, "broken");
    assert_eq!(
        state.newer.as_ref().map(|n| n.thumbprint.as_str()),
        Some(NEW)
    );
    assert_eq!(state.history.len(), 6);
}

#[test]
fn rollover_notification_says_what_to_paste_and_when_the_old_one_expires() {
    let app = app(OLD);
    let state = StoredWatch::new(app.clone(), "https://helper.example").state;
    let (_, notes) = decide(
        &app,
        &fetched(&[&rsa2048_body(), &entra_body()], JAN_2027),
        &state,
        JAN_2027,
        HELPER,
    );
    let [note] = notes.as_slice() else {
        panic!("one notification: {notes:?}")
    };
    assert_eq!(note.mimecast_body.as_deref(), Some(entra_body().as_str()));
    assert!(note.action.contains(NEW), "{}", note.action);
    assert!(note.text.contains("2027-11-23T14:01:52Z"), "{}", note.text);
    assert!(
        note.link.starts_with(
            "https://sso-helper.example#metadata=https%3A%2F%2Flogin.microsoftonline.com%2F"
        ),
        "{}",
        note.link
    );
    let body = webhook_body(note);
    assert_eq!(body["type"], "message");
    let card = &body["attachments"][0];
    assert_eq!(
        card["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(card["content"]["type"], "AdaptiveCard");
    assert_eq!(card["content"]["actions"][0]["url"], note.link.as_str());
    let text = body["text"].as_str().unwrap_or_default();
    assert!(text.contains(NEW) && text.contains(&entra_body()), "{text}");
    let json = body.to_string();
    assert!(
        !json.contains("sig=secret") && !json.contains("webhook.office.com"),
        "the webhook URL is not in the message"
    );
}

#[test]
fn each_expiry_band_is_notified_once_in_order_on_daily_checks() {
    let app = app(OLD);
    let old = rsa2048_body();
    let checks: Vec<(UnixTime, Observation)> = (0..80)
        .map(|day| {
            let now = UnixTime::from_secs(OLD_END - 70 * DAY + day * DAY);
            (now, fetched(&[&old], now))
        })
        .collect();
    let (state, sent) = run(&app, &checks);
    let sent: Vec<String> = sent.into_iter().flatten().collect();
    assert_eq!(
        sent,
        [
            "watch.expiring",
            "watch.expiring",
            "watch.expiring",
            "watch.expired"
        ]
    );
    assert_eq!(state.health, "broken");
    assert_eq!(state.active, [Condition::Expired]);
}

#[test]
fn bands_advance_from_the_last_seen_expiry_while_the_fetch_fails() {
    let app = app(OLD);
    let first = UnixTime::from_secs(OLD_END - 65 * DAY);
    let mut checks = vec![(first, fetched(&[&rsa2048_body()], first))];
    for day in 1..=10 {
        checks.push((UnixTime::from_secs(first.secs() + day * DAY), failed()));
    }
    let (state, sent) = run(&app, &checks);
    assert_eq!(sent[2], ["watch.metadata_unreachable"], "{sent:?}");
    assert_eq!(sent[6], ["watch.expiring"], "59 days left: {sent:?}");
    assert_eq!(sent.iter().flatten().count(), 2, "{sent:?}");
    assert_eq!(
        state.active,
        [
            Condition::MetadataUnreachable,
            Condition::Expiring {
                band: ExpiryBand::Within60Days
            }
        ]
    );
}

#[test]
fn one_failed_fetch_is_not_notified_two_are_once_and_the_return_once() {
    let app = app(OLD);
    let ok = || fetched(&[&rsa2048_body()], JAN_2027);
    let (state, sent) = run(
        &app,
        &[
            (JAN_2027, ok()),
            (JAN_2027, failed()),
            (JAN_2027, ok()),
            (JAN_2027, failed()),
            (JAN_2027, failed()),
            (JAN_2027, failed()),
            (JAN_2027, ok()),
            (JAN_2027, ok()),
        ],
    );
    let sent: Vec<Vec<String>> = sent;
    assert_eq!(
        sent.concat(),
        ["watch.metadata_unreachable", "watch.recovered"]
    );
    assert_eq!(sent[4], ["watch.metadata_unreachable"]);
    assert_eq!(sent[6], ["watch.recovered"]);
    assert_eq!(state.health, "healthy");
    assert_eq!(state.failed_checks, 0);
}

#[test]
fn metadata_of_another_tenant_is_said_after_two_checks() {
    let app = app(OLD);
    let other = || {
        let parsed = metadata::parse(
            document_for(OTHER_TENANT, OTHER_TENANT, &[&rsa2048_body()]).as_bytes(),
            JAN_2027,
            Scope::Application,
        )
        .expect("metadata");
        let query = mimecast_sso_core::http_api::metadata_fetch::MetadataQuery {
            tenant: app.tenant_id.clone(),
            app: Some(app.app_id.clone()),
        };
        observation(
            mimecast_sso_core::http_api::metadata_fetch::check_tenant(&query, &parsed)
                .map(|()| parsed),
        )
    };
    let (_, sent) = run(
        &app,
        &[
            (JAN_2027, other()),
            (JAN_2027, other()),
            (JAN_2027, other()),
        ],
    );
    assert_eq!(sent.concat(), ["watch.other_tenant"]);
}

#[test]
fn pasting_the_new_certificate_and_saying_so_is_one_recovery() {
    let old_app = app(OLD);
    let both = fetched(&[&rsa2048_body(), &entra_body()], JAN_2027);
    let state = StoredWatch::new(old_app.clone(), "https://helper.example").state;
    let (state, _) = decide(&old_app, &both, &state, JAN_2027, HELPER);
    let new_app = WatchedApp {
        thumbprint: NEW.into(),
        ..old_app
    };
    let (state, notes) = decide(&new_app, &both, &state, JAN_2027, HELPER);
    assert_eq!(
        notes.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(),
        ["watch.recovered"]
    );
    assert_eq!(state.health, "healthy");
    assert_eq!(state.not_after.as_deref(), Some("2029-11-22T14:01:53Z"));
    let (_, again) = decide(&new_app, &both, &state, JAN_2027, HELPER);
    assert!(again.is_empty());
}

#[test]
fn a_watch_on_an_expiring_certificate_says_so_at_its_first_check() {
    let app = app(OLD);
    let state = StoredWatch::new(app.clone(), "https://helper.example").state;
    let (state, notes) = decide(
        &app,
        &fetched(&[&rsa2048_body()], OCT_2027),
        &state,
        OCT_2027,
        HELPER,
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].condition,
        Some(Condition::Expiring {
            band: ExpiryBand::Within60Days
        })
    );
    assert!(
        notes[0]
            .title
            .contains("expires on 2027-11-23T14:01:52Z (in 53 days)"),
        "{}",
        notes[0].title
    );
    assert_eq!(state.health, "warning");
    let view = StoredWatch {
        app: app.clone(),
        state,
        helper_url: String::new(),
    }
    .view(OCT_2027);
    assert_eq!(view.days_remaining, Some(53));
    assert_eq!(view.notify, "https://contoso.webhook.office.com/…");
}

fn input(label: &str, thumbprint: &str, notify: &str) -> WatchInput {
    WatchInput {
        tenant_id: Some(TENANT.into()),
        app_id: Some(APP.into()),
        label: Some(label.into()),
        thumbprint: Some(thumbprint.into()),
        notify_url: Some(notify.into()),
    }
}

fn refused(input: WatchInput, loopback: bool) -> (String, Option<String>) {
    let error = input
        .create("0123456789abcdef".into(), JAN_2027, loopback)
        .expect_err("refused");
    (error.code, error.field)
}

#[test]
fn bad_input_is_refused_with_its_code_and_field() {
    let ok = "https://hooks.slack.com/services/T000/B000/XXXX";
    let code = |c: WatchCode| c.code().to_owned();
    assert_eq!(
        refused(input("", OLD, ok), false),
        (code(WatchCode::LabelInvalid), Some("label".into()))
    );
    assert_eq!(
        refused(input(&"x".repeat(101), OLD, ok), false).0,
        code(WatchCode::LabelInvalid)
    );
    assert_eq!(
        refused(input("a\nb", OLD, ok), false).0,
        code(WatchCode::LabelInvalid)
    );
    assert_eq!(
        refused(input("A", "12", ok), false),
        (
            code(WatchCode::ThumbprintInvalid),
            Some("thumbprint".into())
        )
    );
    assert_eq!(
        refused(input("A", &"ab".repeat(32), ok), false).0,
        code(WatchCode::ThumbprintInvalid)
    );
    assert_eq!(
        refused(input("A", &format!("{}zz", &OLD[2..]), ok), false).0,
        code(WatchCode::ThumbprintInvalid)
    );
    for url in [
        "http://hooks.example/x",
        "ftp://hooks.example/x",
        "https://user:pw@hooks.example/x",
        "not a url",
        "",
        "http://127.0.0.1:9/x",
        "https://hooks.example/x#frag",
    ] {
        assert_eq!(
            refused(input("A", OLD, url), false),
            (code(WatchCode::NotifyUrlInvalid), Some("notifyUrl".into())),
            "{url}"
        );
    }
    assert_eq!(
        refused(
            input(
                "A",
                OLD,
                &format!("https://h.example/{}", "a".repeat(2_000))
            ),
            false
        )
        .0,
        code(WatchCode::NotifyUrlInvalid)
    );
    assert!(
        input("A", OLD, "http://127.0.0.1:9/x")
            .create("0123456789abcdef".into(), JAN_2027, true)
            .is_ok()
    );
    let mut bad_tenant = input("A", OLD, ok);
    bad_tenant.tenant_id = Some("not-a-guid".into());
    assert_eq!(
        refused(bad_tenant, false),
        ("tenant.invalid".to_owned(), Some("tenantId".into()))
    );
    let mut domain = input("A", OLD, ok);
    domain.app_id = None;
    assert_eq!(
        refused(domain, false),
        ("app_id.empty".to_owned(), Some("appId".into()))
    );
}

#[test]
fn thumbprints_are_read_as_entra_certutil_and_openssl_print_them() {
    assert_eq!(
        normalize_thumbprint(&OLD.to_lowercase()).ok().as_deref(),
        Some(OLD)
    );
    assert_eq!(
        normalize_thumbprint("14:8E:4F:F1:DC:94:F1:86:98:2D:03:F9:B9:8E:E0:1F:82:5A:2F:74")
            .ok()
            .as_deref(),
        Some(OLD)
    );
    assert_eq!(
        normalize_thumbprint(" 14 8e 4f f1 dc 94 f1 86 98 2d 03 f9 b9 8e e0 1f 82 5a 2f 74 ")
            .ok()
            .as_deref(),
        Some(OLD)
    );
}

#[test]
fn put_keeps_the_notify_url_when_none_is_given() {
    let stored = app(OLD);
    let mut change = input("Renamed", NEW, "");
    change.notify_url = None;
    let replaced = change.replace(&stored, false).expect("replaced");
    assert_eq!(
        (replaced.label.as_str(), replaced.thumbprint.as_str()),
        ("Renamed", NEW)
    );
    assert_eq!(replaced.notify_url, stored.notify_url);
    assert_eq!(
        (replaced.id.as_str(), replaced.created_at),
        (stored.id.as_str(), stored.created_at)
    );
}

#[test]
fn ids_and_delivery_retries() {
    assert!(watch_id("0123456789abcdef").is_ok());
    use mimecast_sso_core::http_api::routes::watch_id_in_path;
    for (path, id) in [
        ("/api/v1/watch/0123456789abcdef", Some("0123456789abcdef")),
        (
            "/api/v1/watch/0123456789abcdef/check",
            Some("0123456789abcdef"),
        ),
        ("/api/v1/watch/..%2F..%2Fetc", None),
        ("/api/v1/watch", None),
    ] {
        assert_eq!(watch_id_in_path(path).ok().as_deref(), id, "{path}");
    }
    for bad in [
        "0123456789ABCDEF",
        "../../etc/passwd",
        "",
        "0123456789abcdef0",
    ] {
        assert_eq!(watch_id(bad).expect_err("refused").status(), 404);
    }
    assert!(delivery_should_retry(None));
    assert!(delivery_should_retry(Some(503)) && delivery_should_retry(Some(429)));
    assert!(!delivery_should_retry(Some(400)) && !delivery_should_retry(Some(404)));
}

/// `docs/examples/watch-notification.json`, the rollover notification of the fixtures as posted to
/// a webhook (`UPDATE_EXAMPLES=1` writes it again).
#[test]
fn the_documented_notification_is_what_is_posted() {
    let app = app(OLD);
    let state = StoredWatch::new(app.clone(), HELPER).state;
    let (_, notes) = decide(
        &app,
        &fetched(&[&rsa2048_body(), &entra_body()], JAN_2027),
        &state,
        JAN_2027,
        HELPER,
    );
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&webhook_body(&notes[0])).expect("JSON")
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/examples/watch-notification.json"
    );
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        std::fs::write(path, &text).expect("written");
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap_or_default(),
        text,
        "run with UPDATE_EXAMPLES=1 to write it again"
    );
}
