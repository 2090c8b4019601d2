//! The Mimecast Authentication Profile sheet: every field in the console's order, with the
//! console's own (English) field names, values with copy buttons and the check-boxes to set.

use super::{check_row, row};
use crate::dom::{DomResult, clear};
use crate::i18n::t;
use crate::page::Page;

/// Renders the profile sheet.
pub(super) fn render(page: &Page) -> DomResult {
    let Some(refs) = &page.refs else {
        return Ok(());
    };
    let lang = page.lang;
    let p = &page.plan.authentication_profile;
    let list = &refs.profile;
    clear(list);
    let waiting_tenant = t(lang, "ui.wait.tenant");
    let waiting_cert = t(lang, "ui.wait.certificate");
    let fixed = t(lang, "ui.wait.description");
    let labelled = |key: &str, label: &str, value: Option<&str>, waiting: &str| -> DomResult {
        let item = row(page, list, key, label, value, waiting)?;
        if let Ok(Some(dt)) = item.query_selector("dt") {
            dt.set_attribute("lang", "en")?;
        }
        Ok(())
    };
    labelled(
        "profile.description",
        "Description",
        p.description.as_deref(),
        &fixed,
    )?;
    check_row(
        page,
        list,
        "profile.enforceSamlAuthentication",
        "Enforce SAML Authentication",
        p.enforce_saml_authentication,
    )?;
    labelled("profile.provider", "Provider", Some(&p.provider), "")?;
    labelled(
        "profile.issuerUrl",
        "Issuer URL",
        p.issuer_url.as_deref(),
        &waiting_tenant,
    )?;
    labelled(
        "profile.loginUrl",
        "Login URL",
        p.login_url.as_deref(),
        &waiting_tenant,
    )?;
    labelled(
        "profile.logoutUrl",
        "Logout URL",
        p.logout_url.as_deref(),
        &waiting_tenant,
    )?;
    labelled(
        "profile.identityProviderCertificate",
        "Identity Provider Certificate (Metadata)",
        p.identity_provider_certificate.as_deref(),
        &waiting_cert,
    )?;
    check_row(
        page,
        list,
        "profile.allowSingleSignOn",
        "Allow Single Sign On",
        p.allow_single_sign_on,
    )?;
    check_row(
        page,
        list,
        "profile.usePasswordProtectedContext",
        "Use Password protected Context",
        p.use_password_protected_context,
    )?;
    check_row(
        page,
        list,
        "profile.useIntegratedAuthenticationContext",
        "Use Integrated Authentication Context",
        p.use_integrated_authentication_context,
    )?;
    Ok(())
}
