//! Time as the caller gives it: the core never reads a clock, so `now` is always a parameter.

use serde::{Deserialize, Serialize};

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnixTime(i64);

const SECONDS_PER_DAY: i64 = 86_400;

impl UnixTime {
    /// From seconds since the Unix epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// From milliseconds since the Unix epoch, as JavaScript's `Date.now()` gives them.
    ///
    /// Accepts any `f64`: not-a-number counts as the epoch and values beyond the range saturate.
    pub fn from_millis_f64(ms: f64) -> Self {
        // `as` saturates on overflow and maps NaN to 0, which is what we want for caller input.
        Self((ms / 1000.0).floor() as i64)
    }

    /// Seconds since the Unix epoch.
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// Whole days from `self` until `later`, rounded towards minus infinity (negative when `later`
    /// is in the past).
    pub fn days_until(self, later: UnixTime) -> i64 {
        later.0.saturating_sub(self.0).div_euclid(SECONDS_PER_DAY)
    }

    /// RFC 3339 form in UTC, for example `2026-11-23T13:44:00Z`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs_of_day = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs_of_day / 3600,
            secs_of_day / 60 % 60,
            secs_of_day % 60
        )
    }
}

/// Proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants_as_rfc3339() {
        assert_eq!(UnixTime::from_secs(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            UnixTime::from_secs(1_448_369_411).to_rfc3339(),
            "2015-11-24T12:50:11Z"
        );
        assert_eq!(
            UnixTime::from_secs(951_782_400).to_rfc3339(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(UnixTime::from_secs(-1).to_rfc3339(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn days_until_rounds_down() {
        let now = UnixTime::from_secs(1000);
        assert_eq!(now.days_until(UnixTime::from_secs(1000 + 86_399)), 0);
        assert_eq!(now.days_until(UnixTime::from_secs(1000 + 86_400)), 1);
        assert_eq!(now.days_until(UnixTime::from_secs(999)), -1);
    }

    #[test]
    fn millis_from_javascript_never_panic() {
        assert_eq!(UnixTime::from_millis_f64(1_500.0).secs(), 1);
        assert_eq!(UnixTime::from_millis_f64(f64::NAN).secs(), 0);
        assert_eq!(UnixTime::from_millis_f64(f64::INFINITY).secs(), i64::MAX);
    }
}
