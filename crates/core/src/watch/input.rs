//! A watched application as the routes receive it (`POST /api/v1/watch`, `PUT
//! /api/v1/watch/{id}`), checked before anything is stored: nothing half-written.

use serde::{Deserialize, Serialize};

use super::{LOOPBACK_NOTIFY_SETTING, MAX_LABEL_CHARS, MAX_NOTIFY_URL_BYTES, WatchCode};
use crate::api_error::ApiError;
use crate::entra::{AppId, TenantId};
use crate::time::UnixTime;

/// The JSON body of `POST /api/v1/watch` and `PUT /api/v1/watch/{id}`. On `PUT`, a missing
/// `notifyUrl` keeps the stored one (answers never show it whole: it is a credential of sorts).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchInput {
    /// Entra's tenant ID (Directory ID), a GUID.
    pub tenant_id: Option<String>,
    /// The Mimecast enterprise application's Application ID, a GUID.
    pub app_id: Option<String>,
    /// A name for people, at most 100 characters (for example `Contoso production`).
    pub label: Option<String>,
    /// SHA-1 thumbprint of the certificate pasted into Mimecast, as Entra shows it (40
    /// hexadecimal digits; spaces and colons are ignored).
    pub thumbprint: Option<String>,
    /// Where to post notifications: an `https` webhook URL (Microsoft Teams Workflows, Slack, or
    /// any receiver of JSON).
    pub notify_url: Option<String>,
}

/// A watched application, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WatchedApp {
    /// The watch's ID: 16 lowercase hexadecimal digits.
    pub id: String,
    /// Entra's tenant ID.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub tenant_id: TenantId,
    /// The application ID.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub app_id: AppId,
    /// A name for people.
    pub label: String,
    /// SHA-1 thumbprint of the certificate in Mimecast, 40 upper-case hexadecimal digits.
    pub thumbprint: String,
    /// Where notifications go.
    pub notify_url: String,
    /// When the watch was made, seconds since the Unix epoch.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub created_at: UnixTime,
}

impl WatchInput {
    /// A new watched application with ID `id`, made at `now`. `loopback_http` allows an `http://`
    /// notification URL on a loopback address (local tests, [`LOOPBACK_NOTIFY_SETTING`]).
    ///
    /// # Errors
    /// The first field that is missing or wrong: `tenant.*`, `app_id.*`, `watch.label_invalid`,
    /// `watch.thumbprint_invalid`, `watch.notify_url_invalid`, each with its `field`.
    pub fn create(
        self,
        id: String,
        now: UnixTime,
        loopback_http: bool,
    ) -> Result<WatchedApp, ApiError> {
        let notify = self.notify_url.clone();
        self.into_app(id, now, notify, loopback_http)
    }

    /// `existing` with this input's values; a missing `notifyUrl` keeps the stored one.
    ///
    /// # Errors
    /// As [`WatchInput::create`].
    pub fn replace(
        self,
        existing: &WatchedApp,
        loopback_http: bool,
    ) -> Result<WatchedApp, ApiError> {
        let notify = self
            .notify_url
            .clone()
            .or_else(|| Some(existing.notify_url.clone()));
        self.into_app(
            existing.id.clone(),
            existing.created_at,
            notify,
            loopback_http,
        )
    }

    fn into_app(
        self,
        id: String,
        created_at: UnixTime,
        notify_url: Option<String>,
        loopback_http: bool,
    ) -> Result<WatchedApp, ApiError> {
        let tenant_id: TenantId = self
            .tenant_id
            .unwrap_or_default()
            .parse()
            .map_err(|e| ApiError::from_coded(&e).with_field("tenantId"))?;
        let app_id: AppId = self
            .app_id
            .unwrap_or_default()
            .parse()
            .map_err(|e| ApiError::from_coded(&e).with_field("appId"))?;
        Ok(WatchedApp {
            id,
            tenant_id,
            app_id,
            label: label(self.label.as_deref().unwrap_or(""))?,
            thumbprint: normalize_thumbprint(self.thumbprint.as_deref().unwrap_or(""))?,
            notify_url: notify_url_checked(notify_url.as_deref().unwrap_or(""), loopback_http)?,
            created_at,
        })
    }
}

