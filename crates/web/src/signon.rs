//! Step 8, test sign-on: a SAML response the admin captured, read and verified against the plan
//! above (`mimecast_sso_core::signon::inspect_response`, RSA checked with RustCrypto in this
//! module), and an Entra error page explained (`explain_entra_error`). Everything runs here:
//! nothing pasted is sent, stored or logged.
//!
//! The markup is `www/src/signon.html`, on screen before this module arrives; [`mount_signon`]
//! binds to it. What the response is compared with is what the page shows: the values of the
//! plan in steps 3 and 5 (`[data-value]`, absent while `data-missing`), and, for the explainer's
//! fix, the plan the core builds from the work the page keeps (the same input the page builds
//! its plan from); the users known to Mimecast are those the users step created or found (its
//! kept outcomes). The language follows the helper's root (`data-lang`).

mod view;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::plan::{Plan, PlanInput, build_plan};
use mimecast_sso_core::provisioning::LineResult;
use mimecast_sso_core::signon::{
    EntraErrorExplanation, Expected, InspectOptions, SamlReport, explain_entra_error,
    inspect_response,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

use crate::app::dom::Dom;
use crate::app::mount::{self, Bound};
use crate::app::{App, Effect, Problem, Runtime};
use crate::i18n::{self, Lang};

/// The step's state: what was pasted and what the core said of it.
#[derive(Default)]
pub(crate) struct State {
    lang: Lang,
    response: String,
    error: String,
    report: Option<Result<SamlReport, Problem>>,
    explanation: Option<Result<EntraErrorExplanation, Problem>>,
}

/// A text area of the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    /// The captured response.
    Response,
    /// Entra's error code or page.
    Error,
}

/// What happened.
pub(crate) enum Msg {
    /// The admin typed in a field.
    Typed(Field, String),
    /// Check the response against these values.
    Inspect(Box<Expected>),
    /// Explain the error, naming this plan's values.
    Explain(Option<Box<Plan>>),
    /// The helper's language changed.
    Lang(Lang),
}

/// Applies `msg` at `now`. Pure.
pub(crate) fn update(state: &mut State, msg: Msg, now: UnixTime) {
    match msg {
        Msg::Typed(Field::Response, text) => state.response = text,
        Msg::Typed(Field::Error, text) => state.error = text,
        Msg::Inspect(expected) => {
            state.report = Some(
                inspect_response(&state.response, &expected, InspectOptions::at(now))
                    .map_err(|error| Problem::of(&error)),
            );
        }
        Msg::Explain(plan) => {
            state.explanation = Some(
                explain_entra_error(&state.error, plan.as_deref())
                    .map_err(|error| Problem::of(&error)),
            );
        }
        Msg::Lang(lang) => state.lang = lang,
    }
}

/// The step as an [`App`].
pub(crate) struct Signon(State);

impl App for Signon {
    type Msg = Msg;

    fn update(&mut self, msg: Msg, now: UnixTime) -> Vec<Effect<Msg>> {
        update(&mut self.0, msg, now);
        Vec::new()
    }

    fn view(&self, dom: &Dom) {
        view::view(&self.0, dom);
    }
}

/// Binds step 8 to its markup `step` (`[data-step-signon]` in the helper's markup).
///
/// `options` (optional): `tables`, the translation tables already fetched, by language. Resolves
/// once the step is live.
#[wasm_bindgen(js_name = mountSignon)]
pub async fn mount_signon(
    step: HtmlElement,
    options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let Bound { helper, dom, lang } = mount::bind(
        step,
        options,
        "mountSignon() takes step 8 of the helper's markup ([data-step-signon] inside [data-mss-root])",
    )
    .await?;
    let mut state = State {
        lang,
        ..State::default()
    };
    // What the admin typed before the module arrived.
    for (field, name) in [(Field::Response, "response"), (Field::Error, "error")] {
        if let Some(text) = dom.value(&format!("[data-signon-field={name}]")) {
            update(&mut state, Msg::Typed(field, text), UnixTime::from_secs(0));
        }
    }
    let runtime = Runtime::start(Signon(state), dom, Vec::new());
    bind(&runtime, &helper);
    watch_language(&runtime, &helper)?;
    for button in runtime.dom.all("[data-needs-signon]") {
        button.remove_attribute("disabled")?;
    }
    // The runtime lives as long as the page: its listeners hold only weak handles to it.
    std::mem::forget(runtime);
    Ok(())
}

