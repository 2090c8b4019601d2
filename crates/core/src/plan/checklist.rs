//! The manual steps left after the plan, in the order of Microsoft's tutorial, each marked done,
//! to do or blocked given the inputs, and each citing the published pages it follows
//! ([`super::sources`]): Microsoft's tutorial of 2025-03-25 for the order and the Entra side,
//! Mimecast's support articles for today's menus (Users & Groups | Applications, Users & Groups |
//! Internal Directories), the checkboxes, the 15 minutes Application Settings take, and Directory
//! Synchronization as the first way users reach Mimecast.

use serde::{Deserialize, Serialize};

use crate::entra::ENTRA_ADMIN_CENTER_URL;
use crate::finding::{Finding, Severity};
use crate::region::{GLOBAL_ADMIN_CONSOLE_URL, Region};

use super::sources::{self, Page, Source};
use super::{SignOnMode, field};

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
    /// The published pages the step follows.
    pub sources: Vec<Source>,
}

/// What the plan knows that the steps depend on.
pub(super) struct Facts<'a> {
    pub region: Option<Region>,
    pub mode: SignOnMode,
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

/// One step: id, console, what blocks it, what in the inputs shows it done, its text and sources.
/// The table is a `static`, so it is data in the page's WebAssembly, not code that builds it.
struct Step {
    id: &'static str,
    console: Console,
    needs: Needs,
    done: Done,
    text: &'static str,
    sources: &'static [&'static Page],
}

/// What in the inputs shows a step done.
#[derive(Clone, Copy)]
enum Done {
    /// Nothing: the helper cannot tell.
    Unknown,
    /// An application ID was given: the gallery app was added.
    AppIdKnown,
    /// A certificate was read: it was downloaded.
    CertificateRead,
}

/// The steps, in order.
pub(super) fn steps(facts: &Facts<'_>) -> Vec<ChecklistStep> {
    let mimecast_link = facts
        .region
        .map_or(GLOBAL_ADMIN_CONSOLE_URL, Region::admin_console_url);
    STEPS
        .iter()
        .map(|step| {
            let step = match step.id {
                BASIC_SAML_CONFIGURATION => basic_saml_configuration(facts.mode),
                _ => step,
            };
            let blocked_by = blocking_fields(facts.findings, &step.needs);
            let done = match step.done {
                Done::Unknown => false,
                Done::AppIdKnown => facts.app_id_known,
                Done::CertificateRead => facts.certificate_read,
            };
            let status = if !blocked_by.is_empty() {
                StepStatus::Blocked
            } else if done {
                StepStatus::Done
            } else {
                StepStatus::Todo
            };
            ChecklistStep {
                id: step.id.to_owned(),
                console: step.console,
                text: step.text.to_owned(),
                link: Some(
                    match step.console {
                        Console::Entra => ENTRA_ADMIN_CENTER_URL,
                        Console::Mimecast => mimecast_link,
                    }
                    .to_owned(),
                ),
                status,
                blocked_by,
                sources: step.sources.iter().map(|page| page.source()).collect(),
            }
        })
        .collect()
}

/// The id of Entra's Basic SAML Configuration for SP-initiated sign-on; the IdP-initiated modes
/// have their own steps ([`IDP_BASIC_SAML_CONFIGURATION`]).
const BASIC_SAML_CONFIGURATION: &str = "entra.basic_saml_configuration";

/// What blocks the Basic SAML Configuration, in every mode.
const BASIC_NEEDS: Needs = Needs::Fields(&[
    field::REGION,
    field::ACCOUNT_CODE,
    field::LEGACY_SIGN_ON_URL,
    field::SIGN_ON_MODE,
]);

/// The sources of the Basic SAML Configuration, in every mode.
const BASIC_SOURCES: &[&Page] = &[&sources::MS_TUTORIAL, &sources::MIMECAST_AZURE_PREMIUM];

