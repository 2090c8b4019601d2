//! "Watch this configuration", after step 5: one click asks the Worker to watch the plan's tenant,
//! application and certificate thumbprint (`POST /api/v1/watch`, [`mimecast_sso_core::watch`]),
//! and a panel lists the watched applications with their last check, state and next expiry
//! (`GET /api/v1/watch`, after a watch is made or when the admin asks: never on its own, so a
//! Worker without credentials set up is not called on every page load). Built into the users module (it calls the Worker as step 7 does, with
//! the browser's sign-in) and mounted by [`mount_watch`] on `www/src/watch.html`.
//!
//! What is sent is what the page shows and keeps: the tenant ID and application ID of the work
//! kept in `localStorage` (the fields of steps 2 and 5), and the thumbprint of the certificate
//! the page read (step 4). The Worker checks each (the core's rules) and says what is wrong.
//! Without the Worker (static hosting) the panel says it needs one and sends nothing.

#[cfg(test)]
mod tests;
mod view;

use mimecast_sso_core::UnixTime;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use crate::app::dom::Dom;
use crate::app::effect::{Reply, Request};
use crate::app::mount::{self, Bound};
use crate::app::{App, Effect, Problem, Runtime};
use crate::i18n::Lang;
use crate::users::{self, state::Contract};

/// One watched application, as the list shows it (the fields of the Worker's `WatchView`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Watched {
    pub id: String,
    pub label: String,
    pub thumbprint: String,
    pub days_remaining: Option<i64>,
    pub state: WatchedState,
}

/// The part of a watch's state the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct WatchedState {
    pub health: String,
    pub checked_at: Option<i64>,
    pub not_after: Option<String>,
}

/// What the application to watch is, from the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Target {
    pub tenant_id: String,
    pub app_id: String,
    pub thumbprint: String,
}

/// The panel's state.
pub(crate) struct State {
    contract: Contract,
    label: String,
    notify_url: String,
    sending: bool,
    /// The last "watch" click's outcome: the label watched, or why not.
    created: Option<Result<String, Problem>>,
    /// The watched applications, or why they could not be listed.
    list: Option<Result<Vec<Watched>, Problem>>,
    /// The watches made from this page: Cloudflare's KV lists a new key up to 60 s after it is
    /// written, so a list fetched at once may lack one; it is shown all the same.
    made: Vec<Watched>,
}

/// A text field of the panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Label,
    NotifyUrl,
}

/// What happened.
pub(crate) enum Msg {
    Typed(Field, String),
    /// Watch this application (or say what the page lacks).
    Watch(Result<Target, Problem>),
    Created(Reply),
    Refresh,
    Listed(Reply),
    Contract(Contract),
    LanguageLoaded(Lang, bool),
}

/// Applies `msg`. Pure: calls to the Worker are effects.
pub(crate) fn update(state: &mut State, msg: Msg) -> Vec<Effect<Msg>> {
    match msg {
        Msg::Typed(Field::Label, text) => state.label = text,
        Msg::Typed(Field::NotifyUrl, text) => state.notify_url = text,
        Msg::Watch(_) if !state.contract.server.has_worker() => {
            state.created = Some(Err(Problem::ui("ui.watch.needs_worker")));
        }
        Msg::Watch(Err(problem)) => state.created = Some(Err(problem)),
        Msg::Watch(Ok(target)) => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct Body<'a> {
                #[serde(flatten)]
                target: &'a Target,
                label: &'a str,
                notify_url: &'a str,
            }
            let label = state.label.trim();
            let body = Body {
                target: &target,
                label,
                notify_url: state.notify_url.trim(),
            };
            let Ok(json) = serde_json::to_string(&body) else {
                return Vec::new();
            };
            state.sending = true;
            state.created = None;
            return vec![Effect::Fetch {
                request: Request::post(format!("{}watch", state.contract.api_base), json),
                then: Box::new(Msg::Created),
            }];
        }
        Msg::Created(reply) => {
            state.sending = false;
            let made = reply.json::<Watched>().filter(|_| reply.ok());
            state.created = Some(match &made {
                Some(watched) => Ok(watched.label.clone()),
                None => Err(reply.error().into()),
            });
            if let Some(watched) = made {
                state.made.push(watched);
                return vec![list(state)];
            }
        }
        Msg::Refresh if state.contract.server.has_worker() => return vec![list(state)],
        Msg::Refresh => {}
        Msg::Listed(reply) => {
            #[derive(Deserialize)]
            struct Answer {
                watches: Vec<Watched>,
            }
            state.list = Some(match reply.json::<Answer>() {
                Some(mut answer) if reply.ok() => {
                    let listed: Vec<String> = answer.watches.iter().map(|w| w.id.clone()).collect();
                    answer.watches.extend(
                        state
                            .made
                            .iter()
                            .filter(|w| !listed.contains(&w.id))
                            .cloned(),
                    );
                    Ok(answer.watches)
                }
                _ => Err(reply.error().into()),
            });
        }
        Msg::Contract(contract) => {
            let lang = contract.lang;
            let shown = std::mem::replace(&mut state.contract, contract).lang;
            // The language changes once its table has loaded (English meanwhile).
            state.contract.lang = shown;
            if lang != shown {
                return vec![Effect::LoadLanguage {
                    lang,
                    then: Box::new(move |loaded| Msg::LanguageLoaded(lang, loaded)),
                }];
            }
        }
        Msg::LanguageLoaded(lang, loaded) => {
            if loaded {
                state.contract.lang = lang;
            }
        }
    }
    Vec::new()
}

