//! Transient failures, one user at a time: a user whose call failed without a clear answer (a
//! lost connection, a 5xx, a missing result) waits a jittered back-off of its own before it is
//! sent again, and the others go on at full speed. A failure is not a rate limit: the whole run
//! slows down only on rate-limit signals (429, `Retry-After`, `X-RateLimit-Reset`) or when most
//! of the latest calls failed (Mimecast or the network is in trouble for everyone).

use super::BulkRun;

/// A user's first back-off after a transient failure, in milliseconds; it doubles with each
/// further attempt, up to the run's longest back-off.
const USER_BACKOFF_MS: u64 = 250;
/// How many of the latest batch calls are weighed.
const RECENT: usize = 8;
/// Fewest calls weighed before "most fail" is judged.
const RECENT_MIN: usize = 4;

impl BulkRun {
    /// User `i` failed transiently at `now_ms`: it goes back in line, not before its back-off.
    pub(super) fn retry_later(&mut self, i: usize, now_ms: u64) {
        let cap = self.config.max_backoff_ms;
        let entry = &mut self.entries[i];
        let wait = user_backoff(entry.result.line, entry.attempts, cap);
        entry.not_before_ms = now_ms.saturating_add(wait);
    }

    /// Weighs one batch call: `failed` when it failed whole, or most of its users failed
    /// transiently.
    pub(super) fn note(&mut self, failed: bool) {
        self.recent.push_back(failed);
        while self.recent.len() > RECENT {
            self.recent.pop_front();
        }
    }

    /// Whether most of the latest calls failed.
    pub(super) fn mostly_failing(&self) -> bool {
        let failed = self.recent.iter().filter(|f| **f).count();
        self.recent.len() >= RECENT_MIN && failed * 2 > self.recent.len()
    }
}

/// The back-off of the user on `line` after `attempts` attempts: 250 ms doubled per attempt, at
/// most `cap_ms`, times a jitter between 50 % and 100 % drawn from the line and the attempt (so
/// users that failed together are not all sent again together, and a run replays the same).
fn user_backoff(line: u32, attempts: u32, cap_ms: u64) -> u64 {
    let doubled = USER_BACKOFF_MS.saturating_mul(1u64 << attempts.saturating_sub(1).min(16));
    let full = doubled.min(cap_ms.max(USER_BACKOFF_MS));
    // SplitMix64's finaliser over (line, attempts): a well-spread, repeatable draw.
    let mut x = (u64::from(line) << 32 | u64::from(attempts)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    full / 2 + (full / 2) * (x % 1_001) / 1_000
}

#[cfg(test)]
mod tests {
    use super::user_backoff;

    #[test]
    fn a_user_s_back_off_doubles_is_capped_and_jittered_between_half_and_full() {
        for line in 2..200 {
            let first = user_backoff(line, 1, 60_000);
            assert!((125..=250).contains(&first), "{first}");
            let fourth = user_backoff(line, 4, 60_000);
            assert!((1_000..=2_000).contains(&fourth), "{fourth}");
            assert!(user_backoff(line, 30, 60_000) <= 60_000);
        }
        let spread: std::collections::BTreeSet<u64> =
            (2..50).map(|line| user_backoff(line, 1, 60_000)).collect();
        assert!(
            spread.len() > 20,
            "users that failed together are spread out"
        );
    }
}
