//! "Import from Entra", as state changes: the App Federation Metadata Url (tenant and application
//! read by the core, the document fetched through the Worker's `GET /api/v1/entra/metadata`), or
//! the Federation Metadata XML file, read in the browser by the core. Either fills the tenant ID
//! and the certificate, and the plan is then built from the metadata.

use mimecast_sso_core::entra::AppId;
use mimecast_sso_core::metadata::{self, FederationMetadata, Scope};
use mimecast_sso_core::{Coded, Finding, Severity, UnixTime, certificate};

use super::Msg;
use crate::app::json::Json;
use crate::app::{Effect, JsonReply, Request};
use crate::page::state::{Import, Known, Problem, Server, State, Word};

/// "Import": checks the URL with the core, then asks the Worker for the document.
pub(super) fn start(state: &mut State) -> Vec<Effect<Msg>> {
    let (tenant, app) = match metadata::parse_url(&state.inputs.metadata_url) {
        Ok(parsed) => parsed,
        Err(error) => {
            state.import = Import::Failed(Problem {
                code: error.code().to_owned(),
                message: error.to_string(),
            });
            return Vec::new();
        }
    };
    if state.server == Server::Unavailable {
        state.import = Import::Failed(Problem::ui("ui.import.needs_worker"));
        return Vec::new();
    }
    state.import = Import::Loading;
    let mut url = format!("{}entra/metadata?tenant={tenant}", state.api_base);
    if let Some(app) = &app {
        url.push_str(&format!("&appid={app}"));
    }
    vec![Effect::FetchJson {
        request: Request::get(url),
        then: Box::new(Msg::MetadataFetched),
    }]
}

/// The Worker's answer: the metadata (each certificate inspected again by the core from its PEM,
/// at the browser's clock, so the page shows what the core read), or why not.
pub(super) fn fetched(state: &mut State, reply: &JsonReply, now: UnixTime) {
    let read = reply
        .ok()
        .and_then(|answer| read_answer(answer, now, &Known(&state.signatures)));
    if let Some(imported) = read {
        let app = metadata::parse_url(&state.inputs.metadata_url)
            .ok()
            .and_then(|(_, app)| app);
        return apply(state, imported, app);
    }
    state.import = Import::Failed(match reply.error() {
        Some((code, message)) if reply.status != 0 => Problem {
            code: code.to_owned(),
            message: message.to_owned(),
        },
        _ => Problem::ui("ui.import.unreachable"),
    });
}

/// The metadata in the Worker's JSON answer (`GET /api/v1/entra/metadata`, the core's
/// [`FederationMetadata`] as serde writes it); `None` when it is not that shape.
fn read_answer(answer: &Json, now: UnixTime, known: &Known<'_>) -> Option<FederationMetadata> {
    let scope = match answer.str("scope")? {
        "application" => Scope::Application,
        "tenantWide" => Scope::TenantWide,
        _ => Scope::Unknown,
    };
    let mut certificates = Vec::new();
    for cert in answer.items("certificates") {
        certificates.push(certificate::inspect_with(cert.str("pem")?.as_bytes(), now, known).ok()?);
    }
    let count = certificates.len();
    let index = |key: &str| answer.index(key).filter(|i| *i < count);
    let indices = |key: &str| -> Vec<usize> {
        answer
            .items(key)
            .iter()
            .filter_map(Json::as_index)
            .filter(|i| *i < count)
            .collect()
    };
    let findings = answer
        .items("findings")
        .iter()
        .filter_map(|finding| {
            let severity = match finding.str("severity")? {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                _ => Severity::Info,
            };
            // The Worker's finding as it sent it: its code is one of the core's, read back.
            Some(Finding {
                severity,
                code: finding.str("code")?.to_owned(),
                field: finding.str("field").map(str::to_owned),
                message: finding.str("message")?.to_owned(),
            })
        })
        .collect();
    Some(FederationMetadata {
        entity_id: answer.str("entityId")?.to_owned(),
        tenant_id: answer.str("tenantId")?.parse().ok()?,
        scope,
        login_url: answer.str("loginUrl")?.to_owned(),
        logout_url: answer.str("logoutUrl")?.to_owned(),
        redirect_sso_url: answer.str("redirectSsoUrl").map(str::to_owned),
        post_sso_url: answer.str("postSsoUrl").map(str::to_owned),
        certificates,
        chosen_index: index("chosenIndex"),
        newest_index: index("newestIndex"),
        valid_indices: indices("validIndices"),
        choice_needed: answer.bool("choiceNeeded").unwrap_or(false),
        expiring_indices: indices("expiringIndices"),
        findings,
        advice: answer.str("advice").unwrap_or_default().to_owned(),
    })
}

/// A Federation Metadata XML file's bytes, read by the core.
pub(super) fn read_file(state: &mut State, bytes: &[u8], now: UnixTime) {
    let read = metadata::parse_with(bytes, now, Scope::Unknown, &Known(&state.signatures));
    match read {
        Ok(imported) => apply(state, imported, None),
        Err(error) => {
            state.import = Import::Failed(Problem {
                code: error.code().to_owned(),
                message: error.to_string(),
            });
        }
    }
}

/// Inspects the imported certificates again with the browser's verdicts known now.
pub(super) fn reinspect(state: &mut State, now: UnixTime) {
    let Some(imported) = &state.metadata else {
        return;
    };
    let known = Known(&state.signatures);
    let reports: Vec<_> = imported
        .certificates
        .iter()
        .map(|report| {
            certificate::inspect_with(report.pem.as_bytes(), now, &known)
                .unwrap_or_else(|_| report.clone())
        })
        .collect();
    if let Some(imported) = &mut state.metadata {
        imported.certificates = reports;
    }
}

/// Fills the page from imported metadata: tenant, application, and the certificate the metadata
/// advises (none during a rollover: the admin chooses with [`use_certificate`]).
fn apply(state: &mut State, imported: FederationMetadata, app: Option<AppId>) {
    state.inputs.tenant_id = imported.tenant_id.to_string();
    if let Some(app) = app {
        state.inputs.app_id = app.to_string();
    }
    state.inputs.certificate = imported
        .chosen_index
        .and_then(|index| imported.certificates.get(index))
        .map(|report| report.pem.clone())
        .unwrap_or_default();
    state.notice = None;
    state.metadata = Some(imported);
    state.import = Import::Done;
}

/// During a rollover the admin says which of the metadata's certificates Entra shows as Active:
/// it goes into the certificate field, and the plan uses it.
pub(super) fn use_certificate(state: &mut State, index: usize) {
    let Some(chosen) = state
        .metadata
        .as_ref()
        .and_then(|imported| imported.certificates.get(index))
    else {
        return;
    };
    let thumbprint = chosen.thumbprint_sha1.clone();
    state.inputs.certificate = chosen.pem.clone();
    state.notice = None;
    state.say(
        "ui.import.cert.used",
        vec![("thumbprint", Word::Text(thumbprint))],
    );
}
