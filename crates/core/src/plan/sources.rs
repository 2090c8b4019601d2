//! The published pages the checklist follows, each with its title, address and date, so every step
//! names where its instruction comes from. Mimecast's support articles show no date; they are
//! dated by when they were read.

use serde::{Deserialize, Serialize};

/// A published page a checklist step follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Source {
    /// The page's title, as published.
    pub title: String,
    /// Its address.
    pub url: String,
    /// Its date (`YYYY-MM-DD`), or when it was read for an undated page (`read YYYY-MM-DD`).
    pub date: String,
}

/// A cited page, as constants.
pub(super) struct Page {
    pub title: &'static str,
    pub url: &'static str,
    pub date: &'static str,
}

impl Page {
    pub(super) fn source(&self) -> Source {
        Source {
            title: self.title.to_owned(),
            url: self.url.to_owned(),
            date: self.date.to_owned(),
        }
    }
}

/// Microsoft's tutorial: gallery app, Basic SAML Configuration by mode, App Federation Metadata
/// Url, the Authentication Profile by Metadata URL and Import, both contexts cleared.
pub(super) const MS_TUTORIAL: Page = Page {
    title: "Configure Mimecast for Single sign-on with Microsoft Entra ID",
    url: "https://learn.microsoft.com/en-us/entra/identity/saas-apps/mimecast-personal-portal-tutorial",
    date: "2025-03-25",
};

/// "Assignment required": "If this option is set to Yes, then users and other applications or
/// services must first be assigned this application before being able to access it."
pub(super) const MS_APP_PROPERTIES: Page = Page {
    title: "Properties of an enterprise application",
    url: "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/application-properties",
    date: "2025-01-31",
};

/// AADSTS75011: the `RequestedAuthnContext` of the request differs from how the user signed in.
pub(super) const MS_AADSTS75011: Page = Page {
    title: "Error - AADSTS75011 Authentication method by which the user authenticated with the \
            service doesn't match requested authentication method AuthnContextClassRef",
    url: "https://learn.microsoft.com/en-us/troubleshoot/azure/active-directory/error-code-aadsts75011-auth-method-mismatch",
    date: "2022-08-26",
};

/// "Navigate to Users & Groups | Applications", Authentication Profiles, New Authentication
/// Profile.
pub(super) const MIMECAST_PROFILES: Page = Page {
    title: "Authentication Profiles - Configuring Authentication Profiles",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000804127251",
    date: "read 2026-12-03",
};

/// "It can take up to 15 minutes for changes to a definition to propagate between all the
/// Mimecast applications."
pub(super) const MIMECAST_APPLICATION_SETTINGS: Page = Page {
    title: "Email Security Cloud Gateway - Configuring Application Settings",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000676776595",
    date: "read 2026-12-03",
};

/// Enforcing SAML for end-user applications stops password sign-in from Mimecast for Outlook,
/// Mimecast Mobile and Mimecast for Mac.
pub(super) const MIMECAST_END_USER_APPLICATIONS: Page = Page {
    title: "Authentication Profiles - Enforce SAML For End User Applications",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000685767059",
    date: "read 2026-12-03",
};

/// The default administrator Authentication Profile "immediately activates this authentication
/// profile for all administrators on your account. Ensure your configuration options are valid
/// before saving this profile."
pub(super) const MIMECAST_ADMINISTRATOR_PROFILE: Page = Page {
    title: "Authentication Profiles - Default Administrator Authentication Profile",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000821848595",
    date: "read 2026-12-03",
};

/// "Step 2: Set up Directory Synchronization": users and groups synchronized from Microsoft 365
/// (Entra ID) to Mimecast, cloud to cloud.
pub(super) const MIMECAST_M365_USERS: Page = Page {
    title: "Administration - Microsoft 365 User Management",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000768135059",
    date: "read 2026-12-03",
};

/// Addresses are added "Automatically when processing email by capturing the email addresses";
/// the menu is Users & Groups | Internal Directories.
pub(super) const MIMECAST_EMAIL_ADDRESSES: Page = Page {
    title: "Directories - Managing User Email Addresses",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000769619091",
    date: "read 2026-12-03",
};

/// "Mimecast Single Sign-On through Office Azure uses the mail attribute as the primary SMTP
/// address in Azure AD to identify users"; "The end-user's Email address must be entered under
/// their Contact Information in Azure for SAML to work correctly."
pub(super) const MIMECAST_AZURE_STANDARD: Page = Page {
    title: "Authentication Profiles - Azure Standard SSO Configuration",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000629116563",
    date: "read 2026-12-03",
};

/// "Assignment required is set to No. This will ensure that everyone in your organization can sign
/// into Mimecast.com"; one Identifier per Entra application.
pub(super) const MIMECAST_AZURE_PREMIUM: Page = Page {
    title: "Authentication Profiles - Configure SSO Logins Using Azure Premium",
    url: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000627715091",
    date: "read 2026-12-03",
};
