//! Faults injected on demand: each queued fault applies to the next `/api/…` request.

use serde::Deserialize;

/// One fault.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer 429 with `X-RateLimit-Reset: {reset_ms}`.
    RateLimit {
        /// Milliseconds until the limit resets.
        #[serde(rename = "resetMs", default = "one_second")]
        reset_ms: u64,
    },
    /// Answer HTTP 500.
    ServerError,
    /// Handle the request (a user is created), then answer HTTP 500 anyway: the caller cannot
    /// tell whether it worked, as after a real timeout.
    ServerErrorAfter,
    /// Wait `ms` milliseconds, then answer normally.
    Slow {
        /// The delay.
        ms: u64,
    },
    /// Answer HTTP 200 with this entry in `fail[]`.
    Fail {
        /// Mimecast's error code.
        code: String,
        /// Its message.
        #[serde(default)]
        message: String,
        /// Its retryable flag.
        #[serde(default)]
        retryable: bool,
    },
    /// Expire every issued token, then handle the request (which then fails with 401).
    ExpireToken,
    /// Answer HTTP 418 "Binding Expired", as Mimecast does for API 1.0 keys whose binding lapsed.
    BindingExpired,
    /// Close the connection without an answer, before handling the request: what a server that
    /// closed an idle keep-alive connection, or a lost connection, looks like to the caller.
    Drop,
    /// Handle the request (a user is created), then close the connection without an answer.
    DropAfter,
    /// No fault: handle the request normally (to spread faults out in a queued pattern).
    Pass,
}

fn one_second() -> u64 {
    1_000
}

/// The body of `POST /__sim/faults`: `{"faults":[…], "repeat": n}` (each fault queued `repeat`
/// times, default once).
#[derive(Debug, Deserialize)]
pub struct FaultRequest {
    /// Faults, in order.
    pub faults: Vec<Fault>,
    /// How many times to queue the list.
    #[serde(default = "once")]
    pub repeat: usize,
}

fn once() -> usize {
    1
}