/// The Basic SAML Configuration step for the sign-on mode.
fn basic_saml_configuration(mode: SignOnMode) -> &'static Step {
    match mode {
        SignOnMode::Sp => &STEPS[1],
        SignOnMode::IdpAdminConsole => &IDP_BASIC_SAML_CONFIGURATION[0],
        SignOnMode::IdpPersonalPortal => &IDP_BASIC_SAML_CONFIGURATION[1],
    }
}

/// Entra's Basic SAML Configuration when sign-on starts in Entra (IdP-initiated): to the
/// Administration Console, then to the Personal Portal.
static IDP_BASIC_SAML_CONFIGURATION: [Step; 2] = [
    Step {
        id: "entra.basic_saml_configuration_idp_admin_console",
        console: Console::Entra,
        needs: BASIC_NEEDS,
        done: Done::Unknown,
        text: "In the Mimecast application, open Single sign-on > SAML, edit Basic SAML \
               Configuration, enter this plan's Identifier (Entity ID) and Reply URL exactly, \
               leave Sign on URL empty, and Save: the My Apps tile then signs users in to the \
               Administration Console (IdP-initiated), and cannot also open the Personal Portal \
               (one Identifier, one Entra application).",
        sources: BASIC_SOURCES,
    },
    Step {
        id: "entra.basic_saml_configuration_idp_personal_portal",
        console: Console::Entra,
        needs: BASIC_NEEDS,
        done: Done::Unknown,
        text: "In the Mimecast application, open Single sign-on > SAML, edit Basic SAML \
               Configuration, enter this plan's Identifier (Entity ID) and Reply URL exactly, \
               leave Sign on URL empty, and Save: the My Apps tile then signs users in to the \
               Personal Portal (IdP-initiated), and cannot also open the Administration Console \
               (one Identifier, one Entra application).",
        sources: BASIC_SOURCES,
    },
];

