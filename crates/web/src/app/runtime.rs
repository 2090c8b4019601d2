//! The browser side of [`crate::app`]: a module's state behind one queue of messages. Handlers and
//! effect results only [`Runtime::send`] messages; the runtime applies them in order with the
//! module's `update`, carries out the effects, and renders the view once the queue is empty, so no
//! handler ever re-enters the state.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Reflect, Uint8Array};
use mimecast_sso_core::UnixTime;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Event, File, HtmlElement};

use super::browser::{download, fetch, fetch_json, store, webcrypto};
use super::dom::Dom;
use super::effect::Effect;

/// A page module: its state, how messages change it, and how it is shown.
pub(crate) trait App: 'static {
    /// What handlers and effect results say happened.
    type Msg: 'static;

    /// Applies `msg` at `now` (the browser's clock, read by the runtime) and says what the browser
    /// should do next. No DOM here.
    fn update(&mut self, msg: Self::Msg, now: UnixTime) -> Vec<Effect<Self::Msg>>;

    /// [`App::update`] with the clock in milliseconds since 1970, which the runtime calls: a
    /// module that times things finer than the second (the users' run, paced in milliseconds)
    /// overrides it; the others get the second.
    fn update_ms(&mut self, msg: Self::Msg, now_ms: f64) -> Vec<Effect<Self::Msg>> {
        self.update(msg, UnixTime::from_millis_f64(now_ms))
    }

    /// Writes the DOM from the state; reads nothing but the state and the DOM it writes.
    fn view(&self, dom: &Dom);
}

/// One mounted module.
pub(crate) struct Runtime<A: App> {
    app: RefCell<A>,
    pub dom: Dom,
    queue: RefCell<VecDeque<A::Msg>>,
    running: Cell<bool>,
    /// Files chosen or dropped, held until an update asks for their bytes.
    files: RefCell<Vec<(&'static str, File)>>,
    /// Where a focus effect asked the focus to go, once the view has rendered (it may show the
    /// element only now).
    focus: Cell<Option<&'static str>>,
    me: Weak<Runtime<A>>,
}

/// The browser's clock; the core never reads one.
pub(crate) fn now() -> UnixTime {
    UnixTime::from_millis_f64(js_sys::Date::now())
}

impl<A: App> Runtime<A> {
    /// Starts `app` on `dom`, renders it, and carries out `first` (the effects of starting).
    pub fn start(app: A, dom: Dom, first: Vec<Effect<A::Msg>>) -> Rc<Self> {
        let runtime = Rc::new_cyclic(|me| Self {
            app: RefCell::new(app),
            dom,
            queue: RefCell::new(VecDeque::new()),
            running: Cell::new(false),
            files: RefCell::new(Vec::new()),
            focus: Cell::new(None),
            me: me.clone(),
        });
        for effect in first {
            runtime.run(effect);
        }
        runtime.render();
        runtime
    }

    /// A handle for handlers and callbacks, which must not keep the runtime alive on their own.
    pub fn handle(&self) -> Weak<Self> {
        self.me.clone()
    }

    /// Applies `msg` (and any message sent meanwhile), then renders.
    pub fn send(&self, msg: A::Msg) {
        self.queue.borrow_mut().push_back(msg);
        if self.running.replace(true) {
            return;
        }
        loop {
            let Some(next) = self.queue.borrow_mut().pop_front() else {
                break;
            };
            let effects = self.app.borrow_mut().update_ms(next, js_sys::Date::now());
            for effect in effects {
                self.run(effect);
            }
        }
        self.render();
        self.running.set(false);
    }

    /// Writes the DOM from the state, then moves the focus where an effect asked.
    fn render(&self) {
        self.app.borrow().view(&self.dom);
        let target = self
            .focus
            .take()
            .and_then(|selector| self.dom.find(selector));
        if let Some(element) = target.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
            // Focus only fails on elements that cannot take it; the state is unchanged.
            let _ = element.focus();
        }
    }

    /// Holds `file` for `slot` until an update asks to read it (replacing one held before).
    pub fn hold_file(&self, slot: &'static str, file: File) {
        let mut files = self.files.borrow_mut();
        files.retain(|(held, _)| *held != slot);
        files.push((slot, file));
    }

