//! API 1.0 request signing: `Authorization: MC {accessKey}:{signature}` where the signature is
//! `base64(HMAC-SHA1(base64decode(secretKey), date + ":" + requestId + ":" + uri + ":" + appKey))`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use super::MimecastCode;
use crate::api_error::ApiError;
use crate::time::UnixTime;

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The API 1.0 signature of one request.
///
/// `secret_key` is the base64 secret key from the Mimecast console; `date` the exact `x-mc-date`
/// value, `request_id` the exact `x-mc-req-id`, `path` the request URI path
/// (`/api/user/create-user`), `app_key` the application key.
pub fn signature_v1(
    secret_key: &str,
    date: &str,
    request_id: &str,
    path: &str,
    app_key: &str,
) -> Result<String, ApiError> {
    let key = STANDARD.decode(secret_key.trim()).map_err(|_| {
        ApiError::new(
            MimecastCode::SecretKeyInvalid,
            "MIMECAST_SECRET_KEY is not base64; copy the secret key exactly as Mimecast shows it.",
        )
    })?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).map_err(|_| {
        ApiError::new(
            MimecastCode::SecretKeyInvalid,
            "MIMECAST_SECRET_KEY is empty.",
        )
    })?;
    mac.update(format!("{date}:{request_id}:{path}:{app_key}").as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `Authorization` header value of API 1.0: `MC {access_key}:{signature}`.
pub fn authorization_v1(access_key: &str, signature: &str) -> String {
    format!("MC {access_key}:{signature}")
}

/// The `x-mc-date` header value for `now`, for example `Tue, 24 Nov 2015 12:50:11 UTC`.
pub fn mc_date(now: UnixTime) -> String {
    // "YYYY-MM-DDTHH:MM:SSZ" from the core's one calendar routine.
    let rfc = now.to_rfc3339();
    let (date, time) = rfc.split_once('T').unwrap_or((&rfc, "00:00:00Z"));
    let mut parts = date.rsplitn(3, '-');
    let day = parts.next().unwrap_or("01");
    let month: usize = parts.next().and_then(|m| m.parse().ok()).unwrap_or(1);
    let year = parts.next().unwrap_or("1970");
    let weekday = WEEKDAYS[now.secs().div_euclid(86_400).rem_euclid(7) as usize];
    let month = MONTHS[month.clamp(1, 12) - 1];
    format!(
        "{weekday}, {day} {month} {year} {} UTC",
        time.trim_end_matches('Z')
    )
}

/// A random (version 4) UUID in its hyphenated lowercase form, from 16 random bytes.
pub fn request_id_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