/// `GET /api/v1/watch`.
fn list(state: &State) -> Effect<Msg> {
    Effect::Fetch {
        request: Request::get(format!("{}watch", state.contract.api_base)),
        then: Box::new(Msg::Listed),
    }
}

/// The panel as an [`App`].
pub(crate) struct Watch(State);

impl App for Watch {
    type Msg = Msg;

    fn update(&mut self, msg: Msg, _now: UnixTime) -> Vec<Effect<Msg>> {
        update(&mut self.0, msg)
    }

    fn view(&self, dom: &Dom) {
        view::view(&self.0, dom);
    }
}

/// Binds the panel to its markup `panel` (`[data-step-watch]` in the helper's markup).
///
/// `options` (optional): `tables`, the translation tables already fetched, by language. Resolves
/// once the panel is live.
#[wasm_bindgen(js_name = mountWatch)]
pub async fn mount_watch(
    panel: HtmlElement,
    options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let Bound { helper, dom, lang } = mount::bind(
        panel,
        options,
        "mountWatch() takes the watch panel of the helper's markup ([data-step-watch] inside [data-mss-root])",
    )
    .await?;
    let contract = Contract {
        lang,
        ..users::contract(&helper)
    };
    let mut state = State {
        contract,
        label: String::new(),
        notify_url: String::new(),
        sending: false,
        created: None,
        list: None,
        made: Vec::new(),
    };
    for (field, name) in [(Field::Label, "label"), (Field::NotifyUrl, "notify")] {
        if let Some(text) = dom.value(&format!("[data-watch-field={name}]")) {
            update(&mut state, Msg::Typed(field, text));
        }
    }
    // Nothing is asked of the Worker until the admin does (a Worker without credentials set up
    // would answer 503 on every page load).
    let runtime = Runtime::start(Watch(state), dom, Vec::new());
    bind(&runtime, &helper);
    users::follow(&runtime, &helper, Msg::Contract)?;
    for button in runtime.dom.all("[data-needs-watch]") {
        button.remove_attribute("disabled")?;
    }
    // The runtime lives as long as the page: its listeners hold only weak handles to it.
    std::mem::forget(runtime);
    Ok(())
}

/// Input and click handlers, delegated on the panel.
fn bind(runtime: &Runtime<Watch>, helper: &Element) {
    runtime.listen("input", |event, _| {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let field = match target.get_attribute("data-watch-field")?.as_str() {
            "label" => Field::Label,
            "notify" => Field::NotifyUrl,
            _ => return None,
        };
        Some(Msg::Typed(field, crate::app::dom::value(&target)?))
    });
    let helper = helper.clone();
    runtime.listen("click", move |event, _| {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let action = target.closest("[data-action]").ok()??;
        match action.get_attribute("data-action")?.as_str() {
            "watch-add" => Some(Msg::Watch(target_of(&helper))),
            "watch-refresh" => Some(Msg::Refresh),
            _ => None,
        }
    });
}

/// The application the page is about: the tenant and application IDs of the kept work, and the
/// thumbprint of the certificate step 4 shows; `ui.watch.missing` when one is not there yet.
fn target_of(helper: &Element) -> Result<Target, Problem> {
    let kept: serde_json::Value = crate::app::browser::stored(crate::app::WORK_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let field = |name: &str| {
        kept.get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let thumbprint = helper
        .query_selector("[data-value=\"cert.thumbprint\"]:not([data-missing])")
        .ok()
        .flatten()
        .and_then(|slot| slot.text_content())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    match (field("tenantId"), field("appId"), thumbprint) {
        (Some(tenant_id), Some(app_id), Some(thumbprint)) => Ok(Target {
            tenant_id,
            app_id,
            thumbprint,
        }),
        _ => Err(Problem::ui("ui.watch.missing")),
    }
}
