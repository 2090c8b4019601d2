//! The SSO plan: every value to copy between Entra and Mimecast, every finding, and the manual steps
//! left, from one JSON input.
//!
//! [`build_plan`] takes a [`PlanInput`] (all strings, all optional) and the caller's `now`, and
//! returns a [`Plan`]. It never fails and never panics: a missing or invalid field becomes a
//! [`Finding`] naming the field (`region`, `accountCode`, `tenantId`, `appId`, `certificate`,
//! `legacySignOnUrl`, `description`), and each value that depends on it is `null`. The JSON shape
//! is versioned by [`PLAN_VERSION`] and documented, with a full example, in the crate README.
//!
//! The Mimecast Authentication Profile follows Microsoft's tutorial of 2025-03-25 ("Configure
//! Mimecast for Single sign-on with Microsoft Entra ID"): Description, Enforce SAML Authentication
//! for Mimecast, Provider "Microsoft Entra ID", the App Federation Metadata Url pasted into
//! Metadata URL and Import; the Issuer, Login URL, Logout URL and Identity Provider Certificate
//! (Metadata) of the 2018 tutorial stay as the fields to type where Import is not available. Both
//! tutorials ask for "Use Password protected Context" and "Use Integrated Authentication Context"
//! cleared. With either selected, Mimecast's request names an authentication method
//! (`RequestedAuthnContext`), and Entra refuses with AADSTS75011 when the user signed in with
//! another one (Microsoft, "Error - AADSTS75011 Authentication method by which the user
//! authenticated with the service doesn't match requested authentication method", 2022-08-26).
//! How users start a sign-on, and what that changes in Entra, is [`SignOnMode`].

mod checklist;
mod imported;
mod input;
mod mode;
mod settings;
mod sources;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Coded;
use crate::certificate::{self, CertificateReport};
use crate::entra::{AppId, TenantId};
use crate::finding::{Finding, Severity};
use crate::metadata::{self, FederationMetadata, Scope};
use crate::region::{AccountCode, LegacySignOnUrl, Region};
use crate::time::UnixTime;

pub use checklist::{ChecklistStep, Console, StepStatus};
pub use input::{PlanError, PlanInput};
pub use mode::{SignOnMode, UnknownSignOnMode};
pub use settings::{
    AuthenticationProfile, ENFORCE_SAML, ENFORCE_SAML_END_USER_APPLICATIONS, EntraSettings,
    PROVIDER, PROVIDER_OLDER,
};
pub use sources::Source;

crate::codes! {
    /// Stable codes of this module: every error and finding code it emits itself (the plan also
    /// carries the codes of the region, entra, certificate and metadata modules).
    pub enum PlanCode {
        /// The input is not an object of optional strings.
        InvalidJson = "plan.invalid_json",
        /// The Authentication Profile description cannot be used.
        InvalidDescription = "description.invalid",
        /// The sign-on mode is not `sp`, `idpAdminConsole` or `idpPersonalPortal`.
        SignOnModeUnknown = "sign_on_mode.unknown",
        /// IdP-initiated sign-on to the Administration Console: what it needs and its limit.
        IdpAdminConsole = "sign_on_mode.idp_admin_console",
        /// IdP-initiated sign-on to the Personal Portal: what it needs and its limit.
        IdpPersonalPortal = "sign_on_mode.idp_personal_portal",
    }
}

/// The version of the [`Plan`] JSON shape. It changes when a field is removed, renamed or changes
/// meaning; adding a field does not change it.
pub const PLAN_VERSION: u32 = 1;

/// The Authentication Profile description used when none is given.
pub const DEFAULT_DESCRIPTION: &str = "Microsoft Entra ID single sign-on";

/// The longest description accepted, in characters.
const MAX_DESCRIPTION_CHARS: usize = 200;