/// The steps, in order (SP-initiated sign-on).
static STEPS: [Step; 13] = [
    Step {
        id: "entra.add_gallery_app",
        console: Console::Entra,
        needs: Needs::Nothing,
        done: Done::AppIdKnown,
        text: "In the Microsoft Entra admin center, open Entra ID > Enterprise apps > New \
               application, search the gallery for Mimecast and add it.",
        sources: &[&sources::MS_TUTORIAL],
    },
    Step {
        id: BASIC_SAML_CONFIGURATION,
        console: Console::Entra,
        needs: BASIC_NEEDS,
        done: Done::Unknown,
        text: "In the Mimecast application, open Single sign-on > SAML, edit Basic SAML \
               Configuration, enter this plan's Identifier (Entity ID), Reply URL and Sign on URL \
               exactly, and Save. Sign-on starts at Mimecast (SP-initiated), for every Mimecast \
               application.",
        sources: BASIC_SOURCES,
    },
    Step {
        id: "entra.assignment_required",
        console: Console::Entra,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "In the application's Properties, set Assignment required: Yes admits only assigned \
               users and groups (others get AADSTS50105); No admits everyone and leaves it to \
               Mimecast's Application Settings (Mimecast recommends No).",
        sources: &[
            &sources::MS_APP_PROPERTIES,
            &sources::MIMECAST_AZURE_PREMIUM,
        ],
    },
    Step {
        id: "entra.download_certificate",
        console: Console::Entra,
        needs: Needs::Nothing,
        done: Done::CertificateRead,
        text: "Under SAML Certificates, copy the App Federation Metadata Url for Mimecast's \
               Import, and download Certificate (Base64) for this helper, which checks it and \
               gives its body without BEGIN and END lines.",
        sources: &[&sources::MS_TUTORIAL],
    },
    Step {
        id: "mimecast.create_authentication_profile",
        console: Console::Mimecast,
        needs: Needs::Fields(PROFILE_FIELDS),
        done: Done::Unknown,
        text: "In the Mimecast Administration Console, open Users & Groups | Applications > \
               Authentication Profiles > New Authentication Profile (older consoles: \
               Administration > Services > Applications). Enter the Description, select Enforce \
               SAML Authentication for Mimecast (older: for Mimecast Personal Portal, or for \
               Administration Console) and Provider Microsoft Entra ID (older: Azure Active \
               Directory), paste the App Federation Metadata Url into Metadata URL and click \
               Import. If Import is not available, fill Issuer URL, Login URL, Logout URL and \
               Identity Provider Certificate (Metadata) from this plan. Select Allow Single Sign \
               On, and Save.",
        sources: &[&sources::MS_TUTORIAL, &sources::MIMECAST_PROFILES],
    },
    Step {
        id: "mimecast.leave_contexts_off",
        console: Console::Mimecast,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "Leave Use Password protected Context and Use Integrated Authentication Context \
               cleared, as Microsoft's tutorial asks: with either one selected, Mimecast asks for \
               one sign-in method, and Entra refuses with AADSTS75011 users who signed in with \
               another.",
        sources: &[&sources::MS_TUTORIAL, &sources::MS_AADSTS75011],
    },
    Step {
        id: "mimecast.keep_password_sign_in",
        console: Console::Mimecast,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "Until sign-on has been tested, keep one Mimecast administrator able to sign in \
               with a password, and leave Enforce SAML Authentication for End User Applications \
               cleared: it stops passwords in Mimecast for Outlook, Mobile and Mac.",
        sources: &[
            &sources::MIMECAST_ADMINISTRATOR_PROFILE,
            &sources::MIMECAST_END_USER_APPLICATIONS,
        ],
    },
    Step {
        id: "mimecast.apply_application_setting",
        console: Console::Mimecast,
        needs: Needs::Fields(PROFILE_FIELDS),
        done: Done::Unknown,
        text: "Open Users & Groups | Applications > Application Settings, choose (or create) the \
               setting for these users, select the new Authentication Profile in it, and Save. \
               Changes take up to 15 minutes to reach every Mimecast application.",
        sources: &[&sources::MIMECAST_APPLICATION_SETTINGS],
    },
    Step {
        id: "mimecast.directory_sync",
        console: Console::Mimecast,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "Users must exist in Mimecast. Most Microsoft 365 accounts have them already: \
               Directory Synchronization copies them from Entra ID, and Mimecast adds addresses \
               as mail passes through it (see Users & Groups | Internal Directories). The next \
               two steps are for accounts without it.",
        sources: &[
            &sources::MIMECAST_M365_USERS,
            &sources::MIMECAST_EMAIL_ADDRESSES,
        ],
    },
    Step {
        id: "mimecast.register_domain",
        console: Console::Mimecast,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "Without Directory Synchronization: in Users & Groups | Internal Directories, \
               unless your email domain is listed, click Register New Domain, or register it in \
               this helper's users step, which shows the DNS record to create.",
        sources: &[&sources::MIMECAST_EMAIL_ADDRESSES],
    },
    Step {
        id: "mimecast.create_users",
        console: Console::Mimecast,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "Without Directory Synchronization: click New Address in the domain for each user, \
               or create them all from a CSV file in this helper's users step. Mimecast finds the \
               signed-in user by the mail attribute in Entra: each Email Address must equal it, \
               and a user whose mail attribute is empty cannot sign in.",
        sources: &[&sources::MIMECAST_AZURE_STANDARD],
    },
    Step {
        id: "entra.assign_users",
        console: Console::Entra,
        needs: Needs::Nothing,
        done: Done::Unknown,
        text: "With Assignment required set to Yes, open Users and groups > Add user/group in the \
               application and assign who will sign in to Mimecast.",
        sources: &[&sources::MS_TUTORIAL, &sources::MS_APP_PROPERTIES],
    },
    Step {
        id: "entra.test_sign_on",
        console: Console::Entra,
        needs: Needs::Everything,
        done: Done::Unknown,
        text: "Wait 15 minutes after saving the Application Setting, then test as an assigned \
               user: Test this application on Entra's Single sign-on page, or the Mimecast login \
               page.",
        sources: &[
            &sources::MS_TUTORIAL,
            &sources::MIMECAST_APPLICATION_SETTINGS,
        ],
    },
];

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
