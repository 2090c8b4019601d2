//! The certificate's outputs: why an input was refused, its facts (subject, validity with the days
//! left coloured by the core's severity, thumbprint as Entra shows it, key, signature algorithm)
//! and its findings.

use mimecast_sso_core::certificate::CertCode;

use super::severity;
use crate::app::dom::{self, Dom, attr, class, part_text, show, text};
use crate::i18n::{core_text, t, tf};
use crate::page::state::{Problem, State};

/// Shows the certificate step's outputs.
pub(super) fn view(state: &State, dom: &Dom) {
    notice(state, dom);
    if let Some(list) = dom.slot("cert-findings") {
        let rows = state
            .plan
            .findings
            .iter()
            .filter(|f| f.field.as_deref() == Some("certificate") && !f.is(CertCode::Empty))
            .map(|f| {
                let row = dom.stamp("cert-finding")?;
                let level = severity(f.severity);
                dom::severity(&row, "mss-finding", level);
                attr(&row, "data-code", Some(&f.code));
                part_text(
                    &row,
                    "severity",
                    &t(state.lang, &format!("ui.severity.{level}")),
                );
                part_text(&row, "text", &core_text(state.lang, &f.code, &f.message));
                Some(row)
            });
        dom.rows(&list, rows);
    }
    let report = state.plan.certificate.as_ref();
    if let Some(details) = dom.slot("cert-details") {
        show(&details, report.is_some());
    }
    let Some(report) = report else {
        return;
    };
    let date = |rfc3339: &str| rfc3339.get(..10).unwrap_or(rfc3339).to_owned();
    let fact = |key: &str, value: &str| {
        if let Some(slot) = dom.find(&format!("[data-value=\"{key}\"]")) {
            text(&slot, value);
        }
    };
    fact("cert.notBefore", &date(&report.not_before));
    fact("cert.notAfter", &date(&report.not_after));
    let key = match &report.key.curve {
        Some(curve) => format!("{} {curve}", report.key.algorithm),
        None => tf(
            state.lang,
            "ui.cert.key_bits",
            &[
                ("algorithm", &report.key.algorithm),
                ("bits", &report.key.bits.to_string()),
            ],
        ),
    };
    fact("cert.key", &key);
    fact("cert.signature", &report.signature_algorithm);
    if let Some(badge) = dom.find("[data-value=\"cert.daysRemaining\"]") {
        let days = report.days_remaining;
        let line = if days < 0 {
            tf(
                state.lang,
                "ui.cert.days_ago",
                &[("days", &days.saturating_abs().to_string())],
            )
        } else {
            tf(
                state.lang,
                "ui.cert.days_left",
                &[("days", &days.to_string())],
            )
        };
        text(&badge, &line);
        // The core's severity of the expiry band, the same the API reports.
        let level = report.expiry.severity.map_or("ok", severity);
        dom::severity(&badge, "mss-days", level);
    }
}

/// Why the last input was refused (a private key above all: nothing of it is kept or shown).
fn notice(state: &State, dom: &Dom) {
    let Some(slot) = dom.slot("cert-notice") else {
        return;
    };
    class(&slot, "is-shown", state.notice.is_some());
    let Some(Problem { code, message }) = &state.notice else {
        return;
    };
    if let Some(title) = dom.slot("cert-notice-title") {
        attr(&title, "data-code", Some(code));
    }
    if let Some(line) = dom.slot("cert-notice-text") {
        let said = if code.starts_with("ui.") {
            t(state.lang, code)
        } else {
            core_text(state.lang, code, message)
        };
        text(&line, &said);
    }
}
