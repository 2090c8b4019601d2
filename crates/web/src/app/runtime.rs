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
use mimecast_sso_core::certificate::{CheckedAlgorithm, SignatureCheck, Verdict};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    Blob, BlobPropertyBag, Event, File, Headers, HtmlAnchorElement, HtmlElement, RequestInit,
    Response, Url,
};

use super::dom::Dom;
use super::effect::{Effect, JsonReply, Reply, Request};
use super::json::Json;

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
            Effect::ReadStored { key, then } => {
                let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
                self.send(then(
                    storage.and_then(|storage| storage.get_item(key).ok().flatten()),
                ));
            }
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

/// The browser's verdict on a self-signature the core prepared for it (Web Cryptography API:
/// `importKey("spki")` then `verify`); not checked when the browser refuses the key or algorithm.
async fn webcrypto(check: &SignatureCheck) -> Verdict {
    match try_webcrypto(check).await {
        Ok(true) => Verdict::Valid,
        Ok(false) => Verdict::Invalid,
        Err(_) => Verdict::Unchecked,
    }
}

async fn try_webcrypto(check: &SignatureCheck) -> Result<bool, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let object = |pairs: &[(&str, &str)]| -> Result<js_sys::Object, JsValue> {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            Reflect::set(&object, &(*key).into(), &(*value).into())?;
        }
        Ok(object)
    };
    let (import, verify) = match check.algorithm {
        CheckedAlgorithm::RsaPkcs1 { hash } => (
            object(&[("name", "RSASSA-PKCS1-v1_5"), ("hash", hash.name())])?,
            object(&[("name", "RSASSA-PKCS1-v1_5")])?,
        ),
        CheckedAlgorithm::EcdsaP256 { hash } => (
            object(&[("name", "ECDSA"), ("namedCurve", "P-256")])?,
            object(&[("name", "ECDSA"), ("hash", hash.name())])?,
        ),
    };
    let usages = js_sys::Array::of1(&"verify".into());
    let key_data = Uint8Array::from(check.public_key.as_slice());
    let key =
        JsFuture::from(subtle.import_key_with_object("spki", &key_data, &import, false, &usages)?)
            .await?;
    let signature = Uint8Array::from(check.signature.as_slice());
    let signed = Uint8Array::from(check.signed.as_slice());
    let verified = JsFuture::from(subtle.verify_with_object_and_js_u8_array_and_js_u8_array(
        &verify,
        &key.dyn_into()?,
        &signature,
        &signed,
    )?)
    .await?;
    Ok(verified.as_bool() == Some(true))
}

/// Carries out a [`Request`] whose answer is JSON, read by the browser's `JSON.parse`.
async fn fetch_json(request: &Request) -> JsonReply {
    let reply = fetch(request).await;
    let text = String::from_utf8_lossy(&reply.body);
    JsonReply {
        status: reply.status,
        json: js_sys::JSON::parse(&text).ok().map(|value| json(&value)),
    }
}

/// A value `JSON.parse` made, as [`Json`].
pub(crate) fn json(value: &JsValue) -> Json {
    if value.is_null() || value.is_undefined() {
        return Json::Null;
    }
    if let Some(flag) = value.as_bool() {
        return Json::Bool(flag);
    }
    if let Some(number) = value.as_f64() {
        return Json::Number(number);
    }
    if let Some(text) = value.as_string() {
        return Json::String(text);
    }
    if js_sys::Array::is_array(value) {
        return Json::Array(
            js_sys::Array::from(value)
                .iter()
                .map(|item| json(&item))
                .collect(),
        );
    }
    let members = js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, json(&pair.get(1))))
        })
        .collect();
    Json::Object(members)
}

/// Carries out a [`Request`]; a failed call is status 0. A redirect is never followed: the Worker's
/// API does not redirect, and following Cloudflare Access's redirect to its sign-in page ends in
/// a CORS error that looks like a network failure, so it is reported as `sign_in_required`.
async fn fetch(request: &Request) -> Reply {
    try_fetch(request).await.unwrap_or_default()
}

async fn try_fetch(request: &Request) -> Result<Reply, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = RequestInit::new();
    if let Some(body) = &request.body {
        init.set_method("POST");
        init.set_body(&JsValue::from_str(body));
        let headers = Headers::new()?;
        headers.set("content-type", "application/json")?;
        init.set_headers(&headers);
    }
    Reflect::set(&init, &"redirect".into(), &"manual".into())?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
        .await?
        .dyn_into()?;
    let redirected = Reflect::get(&response, &"type".into())?
        .as_string()
        .as_deref()
        == Some("opaqueredirect")
        || (300..400).contains(&response.status());
    if redirected {
        return Ok(Reply {
            sign_in_required: true,
            ..Reply::default()
        });
    }
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Reply {
        status: response.status(),
        body: Uint8Array::new(&buffer).to_vec(),
        retry_after,
        sign_in_required: false,
    })
}

/// Writes or removes a `localStorage` item; whether it was done. Storage may be off (private
/// mode, a sandboxed frame) or full, in which case nothing is kept and the page works on.
fn store(key: &str, value: Option<&str>) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    match value {
        Some(value) => storage.set_item(key, value),
        None => storage.remove_item(key),
    }
    .is_ok()
}

/// Saves `text` as `file_name` through a Blob URL, revoked a second later.
fn download(dom: &Dom, file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = dom.doc.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    Timeout::new(1_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}
