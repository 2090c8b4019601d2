//! One check of a watched application: Entra's metadata fetched fresh (a daily check gains
//! nothing from the metadata route's five-minute cache, and a stale copy would hide a rollover),
//! the core's decision, and each notification posted to the webhook with a timeout and one retry,
//! its outcome kept in the watch's history.

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::http_api::metadata_fetch::{BASE_URL_SETTING, MetadataQuery};
use mimecast_sso_core::http_api::watch::observation;
use mimecast_sso_core::watch::{
    Delivery, NOTIFY_TIMEOUT_MS, Notification, StoredWatch, decide, delivery_should_retry,
    webhook_body,
};
use worker::{Env, Headers, Method};

use crate::http::setting;
use crate::metadata::fetch_fresh;
use crate::upstream;

/// Checks `stored` at `now`: the watch with its new state and deliveries, and what was sent.
pub async fn run(
    env: &Env,
    mut stored: StoredWatch,
    now: UnixTime,
) -> (StoredWatch, Vec<Notification>) {
    let query = MetadataQuery {
        tenant: stored.app.tenant_id.clone(),
        app: Some(stored.app.app_id.clone()),
    };
    let fetched = match query.scheduled_url(setting(env, BASE_URL_SETTING).as_deref()) {
        Ok(url) => fetch_fresh(&url, &query, now)
            .await
            .map(|(metadata, _)| metadata),
        Err(error) => Err(error),
    };
    let observed = observation(fetched);
    let (state, notifications) = decide(
        &stored.app,
        &observed,
        &stored.state,
        now,
        &stored.helper_url,
    );
    stored.state = state;
    for notification in &notifications {
        let delivery = deliver(&stored.app.notify_url, notification, now).await;
        stored.state.record_delivery(delivery);
    }
    (stored, notifications)
}

/// Posts `notification` to `url`: once, and once more when the first attempt got no answer, a
/// 429 or a 5xx.
async fn deliver(url: &str, notification: &Notification, now: UnixTime) -> Delivery {
    let body = webhook_body(notification).to_string();
    let mut delivery = Delivery {
        at: now,
        code: notification.code.clone(),
        attempts: 0,
        status: None,
        delivered: false,
        error: None,
    };
    while delivery.attempts < 2 {
        delivery.attempts += 1;
        let headers = Headers::new();
        let _ = headers.set("Content-Type", "application/json");
        match upstream::send(
            Method::Post,
            url,
            headers,
            Some(body.clone()),
            u64::from(NOTIFY_TIMEOUT_MS),
        )
        .await
        {
            Ok(reply) => {
                delivery.status = Some(reply.status);
                delivery.delivered = (200..300).contains(&reply.status);
                delivery.error = (!delivery.delivered)
                    .then(|| format!("the receiver answered HTTP {}", reply.status));
            }
            Err(error) => {
                delivery.status = None;
                delivery.error = Some(if error.code.ends_with("timeout") {
                    format!("no answer within {NOTIFY_TIMEOUT_MS} ms")
                } else {
                    "the receiver could not be reached".to_owned()
                });
            }
        }
        if delivery.delivered || !delivery_should_retry(delivery.status) {
            break;
        }
    }
    delivery
}