/// Everything the admin needs, computed from a [`PlanInput`] by [`build_plan`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    /// The JSON shape's version: [`PLAN_VERSION`].
    pub plan_version: u32,
    /// No finding has error severity: every value is computed and usable.
    pub ready: bool,
    /// The region, parsed; `null` when missing or unknown.
    pub region: Option<Region>,
    /// The region's English name; `null` with `region`.
    pub region_name: Option<String>,
    /// The region the account code's prefix points to, if any.
    pub suggested_region: Option<Region>,
    /// The account code, in capitals; `null` when missing or invalid.
    pub account_code: Option<AccountCode>,
    /// The tenant ID, lowercase hyphenated; `null` when missing or invalid.
    pub tenant_id: Option<TenantId>,
    /// The application ID, lowercase hyphenated; `null` when missing or invalid.
    pub app_id: Option<AppId>,
    /// Values for Entra's Basic SAML Configuration.
    pub entra: EntraSettings,
    /// Values for the Mimecast Authentication Profile.
    pub authentication_profile: AuthenticationProfile,
    /// The certificate report; `null` without a usable certificate.
    pub certificate: Option<CertificateReport>,
    /// Every finding, in field order, each naming its field.
    pub findings: Vec<Finding>,
    /// The manual steps left, in the order of the tutorial.
    pub checklist: Vec<ChecklistStep>,
    /// The federation metadata the plan was built from, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federation_metadata: Option<FederationMetadata>,
}

/// Field names, as in the input JSON; findings carry them.
pub mod field {
    /// The `region` field.
    pub const REGION: &str = "region";
    /// The `accountCode` field.
    pub const ACCOUNT_CODE: &str = "accountCode";
    /// The `tenantId` field.
    pub const TENANT_ID: &str = "tenantId";
    /// The `appId` field.
    pub const APP_ID: &str = "appId";
    /// The `certificate` field.
    pub const CERTIFICATE: &str = "certificate";
    /// The `description` field.
    pub const DESCRIPTION: &str = "description";
    /// The `legacySignOnUrl` field.
    pub const LEGACY_SIGN_ON_URL: &str = "legacySignOnUrl";
    /// The `federationMetadata` field.
    pub const FEDERATION_METADATA: &str = "federationMetadata";
    /// The `signOnMode` field.
    pub const SIGN_ON_MODE: &str = "signOnMode";
}

/// Collects findings, each about a field.
struct Findings(Vec<Finding>);

impl Findings {
    fn error<E: Coded + fmt::Display>(&mut self, field: &str, error: &E) {
        self.0.push(Finding::from_error(error).with_field(field));
    }

    fn push(&mut self, field: &str, finding: Finding) {
        self.0.push(finding.with_field(field));
    }

    /// `Some(value)` when parsing worked; otherwise records the error and gives `None`.
    fn parse<T, E: Coded + fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        result.map_err(|error| self.error(field, &error)).ok()
    }
}

/// Builds the plan for `input`, judging the certificate at `now`. Never fails, never panics.
///
/// When `input.federationMetadata` holds XML, it is read as [`metadata::parse`] reads it (scope
/// unknown: a document given as text says nothing of its URL) and the plan is built from it as
/// [`build_plan_with_metadata`] does; a document that cannot be read is an error finding on
/// `federationMetadata`, and the plan falls back to `tenantId` and `certificate`.
pub fn build_plan(input: &PlanInput, now: UnixTime) -> Plan {
    let verifier = certificate::default_verifier();
    let xml = input.federation_metadata.as_deref().unwrap_or("");
    if xml.trim().is_empty() {
        return build(input, None, now, verifier);
    }
    match metadata::parse(xml.as_bytes(), now, Scope::Unknown) {
        Ok(imported) => build(input, Some(imported), now, verifier),
        Err(error) => {
            let mut plan = build(input, None, now, verifier);
            let finding = Finding::from_error(&error).with_field(field::FEDERATION_METADATA);
            plan.findings.insert(0, finding);
            plan.ready = false;
            plan.checklist = checklist::steps(&checklist::Facts {
                region: plan.region,
                mode: plan.entra.sign_on_mode,
                app_id_known: plan.app_id.is_some(),
                certificate_read: plan.certificate.is_some(),
                findings: &plan.findings,
            });
            plan
        }
    }
}

