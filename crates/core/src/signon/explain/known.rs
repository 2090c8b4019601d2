//! The explained errors: for each AADSTS code, its likely cause in an Entra → Mimecast SAML setup
//! and the fix, each checked against the Microsoft page named beside it; and Mimecast's own page.
//!
//! Every code's meaning is the one of Microsoft's list, "Microsoft Entra authentication and
//! authorization error codes" ([`REFERENCE`], source `docs/identity-platform/reference-error-codes.md`
//! of MicrosoftDocs/entra-docs, dated 2024-04-24). Where Microsoft has a troubleshooting article
//! for the code with SAML single sign-on, the cause and fix follow it and it is the `source`.

use super::values;
use super::{ExplainCode, FixValue};
use crate::plan::Plan;

/// The enterprise application, as the Entra admin center names the path to it.
macro_rules! entra_app {
    () => {
        "Entra admin center > Entra ID > Enterprise apps > (the Mimecast app)"
    };
}

/// Entra's Basic SAML Configuration of the application.
macro_rules! basic_saml {
    () => {
        concat!(entra_app!(), " > Single sign-on > Basic SAML Configuration")
    };
}

/// The Authentication Profile in the Mimecast Administration Console.
macro_rules! mimecast_profile {
    () => {
        "Mimecast Administration Console > Users & Groups | Applications > Authentication \
         Profiles > (the profile)"
    };
}

/// What is said about one error.
pub(super) struct Advice {
    pub code: ExplainCode,
    pub title: &'static str,
    pub cause: &'static str,
    pub fix: &'static [&'static str],
    /// The page the cause and fix are checked against.
    pub source: &'static str,
    /// The plan's values the fix refers to.
    pub values: fn(&Plan) -> Vec<FixValue>,
}

/// Microsoft's list of AADSTS codes.
const REFERENCE: &str =
    "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes";

/// Microsoft's troubleshooting articles for SAML sign-on errors (MicrosoftDocs/SupportArticles-docs,
/// `support/entra/entra-id/app-integration/`).
macro_rules! troubleshoot {
    ($page:literal) => {
        concat!(
            "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/",
            $page
        )
    };
}

/// The advice for AADSTS `number`, if there is one.
pub(super) fn for_number(number: u32) -> Option<&'static Advice> {
    RULES
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, advice)| advice)
}

