//! The certificate's report: the refusal notice, subject, validity with days left, thumbprint as
//! Entra shows it, key, signature algorithm, and its findings with their severity.

use mimecast_sso_core::certificate::CertCode;

use super::{fact, finding_text, row, severity_class};
use crate::dom::{DomResult, attrs, clear};
use crate::i18n::{t, tf};
use crate::page::Page;

/// Renders the certificate section's outputs.
pub(super) fn render(page: &Page) -> DomResult {
    let Some(refs) = &page.refs else {
        return Ok(());
    };
    let lang = page.lang;
    clear(&refs.cert_notice);
    if let Some(code) = &page.notice {
        let title = page.b.child_text(
            &refs.cert_notice,
            "p",
            "mss-notice-title",
            &t(lang, "ui.cert.refused"),
        )?;
        attrs(&title, &[("data-code", code)])?;
        page.b
            .child_text(&refs.cert_notice, "p", "", &t(lang, code))?;
    }
    refs.cert_notice.set_class_name(if page.notice.is_some() {
        "mss-notice is-shown"
    } else {
        "mss-notice"
    });
    clear(&refs.cert_details);
    clear(&refs.cert_findings);
    for finding in page
        .plan
        .findings
        .iter()
        .filter(|f| f.field.as_deref() == Some("certificate"))
    {
        if finding.is(CertCode::Empty) {
            continue;
        }
        let item = page.b.child(
            &refs.cert_findings,
            "li",
            &format!("mss-finding sev-{}", severity_class(finding.severity)),
        )?;
        attrs(&item, &[("data-code", &finding.code)])?;
        let severity = t(
            lang,
            &format!("ui.severity.{}", severity_class(finding.severity)),
        );
        page.b.child_text(&item, "strong", "", &severity)?;
        page.b
            .child_text(&item, "span", "", &finding_text(lang, finding))?;
    }
    let Some(report) = &page.plan.certificate else {
        return Ok(());
    };
    let list = &refs.cert_details;
    let date = |rfc3339: &str| rfc3339.get(..10).unwrap_or(rfc3339).to_owned();
    row(
        page,
        list,
        "cert.subject",
        &t(lang, "ui.cert.subject"),
        Some(&report.subject),
        "",
    )?;
    fact(
        page,
        list,
        "cert.notBefore",
        &t(lang, "ui.cert.not_before"),
        &date(&report.not_before),
    )?;
    let days = report.days_remaining.to_string();
    let until = fact(
        page,
        list,
        "cert.notAfter",
        &t(lang, "ui.cert.not_after"),
        &date(&report.not_after),
    )?;
    let left_key = if report.days_remaining < 0 {
        "ui.cert.days_ago"
    } else {
        "ui.cert.days_left"
    };
    let ago = report.days_remaining.saturating_abs().to_string();
    let left_text = tf(
        lang,
        left_key,
        &[(
            "days",
            if report.days_remaining < 0 {
                &ago
            } else {
                &days
            },
        )],
    );
    let urgency = match report.days_remaining {
        d if d < 30 => "error",
        d if d < 60 => "warning",
        _ => "ok",
    };
    if let Ok(Some(dd)) = until.query_selector("dd") {
        let badge =
            page.b
                .child_text(&dd, "span", &format!("mss-days sev-{urgency}"), &left_text)?;
        attrs(&badge, &[("data-value", "cert.daysRemaining")])?;
    }
    row(
        page,
        list,
        "cert.thumbprint",
        &t(lang, "ui.cert.thumbprint"),
        Some(&report.thumbprint_sha1),
        "",
    )?;
    let key = match &report.key.curve {
        Some(curve) => format!("{} {curve}", report.key.algorithm),
        None => tf(
            lang,
            "ui.cert.key_bits",
            &[
                ("algorithm", &report.key.algorithm),
                ("bits", &report.key.bits.to_string()),
            ],
        ),
    };
    fact(page, list, "cert.key", &t(lang, "ui.cert.key"), &key)?;
    fact(
        page,
        list,
        "cert.signature",
        &t(lang, "ui.cert.signature"),
        &report.signature_algorithm,
    )?;
    Ok(())
}