/// Builds the plan for `input` with federation metadata already read (by [`metadata::parse`], in
/// the browser or by the Worker's metadata route): the Issuer URL is its `entityID`, the Login
/// and Logout URLs its services, the tenant its tenant, and the certificate the one it advises
/// (unless `input.certificate` names one: then that one, with a warning when the metadata does
/// not list it). With several certificates valid now the metadata advises none: the plan has an
/// error on `certificate` until the admin gives the one Entra shows as Active. The metadata's findings join the plan's. `input.federationMetadata` is ignored.
pub fn build_plan_with_metadata(
    input: &PlanInput,
    imported: &FederationMetadata,
    now: UnixTime,
) -> Plan {
    build(
        input,
        Some(imported.clone()),
        now,
        certificate::default_verifier(),
    )
}

/// Builds the plan for `input`, from `imported` metadata when there is some (as
/// [`build_plan_with_metadata`]), with the certificate's self-signature checked by `verifier`:
/// the page's, which verifies with the browser's WebCrypto. `input.federationMetadata` is
/// ignored: the caller reads metadata itself ([`metadata::parse_with`]).
pub fn build_plan_checked(
    input: &PlanInput,
    imported: Option<&FederationMetadata>,
    now: UnixTime,
    verifier: &dyn certificate::Verifier,
) -> Plan {
    build(input, imported.cloned(), now, verifier)
}