/// The label, trimmed: 1 to [`MAX_LABEL_CHARS`] characters, no control characters.
fn label(text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    let refuse = |why: &str| {
        Err(ApiError::new(WatchCode::LabelInvalid, format!("The label {why}.")).with_field("label"))
    };
    if text.is_empty() {
        return refuse("is empty: give the watch a name people recognise, such as the tenant's");
    }
    let chars = text.chars().count();
    if chars > MAX_LABEL_CHARS {
        return refuse(&format!(
            "has {chars} characters; at most {MAX_LABEL_CHARS} are kept"
        ));
    }
    if text.chars().any(char::is_control) {
        return refuse("holds a control character (a line break, tab or NUL)");
    }
    Ok(text.to_owned())
}

/// A SHA-1 thumbprint as Entra, certutil or openssl print it (any case; spaces, colons and
/// hyphens between the digits ignored), as 40 upper-case hexadecimal digits.
///
/// # Errors
/// `watch.thumbprint_invalid` (field `thumbprint`) for anything else, with what was wrong.
pub fn normalize_thumbprint(text: &str) -> Result<String, ApiError> {
    let digits: String = text
        .trim()
        .trim_start_matches('\u{200e}')
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect();
    let refuse = |why: String| {
        Err(ApiError::new(
            WatchCode::ThumbprintInvalid,
            format!(
                "The thumbprint {why}. Copy it from Entra (Single sign-on, SAML Certificates, \
                 Thumbprint) or from the helper's certificate step: 40 hexadecimal digits."
            ),
        )
        .with_field("thumbprint"))
    };
    if let Some(bad) = digits.chars().find(|c| !c.is_ascii_hexdigit()) {
        return refuse(format!("holds {bad:?}, which is not a hexadecimal digit"));
    }
    if digits.len() != 40 {
        let hint = if digits.len() == 64 {
            " (a SHA-256 fingerprint? Mimecast and Entra show SHA-1)"
        } else {
            ""
        };
        return refuse(format!("has {} digits{hint}", digits.len()));
    }
    Ok(digits.to_ascii_uppercase())
}

/// The notification URL, checked: `https://` with a host name, no user name or password, at most
/// [`MAX_NOTIFY_URL_BYTES`]; `http://` only on a loopback host and only when `loopback_http`.
fn notify_url_checked(text: &str, loopback_http: bool) -> Result<String, ApiError> {
    let text = text.trim();
    let refuse = |why: &str| {
        Err(ApiError::new(
            WatchCode::NotifyUrlInvalid,
            format!(
                "The notification URL {why}. Give the https address of an incoming webhook \
                 (Microsoft Teams: a Workflows \"Post to a channel when a webhook request is \
                 received\" flow; Slack: an Incoming Webhook)."
            ),
        )
        .with_field("notifyUrl"))
    };
    if text.is_empty() {
        return refuse("is missing");
    }
    if text.len() > MAX_NOTIFY_URL_BYTES {
        return refuse(&format!(
            "has {} bytes; at most {MAX_NOTIFY_URL_BYTES} are kept",
            text.len()
        ));
    }
    let Ok(url) = url::Url::parse(text) else {
        return refuse("is not a URL");
    };
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return refuse("has no host name");
    };
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("holds a user name or password; webhooks carry their secret in the path");
    }
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    match url.scheme() {
        "https" if !loopback => {}
        "http" if loopback && loopback_http => {}
        "http" => {
            return refuse(&format!(
                "starts with http://: notifications hold your tenant's details and go over \
                 https only{}",
                if loopback {
                    format!(
                        " ({LOOPBACK_NOTIFY_SETTING} allows a loopback receiver for local tests)"
                    )
                } else {
                    String::new()
                }
            ));
        }
        _ => return refuse("is not an https address"),
    }
    if url.fragment().is_some() {
        return refuse("holds a #fragment, which a webhook never needs");
    }
    Ok(url.to_string())
}

/// A new watch's ID from 8 random bytes: 16 lowercase hexadecimal digits.
pub fn watch_id_from_random(bytes: [u8; 8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The ID in a route's path segment, when it is one ([`watch_id_from_random`]'s form).
///
/// # Errors
/// `watch.not_found` (404) for anything else: no watch can have such an ID.
pub fn watch_id(segment: &str) -> Result<String, ApiError> {
    if segment.len() == 16
        && segment
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(segment.to_owned())
    } else {
        Err(not_found())
    }
}

/// `watch.not_found` (404): no watch has the ID asked for.
pub fn not_found() -> ApiError {
    ApiError::new(
        WatchCode::NotFound,
        "No watched application has this ID (16 lowercase hexadecimal digits, as `POST \
         /api/v1/watch` answered).",
    )
}
