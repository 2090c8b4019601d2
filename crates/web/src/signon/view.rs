//! Step 8 written from its state: the verdict, the findings (each translated by code; in English
//! the core's own text, which names the values), the response's values, its signatures and
//! attributes; the explanation of an Entra error with the plan's values it names.

use mimecast_sso_core::signon::{Covers, SamlReport, SignatureReport, SignatureVerdict, Signed};
use mimecast_sso_core::{Finding, Severity};
use web_sys::Element;

use super::State;
use crate::app::Problem;
use crate::app::dom::{Dom, attr, part_text, show, text};
use crate::i18n::{Lang, core_text, t, tf};

/// Writes the step.
pub(super) fn view(state: &State, dom: &Dom) {
    report(state, dom);
    explanation(state, dom);
}

fn report(state: &State, dom: &Dom) {
    let (Some(result), Some(slot)) = (&state.report, dom.slot("signon-result")) else {
        return;
    };
    show(&slot, true);
    let lang = state.lang;
    let (verdict, findings): (String, Vec<Finding>) = match result {
        Ok(report) => (verdict_key(report).to_owned(), report.findings.clone()),
        Err(problem) => (String::new(), vec![refusal(problem)]),
    };
    if let Some(line) = dom.slot("signon-verdict") {
        let severity = match result {
            Ok(report) if report.verified => "sev-ok",
            Ok(report) if report.signature_valid => "sev-warning",
            _ => "sev-error",
        };
        attr(
            &line,
            "class",
            Some(&format!("mss-signon-verdict {severity}")),
        );
        show(&line, !verdict.is_empty());
        text(&line, &t(lang, &verdict));
    }
    if let Some(list) = dom.slot("signon-findings") {
        dom.rows(&list, findings.iter().map(|f| finding_row(dom, lang, f)));
    }
    let report = result.as_ref().ok();
    if let Some(list) = dom.slot("signon-facts") {
        let rows = report.map(|r| facts(lang, r)).unwrap_or_default();
        dom.rows(
            &list,
            rows.iter().map(|(label, value)| row(dom, label, value)),
        );
    }
    if let Some(list) = dom.slot("signon-signatures") {
        let lines: Vec<String> = report
            .map(|r| {
                r.signatures
                    .iter()
                    .map(|s| signature_line(lang, s))
                    .collect()
            })
            .unwrap_or_default();
        dom.rows(&list, lines.iter().map(|line| item(dom, line)));
    }
    if let Some(list) = dom.slot("signon-attributes") {
        let rows: Vec<(String, String)> = report
            .and_then(|r| r.assertion.as_ref())
            .map(|a| {
                a.attributes
                    .iter()
                    .map(|at| (at.name.clone(), at.values.join("\n")))
                    .collect()
            })
            .unwrap_or_default();
        dom.rows(
            &list,
            rows.iter().map(|(label, value)| row(dom, label, value)),
        );
    }
}

/// The verdict's key.
fn verdict_key(report: &SamlReport) -> &'static str {
    if report.verified {
        "ui.signon.verified"
    } else if report.signature_valid {
        "ui.signon.signature_only"
    } else {
        "ui.signon.not_verified"
    }
}

/// A refusal shown as an error finding.
fn refusal(problem: &Problem) -> Finding {
    Finding {
        severity: Severity::Error,
        code: problem.code.clone(),
        field: None,
        message: problem.message.clone(),
    }
}

fn finding_row(dom: &Dom, lang: Lang, finding: &Finding) -> Option<Element> {
    let row = dom.stamp("signon-finding")?;
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    attr(&row, "class", Some(&format!("mss-finding sev-{severity}")));
    attr(&row, "data-code", Some(&finding.code));
    part_text(
        &row,
        "text",
        &core_text(lang, &finding.code, &finding.message),
    );
    Some(row)
}

/// The response's values an admin compares with the consoles, as (label, value).
fn facts(lang: Lang, report: &SamlReport) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut add = |label: &str, value: Option<&String>| {
        if let Some(value) = value {
            rows.push((label.to_owned(), value.clone()));
        }
    };
    let response = &report.response;
    add("Status", response.status_code.as_ref());
    add("StatusMessage", response.status_message.as_ref());
    add("Destination", response.destination.as_ref());
    add("InResponseTo", response.in_response_to.as_ref());
    add("Issuer", response.issuer.as_ref());
    if let Some(assertion) = &report.assertion {
        add("NameID", assertion.name_id.as_ref());
        add("NameID Format", assertion.name_id_format.as_ref());
        for audience in &assertion.audiences {
            add("Audience", Some(audience));
        }
        add("Recipient", assertion.recipient.as_ref());
        add("NotBefore", assertion.not_before.as_ref());
        add("NotOnOrAfter", assertion.not_on_or_after.as_ref());
        add(
            "AuthnContextClassRef",
            assertion.authn_context_class_ref.as_ref(),
        );
    }
    let signed = match report.signed {
        Signed::None => "ui.signon.signed.none",
        Signed::Response => "ui.signon.signed.response",
        Signed::Assertion => "ui.signon.signed.assertion",
        Signed::Both => "ui.signon.signed.both",
    };
    rows.push((t(lang, "ui.signon.fact.signed"), t(lang, signed)));
    if let Some(thumbprint) = &report.expected_thumbprint {
        rows.push((t(lang, "ui.signon.fact.expected"), thumbprint.clone()));
    }
    rows
}