fn build(
    input: &PlanInput,
    imported: Option<FederationMetadata>,
    now: UnixTime,
    verifier: &dyn certificate::Verifier,
) -> Plan {
    let text = |value: &Option<String>| value.as_deref().unwrap_or("").to_owned();
    let mut findings = Findings(Vec::new());

    let region: Option<Region> = findings.parse(field::REGION, text(&input.region).parse());
    let account: Option<AccountCode> =
        findings.parse(field::ACCOUNT_CODE, text(&input.account_code).parse());
    if let (Some(region), Some(account)) = (region, &account)
        && let Some(mismatch) = region.check_account_code(account)
    {
        findings.push(field::REGION, mismatch);
    }
    let tenant: Option<TenantId> = match &imported {
        Some(imported) => {
            imported::check_tenant(&mut findings, input.tenant_id.as_deref(), imported);
            Some(imported.tenant_id.clone())
        }
        None => findings.parse(field::TENANT_ID, text(&input.tenant_id).parse()),
    };
    let app: Option<AppId> = match input.app_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(app) => findings.parse(field::APP_ID, app.parse()),
    };
    if let Some(imported) = &imported {
        imported::add_findings(&mut findings, imported);
    }

    let given_certificate = text(&input.certificate);
    let report = match &imported {
        Some(imported) if given_certificate.trim().is_empty() => {
            imported::advised(&mut findings, imported)
        }
        _ => findings.parse(
            field::CERTIFICATE,
            certificate::inspect_with(given_certificate.as_bytes(), now, verifier),
        ),
    };
    if let (Some(imported), Some(report)) = (&imported, &report) {
        imported::check_listed(&mut findings, imported, report);
    }
    if let Some(report) = &report {
        for finding in &report.findings {
            findings.push(field::CERTIFICATE, finding.clone());
        }
    }

    let legacy: Option<LegacySignOnUrl> = match input.legacy_sign_on_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => findings.parse(field::LEGACY_SIGN_ON_URL, url.parse()),
    };
    if let Some(legacy) = &legacy {
        findings.push(field::LEGACY_SIGN_ON_URL, legacy.finding(region));
    }

    let description = findings.parse(
        field::DESCRIPTION,
        description(input.description.as_deref()),
    );

    let mode = findings
        .parse(
            field::SIGN_ON_MODE,
            text(&input.sign_on_mode).parse::<SignOnMode>(),
        )
        .unwrap_or_default();
    if let Some(finding) = mode.finding() {
        findings.push(field::SIGN_ON_MODE, finding);
    }

    let findings = findings.0;
    let ready = !findings.iter().any(|f| f.severity == Severity::Error);
    let federation_metadata_url = tenant
        .as_ref()
        .zip(app.as_ref())
        .map(|(t, a)| t.federation_metadata_url(a));
    let entra = EntraSettings {
        sign_on_mode: mode,
        sign_on_url: region
            .filter(|_| mode.uses_sign_on_url())
            .map(Region::sign_on_url),
        identifier: region.zip(account.as_ref()).map(|(r, a)| r.identifier(a)),
        reply_url: region.map(Region::reply_url),
        legacy_sign_on_url: legacy.map(|url| url.as_str().to_owned()),
        federation_metadata_url: federation_metadata_url.clone(),
    };
    let authentication_profile = AuthenticationProfile {
        description,
        enforce_saml_checkbox: ENFORCE_SAML.to_owned(),
        enforce_saml_checkbox_older: match mode {
            SignOnMode::IdpAdminConsole => "Enforce SAML Authentication for Administration Console",
            _ => "Enforce SAML Authentication for Mimecast Personal Portal",
        }
        .to_owned(),
        enforce_saml_authentication: true,
        enforce_saml_for_end_user_applications: false,
        provider: PROVIDER.to_owned(),
        provider_older: PROVIDER_OLDER.to_owned(),
        metadata_url: federation_metadata_url,
        issuer_url: imported
            .as_ref()
            .map(|m| m.entity_id.clone())
            .or_else(|| tenant.as_ref().map(TenantId::issuer)),
        login_url: imported
            .as_ref()
            .map(|m| m.login_url.clone())
            .or_else(|| tenant.as_ref().map(TenantId::login_url)),
        logout_url: imported
            .as_ref()
            .map(|m| m.logout_url.clone())
            .or_else(|| tenant.as_ref().map(TenantId::logout_url)),
        identity_provider_certificate: report.as_ref().map(|r| r.mimecast_body.clone()),
        allow_single_sign_on: true,
        use_password_protected_context: false,
        use_integrated_authentication_context: false,
    };
    let checklist = checklist::steps(&checklist::Facts {
        region,
        mode,
        app_id_known: app.is_some(),
        certificate_read: report.is_some(),
        findings: &findings,
    });
    Plan {
        plan_version: PLAN_VERSION,
        ready,
        region,
        region_name: region.map(|r| r.name().to_owned()),
        suggested_region: account.as_ref().and_then(AccountCode::suggested_region),
        account_code: account,
        tenant_id: tenant,
        app_id: app,
        entra,
        authentication_profile,
        certificate: report,
        findings,
        checklist,
        federation_metadata: imported,
    }
}

/// The profile description: trimmed, [`DEFAULT_DESCRIPTION`] when missing or blank.
fn description(given: Option<&str>) -> Result<String, PlanError> {
    let trimmed = given.map(str::trim).unwrap_or("");
    if trimmed.is_empty() {
        return Ok(DEFAULT_DESCRIPTION.to_owned());
    }
    if let Some((index, character)) = trimmed.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(PlanError::InvalidDescription {
            reason: format!(
                "character {} is the control character {character:?}; the description is one line of text",
                index + 1
            ),
        });
    }
    let length = trimmed.chars().count();
    if length > MAX_DESCRIPTION_CHARS {
        return Err(PlanError::InvalidDescription {
            reason: format!(
                "it has {length} characters; keep it to at most {MAX_DESCRIPTION_CHARS}"
            ),
        });
    }
    Ok(trimmed.to_owned())
}