const RULES: &[(u32, Advice)] = &[
    // Reference: "InvalidReplyTo - The reply address is missing, misconfigured, or doesn't match
    // reply addresses configured for the app". Article (2023-06-08): the request's
    // AssertionConsumerServiceURL, the URL shown in the error, differs from the Reply URL.
    (
        50011,
        Advice {
            code: ExplainCode::Aadsts50011,
            title: "Reply URL does not match",
            cause: "Mimecast asked Entra to send the SAML response to its Assertion Consumer Service \
                URL (the URL quoted in the message), and the Mimecast application in Entra has no \
                Reply URL equal to it: the Reply URL is missing, has another region's host, or \
                differs by a character such as a trailing slash.",
            fix: &[
                concat!("Open ", basic_saml!(), " and select Edit."),
                "Set Reply URL (Assertion Consumer Service URL) to your region's Mimecast URL, \
             exactly as below, and Save.",
                "Compare it with the URL quoted in the error: if they differ by region, the region \
             chosen in this helper or in Mimecast is not your account's.",
            ],
            source: troubleshoot!("error-code-aadsts50011-reply-url-mismatch"),
            values: values::for_reply_url,
        },
    ),
    // Reference: "UnauthorizedClient_DoesNotMatchRequest - The application wasn't found in the
    // directory/tenant … You might have misconfigured the identifier value for the application or
    // sent your authentication request to the wrong tenant." The SAML article for this message
    // ("Application with Identifier was not found in the directory", filed as AADSTS70001,
    // troubleshoot!("error-code-aadsts70001-app-not-found-in-directory"), 2022-10-12): the
    // request's Issuer differs from the Identifier, trailing slash included.
    (
        700016,
        Advice {
            code: ExplainCode::Aadsts700016,
            title: "Application not found in the tenant",
            cause: "Entra found no application in this tenant whose Identifier (Entity ID) equals the \
                Issuer Mimecast sent, the identifier quoted in the message. For Mimecast it is \
                https://{region}-api.mimecast.com/sso/{ACCOUNTCODE}: a missing Identifier, another \
                region or a wrong account code gives this error, and so does a Mimecast Login URL \
                that sends users to another tenant.",
            fix: &[
                concat!(
                    "Open ",
                    basic_saml!(),
                    ", set Identifier (Entity ID) to the value below, exactly \
                 as the identifier quoted in the error, and Save."
                ),
                "Check that you edited the right application: its Application ID is on its Overview \
             page.",
                concat!(
                    "In ",
                    mimecast_profile!(),
                    ", check that the Login URL holds your tenant ID; if \
                 not, import the App Federation Metadata Url again."
                ),
            ],
            source: REFERENCE,
            values: values::for_identifier,
        },
    ),
    // Reference: "NoMatchedAuthnContextInOutputClaims - The authentication method by which the user
    // authenticated with the service doesn't match requested authentication method." Article
    // (2022-08-26): the request carries RequestedAuthnContext; remove it if possible.
    (
        75011,
        Advice {
            code: ExplainCode::Aadsts75011,
            title: "Authentication method does not match",
            cause: "Mimecast's request named an authentication method (RequestedAuthnContext), and the \
                user's Entra session was signed in another way, for example with Windows \
                integrated authentication, a certificate or multifactor authentication. Mimecast \
                adds that request when Use Password protected Context or Use Integrated \
                Authentication Context is selected in its Authentication Profile.",
            fix: &[
                concat!("Open ", mimecast_profile!(), "."),
                "Clear Use Password protected Context and Use Integrated Authentication Context, and \
             Save.",
                "Sign in again from a new private browser window.",
            ],
            source: troubleshoot!("error-code-aadsts75011-auth-method-mismatch"),
            values: values::for_contexts,
        },
    ),
    // Reference: "EntitlementGrantsNotFound - The signed in user isn't assigned to a role for the
    // signed in app." Article (2023-07-19): assign the user directly or through a group assigned
    // directly; nested groups are not supported.
    (
        50105,
        Advice {
            code: ExplainCode::Aadsts50105,
            title: "User not assigned to the application",
            cause: "The Mimecast application in Entra admits only assigned users (Assignment required \
                is Yes), and this user is neither assigned nor a direct member of an assigned \
                group. Members of groups nested in an assigned group do not count.",
            fix: &[
                concat!("Open ", entra_app!(), " > Users and groups."),
                "Select Add user/group and assign the user, or a group the user is a direct member \
             of, then sign in again.",
            ],
            source: troubleshoot!("error-code-aadsts50105-user-not-assigned-role"),
            values: values::for_assignment,
        },
    ),
    // Reference: "InvalidRealmUri - The requested federation realm object doesn't exist. Contact
    // the tenant admin." Article (2025-04-24): a guest signing in through another organisation's
    // SAML/WS-Fed identity provider, whose Issuer differs from the one configured in Entra.
    (
        50107,
        Advice {
            code: ExplainCode::Aadsts50107,
            title: "Federation realm not found",
            cause: "Entra looked for a federation realm (an identity provider configuration) that \
                does not exist. Microsoft documents it for guests who sign in through another \
                organisation's SAML or WS-Fed identity provider, when the Issuer that provider \
                sends differs from the Issuer URI configured in Entra. The Mimecast settings are \
                not involved.",
            fix: &[
                "Check which account the user signed in with: a guest from a partner organisation \
             signs in through that organisation's identity provider.",
                "For such a guest: Entra admin center > Entra ID > External Identities > All identity \
             providers > (the SAML/WS-Fed provider) > Edit configuration, and make its Issuer URI \
             equal the Issuer in that provider's SAML response.",
                "Otherwise give the Request Id, Correlation Id and Timestamp to your tenant \
             administrator, as Microsoft advises.",
            ],
            source: troubleshoot!("error-aadsts50107-guest-redemption-fails"),
            values: values::none,
        },
    ),
    // Reference: "A supported type of SAML response was not found. The supported response types
    // are 'Response' … or 'Assertion' … Application error". Article (2025-04-17): a federated
    // account (PingFederate) signing in with its user name and password; the federated identity
    // provider's token type is wrong.
    (
        7500514,
        Advice {
            code: ExplainCode::Aadsts7500514,
            title: "SAML token type not supported",
            cause: "Entra received a SAML token it cannot read: neither a SAML 2.0 Response nor an \
                Assertion. Microsoft documents it for accounts of a domain federated to another \
                identity provider (its example is PingFederate), whose token type Entra does not \
                accept. It is not caused by the Mimecast settings.",
            fix: &[
                "Check whether the user's domain is federated to another identity provider (AD FS, \
             PingFederate or similar) rather than signed in by Entra itself.",
                "If it is, that identity provider must issue the token type Microsoft requires; \
             Microsoft's article gives the PingFederate settings.",
                "If it is not, give the Request Id, Correlation Id and Timestamp to Microsoft support.",
            ],
            source: troubleshoot!(
                "error-code-aadsts7500514-supported-type-saml-response-not-found"
            ),
            values: values::none,
        },
    ),
    // Reference: "SAMLRequest or SAMLResponse must be present as query string parameters in HTTP
    // request for SAML Redirect binding." Article (2022-10-12): Entra found no SAML request in the
    // URL; check that sign-on is enabled on the application's side, that it supports
    // SP-initiated sign-on, and the Sign on URL.
    (
        750054,
        Advice {
            code: ExplainCode::Aadsts750054,
            title: "No SAML request in the sign-in address",
            cause: "The browser opened Entra's SAML endpoint \
                (https://login.microsoftonline.com/{tenant-id}/saml2) without a SAML request in \
                the address: someone opened that Login URL directly or from a bookmark, or \
                Entra's Sign on URL holds it instead of Mimecast's sign-in URL. A sign-on started \
                by Mimecast carries the request.",
            fix: &[
                "Start sign-on from Mimecast's login page or from the My Apps tile, not from the \
             login.microsoftonline.com address.",
                concat!(
                    "In ",
                    basic_saml!(),
                    ", check that Sign on URL is Mimecast's URL below (or empty \
                 for sign-on started from My Apps), never the login.microsoftonline.com Login URL."
                ),
                concat!(
                    "In ",
                    mimecast_profile!(),
                    ", check that Enforce SAML Authentication for \
                 Mimecast is selected and the profile is used by the users' Application Setting."
                ),
            ],
            source: troubleshoot!("error-code-aadsts750054-saml-request-not-present"),
            values: values::for_sign_on_url,
        },
    ),
    // Reference: "UserAccountNotFound - To sign into this application, the account must be added
    // to the directory … the user mis-typed their username, or isn't in the tenant. An application
    // might have chosen the wrong tenant".
    (
        50034,
        Advice {
            code: ExplainCode::Aadsts50034,
            title: "User account not found in the tenant",
            cause: "Entra has no account with the name the user typed in the tenant Mimecast sent \
                them to: the name was mistyped or is not the user's Entra sign-in name, the user \
                is not in this tenant, or Mimecast's Login URL holds another tenant's ID.",
            fix: &[
                "Have the user sign in with their Entra sign-in name (user principal name), shown in \
             Entra admin center > Entra ID > Users > (the user).",
                "If the user should sign in and is not in the tenant, add them (or invite them as a \
             guest).",
                concat!(
                    "In ",
                    mimecast_profile!(),
                    ", check that the Login URL holds your tenant ID."
                ),
            ],
            source: REFERENCE,
            values: values::for_tenant,
        },
    ),
    // Reference: "InvalidUserNameOrPassword - Error validating credentials due to invalid username
    // or password. The user didn't enter the right credentials."
    (
        50126,
        Advice {
            code: ExplainCode::Aadsts50126,
            title: "Wrong user name or password",
            cause: "The user's Entra user name or password was wrong. Mimecast sent the user to Entra \
                correctly: the SAML settings are not involved.",
            fix: &[
                "Have the user sign in again with their Entra (Microsoft 365) password, not a \
             Mimecast cloud password.",
                "If it keeps failing, check the attempts in Entra admin center > Entra ID > \
             Monitoring & health > Sign-in logs, and reset the password in Entra ID > Users > \
             (the user) > Reset password if needed.",
            ],
            source: REFERENCE,
            values: values::none,
        },
    ),
    // Reference: "MissingSigningKey - Sign-in failed because of a missing signing key or
    // certificate." Article (2022-10-12): create a new certificate, make it active, remove the
    // unused one.
    (
        50003,
        Advice {
            code: ExplainCode::Aadsts50003,
            title: "No signing certificate configured",
            cause: "Entra has no usable SAML signing certificate for the Mimecast application, so it \
                cannot sign the response.",
            fix: &[
                concat!(
                    "Open ",
                    entra_app!(),
                    " > Single sign-on > SAML Certificates, create a new \
                 certificate, make it active, Save, and remove the unused one."
                ),
                concat!(
                    "Then give Mimecast the new certificate: in ",
                    mimecast_profile!(),
                    ", import the \
                 Metadata URL below again (or paste the new certificate's body into Identity \
                 Provider Certificate (Metadata)), and Save."
                ),
            ],
            source: troubleshoot!("error-code-aadsts50003-cert-or-key-not-configured"),
            values: values::for_new_certificate,
        },
    ),
    // Reference: "BlockedByConditionalAccess - Access has been blocked by Conditional Access
    // policies. The access policy does not allow token issuance."
    (
        53003,
        Advice {
            code: ExplainCode::Aadsts53003,
            title: "Blocked by Conditional Access",
            cause: "A Conditional Access policy blocked this sign-in to the Mimecast application. The \
                SAML settings are not involved.",
            fix: &[
                "Open Entra admin center > Entra ID > Monitoring & health > Sign-in logs, find this \
             sign-in by its Request Id or Correlation Id, and read its Conditional Access tab to \
             see which policy blocked it.",
                "Meet that policy's requirement, or change the policy in Entra ID > Conditional \
             Access if it should not apply to Mimecast.",
            ],
            source: REFERENCE,
            values: values::none,
        },
    ),
];

