//! The import block's outputs: whether importing by URL needs a server this copy lacks, where the
//! import stands, and the metadata's signing certificates with the one to paste now or, during a
//! rollover (several valid: the metadata does not say which is Active), a button on each to say
//! which one Entra shows as Active, and the newest marked as the one to switch to.

use mimecast_sso_core::certificate::ExpiryBand;

use crate::app::dom::{Dom, attr, part, part_text, show, text};
use crate::i18n::{core_text, t, tf};
use crate::page::state::{Import, Server, State};

/// Shows the import block.
pub(super) fn view(state: &State, dom: &Dom) {
    let lang = state.lang;
    if let Some(slot) = dom.slot("import-worker") {
        let needs = state.server == Server::Unavailable;
        text(
            &slot,
            &if needs {
                t(lang, "ui.import.needs_worker")
            } else {
                String::new()
            },
        );
    }
    if let Some(slot) = dom.slot("import-status") {
        let line = match &state.import {
            Import::Idle => None,
            Import::Loading => Some((
                "loading",
                "mss-import-loading".to_owned(),
                t(lang, "ui.import.loading"),
                None,
            )),
            Import::Done => state.metadata.as_ref().map(|imported| {
                let n = imported.certificates.len().to_string();
                let said = tf(
                    lang,
                    "ui.import.done",
                    &[("tenant", imported.tenant_id.as_str()), ("n", &n)],
                );
                ("done", "mss-finding sev-ok".to_owned(), said, None)
            }),
            Import::Failed(problem) => {
                let said = if problem.code.starts_with("ui.") {
                    t(lang, &problem.code)
                } else {
                    core_text(lang, &problem.code, &problem.message)
                };
                Some((
                    "failed",
                    "mss-finding sev-error".to_owned(),
                    said,
                    Some(problem.code.as_str()),
                ))
            }
        };
        let row = line.and_then(|(state_name, class, said, code)| {
            let row = dom.stamp("import-line")?;
            row.set_class_name(&class);
            attr(&row, "data-state", Some(state_name));
            attr(&row, "data-code", code);
            part_text(&row, "text", &said);
            Some(row)
        });
        dom.rows(&slot, [row]);
    }
    certificates(state, dom);
}

/// The metadata's certificates, each with what it is for the admin.
fn certificates(state: &State, dom: &Dom) {
    let lang = state.lang;
    if let Some(result) = dom.slot("import-result") {
        show(&result, state.metadata.is_some());
    }
    let Some(imported) = &state.metadata else {
        return;
    };
    let date = |rfc3339: &str| rfc3339.get(..10).unwrap_or(rfc3339).to_owned();
    if let Some(slot) = dom.slot("import-rollover") {
        let newest = imported
            .newest_index
            .and_then(|index| imported.certificates.get(index))
            .filter(|_| imported.choice_needed);
        let advice = newest.and_then(|newest| {
            let row = dom.stamp("rollover")?;
            let n = imported.valid_indices.len().to_string();
            let said = tf(
                lang,
                "ui.import.rollover",
                &[
                    ("n", &n),
                    ("thumbprint", &newest.thumbprint_sha1),
                    ("date", &date(&newest.not_after)),
                ],
            );
            text(&row, &said);
            Some(row)
        });
        dom.rows(&slot, [advice]);
    }
    let Some(list) = dom.slot("import-certs") else {
        return;
    };
    let rows = imported
        .certificates
        .iter()
        .enumerate()
        .map(|(index, cert)| {
            // The one the plan uses: filled in from the metadata, chosen by the admin, or typed.
            let in_use = state
                .plan
                .certificate
                .as_ref()
                .is_some_and(|report| report.fingerprint_sha256 == cert.fingerprint_sha256);
            let choosable = imported.choice_needed && imported.valid_indices.contains(&index);
            let (name, badge) = if in_use {
                ("chosen", "ui.import.cert.chosen")
            } else if choosable && imported.newest_index == Some(index) {
                ("newest", "ui.import.cert.newest")
            } else if cert.expiry.band == ExpiryBand::Expired {
                ("expired", "ui.import.cert.expired")
            } else if imported.expiring_indices.contains(&index) {
                ("expiring", "ui.import.cert.expiring")
            } else if choosable {
                ("valid", "ui.import.cert.valid")
            } else {
                ("other", "ui.import.cert.other")
            };
            let row = dom.stamp("import-cert")?;
            row.set_class_name(&format!("mss-cert-item is-{name}"));
            attr(&row, "data-thumbprint", Some(&cert.thumbprint_sha1));
            attr(&row, "data-state", Some(name));
            if let Some(element) = part(&row, "badge") {
                element.set_class_name(&format!("mss-cert-badge is-{name}"));
                element.set_text_content(Some(&t(lang, badge)));
            }
            let thumbprint_id = format!("{}import-cert-{index}", dom.prefix);
            if let Some(element) = part(&row, "thumbprint") {
                element.set_text_content(Some(&cert.thumbprint_sha1));
                attr(&element, "id", Some(&thumbprint_id));
            }
            let until = tf(
                lang,
                "ui.import.cert.until",
                &[
                    ("date", &date(&cert.not_after)),
                    ("days", &cert.days_remaining.to_string()),
                ],
            );
            part_text(&row, "until", &until);
            if let Some(button) = part(&row, "use") {
                if !choosable || in_use {
                    button.remove();
                }
                button.set_text_content(Some(&t(lang, "ui.import.cert.use")));
                attr(&button, "aria-describedby", Some(&thumbprint_id));
                attr(&button, "data-index", Some(&index.to_string()));
            }
            Some(row)
        });
    dom.rows(&list, rows);
}
