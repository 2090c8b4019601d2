//! The two sheets of values the admin copies: Entra's Basic SAML Configuration and the Mimecast
//! Authentication Profile, with the console's names for its checkboxes and Provider.

use serde::{Deserialize, Serialize};

use super::SignOnMode;

/// The Provider to select in the Mimecast Authentication Profile: Microsoft's tutorial of
/// 2025-03-25 ("For Provider, select Microsoft Entra ID from the Dropdown").
pub const PROVIDER: &str = "Microsoft Entra ID";

/// The Provider's name in older consoles and tutorials (Microsoft's 2018 and 2021 tutorials: "As
/// Provider, select Azure Active Directory").
pub const PROVIDER_OLDER: &str = "Azure Active Directory";

/// The Authentication Profile's checkbox that puts SAML to use for Mimecast's web applications, as
/// Microsoft's tutorial of 2025-03-25 names it: "select Enforce SAML Authentication for Mimecast
/// checkbox".
pub const ENFORCE_SAML: &str = "Enforce SAML Authentication for Mimecast";

/// The checkbox that also enforces SAML in Mimecast for Outlook, Mimecast Mobile and Mimecast for
/// Mac: "will not be able to use a password-based authentication method to access Mimecast from an
/// end-user application" (Mimecast, "Authentication Profiles - Enforce SAML For End User
/// Applications", support article 34000685767059, undated, read 2026-12-03). Left cleared by the
/// plan until sign-on has been tested.
pub const ENFORCE_SAML_END_USER_APPLICATIONS: &str =
    "Enforce SAML Authentication for End User Applications";

/// The values for Entra's Basic SAML Configuration (enterprise application > Single sign-on >
/// SAML), in the order of Microsoft's 2018 tutorial.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntraSettings {
    /// How users start a sign-on; the Sign on URL is set only for `sp`.
    pub sign_on_mode: SignOnMode,
    /// "Sign on URL": `https://{saml host}/login/saml`; `null` without a valid region, and in the
    /// IdP-initiated modes, where it stays empty.
    pub sign_on_url: Option<String>,
    /// "Identifier (Entity ID)": `https://{saml host}/sso/{ACCOUNTCODE}`; `null` without a valid
    /// region and account code.
    pub identifier: Option<String>,
    /// "Reply URL (Assertion Consumer Service URL)": `https://{saml host}/login/saml`; `null`
    /// without a valid region.
    pub reply_url: Option<String>,
    /// The legacy sign-on URL given, normalised; `null` when none was given or it was refused.
    pub legacy_sign_on_url: Option<String>,
    /// "App Federation Metadata Url"; `null` without a valid tenant ID and application ID.
    pub federation_metadata_url: Option<String>,
}

/// The Mimecast Authentication Profile (Users & Groups | Applications > Authentication Profiles >
/// New Authentication Profile; older consoles: Administration > Services > Applications), in the
/// console's order. Microsoft's tutorial of 2025-03-25 fills it by pasting the App Federation
/// Metadata Url into Metadata URL and clicking Import; Issuer URL, Login URL, Logout URL and the
/// certificate are what Import fills, typed by hand where Import is not available.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticationProfile {
    /// "Description"; `null` when the description given was refused.
    pub description: Option<String>,
    /// The checkbox's name today: [`ENFORCE_SAML`].
    pub enforce_saml_checkbox: String,
    /// Its name in older consoles: "Enforce SAML Authentication for Mimecast Personal Portal", or
    /// "… for Administration Console" for IdP-initiated sign-on to the Administration Console.
    pub enforce_saml_checkbox_older: String,
    /// That checkbox: always `true`.
    pub enforce_saml_authentication: bool,
    /// [`ENFORCE_SAML_END_USER_APPLICATIONS`]: `false` until sign-on has been tested (it blocks
    /// password sign-in in Mimecast for Outlook, Mobile and Mac).
    pub enforce_saml_for_end_user_applications: bool,
    /// "Provider": [`PROVIDER`].
    pub provider: String,
    /// The Provider's name in older consoles: [`PROVIDER_OLDER`].
    pub provider_older: String,
    /// "Metadata URL": Entra's App Federation Metadata Url, then click Import; `null` without a
    /// valid tenant ID and application ID.
    pub metadata_url: Option<String>,
    /// "Issuer URL": Entra's Identifier, `https://sts.windows.net/{tenant-id}/`.
    pub issuer_url: Option<String>,
    /// "Login URL": `https://login.microsoftonline.com/{tenant-id}/saml2`.
    pub login_url: Option<String>,
    /// "Logout URL": `https://login.microsoftonline.com/{tenant-id}/saml2`.
    pub logout_url: Option<String>,
    /// "Identity Provider Certificate (Metadata)": the certificate's base64 body, without header,
    /// footer or line breaks.
    pub identity_provider_certificate: Option<String>,
    /// "Allow Single Sign On": always `true`.
    pub allow_single_sign_on: bool,
    /// "Use Password protected Context": always `false` (AADSTS75011 otherwise).
    pub use_password_protected_context: bool,
    /// "Use Integrated Authentication Context": always `false` (AADSTS75011 otherwise).
    pub use_integrated_authentication_context: bool,
}
