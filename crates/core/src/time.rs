//! Time as the caller gives it: the core never reads a clock, so `now` is always a parameter.

use serde::{Deserialize, Serialize};

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z (UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// Reads an ISO 8601 date and time with a zone, as Mimecast writes them
    /// (`2015-04-02T15:58:47+0000`, Get Pending Domain's reference page) and as RFC 3339 does
    /// (`2015-04-02T15:58:47Z`, `…+02:00`, fractions of a second ignored). `None` for anything
    /// else, including a time without a zone.
    pub fn parse_iso8601(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date, rest) = text.split_once(['T', ' '])?;
        let mut parts = date.splitn(3, '-');
        let year: i64 = digits(parts.next()?, 4)?;
        let month: i64 = digits(parts.next()?, 2)?;
        let day: i64 = digits(parts.next()?, 2)?;
        let zone_at = rest.find(['Z', 'z', '+', '-'])?;
        let (clock, zone) = rest.split_at(zone_at);
        let clock = clock.split('.').next()?;
        let mut hms = clock.splitn(3, ':');
        let hour: i64 = digits(hms.next()?, 2)?;
        let minute: i64 = digits(hms.next()?, 2)?;
        let second: i64 = digits(hms.next()?, 2)?;
        let offset = match zone {
            "Z" | "z" => 0,
            _ => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let hhmm = zone[1..].replace(':', "");
                if hhmm.len() != 4 || !hhmm.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                sign * (digits(&hhmm[..2], 2)? * 3600 + digits(&hhmm[2..], 2)? * 60)
            }
        };
        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            && second < 61;
        if !valid {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(
            days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second.min(59) - offset,
        ))
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

/// `text` as a number of exactly `len` ASCII digits.
fn digits(text: &str, len: usize) -> Option<i64> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    fn reads_mimecast_and_rfc3339_dates() {
        let at = UnixTime::parse_iso8601("2015-04-02T15:58:47+0000").unwrap();
        assert_eq!(at.to_rfc3339(), "2015-04-02T15:58:47Z");
        assert_eq!(UnixTime::parse_iso8601("2015-04-02T15:58:47Z"), Some(at));
        assert_eq!(
            UnixTime::parse_iso8601("2015-04-02T17:58:47.123+02:00"),
            Some(at)
        );
        assert_eq!(
            UnixTime::parse_iso8601("2015-04-02T10:58:47-0500"),
            Some(at)
        );
        assert_eq!(
            UnixTime::parse_iso8601("2000-02-29T00:00:00Z")
                .unwrap()
                .secs(),
            951_782_400
        );
        for bad in [
            "",
            "2015-04-02",
            "2015-04-02T15:58:47",
            "2015-02-29T00:00:00Z",
            "2015-13-01T00:00:00Z",
            "2015-04-02T24:00:00Z",
            "2015-4-2T15:58:47Z",
            "2015-04-02T15:58:47+5",
            "２015-04-02T15:58:47Z",
            "2015-04-02T15:58:47+a€",
        ] {
            assert_eq!(UnixTime::parse_iso8601(bad), None, "{bad}");
        }
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