fn signature_line(lang: Lang, signature: &SignatureReport) -> String {
    let covers = match signature.covers {
        Covers::Response => "Response",
        Covers::Assertion => "Assertion",
        Covers::Other => "?",
    };
    let verdict = match signature.verdict {
        SignatureVerdict::Valid => "ui.signon.verdict.valid",
        SignatureVerdict::Invalid => "ui.signon.verdict.invalid",
        SignatureVerdict::Unchecked => "ui.signon.verdict.unchecked",
        SignatureVerdict::Pending => "ui.signon.verdict.pending",
    };
    tf(
        lang,
        "ui.signon.signature.line",
        &[
            ("covers", covers),
            ("algorithm", &signature.signature_algorithm),
            ("digest", &signature.digest_algorithm),
            ("verdict", &t(lang, verdict)),
            (
                "thumbprint",
                signature.certificate_thumbprint.as_deref().unwrap_or("—"),
            ),
        ],
    )
}

fn explanation(state: &State, dom: &Dom) {
    let (Some(result), Some(slot)) = (&state.explanation, dom.slot("signon-explanation")) else {
        return;
    };
    show(&slot, true);
    let lang = state.lang;
    let explained = result.as_ref().ok();
    if let Some(title) = dom.slot("signon-explain-title") {
        let (line, severity) = match result {
            Err(problem) => (
                core_text(lang, &problem.code, &problem.message),
                "sev-error",
            ),
            Ok(explained) => (
                format!(
                    "{}{}",
                    explained
                        .code
                        .as_deref()
                        .map(|code| format!("{code}: "))
                        .unwrap_or_default(),
                    explained.title
                ),
                "sev-warning",
            ),
        };
        attr(
            &title,
            "class",
            Some(&format!("mss-signon-verdict {severity}")),
        );
        text(&title, &line);
    }
    for name in [
        "signon-explain-cause",
        "signon-explain-fix",
        "signon-explain-values",
    ] {
        if let Some(part) = dom.slot(name) {
            show(&part, explained.is_some());
        }
    }
    let Some(explained) = explained else {
        for name in ["signon-explain-ids", "signon-explain-source"] {
            if let Some(part) = dom.slot(name) {
                show(&part, false);
            }
        }
        return;
    };
    if let Some(cause) = dom.slot("signon-explain-cause") {
        text(
            &cause,
            &core_text(lang, &explained.explanation_code, &explained.cause),
        );
    }
    if let Some(list) = dom.slot("signon-explain-fix") {
        // The steps are the core's, in English: marked so in a page of another language.
        attr(&list, "lang", Some("en"));
        dom.rows(&list, explained.fix.iter().map(|step| item(dom, step)));
    }
    if let Some(list) = dom.slot("signon-explain-values") {
        let values = explained.plan_values.iter();
        dom.rows(&list, values.map(|v| row(dom, &v.label, &v.value)));
    }
    if let Some(ids) = dom.slot("signon-explain-ids") {
        show(
            &ids,
            explained.request_id.is_some() || explained.correlation_id.is_some(),
        );
        let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_owned());
        text(
            &ids,
            &tf(
                lang,
                "ui.signon.error.ids",
                &[
                    ("request", &or_dash(&explained.request_id)),
                    ("correlation", &or_dash(&explained.correlation_id)),
                    ("timestamp", &or_dash(&explained.timestamp)),
                ],
            ),
        );
    }
    if let Some(link) = dom.slot("signon-explain-source") {
        show(&link, !explained.source.is_empty());
        attr(&link, "href", Some(&explained.source));
        text(&link, &t(lang, "ui.signon.error.source"));
    }
}

fn row(dom: &Dom, label: &str, value: &str) -> Option<Element> {
    let row = dom.stamp("signon-row")?;
    part_text(&row, "label", label);
    part_text(&row, "value", value);
    Some(row)
}

fn item(dom: &Dom, line: &str) -> Option<Element> {
    let row = dom.stamp("signon-item")?;
    part_text(&row, "text", line);
    Some(row)
}
