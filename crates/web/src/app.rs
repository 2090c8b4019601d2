//! The small runtime both page modules are built on: a pure `update(&mut State, Msg, now)` returns
//! [`Effect`]s, the [`Runtime`] carries them out in the browser and feeds their results back as
//! messages, and after each burst of messages the module's view writes the DOM from the state.
//!
//! - [`effect`]: what an update may ask of the browser (fetch, store, download, copy, timer, read a
//!   file, load a language, print, random bytes); plain data, no web-sys, so updates are tested
//!   natively.
//! - [`runtime`]: the browser side: the message queue, the effects, delegated event listeners.
//! - [`json`]: JSON read by the browser's parser, as a plain tree the pure code reads.
//! - [`dom`]: what views use to write the markup of `www/src/helper.html` (slots, templates).
//! - [`mount`]: binding a later module to its part of the markup.
//! - [`Problem`]: a refusal or failure either module shows, by code; [`Server`] and [`Copied`]:
//!   the Worker's state and a copy button's feedback, held by both.

// Each module uses its part of the runtime: built with one feature, the others' part is unused.
#![cfg_attr(
    not(all(feature = "page", feature = "users", feature = "signon")),
    allow(dead_code, unused_imports)
)]

pub(crate) mod browser;
pub(crate) mod dom;
pub(crate) mod effect;
pub(crate) mod json;
pub(crate) mod mount;
mod problem;
pub(crate) mod runtime;
mod shared;

#[cfg(feature = "page")]
pub(crate) use effect::JsonReply;
#[cfg(feature = "users")]
pub(crate) use effect::Reply;
pub(crate) use effect::{Effect, Request};
pub(crate) use problem::Problem;
pub(crate) use runtime::{App, Runtime};
pub(crate) use shared::{Copied, Server, USERS_KEY, WORK_KEY};
