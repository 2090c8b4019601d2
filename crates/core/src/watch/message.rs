//! What a notification says (title, what is wrong, what to do, thumbprints and dates, a link to
//! the helper) and the JSON posted to the webhook.
//!
//! One body for both kinds of receiver:
//! - Microsoft Teams: a Workflows webhook ("Post to a channel when a webhook request is
//!   received") takes a `message` whose `attachments` hold an Adaptive Card; Workflows do not take
//!   the older MessageCard of Office 365 connectors, which Microsoft is retiring
//!   (<https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using>).
//! - Slack incoming webhooks, and the many receivers modelled on them (Mattermost, Rocket.Chat,
//!   Google Chat), display the top-level `text`
//!   (<https://api.slack.com/messaging/webhooks>).
//!
//! Nothing secret is in it: tenant and application IDs, thumbprints, dates and a public
//! certificate body, all of which Entra publishes in the metadata anyway.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::state::{Condition, WatchState};
use super::{WatchCode, WatchedApp};
use crate::Coded;
use crate::certificate::ExpiryBand;
use crate::finding::Severity;
use crate::time::UnixTime;

/// One notification, before it is written for a receiver.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// `watch.expiring`, `watch.rollover`, … or `watch.recovered`.
    pub code: String,
    /// The condition that started (absent for `watch.recovered`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// How much it matters.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What is wrong (or what ended).
    pub text: String,
    /// What to do.
    pub action: String,
    /// Names and values: the application, thumbprints, dates.
    pub facts: Vec<Fact>,
    /// The certificate body to paste into Mimecast, when there is a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mimecast_body: Option<String>,
    /// The helper, with the application's metadata URL filled in.
    pub link: String,
}

/// A name and a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fact {
    /// The name.
    pub name: String,
    /// The value.
    pub value: String,
}

/// Whether a failed delivery is worth its one retry: no answer (timeout, connection failure),
/// 429 or a 5xx. A 4xx other than 429 says the URL or the body is wrong; sending it again would
/// not help.
pub fn delivery_should_retry(status: Option<u16>) -> bool {
    match status {
        None => true,
        Some(status) => status == 429 || (500..=599).contains(&status),
    }
}

/// The facts a notification is written from.
pub(super) struct Situation<'a> {
    pub app: &'a WatchedApp,
    pub state: &'a WatchState,
    pub now: UnixTime,
    pub helper_url: &'a str,
}

