//! The plan's values each fix refers to, under the field names the consoles show.

use super::FixValue;
use crate::plan::{Console, Plan};

/// Entra's Basic SAML Configuration field.
const REPLY_URL: &str = "Reply URL (Assertion Consumer Service URL)";
/// Entra's Basic SAML Configuration field.
const IDENTIFIER: &str = "Identifier (Entity ID)";
/// Entra's Basic SAML Configuration field.
const SIGN_ON_URL: &str = "Sign on URL";
/// The enterprise application's Overview field.
const APPLICATION_ID: &str = "Application ID";
/// Entra's SAML Certificates field: the Active certificate's.
const THUMBPRINT: &str = "Thumbprint";
/// Mimecast Authentication Profile fields.
const LOGIN_URL: &str = "Login URL";
const ISSUER_URL: &str = "Issuer URL";
const METADATA_URL: &str = "Metadata URL";
const PASSWORD_CONTEXT: &str = "Use Password protected Context";
const INTEGRATED_CONTEXT: &str = "Use Integrated Authentication Context";

fn value(console: Console, label: &str, value: Option<&str>) -> Option<FixValue> {
    value.map(|value| FixValue {
        console,
        label: label.to_owned(),
        value: value.to_owned(),
    })
}

fn checkbox(label: &str, selected: bool) -> Option<FixValue> {
    let state = if selected { "selected" } else { "cleared" };
    value(Console::Mimecast, label, Some(state))
}

fn reply_url(plan: &Plan) -> Option<FixValue> {
    value(Console::Entra, REPLY_URL, plan.entra.reply_url.as_deref())
}

fn identifier(plan: &Plan) -> Option<FixValue> {
    value(Console::Entra, IDENTIFIER, plan.entra.identifier.as_deref())
}

fn application_id(plan: &Plan) -> Option<FixValue> {
    let app = plan.app_id.as_ref().map(|app| app.as_str());
    value(Console::Entra, APPLICATION_ID, app)
}

fn login_url(plan: &Plan) -> Option<FixValue> {
    let url = plan.authentication_profile.login_url.as_deref();
    value(Console::Mimecast, LOGIN_URL, url)
}

fn metadata_url(plan: &Plan) -> Option<FixValue> {
    let url = plan.authentication_profile.metadata_url.as_deref();
    value(Console::Mimecast, METADATA_URL, url)
}

/// AADSTS50011: the Reply URL Entra must hold.
pub(super) fn for_reply_url(plan: &Plan) -> Vec<FixValue> {
    [reply_url(plan)].into_iter().flatten().collect()
}

/// AADSTS700016: the Identifier, the application to edit, and the tenant Mimecast sends users to.
pub(super) fn for_identifier(plan: &Plan) -> Vec<FixValue> {
    [identifier(plan), application_id(plan), login_url(plan)]
        .into_iter()
        .flatten()
        .collect()
}

/// AADSTS75011: both context checkboxes, as the plan has them (cleared).
pub(super) fn for_contexts(plan: &Plan) -> Vec<FixValue> {
    let profile = &plan.authentication_profile;
    [
        checkbox(PASSWORD_CONTEXT, profile.use_password_protected_context),
        checkbox(
            INTEGRATED_CONTEXT,
            profile.use_integrated_authentication_context,
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// AADSTS50105: the application whose Users and groups to edit.
pub(super) fn for_assignment(plan: &Plan) -> Vec<FixValue> {
    [application_id(plan)].into_iter().flatten().collect()
}

/// AADSTS750054: where sign-on must start (Entra's Sign on URL, in SP-initiated mode) and
/// Entra's endpoint that must not be opened directly (Mimecast's Login URL).
pub(super) fn for_sign_on_url(plan: &Plan) -> Vec<FixValue> {
    let sign_on = plan.entra.sign_on_url.as_deref();
    [value(Console::Entra, SIGN_ON_URL, sign_on), login_url(plan)]
        .into_iter()
        .flatten()
        .collect()
}

/// AADSTS50034: the tenant Mimecast sends users to.
pub(super) fn for_tenant(plan: &Plan) -> Vec<FixValue> {
    [login_url(plan)].into_iter().flatten().collect()
}

/// AADSTS50003: the Metadata URL to import again after a new certificate.
pub(super) fn for_new_certificate(plan: &Plan) -> Vec<FixValue> {
    [metadata_url(plan)].into_iter().flatten().collect()
}

/// Mimecast's page: the Issuer URL, the certificate's thumbprint, and the Entra values.
pub(super) fn for_mimecast(plan: &Plan) -> Vec<FixValue> {
    let issuer = plan.authentication_profile.issuer_url.as_deref();
    let thumbprint = plan
        .certificate
        .as_ref()
        .map(|c| c.thumbprint_sha1.as_str());
    [
        value(Console::Mimecast, ISSUER_URL, issuer),
        value(Console::Entra, THUMBPRINT, thumbprint),
        identifier(plan),
        reply_url(plan),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A code whose fix names none of the plan's values.
pub(super) fn none(_: &Plan) -> Vec<FixValue> {
    Vec::new()
}
