//! How users start a sign-on: at Mimecast (SP-initiated) or from Entra's My Apps (IdP-initiated,
//! to the Administration Console or to the Personal Portal), and what each needs in Entra.
//!
//! Microsoft's tutorial ("Configure Mimecast for Single sign-on with Microsoft Entra ID",
//! learn.microsoft.com/en-us/entra/identity/saas-apps/mimecast-personal-portal-tutorial,
//! 2025-03-25) gives the Identifier and the Reply URL "if you wish to configure the application in
//! IDP initiated mode", and adds the Sign on URL only "if you wish to configure the application in
//! SP initiated mode". Entra starts at the Sign on URL when one is set, so IdP-initiated sign-on
//! needs it empty. Neither Microsoft's nor Mimecast's published pages give a Relay State for
//! either mode, so the plan sets none.
//!
//! Mimecast's "Authentication Profiles - Configure SSO Logins Using Azure Premium" (support article
//! 34000627715091, undated, read 2026-12-03): "One app can be created to do SP-initiated SSO for
//! all Mimecast applications and IDP-initiated SSO for either the Personal Portal or Mimecast
//! Administration Console", because Entra "cannot use the same identifier in two applications".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::PlanCode;
use crate::finding::{Finding, Severity};

/// How users start a sign-on to Mimecast.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SignOnMode {
    /// At Mimecast's login page, for every Mimecast application (SP-initiated): Identifier, Reply
    /// URL and Sign on URL. The default.
    #[default]
    Sp,
    /// From the My Apps tile straight into the Administration Console (IdP-initiated): Identifier
    /// and Reply URL, Sign on URL empty.
    IdpAdminConsole,
    /// From the My Apps tile straight into the Personal Portal (IdP-initiated): Identifier and
    /// Reply URL, Sign on URL empty.
    IdpPersonalPortal,
}

impl SignOnMode {
    /// Every mode, in the order the page offers them.
    pub const ALL: [SignOnMode; 3] = [
        SignOnMode::Sp,
        SignOnMode::IdpAdminConsole,
        SignOnMode::IdpPersonalPortal,
    ];

    /// The mode's name in JSON: `sp`, `idpAdminConsole` or `idpPersonalPortal`.
    pub fn name(self) -> &'static str {
        match self {
            SignOnMode::Sp => "sp",
            SignOnMode::IdpAdminConsole => "idpAdminConsole",
            SignOnMode::IdpPersonalPortal => "idpPersonalPortal",
        }
    }

    /// Whether Entra's Sign on URL is set: only when sign-on starts at Mimecast.
    pub fn uses_sign_on_url(self) -> bool {
        self == SignOnMode::Sp
    }

    /// What the admin should know about an IdP-initiated mode, as an info finding on
    /// `signOnMode`; none for SP-initiated sign-on, the default.
    pub(super) fn finding(self) -> Option<Finding> {
        let message = match self {
            SignOnMode::Sp => return None,
            SignOnMode::IdpAdminConsole => {
                "IdP-initiated: the My Apps tile signs users straight in to the Administration \
                 Console; leave Entra's Sign on URL empty. Entra cannot use one Identifier in two \
                 applications, so this application's tile opens the Administration Console or the \
                 Personal Portal, not both. Sign-on that starts at Mimecast keeps working for \
                 every Mimecast application."
            }
            SignOnMode::IdpPersonalPortal => {
                "IdP-initiated: the My Apps tile signs users straight in to the Personal Portal; \
                 leave Entra's Sign on URL empty. Entra cannot use one Identifier in two \
                 applications, so this application's tile opens the Personal Portal or the \
                 Administration Console, not both. Sign-on that starts at Mimecast keeps working \
                 for every Mimecast application."
            }
        };
        let code = match self {
            SignOnMode::IdpAdminConsole => PlanCode::IdpAdminConsole,
            _ => PlanCode::IdpPersonalPortal,
        };
        Some(Finding::new(Severity::Info, code, message))
    }
}

impl fmt::Display for SignOnMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A sign-on mode that is not one of [`SignOnMode::ALL`] (`sign_on_mode.unknown`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSignOnMode;

impl fmt::Display for UnknownSignOnMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "The sign-on mode is not one of sp (SP-initiated), idpAdminConsole or \
             idpPersonalPortal (IdP-initiated).",
        )
    }
}

impl std::error::Error for UnknownSignOnMode {}

impl crate::Coded for UnknownSignOnMode {
    fn code(&self) -> &'static str {
        crate::Coded::code(&PlanCode::SignOnModeUnknown)
    }
}

impl FromStr for SignOnMode {
    type Err = UnknownSignOnMode;

    /// A mode's JSON name, in any case; an empty text is [`SignOnMode::Sp`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(SignOnMode::Sp);
        }
        SignOnMode::ALL
            .into_iter()
            .find(|mode| mode.name().eq_ignore_ascii_case(text))
            .ok_or(UnknownSignOnMode)
    }
}
