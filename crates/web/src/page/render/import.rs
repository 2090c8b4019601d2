//! The import block's outputs: whether importing by URL needs a server this copy lacks, the import
//! status, the metadata's findings, and its signing certificates with the one to paste now or,
//! during a rollover (several valid: the metadata does not say which is Active), a button on each
//! to say which one Entra shows as Active, and the newest marked as the one to switch to.

use super::notes;
use crate::dom::{DomResult, attrs, clear};
use crate::i18n::{core_text, t, tf};
use crate::page::import::{ImportStatus, wire_use_certificate};
use crate::page::{Page, Server};

/// Renders the import block from the page's state.
pub(super) fn render(page: &Page) -> DomResult {
    let Some(refs) = &page.refs else {
        return Ok(());
    };
    let (b, lang) = (&page.b, page.lang);
    let parts = &refs.import;
    let needs_worker = t(lang, "ui.import.needs_worker");
    parts
        .worker
        .set_text_content((page.server == Server::Unavailable).then_some(needs_worker.as_str()));

    clear(&parts.status);
    match &page.import {
        ImportStatus::Idle => {}
        ImportStatus::Loading => {
            let line = b.child_text(
                &parts.status,
                "p",
                "mss-import-loading",
                &t(lang, "ui.import.loading"),
            )?;
            attrs(&line, &[("data-state", "loading")])?;
        }
        ImportStatus::Done => {
            if let Some(imported) = &page.metadata {
                let line = b.child_text(
                    &parts.status,
                    "p",
                    "mss-finding sev-ok",
                    &tf(
                        lang,
                        "ui.import.done",
                        &[
                            ("tenant", imported.tenant_id.as_str()),
                            ("n", &imported.certificates.len().to_string()),
                        ],
                    ),
                )?;
                attrs(&line, &[("data-state", "done")])?;
            }
        }
        ImportStatus::Failed { code, message } => {
            let text = if code.starts_with("ui.") {
                t(lang, code)
            } else {
                core_text(lang, code, message)
            };
            let line = b.child_text(&parts.status, "p", "mss-finding sev-error", &text)?;
            attrs(&line, &[("data-state", "failed"), ("data-code", code)])?;
        }
    }

    notes(page, &parts.note, "federationMetadata")?;

    clear(&parts.result);
    let Some(imported) = &page.metadata else {
        return Ok(());
    };
    let date = |rfc3339: &str| rfc3339.get(..10).unwrap_or(rfc3339).to_owned();
    if imported.choice_needed
        && let Some(newest) = imported
            .newest_index
            .and_then(|index| imported.certificates.get(index))
    {
        let advice = b.child_text(
            &parts.result,
            "p",
            "mss-finding sev-warning",
            &tf(
                lang,
                "ui.import.rollover",
                &[
                    ("n", &imported.valid_indices.len().to_string()),
                    ("thumbprint", &newest.thumbprint_sha1),
                    ("date", &date(&newest.not_after)),
                ],
            ),
        )?;
        attrs(&advice, &[("data-advice", "rollover")])?;
    }
    let heading = b.child_text(
        &parts.result,
        "p",
        "mss-label",
        &t(lang, "ui.import.certificates"),
    )?;
    let list_id = format!("{}import-certs", page.prefix);
    attrs(&heading, &[("id", &list_id)])?;
    let list = b.child(&parts.result, "ul", "mss-certs")?;
    attrs(&list, &[("aria-labelledby", &list_id)])?;
    for (index, cert) in imported.certificates.iter().enumerate() {
        // The one the plan uses: filled in from the metadata, chosen by the admin, or typed.
        let in_use = page
            .plan
            .certificate
            .as_ref()
            .is_some_and(|report| report.fingerprint_sha256 == cert.fingerprint_sha256);
        let choosable = imported.choice_needed && imported.valid_indices.contains(&index);
        let (state, badge) = if in_use {
            ("chosen", "ui.import.cert.chosen")
        } else if choosable && imported.newest_index == Some(index) {
            ("newest", "ui.import.cert.newest")
        } else if cert.days_remaining < 0 {
            ("expired", "ui.import.cert.expired")
        } else if imported.expiring_indices.contains(&index) {
            ("expiring", "ui.import.cert.expiring")
        } else if choosable {
            ("valid", "ui.import.cert.valid")
        } else {
            ("other", "ui.import.cert.other")
        };
        let item = b.child(&list, "li", &format!("mss-cert-item is-{state}"))?;
        attrs(
            &item,
            &[
                ("data-thumbprint", &cert.thumbprint_sha1),
                ("data-state", state),
            ],
        )?;
        b.child_text(
            &item,
            "span",
            &format!("mss-cert-badge is-{state}"),
            &t(lang, badge),
        )?;
        let thumbprint = b.child_text(&item, "code", "mss-thumbprint", &cert.thumbprint_sha1)?;
        let thumbprint_id = format!("{}import-cert-{index}", page.prefix);
        attrs(&thumbprint, &[("id", &thumbprint_id)])?;
        b.child_text(
            &item,
            "span",
            "mss-cert-until",
            &tf(
                lang,
                "ui.import.cert.until",
                &[
                    ("date", &date(&cert.not_after)),
                    ("days", &cert.days_remaining.to_string()),
                ],
            ),
        )?;
        if choosable && !in_use {
            let button = b.child_text(
                &item,
                "button",
                "mss-button mss-secondary mss-small mss-cert-use",
                &t(lang, "ui.import.cert.use"),
            )?;
            attrs(
                &button,
                &[
                    ("type", "button"),
                    ("data-action", "use-certificate"),
                    ("aria-describedby", &thumbprint_id),
                ],
            )?;
            wire_use_certificate(page, &button, index);
        }
    }
    Ok(())
}