/// Mimecast's page after it refused the SAML response ("we can't validate your identity … likely
/// to be caused by a SAML issue"; wording as quoted in MicrosoftDocs/azure-docs issue 87832,
/// 2022-02-10). Mimecast identifies the user by the mail attribute Entra sends (Mimecast,
/// "Authentication Profiles - Azure Standard SSO Configuration", the source); a login name Mimecast
/// does not know gives an error that "suggests a SAML issue" (Okta, "Use Okta Email Attribute as
/// Login Name in Mimecast Portal").
pub(super) const MIMECAST: Advice = Advice {
    code: ExplainCode::MimecastSaml,
    title: "Mimecast refused the sign-on",
    cause: "This page comes from Mimecast after Entra signed the user in: Mimecast could not \
            accept the SAML response. In this setup the usual causes are a user whose Entra mail \
            address is not a Mimecast user, a certificate in the Authentication Profile that is \
            not the one Entra signs with (for example after a certificate rollover), or an Issuer \
            URL that differs from Entra's Identifier, trailing slash included.",
    fix: &[
        "Check that the user exists in Mimecast (Mimecast Administration Console > Users & Groups \
         | Internal Directories) with the same address as their mail attribute in Entra, and that \
         the mail attribute is not empty.",
        concat!(
            "In ",
            mimecast_profile!(),
            ", import the App Federation Metadata Url again, or check \
             that Issuer URL is exactly https://sts.windows.net/{tenant-id}/ and that the \
             certificate is the one Entra shows as Active (compare the Thumbprint below)."
        ),
        "Wait up to 15 minutes after saving before testing again: Mimecast changes can take that \
         long to reach all its applications.",
    ],
    source: "https://mimecastsupport.zendesk.com/hc/en-us/articles/34000629116563",
    values: values::for_mimecast,
};
