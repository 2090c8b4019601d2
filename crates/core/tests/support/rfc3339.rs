//! Seconds since the epoch of an RFC 3339 UTC instant, written independently of the crate's own
//! conversion, for the certificate tests (`tests/certificate_*.rs`), included with `#[path]`.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ` (Hinnant's `days_from_civil`).
pub fn secs(rfc3339: &str) -> i64 {
    let field =
        |range: std::ops::Range<usize>| rfc3339[range].parse::<i64>().expect("RFC 3339 digits");
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * DAY + field(11..13) * 3600 + field(14..16) * 60 + field(17..19)
}