impl Situation<'_> {
    /// The notification of `condition`, which has just started.
    pub fn notification(&self, condition: &Condition) -> Notification {
        let app = self.app;
        let expires = self.expires();
        let newer = self.state.newer.as_ref();
        let paste_newer = newer.map_or_else(
            || "In Entra (Enterprise applications, the Mimecast application, Single sign-on, SAML Certificates), create a new certificate, make it Active, then paste its body into Mimecast's Authentication Profile (Identity Provider Certificate (Metadata)) and update this watch's thumbprint.".to_owned(),
            |n| format!("In Entra, make the certificate with thumbprint {} Active (Single sign-on, SAML Certificates), then paste its body (below) into Mimecast's Authentication Profile (Identity Provider Certificate (Metadata)) at once, and update this watch's thumbprint.", n.thumbprint),
        );
        let (severity, title, text, action) = match condition {
            Condition::Expiring { band } => (
                if *band == ExpiryBand::Within7Days {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                format!(
                    "{}: the certificate in Mimecast expires {}",
                    app.label, expires
                ),
                format!(
                    "The SAML signing certificate Mimecast holds for {} (thumbprint {}) expires {expires}. After that, Mimecast refuses every sign-on.",
                    app.label, app.thumbprint
                ),
                paste_newer.clone(),
            ),
            Condition::Expired => (
                Severity::Error,
                format!("{}: the certificate in Mimecast has expired", app.label),
                format!(
                    "The SAML signing certificate Mimecast holds for {} (thumbprint {}) expired {expires}: Mimecast refuses every sign-on now.",
                    app.label, app.thumbprint
                ),
                paste_newer.clone(),
            ),
            Condition::Rollover { .. } => (
                Severity::Warning,
                format!("{}: Entra has a newer signing certificate", app.label),
                format!(
                    "Entra's metadata for {} lists a signing certificate valid longer than the one Mimecast holds (thumbprint {}, which expires {expires}). When it is made Active in Entra, Entra signs with it and Mimecast must hold it.",
                    app.label, app.thumbprint
                ),
                paste_newer.clone(),
            ),
            Condition::CertificateMissing => (
                Severity::Error,
                format!(
                    "{}: the certificate in Mimecast is no longer in Entra",
                    app.label
                ),
                format!(
                    "Entra's metadata for {} no longer lists the certificate Mimecast holds (thumbprint {}): Entra signs with another one, so Mimecast refuses sign-on now.",
                    app.label, app.thumbprint
                ),
                paste_newer,
            ),
            Condition::MetadataUnreachable | Condition::OtherTenant => {
                let why = self
                    .state
                    .last_error
                    .as_ref()
                    .map_or_else(String::new, |e| format!(" ({}: {})", e.code, e.message));
                (
                    Severity::Warning,
                    format!("{}: Entra's metadata could not be checked", app.label),
                    format!("The last {} daily checks of {} could not read Entra's federation metadata{why}. The certificate's expiry is still watched from the last good check.", self.state.failed_checks, app.label),
                    "Check that the application still exists in Entra and that the tenant ID and application ID of this watch are right (they are in the App Federation Metadata Url of the application's Single sign-on page).".to_owned(),
                )
            }
        };
        Notification {
            code: condition.code().code().to_owned(),
            condition: Some(condition.clone()),
            severity,
            title,
            text,
            action,
            facts: self.facts(),
            mimecast_body: newer.map(|n| n.mimecast_body.clone()).filter(|_| {
                !matches!(
                    condition,
                    Condition::MetadataUnreachable | Condition::OtherTenant
                )
            }),
            link: self.link(),
        }
    }

    /// The one notification that every condition in `ended` is over.
    pub fn recovered(&self, ended: &[Condition]) -> Notification {
        let codes: Vec<&str> = ended.iter().map(|c| c.code().code()).collect();
        Notification {
            code: WatchCode::Recovered.code().to_owned(),
            condition: None,
            severity: Severity::Info,
            title: format!("{}: back to healthy", self.app.label),
            text: format!(
                "What was notified before ({}) is over: the certificate Mimecast holds (thumbprint {}) is in Entra's metadata, valid for more than 60 days, and no newer one is waiting.",
                codes.join(", "),
                self.app.thumbprint
            ),
            action: "Nothing to do.".to_owned(),
            facts: self.facts(),
            mimecast_body: None,
            link: self.link(),
        }
    }

    /// `on 2027-01-31T00:00:00Z (in 12 days)`, or `on a date not yet known`.
    fn expires(&self) -> String {
        match (
            self.state.not_after.as_deref(),
            self.state.days_remaining(self.app, self.now),
        ) {
            (Some(end), Some(days)) if days < 0 => format!("on {end} ({} days ago)", -days),
            (Some(end), Some(days)) => format!("on {end} (in {days} days)"),
            _ => "on a date not yet known".to_owned(),
        }
    }

    fn facts(&self) -> Vec<Fact> {
        let fact = |name: &str, value: String| Fact {
            name: name.to_owned(),
            value,
        };
        let mut facts = vec![
            fact("Application", self.app.label.clone()),
            fact("Tenant ID", self.app.tenant_id.to_string()),
            fact("Application ID", self.app.app_id.to_string()),
            fact("Thumbprint in Mimecast", self.app.thumbprint.clone()),
        ];
        if let Some(end) = &self.state.not_after {
            facts.push(fact("It expires", end.clone()));
        }
        if let Some(newer) = &self.state.newer {
            facts.push(fact("Newer thumbprint", newer.thumbprint.clone()));
            facts.push(fact("Newer one expires", newer.not_after.clone()));
        }
        facts.push(fact("Checked", self.now.to_rfc3339()));
        facts
    }

    fn link(&self) -> String {
        let metadata = format!(
            "https://login.microsoftonline.com/{}/federationmetadata/2007-06/federationmetadata.xml?appid={}",
            self.app.tenant_id, self.app.app_id
        );
        format!(
            "{}#metadata={}",
            self.helper_url.trim_end_matches('/'),
            percent_encode(&metadata)
        )
    }
}

/// `text` with everything but unreserved characters (RFC 3986 § 2.3) percent-encoded.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The JSON to post for `notification`: a Teams `message` with an Adaptive Card (1.4) and, for
/// Slack-compatible receivers, the same in `text`.
pub fn webhook_body(notification: &Notification) -> Value {
    let color = match notification.severity {
        Severity::Error => "Attention",
        Severity::Warning => "Warning",
        Severity::Info => "Good",
    };
    let mut body = vec![
        json!({"type": "TextBlock", "text": notification.title, "size": "Large", "weight": "Bolder", "color": color, "wrap": true}),
        json!({"type": "TextBlock", "text": notification.text, "wrap": true}),
        json!({"type": "TextBlock", "text": notification.action, "wrap": true, "weight": "Bolder"}),
        json!({"type": "FactSet", "facts": notification.facts.iter().map(|f| json!({"title": f.name, "value": f.value})).collect::<Vec<_>>()}),
    ];
    if let Some(text) = &notification.mimecast_body {
        body.push(json!({"type": "TextBlock", "text": "Certificate body for Mimecast:", "wrap": true, "spacing": "Medium"}));
        body.push(json!({"type": "TextBlock", "text": text, "fontType": "Monospace", "wrap": true, "size": "Small"}));
    }
    json!({
        "type": "message",
        "summary": notification.title,
        "text": slack_text(notification),
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": body,
                "actions": [{"type": "Action.OpenUrl", "title": "Open the helper", "url": notification.link}],
            },
        }],
    })
}

/// The notification as Slack's `mrkdwn` text (`&`, `<` and `>` escaped as Slack asks:
/// <https://api.slack.com/reference/surfaces/formatting#escaping>).
fn slack_text(n: &Notification) -> String {
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut text = format!(
        "*{}*\n{}\n*{}*\n",
        esc(&n.title),
        esc(&n.text),
        esc(&n.action)
    );
    for fact in &n.facts {
        text.push_str(&format!("• {}: `{}`\n", esc(&fact.name), esc(&fact.value)));
    }
    if let Some(body) = &n.mimecast_body {
        text.push_str(&format!("Certificate body for Mimecast:\n```{body}```\n"));
    }
    text.push_str(&format!("<{}|Open the helper>", n.link));
    text
}
