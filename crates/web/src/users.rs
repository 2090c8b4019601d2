//! Step 7, Mimecast users: register a domain (with the DNS TXT record to publish), list the
//! registered ones, add one user, or import a CSV file: a preview with every bad line before
//! anything is sent, the domains the file needs, then a run with progress, pause, resume, cancel
//! and a CSV report. Every rule is the core's (`mimecast_sso_core::provisioning`); the run is the
//! core's engine, which this step only feeds with the Worker's answers. On static hosting (no
//! Worker) the step says so and only the preview works. Outcomes (never passwords) are kept in
//! `localStorage` so a closed tab loses nothing ([`saved`]).
//!
//! The markup is `www/src/users.html`, on screen before this module arrives; [`mount_users`]
//! binds to it, reads what the admin typed meanwhile and what the page says on the helper's root
//! (language, Worker, region, API), and from then on every event is a message: [`update`] (pure:
//! [`state`], [`saved`]) changes the state and asks for effects, [`view`] shows it, [`events`]
//! turns events into messages.

mod events;
mod saved;
pub(crate) mod state;
mod update;
mod view;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::mimecast_api::InboundType;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

use crate::app::dom::{self, Dom};
use crate::app::mount::{self, Bound};
use crate::app::{App, Effect, Runtime};
use crate::i18n::Lang;
use state::{Contract, Input, Server, State};
use update::Msg;

/// The users module's [`App`]: its state, updated and shown.
pub(crate) struct Users(State);

impl App for Users {
    type Msg = Msg;

    fn update(&mut self, msg: Msg, now: UnixTime) -> Vec<Effect<Msg>> {
        update::update(
            &mut self.0,
            msg,
            u64::try_from(now.secs()).unwrap_or(0).saturating_mul(1_000),
        )
    }

    fn update_ms(&mut self, msg: Msg, now_ms: f64) -> Vec<Effect<Msg>> {
        // `as` saturates, and maps NaN to 0.
        update::update(&mut self.0, msg, now_ms as u64)
    }

    fn view(&self, dom: &Dom) {
        view::view(&self.0, dom);
    }
}

/// The attributes of the helper's root the page writes for this module.
const CONTRACT: [&str; 4] = ["data-lang", "data-server", "data-region", "data-api-base"];

/// Binds step 7 to its markup `step` (`[data-step-users]` in the helper's markup) and keeps it
/// up to date with what the admin does and what the page says on the helper's root.
///
/// `options` (optional): `tables`, the translation tables already fetched, by language. Resolves
/// once the step is live.
#[wasm_bindgen(js_name = mountUsers)]
pub async fn mount_users(
    step: HtmlElement,
    options: Option<js_sys::Object>,
) -> Result<(), JsValue> {
    let Bound { helper, dom, lang } = mount::bind(
        step,
        options,
        "mountUsers() takes step 7 of the helper's markup ([data-step-users] inside [data-mss-root])",
    )
    .await?;
    let contract = Contract {
        lang,
        ..contract(&helper)
    };
    let mut state = State::new(contract, Vec::new());
    typed_before(&dom, &mut state);
    let runtime = Runtime::start(Users(state), dom, vec![update::read_sessions(false)]);
    events::bind(&runtime);
    events::file_chosen_before(&runtime);
    follow(&runtime, &helper, Msg::Contract)?;
    runtime.guard_unload(|users| {
        users
            .0
            .run
            .as_ref()
            .is_some_and(state::Run::holds_passwords)
    });
    // The runtime lives as long as the page: its listeners hold only weak handles to it.
    std::mem::forget(runtime);
    Ok(())
}

/// What the page says on the helper's root (also what the watch panel follows).
pub(crate) fn contract(helper: &Element) -> Contract {
    let attribute = |name| helper.get_attribute(name).unwrap_or_default();
    let region = attribute("data-region");
    let api_base = attribute("data-api-base");
    Contract {
        lang: Lang::from_tag(&attribute("data-lang")).unwrap_or(Lang::En),
        server: Server::named(&attribute("data-server")),
        region: (!region.is_empty()).then_some(region),
        api_base: if api_base.is_empty() {
            "api/v1/".to_owned()
        } else {
            api_base
        },
    }
}

/// Sends the page's contract again, as `to_msg` makes it a message of `runtime`'s module, whenever
/// the page changes one of its attributes (step 7 and the watch panel follow it).
pub(crate) fn follow<A: App>(
    runtime: &Runtime<A>,
    helper: &Element,
    to_msg: fn(Contract) -> A::Msg,
) -> Result<(), JsValue> {
    let me = runtime.handle();
    let root = helper.clone();
    let changed = Closure::<dyn FnMut()>::new(move || {
        if let Some(runtime) = me.upgrade() {
            runtime.send(to_msg(contract(&root)));
        }
    });
    let observer = MutationObserver::new(changed.as_ref().unchecked_ref())?;
    let init = MutationObserverInit::new();
    init.set_attribute_filter(
        &CONTRACT
            .iter()
            .map(|name| JsValue::from_str(name))
            .collect::<js_sys::Array>(),
    );
    observer.observe_with_options(helper, &init)?;
    // The observer (held by the document while it observes) calls back for as long as the page lives.
    changed.forget();
    Ok(())
}

/// What the admin typed or chose in the step before the module arrived.
fn typed_before(dom: &Dom, state: &mut State) {
    for input in Input::ALL {
        if let Some(text) = dom
            .value(&format!("[data-users-field={}]", input.name()))
            .filter(|text| !text.is_empty())
        {
            update::update(state, Msg::Typed(input, text), 0);
        }
    }
    if let Some(force) = dom
        .find("[data-users-field=force]")
        .as_ref()
        .and_then(dom::checked)
    {
        state.single.force = force;
    }
    let chosen = InboundType::ALL.into_iter().find(|kind| {
        dom.find(&format!("[data-inbound={}]", kind.code()))
            .as_ref()
            .and_then(dom::checked)
            == Some(true)
    });
    state.domains.inbound = chosen.unwrap_or_default();
}
