//! What an update asks of the browser, as plain data: the runtime carries each effect out and
//! turns its result into the module's next message with the effect's `then`. Nothing here touches
//! the browser, so a test calls `update`, looks at the effects and feeds `then` a made-up result.

use std::fmt;

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::certificate::{SignatureCheck, Verdict};
use mimecast_sso_core::mimecast_api::UpstreamError;
use mimecast_sso_core::provisioning::ProvisioningCode;
use serde::Deserialize;

use super::json::Json;
use crate::i18n::Lang;

/// A message made from an effect's result.
pub(crate) type Then<T, M> = Box<dyn FnOnce(T) -> M>;

/// One thing for the browser to do.
pub(crate) enum Effect<M> {
    /// Call the Worker; the reply (status 0 when none came) becomes a message.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    Fetch {
        request: Request,
        then: Then<Reply, M>,
    },
    /// Call the Worker for JSON, read by the browser's parser.
    FetchJson {
        request: Request,
        then: Then<JsonReply, M>,
    },
    /// Keep `value` under `key` in `localStorage`; `None` forgets the key.
    Store {
        key: &'static str,
        value: Option<String>,
    },
    /// [`Effect::Store`], and whether the browser kept it becomes a message (its storage may be
    /// full, or off).
    #[cfg(feature = "users")]
    TryStore {
        key: &'static str,
        value: Option<String>,
        then: Then<bool, M>,
    },
    /// Read what `localStorage` keeps under `key` (`None`: nothing, or no storage).
    #[cfg(feature = "users")]
    ReadStored {
        key: &'static str,
        then: Then<Option<String>, M>,
    },
    /// Save `text` as a file named `file_name`.
    Download {
        file_name: String,
        mime: &'static str,
        text: String,
    },
    /// Put `text` on the clipboard; whether it worked becomes a message.
    Copy { text: String, then: Then<bool, M> },
    /// Send `msg` after `ms` milliseconds.
    Timer { ms: u32, msg: M },
    /// Read the bytes of the file held for `slot` (chosen or dropped); `None` when it cannot be read.
    ReadFile {
        slot: &'static str,
        then: Then<Option<Vec<u8>>, M>,
    },
    /// Load `lang`'s translation table; whether it loaded becomes a message.
    LoadLanguage { lang: Lang, then: Then<bool, M> },
    /// Verify a self-signature the core asks about, with the browser's WebCrypto.
    Verify {
        check: SignatureCheck,
        then: Then<Verdict, M>,
    },
    /// Open the browser's print dialog.
    Print,
    /// Move the focus to the first element matching `selector` in the module's root, once the
    /// view has rendered (so it may be an element the view shows only now).
    Focus(&'static str),
    /// `len` bytes from the browser's secure random source (`crypto.getRandomValues`); `None`
    /// when it fails, so nothing is made from bytes that are not random.
    #[cfg(feature = "users")]
    Random {
        len: usize,
        then: Then<Option<Vec<u8>>, M>,
    },
}

impl<M: fmt::Debug> fmt::Debug for Effect<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The URL only: a request's body may hold passwords (a batch of users).
            Effect::Fetch { request, .. } => write!(f, "Fetch({})", request.url),
            Effect::FetchJson { request, .. } => write!(f, "FetchJson({})", request.url),
            Effect::Store { key, value } => {
                write!(
                    f,
                    "Store({key}, {} bytes)",
                    value.as_ref().map_or(0, String::len)
                )
            }
            #[cfg(feature = "users")]
            Effect::TryStore { key, value, .. } => {
                write!(
                    f,
                    "TryStore({key}, {} bytes)",
                    value.as_ref().map_or(0, String::len)
                )
            }
            #[cfg(feature = "users")]
            Effect::ReadStored { key, .. } => write!(f, "ReadStored({key})"),
            Effect::Download { file_name, .. } => write!(f, "Download({file_name})"),
            Effect::Copy { .. } => write!(f, "Copy"),
            Effect::Timer { ms, msg } => write!(f, "Timer({ms} ms, {msg:?})"),
            Effect::ReadFile { slot, .. } => write!(f, "ReadFile({slot})"),
            Effect::LoadLanguage { lang, .. } => write!(f, "LoadLanguage({})", lang.tag()),
            Effect::Verify { check, .. } => write!(f, "Verify({:?})", check.algorithm),
            Effect::Print => write!(f, "Print"),
            Effect::Focus(selector) => write!(f, "Focus({selector})"),
            #[cfg(feature = "users")]
            Effect::Random { len, .. } => write!(f, "Random({len} bytes)"),
        }
    }
}

/// A call to the Worker.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET` when there is no body, `POST` (JSON) with one.
    pub url: String,
    pub body: Option<String>,
}

impl fmt::Debug for Request {
    /// The URL and the body's size: a body may hold passwords (a batch of users).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            Some(body) => write!(f, "POST {} ({} bytes)", self.url, body.len()),
            None => write!(f, "GET {}", self.url),
        }
    }
}

impl Request {
    /// `GET url`.
    pub fn get(url: String) -> Self {
        Self { url, body: None }
    }

    /// `POST url` with a JSON body.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    pub fn post(url: String, body: String) -> Self {
        Self {
            url,
            body: Some(body),
        }
    }
}

/// The Worker's answer to a [`Request`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Reply {
    /// HTTP status; 0 when no answer came.
    pub status: u16,
    pub body: Vec<u8>,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The call was redirected (status 0 too): Cloudflare Access sends an expired session to its
    /// sign-in page, and the call never reached the Worker.
    pub sign_in_required: bool,
}

impl Reply {
    /// A 2xx answer.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body read as `T`, when it is that JSON.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    pub fn json<T: for<'de> Deserialize<'de>>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The Worker's error envelope (`{"error":{code,message,…}}`), or one made from the status.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    pub fn error(&self) -> ApiError {
        #[derive(Deserialize)]
        struct Envelope {
            error: ApiError,
        }
        match self.json::<Envelope>() {
            Some(envelope) => envelope.error,
            None => match self.status {
                0 if self.sign_in_required => ApiError::new(
                    ProvisioningCode::SignInRequired,
                    "The sign-in to the Worker has expired: sign in again (reload the page in another tab), then resume.",
                ),
                0 => ApiError::new(UpstreamError::Failed, "The Worker could not be reached."),
                status => ApiError::new(
                    UpstreamError::Failed,
                    format!("The Worker answered HTTP {status}."),
                ),
            },
        }
    }
}

/// The Worker's JSON answer to a [`Request`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct JsonReply {
    /// HTTP status; 0 when no answer came.
    pub status: u16,
    /// The body, when it is JSON.
    pub json: Option<Json>,
}

impl JsonReply {
    /// A 2xx answer with a JSON body.
    pub fn ok(&self) -> Option<&Json> {
        self.json
            .as_ref()
            .filter(|_| (200..300).contains(&self.status))
    }

    /// The code and message of the Worker's error envelope, when the answer is one.
    pub fn error(&self) -> Option<(&str, &str)> {
        self.json.as_ref()?.error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_without_the_envelope_is_explained_by_its_status() {
        let none = Reply::default();
        assert_eq!(none.error().code, "upstream.failed");
        let expired = Reply {
            sign_in_required: true,
            ..Reply::default()
        };
        assert_eq!(expired.error().code, "provisioning.sign_in_required");
        let envelope = Reply {
            status: 422,
            body: br#"{"error":{"code":"user.password_weak","message":"Weak.","retryable":false}}"#
                .to_vec(),
            ..Reply::default()
        };
        assert_eq!(envelope.error().code, "user.password_weak");
        assert!(!envelope.ok());
    }
}
