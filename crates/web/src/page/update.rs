//! What happens on each message of steps 1–6: the new state, and the effects for the browser.
//! Every rule is the core's; this only decides what the page does with its answers (clear a
//! refused private key, fill in a suggested region, keep the work, say what happened).

use mimecast_sso_core::certificate::{self, SignatureCheck, Verdict, is_secret_code};
use mimecast_sso_core::region::Region;
use mimecast_sso_core::{Coded, UnixTime, plan};

mod import;

use super::saved::{KEY, Saved};
use super::state::{Copied, Field, Import, Inputs, Known, Problem, Server, State, copy_label};
use crate::app::{Effect, JsonReply, Request};
use crate::i18n::Lang;

/// The file name of the downloaded plan.
pub(crate) const PLAN_FILE: &str = "mimecast-sso-plan.json";

/// How long a copy button says "Copied", in milliseconds.
const COPIED_MS: u32 = 2_000;

/// What happened.
#[derive(Debug)]
pub(crate) enum Msg {
    /// The admin changed a field (typed, chose, pasted).
    Typed(Field, String),
    /// "Use {region}": the region the account code points to.
    UseRegion(Region),
    /// A file was chosen or dropped on the `slot` drop zone (`certificate` or `metadata`).
    FileChosen {
        slot: &'static str,
        size: f64,
    },
    /// The bytes of that file, or `None` when it could not be read.
    FileRead {
        slot: &'static str,
        bytes: Option<Vec<u8>>,
    },
    /// Something is dragged over the drop zone `slot`, or no longer.
    Dragging(Option<&'static str>),
    /// Text (not a file) was dropped on the certificate field.
    CertificateDropped(String),
    /// "Import": fetch the App Federation Metadata Url through the Worker.
    ImportUrl,
    MetadataFetched(JsonReply),
    /// "Entra shows this one as Active": certificate `index` of the imported metadata.
    UseCertificate(usize),
    /// A copy button: the value of `data-copy` key.
    Copy(String),
    Copied {
        key: String,
        ok: bool,
    },
    CopyDone(u32),
    Download,
    Print,
    Clear,
    Language(Lang),
    LanguageLoaded(Lang, bool),
    /// The Worker's health route answered (or not).
    Health(JsonReply),
    /// The browser's WebCrypto gave its verdict on a self-signature the core asked about.
    Verified(SignatureCheck, Verdict),
}

/// The effects of starting: ask the Worker whether it is there.
pub(crate) fn start(state: &State) -> Vec<Effect<Msg>> {
    vec![Effect::FetchJson {
        request: Request::get(format!("{}health", state.api_base)),
        then: Box::new(Msg::Health),
    }]
}

/// Applies `msg` at `now`.
pub(crate) fn update(state: &mut State, msg: Msg, now: UnixTime) -> Vec<Effect<Msg>> {
    let mut effects = Vec::new();
    match msg {
        Msg::Typed(field, text) => {
            if field == Field::Region {
                state.region_suggested = false;
            }
            // New certificate text replaces a refusal; an emptied field keeps it on screen.
            if field == Field::Certificate && !text.trim().is_empty() {
                state.notice = None;
            }
            *field.of_mut(&mut state.inputs) = text;
            if field == Field::MetadataUrl {
                return effects;
            }
        }
        Msg::UseRegion(region) => {
            state.inputs.region = region.code().to_owned();
            state.region_suggested = false;
            effects.push(Effect::Focus("[data-field=region]"));
        }
        Msg::Dragging(slot) => {
            state.dragging = slot;
            return effects;
        }
        Msg::FileChosen { slot, size } => {
            state.dragging = None;
            return file_chosen(state, slot, size);
        }
        Msg::FileRead {
            slot: "metadata",
            bytes,
        } => match bytes {
            Some(bytes) => import::read_file(state, &bytes, now),
            None => state.import = Import::Failed(Problem::ui("ui.import.unreadable")),
        },
        Msg::FileRead { bytes, .. } => match bytes {
            Some(bytes) => accept_certificate(state, &bytes),
            None => {
                state.inputs.certificate.clear();
                state.notice = Some(Problem::ui("ui.cert.unreadable"));
            }
        },
        Msg::CertificateDropped(text) => {
            state.dragging = None;
            accept_certificate(state, text.as_bytes());
        }
        Msg::ImportUrl => return import::start(state),
        Msg::MetadataFetched(reply) => import::fetched(state, &reply, now),
        Msg::UseCertificate(index) => import::use_certificate(state, index),
        Msg::Copy(key) => {
            if let Some(text) = state.value(&key) {
                effects.push(Effect::Copy {
                    text,
                    then: Box::new(move |ok| Msg::Copied { key, ok }),
                });
            }
            return effects;
        }
        Msg::Copied { key, ok } => {
            let seq = state.next_seq();
            let announce = if ok {
                "ui.copied.announce"
            } else {
                "ui.copy.failed"
            };
            state.say(announce, vec![("label", copy_label(&key))]);
            state.copied = Some(Copied { key, ok, seq });
            return vec![Effect::Timer {
                ms: COPIED_MS,
                msg: Msg::CopyDone(seq),
            }];
        }
        Msg::CopyDone(seq) => {
            if state
                .copied
                .as_ref()
                .is_some_and(|copied| copied.seq == seq)
            {
                state.copied = None;
            }
            return effects;
        }
        Msg::Download => {
            // The plan holds strings, numbers and booleans only: serialising cannot fail.
            let text = serde_json::to_string_pretty(&state.plan).unwrap_or_default();
            return vec![Effect::Download {
                file_name: PLAN_FILE.to_owned(),
                mime: "application/json",
                text,
            }];
        }
        Msg::Print => return vec![Effect::Print],
        Msg::Clear => {
            state.inputs = Inputs::default();
            state.region_suggested = false;
            state.notice = None;
            state.metadata = None;
            state.import = Import::Idle;
            let mut effects = refresh(state, now);
            state.say("ui.cleared", Vec::new());
            effects.push(Effect::Store {
                key: KEY,
                value: None,
            });
            return effects;
        }
        Msg::Language(lang) => {
            return vec![Effect::LoadLanguage {
                lang,
                then: Box::new(move |loaded| Msg::LanguageLoaded(lang, loaded)),
            }];
        }
        Msg::LanguageLoaded(lang, loaded) => {
            if loaded {
                state.lang = lang;
                // A line said in the old language is not said again in the new one.
                state.spoken = None;
            }
        }
        Msg::Health(reply) => {
            state.server = server(&reply);
            return effects;
        }
        Msg::Verified(check, verdict) => {
            if let Some(known) = state
                .signatures
                .iter_mut()
                .find(|(known, _)| *known == check)
            {
                known.1 = verdict;
            }
            import::reinspect(state, now);
        }
    }
    effects.extend(refresh(state, now));
    effects.push(Effect::Store {
        key: KEY,
        value: Some(Saved::of(state)),
    });
    effects
}

/// Rebuilds the plan from the inputs, then applies what the page does with it: a refused private
/// key is cleared at once (nothing of it is kept or shown), and an empty region is filled with the
/// one the account code points to. Asks the browser to verify the self-signatures the core
/// checks and has no verdict on yet.
pub(crate) fn refresh(state: &mut State, now: UnixTime) -> Vec<Effect<Msg>> {
    let build = |state: &State| {
        let known = Known(&state.signatures);
        plan::build_plan_checked(
            &state.inputs.plan_input(),
            state.metadata.as_ref(),
            now,
            &known,
        )
    };
    let mut built = build(state);
    if let Some(secret) = built.findings.iter().find(|f| is_secret_code(&f.code)) {
        state.notice = Some(Problem {
            code: secret.code.clone(),
            message: secret.message.clone(),
        });
        state.inputs.certificate.clear();
        built = build(state);
    }
    if state.inputs.region.trim().is_empty()
        && let Some(suggested) = built.suggested_region
    {
        state.inputs.region = suggested.code().to_owned();
        state.region_suggested = true;
        built = build(state);
    }
    state.plan = built;
    verify(state, now)
}

/// The self-signatures of the plan's certificate and the metadata's certificates that the browser
/// has not been asked about yet: each asked once.
fn verify(state: &mut State, now: UnixTime) -> Vec<Effect<Msg>> {
    let imported = state
        .metadata
        .iter()
        .flat_map(|imported| &imported.certificates);
    let pems: Vec<String> = state
        .plan
        .certificate
        .iter()
        .chain(imported)
        .map(|report| report.pem.clone())
        .collect();
    let mut effects = Vec::new();
    for pem in pems {
        let Some(check) = certificate::self_signature_check(pem.as_bytes(), now) else {
            continue;
        };
        if state.signatures.iter().any(|(known, _)| *known == check) {
            continue;
        }
        state.signatures.push((check.clone(), Verdict::Pending));
        let asked = check.clone();
        effects.push(Effect::Verify {
            check,
            then: Box::new(move |verdict| Msg::Verified(asked, verdict)),
        });
    }
    effects
}

/// A chosen or dropped file: metadata over the core's size limit is refused by its size alone,
/// before any of it is read; otherwise its bytes are asked for.
fn file_chosen(state: &mut State, slot: &'static str, size: f64) -> Vec<Effect<Msg>> {
    if slot == "metadata" {
        // `f64 as usize` saturates: a size beyond usize is still over the limit.
        if let Err(error) = mimecast_sso_core::metadata::check_size(size as usize) {
            state.import = Import::Failed(Problem {
                code: error.code().to_owned(),
                message: error.to_string(),
            });
            return Vec::new();
        }
    }
    vec![Effect::ReadFile {
        slot,
        then: Box::new(move |bytes| Msg::FileRead { slot, bytes }),
    }]
}

/// File or dropped bytes given to the core: a certificate becomes the field's PEM text; anything
/// refused (a private key above all) leaves the field empty and says why.
fn accept_certificate(state: &mut State, bytes: &[u8]) {
    match certificate::normalize(bytes) {
        Ok(normalized) => {
            state.inputs.certificate = normalized
                .certificates
                .iter()
                .map(|c| c.pem.as_str())
                .collect();
            state.notice = None;
            state.say("ui.cert.read", Vec::new());
        }
        Err(error) => {
            state.inputs.certificate.clear();
            state.notice = Some(Problem {
                code: error.code().to_owned(),
                message: error.to_string(),
            });
        }
    }
}

/// What the health route's answer says: `{"status":"ok"}` from the Worker, with `"simulator":
/// true` when it sends Mimecast calls to the local simulator; anything else means no Worker.
fn server(reply: &JsonReply) -> Server {
    match reply.ok() {
        Some(health) if health.str("status") == Some("ok") => {
            if health.bool("simulator") == Some(true) {
                Server::Simulator
            } else {
                Server::Available
            }
        }
        _ => Server::Unavailable,
    }
}

#[cfg(test)]
mod tests;
