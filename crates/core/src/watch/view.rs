//! A watched application as stored (one KV value) and as the routes answer it: the notification
//! URL shown only as its origin, since its path is the webhook's secret.

use serde::{Deserialize, Serialize};

use super::message::Notification;
use super::state::WatchState;
use super::{MAX_WATCHES, WatchedApp};
use crate::time::UnixTime;

/// One KV value: the watched application and what its checks know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredWatch {
    /// The application.
    pub app: WatchedApp,
    /// Its checks' state.
    #[serde(default)]
    pub state: WatchState,
    /// The helper's address for the notifications' links (the `HELPER_URL` setting, else the
    /// origin the watch was made from).
    #[serde(default)]
    pub helper_url: String,
}

impl StoredWatch {
    /// A new watch, never checked, whose notifications link to `helper_url`.
    pub fn new(app: WatchedApp, helper_url: &str) -> Self {
        Self {
            app,
            helper_url: helper_url.to_owned(),
            state: WatchState {
                health: "unknown".to_owned(),
                ..WatchState::default()
            },
        }
    }

    /// The answer's form of this watch at `now`.
    pub fn view(&self, now: UnixTime) -> WatchView {
        let app = &self.app;
        let origin = url::Url::parse(&app.notify_url)
            .map(|u| format!("{}/…", u.origin().ascii_serialization()))
            .unwrap_or_else(|_| "…".to_owned());
        WatchView {
            id: app.id.clone(),
            tenant_id: app.tenant_id.to_string(),
            app_id: app.app_id.to_string(),
            label: app.label.clone(),
            thumbprint: app.thumbprint.clone(),
            notify: origin,
            created_at: app.created_at,
            days_remaining: self.state.days_remaining(app, now),
            state: self.state.clone(),
        }
    }
}

/// A watched application as the routes answer it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchView {
    /// The watch's ID.
    pub id: String,
    /// Entra's tenant ID.
    pub tenant_id: String,
    /// The application ID.
    pub app_id: String,
    /// The label.
    pub label: String,
    /// SHA-1 thumbprint of the certificate in Mimecast.
    pub thumbprint: String,
    /// Where notifications go: the webhook's origin only (`https://host/…`).
    pub notify: String,
    /// When the watch was made, seconds since the Unix epoch.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub created_at: UnixTime,
    /// Whole days left on the certificate in Mimecast, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_remaining: Option<i64>,
    /// What the checks know: health, last check, conditions, history of checks and deliveries.
    pub state: WatchState,
}

/// The body of `GET /api/v1/watch`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchList {
    /// Every watched application, by label.
    pub watches: Vec<WatchView>,
    /// Most applications this Worker watches.
    pub limit: usize,
}

impl WatchList {
    /// The list of `stored` at `now`, sorted by label then ID.
    pub fn new(stored: &[StoredWatch], now: UnixTime) -> Self {
        let mut watches: Vec<WatchView> = stored.iter().map(|s| s.view(now)).collect();
        watches
            .sort_by(|a, b| (a.label.to_lowercase(), &a.id).cmp(&(b.label.to_lowercase(), &b.id)));
        Self {
            watches,
            limit: MAX_WATCHES,
        }
    }
}

/// The body of `POST /api/v1/watch/{id}/check`: the watch after the check, and what was sent
/// (each delivery's outcome is in `watch.state.deliveries`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckAnswer {
    /// The watch after the check.
    pub watch: WatchView,
    /// The notifications this check sent (none when nothing started or ended).
    pub notifications: Vec<Notification>,
}

/// The body of `DELETE /api/v1/watch/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deleted {
    /// The ID of the watch that was removed.
    pub deleted: String,
}
