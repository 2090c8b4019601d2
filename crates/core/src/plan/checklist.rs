//! The manual steps left after the plan, in the order of Microsoft's tutorial, each marked done,
//! to do or blocked given the inputs.
//!
//! The order follows Microsoft's 2018 tutorial: add the gallery app; Basic SAML configuration;
//! download Certificate (Base64); the Mimecast Authentication Profile; create the Mimecast user
//! ("You need to register a domain before you can create users": Directories > Internal > Register
//! New Domain, then New Address); assign the Entra user; test. The 2021 tutorial's "leave both
//! contexts off" and the Application Setting that puts the profile to use follow the profile.

use serde::{Deserialize, Serialize};

use crate::entra::ENTRA_ADMIN_CENTER_URL;
use crate::finding::{Finding, Severity};
use crate::region::{GLOBAL_ADMIN_CONSOLE_URL, Region};

use super::field;

/// The console a step is done in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Console {
    /// The Microsoft Entra admin center.
    Entra,
    /// The Mimecast Administration Console.
    Mimecast,
}

/// Where a step stands, given the inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StepStatus {
    /// The inputs show the step was done (for example a certificate was pasted, so it was
    /// downloaded).
    Done,
    /// Nothing stops the step; the helper cannot tell whether it was done.
    Todo,
    /// A value the step needs is missing or invalid; `blockedBy` names the fields.
    Blocked,
}

/// One manual step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistStep {
    /// Stable id, for example `entra.basic_saml_configuration`; translations are keyed by it.
    pub id: String,
    /// The console the step is done in.
    pub console: Console,
    /// What to do, in English.
    pub text: String,
    /// The console page to open, when there is one.
    pub link: Option<String>,
    /// Done, to do or blocked.
    pub status: StepStatus,
    /// The input fields whose errors block the step, in field order; empty unless blocked.
    pub blocked_by: Vec<String>,
}

/// What the plan knows that the steps depend on.
pub(super) struct Facts<'a> {
    pub region: Option<Region>,
    pub app_id_known: bool,
    pub certificate_read: bool,
    pub findings: &'a [Finding],
}

/// Which fields a step needs: a step is blocked by errors in these fields.
enum Needs {
    Nothing,
    Fields(&'static [&'static str]),
    /// Every field: the step needs the whole plan.
    Everything,
}

/// The fields of the Authentication Profile.
const PROFILE_FIELDS: &[&str] = &[
    field::TENANT_ID,
    field::FEDERATION_METADATA,
    field::CERTIFICATE,
    field::DESCRIPTION,
];

/// The steps, in order.
pub(super) fn steps(facts: &Facts<'_>) -> Vec<ChecklistStep> {
    let mimecast_link = facts
        .region
        .map_or(GLOBAL_ADMIN_CONSOLE_URL, Region::admin_console_url);
    let table: [(&str, Console, Needs, bool, &str); 10] = [
        (
            "entra.add_gallery_app",
            Console::Entra,
            Needs::Nothing,
            facts.app_id_known,
            "In the Microsoft Entra admin center, open Enterprise applications > New application, \
             search the gallery for Mimecast and add it (Microsoft's 2018 tutorial names it \
             Mimecast Personal Portal).",
        ),
        (
            "entra.basic_saml_configuration",
            Console::Entra,
            Needs::Fields(&[
                field::REGION,
                field::ACCOUNT_CODE,
                field::LEGACY_SIGN_ON_URL,
            ]),
            false,
            "In the Mimecast application, open Single sign-on > SAML, edit Basic SAML \
             Configuration and enter the Identifier (Entity ID), Reply URL (Assertion Consumer \
             Service URL) and Sign on URL of this plan exactly; then Save.",
        ),
        (
            "entra.download_certificate",
            Console::Entra,
            Needs::Nothing,
            facts.certificate_read,
            "In the SAML Certificates section, download Certificate (Base64) and give it to this \
             helper: Mimecast needs its body without the BEGIN and END lines.",
        ),
        (
            "mimecast.create_authentication_profile",
            Console::Mimecast,
            Needs::Fields(PROFILE_FIELDS),
            false,
            "In the Mimecast Administration Console, open Administration > Services > \
             Applications > Authentication Profiles > New Authentication Profile. Enter the \
             Description, select Enforce SAML Authentication, choose Provider Azure Active \
             Directory, fill Issuer URL, Login URL, Logout URL and Identity Provider Certificate \
             (Metadata) with this plan's values, select Allow Single Sign On, and Save.",
        ),
        (
            "mimecast.leave_contexts_off",
            Console::Mimecast,
            Needs::Nothing,
            false,
            "In the same Authentication Profile, leave Use Password protected Context and Use \
             Integrated Authentication Context cleared: Microsoft's current tutorial asks for both \
             off, and with either one on Entra refuses the sign-in with AADSTS75011.",
        ),
        (
            "mimecast.apply_application_setting",
            Console::Mimecast,
            Needs::Fields(PROFILE_FIELDS),
            false,
            "Open Administration > Services > Applications > Application Settings, choose (or \
             create) the setting that applies to these users, select the new Authentication \
             Profile in it, and Save.",
        ),
        (
            "mimecast.register_domain",
            Console::Mimecast,
            Needs::Nothing,
            false,
            "In Mimecast, open Directories > Internal and, unless your email domain is listed \
             already, click Register New Domain and register it (or register it in this helper's \
             Mimecast users step, which shows the DNS record to create).",
        ),
        (
            "mimecast.create_users",
            Console::Mimecast,
            Needs::Nothing,
            false,
            "Mimecast has no automatic provisioning from Entra: for each user who will sign in, \
             open the domain in Directories > Internal and click New Address, or create them all \
             at once from a CSV file in this helper's Mimecast users step. The Email Address must \
             equal the user's mail attribute in Entra, or Mimecast cannot match the signed-in user.",
        ),
        (
            "entra.assign_users",
            Console::Entra,
            Needs::Nothing,
            false,
            "In the Mimecast enterprise application in Entra, open Users and groups > Add \
             user/group and assign the users or groups who will sign in to Mimecast (those created \
             in Mimecast in the previous step).",
        ),
        (
            "entra.test_sign_on",
            Console::Entra,
            Needs::Everything,
            false,
            "Test sign-on: in the Mimecast application's Single sign-on page in Entra, click Test \
             this application, or sign in at the Mimecast login page as an assigned user.",
        ),
    ];
    table
        .into_iter()
        .map(|(id, console, needs, done, text)| {
            let blocked_by = blocking_fields(facts.findings, &needs);
            let status = if !blocked_by.is_empty() {
                StepStatus::Blocked
            } else if done {
                StepStatus::Done
            } else {
                StepStatus::Todo
            };
            ChecklistStep {
                id: id.to_owned(),
                console,
                text: text.to_owned(),
                link: Some(
                    match console {
                        Console::Entra => ENTRA_ADMIN_CENTER_URL,
                        Console::Mimecast => mimecast_link,
                    }
                    .to_owned(),
                ),
                status,
                blocked_by,
            }
        })
        .collect()
}

/// The fields, among those `needs` names, that have an error finding; each once, in finding order.
fn blocking_fields(findings: &[Finding], needs: &Needs) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        let Some(field) = finding.field.as_deref() else {
            continue;
        };
        let needed = match needs {
            Needs::Nothing => false,
            Needs::Fields(names) => names.contains(&field),
            Needs::Everything => true,
        };
        if needed && !fields.iter().any(|f| f == field) {
            fields.push(field.to_owned());
        }
    }
    fields
}