    /// Listens to `event` on the module's root: `to_msg` turns the event into a message, or not.
    pub fn listen(
        &self,
        event: &'static str,
        to_msg: impl Fn(&Event, &Self) -> Option<A::Msg> + 'static,
    ) {
        let me = self.handle();
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        gloo_events::EventListener::new_with_options(
            &self.dom.root,
            event,
            options,
            move |event| {
                if let Some(runtime) = me.upgrade()
                    && let Some(msg) = to_msg(event, &runtime)
                {
                    runtime.send(msg);
                }
            },
        )
        .forget();
    }

    /// Asks before the tab closes or reloads while `ask` says the state holds something that
    /// exists nowhere else (a run's generated passwords not downloaded yet).
    pub fn guard_unload(&self, ask: fn(&A) -> bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let me = self.handle();
        let options = gloo_events::EventListenerOptions::enable_prevent_default();
        gloo_events::EventListener::new_with_options(
            &window,
            "beforeunload",
            options,
            move |event| {
                let holds = me
                    .upgrade()
                    .is_some_and(|runtime| runtime.app.try_borrow().is_ok_and(|app| ask(&app)));
                if holds {
                    event.prevent_default();
                    // Older browsers ask only when returnValue is set.
                    let _ = Reflect::set(event, &"returnValue".into(), &"".into());
                }
            },
        )
        .forget();
    }

    /// Sends `msg` later, from a callback, if the module still lives.
    fn send_later(me: &Weak<Self>, msg: A::Msg) {
        if let Some(runtime) = me.upgrade() {
            runtime.send(msg);
        }
    }

    fn run(&self, effect: Effect<A::Msg>) {
        let me = self.handle();
        match effect {
            Effect::Fetch { request, then } => spawn_local(async move {
                let reply = fetch(&request).await;
                Self::send_later(&me, then(reply));
            }),
            Effect::FetchJson { request, then } => spawn_local(async move {
                let reply = fetch_json(&request).await;
                Self::send_later(&me, then(reply));
            }),
            Effect::Store { key, value } => {
                store(key, value.as_deref());
            }
            #[cfg(feature = "users")]
            Effect::TryStore { key, value, then } => {
                let kept = store(key, value.as_deref());
                self.send(then(kept));
            }
            #[cfg(feature = "users")]
            Effect::ReadStored { key, then } => self.send(then(super::browser::stored(key))),
            Effect::Download {
                file_name,
                mime,
                text,
            } => {
                // A browser without Blob URLs cannot save files; nothing else to do about it.
                let _ = download(&self.dom, &file_name, mime, &text);
            }
            Effect::Copy { text, then } => {
                let promise =
                    web_sys::window().map(|w| w.navigator().clipboard().write_text(&text));
                spawn_local(async move {
                    let copied = match promise {
                        Some(promise) => JsFuture::from(promise).await.is_ok(),
                        None => false,
                    };
                    Self::send_later(&me, then(copied));
                });
            }
            Effect::Timer { ms, msg } => {
                Timeout::new(ms, move || Self::send_later(&me, msg)).forget();
            }
            Effect::ReadFile { slot, then } => {
                let file = {
                    let mut files = self.files.borrow_mut();
                    let index = files.iter().position(|(held, _)| *held == slot);
                    index.map(|index| files.remove(index).1)
                };
                spawn_local(async move {
                    let bytes = match file {
                        Some(file) => JsFuture::from(file.array_buffer())
                            .await
                            .ok()
                            .map(|buffer| Uint8Array::new(&buffer).to_vec()),
                        None => None,
                    };
                    Self::send_later(&me, then(bytes));
                });
            }
            Effect::LoadLanguage { lang, then } => {
                let base = self.dom.asset_base.clone();
                spawn_local(async move {
                    let loaded = crate::i18n::load(lang, &base).await.is_ok();
                    Self::send_later(&me, then(loaded));
                });
            }
            Effect::Verify { check, then } => spawn_local(async move {
                let verdict = webcrypto(&check).await;
                Self::send_later(&me, then(verdict));
            }),
            Effect::Print => {
                if let Some(window) = web_sys::window() {
                    // The dialog may be refused (an embedded sandboxed frame); nothing to report.
                    let _ = window.print();
                }
            }
            #[cfg(feature = "users")]
            Effect::Random { len, then } => {
                let mut bytes = vec![0; len];
                let filled = getrandom::fill(&mut bytes).is_ok();
                self.send(then(filled.then_some(bytes)));
            }
            Effect::Focus(selector) => self.focus.set(Some(selector)),
        }
    }
}
