//! What the checks of a watched application know, as stored beside it: the conditions found, the
//! certificate dates last seen, and the history of checks and notification deliveries.

use serde::{Deserialize, Serialize};

use super::{HISTORY_LEN, WatchCode, WatchedApp};
use crate::api_error::ApiError;
use crate::certificate::ExpiryBand;
use crate::time::UnixTime;

/// One thing wrong with a watched application. The notified ones are kept in
/// [`WatchState::active`] until they end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Condition {
    /// The certificate in Mimecast is in an expiry band (60, 30 or 7 days left).
    Expiring {
        /// The band.
        band: ExpiryBand,
    },
    /// The certificate in Mimecast has expired.
    Expired,
    /// Entra publishes a signing certificate valid longer than the one in Mimecast.
    Rollover {
        /// The newer certificate's SHA-1 thumbprint.
        thumbprint: String,
    },
    /// The certificate in Mimecast is not in Entra's metadata.
    CertificateMissing,
    /// The metadata could not be fetched or read on several checks in a row.
    MetadataUnreachable,
    /// The metadata names another tenant on several checks in a row.
    OtherTenant,
}

impl Condition {
    /// The notification code of this condition.
    pub fn code(&self) -> WatchCode {
        match self {
            Condition::Expiring { .. } => WatchCode::Expiring,
            Condition::Expired => WatchCode::Expired,
            Condition::Rollover { .. } => WatchCode::Rollover,
            Condition::CertificateMissing => WatchCode::CertificateMissing,
            Condition::MetadataUnreachable => WatchCode::MetadataUnreachable,
            Condition::OtherTenant => WatchCode::OtherTenant,
        }
    }

    /// Sign-on fails while this lasts.
    pub(super) fn is_broken(&self) -> bool {
        matches!(self, Condition::Expired | Condition::CertificateMissing)
    }
}

/// A newer signing certificate seen in Entra's metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewerCertificate {
    /// SHA-1 thumbprint.
    pub thumbprint: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// The text to paste into Mimecast's Identity Provider Certificate (Metadata) field.
    pub mimecast_body: String,
}

/// One check, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckRecord {
    /// When, seconds since the Unix epoch.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub at: UnixTime,
    /// `healthy`, `warning` or `broken`.
    pub health: String,
    /// The codes of the conditions found.
    pub codes: Vec<String>,
    /// The fetch's error code, when the metadata could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What the checks of one watched application know, as stored beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchState {
    /// `unknown` (never checked), `healthy`, `warning` or `broken`.
    pub health: String,
    /// The last check, seconds since the Unix epoch.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub checked_at: Option<UnixTime>,
    /// Checks in a row whose metadata could not be read.
    pub failed_checks: u32,
    /// The last such check's error code and message.
    pub last_error: Option<ApiError>,
    /// The conditions notified and still lasting.
    pub active: Vec<Condition>,
    /// The thumbprint the two fields below are about (the watched one when they were read).
    pub thumbprint: Option<String>,
    /// The watched certificate's end of validity, RFC 3339, as last seen in the metadata.
    pub not_after: Option<String>,
    /// The newer certificate the metadata last showed, if any.
    pub newer: Option<NewerCertificate>,
    /// The last checks, newest last, at most [`HISTORY_LEN`].
    pub history: Vec<CheckRecord>,
    /// The last notification deliveries, newest last, at most [`HISTORY_LEN`].
    pub deliveries: Vec<Delivery>,
}

impl WatchState {
    /// Keeps `delivery` in the history (the oldest dropped beyond [`HISTORY_LEN`]).
    pub fn record_delivery(&mut self, delivery: Delivery) {
        push_bounded(&mut self.deliveries, delivery);
    }

    /// Whole days left on the watched certificate at `now`, when its `notAfter` is known.
    pub fn days_remaining(&self, app: &WatchedApp, now: UnixTime) -> Option<i64> {
        let not_after = self
            .not_after
            .as_deref()
            .filter(|_| self.thumbprint.as_deref() == Some(app.thumbprint.as_str()))?;
        UnixTime::parse_iso8601(not_after).map(|end| now.days_until(end))
    }
}

pub(super) fn push_bounded<T>(list: &mut Vec<T>, item: T) {
    list.push(item);
    if list.len() > HISTORY_LEN {
        let extra = list.len() - HISTORY_LEN;
        list.drain(..extra);
    }
}

/// One notification's delivery, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// When, seconds since the Unix epoch.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub at: UnixTime,
    /// The notification's code.
    pub code: String,
    /// Attempts made (1, or 2 after a retry).
    pub attempts: u8,
    /// The receiver's last HTTP status; absent when it could not be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Whether the receiver took it (a 2xx status).
    pub delivered: bool,
    /// Why not, in a few words, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
