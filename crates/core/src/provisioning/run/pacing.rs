//! How fast a run goes: how many batches may be in flight, and until when to hold off after a
//! rate limit or a retryable failure (exponential back-off, at least what `Retry-After` asks).

/// The longest a server's `Retry-After` is honoured for, in milliseconds (15 minutes).
const MAX_HINT_MS: u64 = 15 * 60 * 1000;

/// Concurrency and back-off of one run (additive increase, multiplicative decrease).
#[derive(Clone, Debug)]
pub(super) struct Pacing {
    max: usize,
    limit: usize,
    hold_until_ms: u64,
    backoff_ms: u64,
    base_ms: u64,
    cap_ms: u64,
}

impl Pacing {
    pub(super) fn new(max_in_flight: usize, base_ms: u64, cap_ms: u64) -> Self {
        let max = max_in_flight.max(1);
        Self {
            max,
            limit: max,
            hold_until_ms: 0,
            backoff_ms: 0,
            base_ms: base_ms.max(1),
            cap_ms: cap_ms.max(base_ms.max(1)),
        }
    }

    /// Batches allowed in flight now.
    pub(super) fn limit(&self) -> usize {
        self.limit
    }

    /// No batch may start before this time (milliseconds).
    pub(super) fn hold_until_ms(&self) -> u64 {
        self.hold_until_ms
    }

    /// A rate limit or a retryable failure at `now_ms`: halve the concurrency, double the
    /// back-off, and hold off for the longer of the back-off and the server's hint.
    pub(super) fn slow_down(&mut self, now_ms: u64, hint_ms: Option<u64>) {
        self.limit = (self.limit / 2).max(1);
        self.backoff_ms = if self.backoff_ms == 0 {
            self.base_ms
        } else {
            self.backoff_ms.saturating_mul(2).min(self.cap_ms)
        };
        let wait = hint_ms.unwrap_or(0).min(MAX_HINT_MS).max(self.backoff_ms);
        self.hold_until_ms = self.hold_until_ms.max(now_ms.saturating_add(wait));
    }

    /// A batch came back with nothing to retry: one more batch in flight (up to the maximum), and
    /// the back-off starts again from its base next time.
    pub(super) fn speed_up(&mut self) {
        self.limit = (self.limit + 1).min(self.max);
        self.backoff_ms /= 2;
        if self.backoff_ms < self.base_ms {
            self.backoff_ms = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slowing_down_halves_concurrency_and_doubles_the_wait() {
        let mut pacing = Pacing::new(4, 1_000, 8_000);
        pacing.slow_down(10_000, None);
        assert_eq!((pacing.limit(), pacing.hold_until_ms()), (2, 11_000));
        pacing.slow_down(11_000, Some(500));
        assert_eq!((pacing.limit(), pacing.hold_until_ms()), (1, 13_000));
        pacing.slow_down(13_000, Some(30_000));
        assert_eq!(pacing.hold_until_ms(), 43_000, "the server's hint wins");
        for _ in 0..10 {
            pacing.speed_up();
        }
        assert_eq!(pacing.limit(), 4);
    }
}