/// Input and click handlers, delegated on the step.
fn bind(runtime: &Runtime<Signon>, helper: &Element) {
    runtime.listen("input", |event, _| {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let field = match target.get_attribute("data-signon-field")?.as_str() {
            "response" => Field::Response,
            "error" => Field::Error,
            _ => return None,
        };
        Some(Msg::Typed(field, crate::app::dom::value(&target)?))
    });
    let helper = helper.clone();
    runtime.listen("click", move |event, _| {
        let target = event.target()?.dyn_into::<Element>().ok()?;
        let action = target.closest("[data-action]").ok()??;
        match action.get_attribute("data-action")?.as_str() {
            "signon-inspect" => Some(Msg::Inspect(Box::new(expected(&helper)))),
            "signon-explain" => Some(Msg::Explain(kept_plan().map(Box::new))),
            _ => None,
        }
    });
}

/// The values the page shows for the plan: Identifier, Reply URL, Issuer and certificate.
fn expected(helper: &Element) -> Expected {
    let shown = |key: &str| {
        helper
            .query_selector(&format!("[data-value=\"{key}\"]:not([data-missing])"))
            .ok()
            .flatten()
            .and_then(|slot| slot.text_content())
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    Expected {
        identifier: shown("entra.identifier"),
        reply_url: shown("entra.replyUrl"),
        issuer: shown("profile.issuerUrl"),
        certificate: shown("profile.identityProviderCertificate"),
        users: known_users(),
    }
}

/// The addresses the users step created or found in Mimecast (its kept CSV outcomes); empty when
/// it knows none, and then no NameID is called unknown.
fn known_users() -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Session {
        results: Vec<LineResult>,
    }
    let Some(text) = crate::app::browser::stored(crate::app::USERS_KEY) else {
        return Vec::new();
    };
    let sessions: Vec<Session> = serde_json::from_str(&text).unwrap_or_default();
    sessions
        .into_iter()
        .flat_map(|session| session.results)
        .filter(|result| result.outcome.is_done_in_mimecast())
        .map(|result| result.email_address)
        .collect()
}

/// The plan the core builds from the work the page keeps (its `localStorage` entry: the plan's
/// input fields); `None` without storage or work.
fn kept_plan() -> Option<Plan> {
    let text = crate::app::browser::stored(crate::app::WORK_KEY)?;
    let input = PlanInput::from_json(&text).ok()?;
    Some(build_plan(&input, crate::app::runtime::now()))
}

/// Follows the helper's language.
fn watch_language(runtime: &Runtime<Signon>, helper: &Element) -> Result<(), JsValue> {
    let me = runtime.handle();
    let root = helper.clone();
    let changed = Closure::<dyn FnMut()>::new(move || {
        let lang = mount::language(&root);
        let me = me.clone();
        // The table of a language chosen now is fetched first (its texts fall back to English
        // meanwhile).
        wasm_bindgen_futures::spawn_local(async move {
            let base = me
                .upgrade()
                .map(|r| r.dom.asset_base.clone())
                .unwrap_or_default();
            let _ = i18n::load(lang, &base).await;
            if let Some(runtime) = me.upgrade() {
                runtime.send(Msg::Lang(lang));
            }
        });
    });
    let observer = MutationObserver::new(changed.as_ref().unchecked_ref())?;
    let init = MutationObserverInit::new();
    init.set_attribute_filter(&js_sys::Array::of1(&JsValue::from_str("data-lang")));
    observer.observe_with_options(helper, &init)?;
    // The observer (held by the document while it observes) calls back as long as the page lives.
    changed.forget();
    Ok(())
}
