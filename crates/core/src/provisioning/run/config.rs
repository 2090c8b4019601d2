//! How a run behaves: users per batch call, calls in flight, attempts and back-off, with the
//! settings a script runs with ([`RunConfig::default`]) and the ones the browser page runs with
//! ([`RunConfig::browser`], [`RunConfig::KEPT_RUNS`]).

use crate::provisioning::batch::MAX_BATCH_USERS;

/// How a run behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunConfig {
    /// Users per batch call, 1 to 100.
    pub batch_size: usize,
    /// Most batch calls in flight at once (the run lowers it after rate limits).
    pub max_in_flight: usize,
    /// Calls per user before it fails (each retry after a sent attempt counts).
    pub max_attempts: u32,
    /// First back-off after a rate limit or failure, in milliseconds.
    pub base_backoff_ms: u64,
    /// Longest back-off, in milliseconds.
    pub max_backoff_ms: u64,
    /// `region` sent with each batch (API 1.0), if any.
    pub region: Option<String>,
}

impl Default for RunConfig {
    /// 100 users per call, 3 calls in flight, 8 attempts, back-off from 1 s to 60 s.
    fn default() -> Self {
        Self {
            batch_size: MAX_BATCH_USERS,
            max_in_flight: 3,
            max_attempts: 8,
            base_backoff_ms: 1_000,
            max_backoff_ms: 60_000,
            region: None,
        }
    }
}

impl RunConfig {
    /// How many files' run outcomes the browser keeps (in `localStorage`, newest first, one entry
    /// per file, never a password), so that after a reload the report so far can be downloaded
    /// and running the same file again skips the lines already created or existing. Running
    /// another file drops the oldest file's outcomes beyond these, and a full storage drops them
    /// earlier.
    pub const KEPT_RUNS: usize = 5;

    /// The run the browser page starts: 25 users per batch call, small enough that progress
    /// moves smoothly, a pause takes effect within one batch, and one call stays far below a
    /// Worker's subrequest limit; the rest as [`RunConfig::default`] (3 calls in flight, 8
    /// attempts, back-off from 1 s to 60 s). `region` is `None`: the page sets it from its form.
    pub fn browser() -> Self {
        Self {
            batch_size: 25,
            ..Self::default()
        }
    }
}
