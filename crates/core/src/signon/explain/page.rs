//! Reading a pasted error page by plain string scanning: the AADSTS code and its message, the
//! Troubleshooting details' IDs, and Mimecast's own sign-on error page.
//!
//! Entra's page shows "AADSTS50011: The redirect URI '…' specified in the request does not
//! match …", then "Troubleshooting details" with `Request Id:`, `Correlation Id:`, `Timestamp:`,
//! `Message:`, `App name:`, `App id:` and `Device identifier:` lines; an OAuth error body carries
//! the same in `error_description` ("…\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp:
//! 2016-01-09 02:02:12Z") and in `trace_id` / `correlation_id` fields (Microsoft, "Microsoft
//! Entra authentication and authorization error codes"). Labels are matched in any case, with `_`
//! read as a space; a value is kept only when it has the shape its label promises.

use crate::time::UnixTime;

/// Fewest and most digits read as an AADSTS code: Microsoft's list runs from 16000 to 9002341.
const CODE_DIGITS: std::ops::RangeInclusive<usize> = 5..=8;

/// The longest message kept, in characters.
const MAX_MESSAGE_CHARS: usize = 1000;

/// Labels whose value is the request's ID: the page's `Request Id`, an OAuth body's `Trace ID`.
const REQUEST_ID: &[&str] = &["request id", "trace id"];
const CORRELATION_ID: &[&str] = &["correlation id"];
const TIMESTAMP: &[&str] = &["timestamp"];
const APP_ID: &[&str] = &["app id"];

/// Where the message after the code ends, besides the end of its line.
const MESSAGE_ENDS: &[&str] = &[
    "\\r\\n",
    "\\n",
    "trace id:",
    "correlation id:",
    "request id:",
    "timestamp:",
];

/// Mimecast's page after a refused SAML response, as an administrator quoted it (MicrosoftDocs
/// azure-docs issue 87832, 2022-02-10, on `protect-eu.mimecast.com/connectivity?status=false`):
/// "Sorry, we're having trouble logging you in. This is because we can't validate your
/// identity. Please tell your organization's administrator that this is likely to be caused by
/// a SAML issue." Either phrase is enough; neither has an apostrophe that a copy could change.
const MIMECAST_PHRASES: &[&str] = &["validate your identity", "caused by a saml issue"];

/// What the pasted text holds.
#[derive(Debug, Default)]
pub(super) struct Pasted {
    pub number: Option<u32>,
    pub message: Option<String>,
    pub mimecast: bool,
    pub request_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
    pub app_id: Option<String>,
}

/// Reads `text`, which is at most [`super::MAX_ERROR_TEXT_BYTES`] long.
pub(super) fn read(text: &str) -> Pasted {
    // ASCII lower case with `_` as a space: the same bytes at the same places as `text`, so an
    // index found in `norm` slices `text` on a character boundary.
    let norm = text.to_ascii_lowercase().replace('_', " ");
    let (number, message) = match code(text, &norm) {
        Some((number, end)) => (Some(number), message(text, &norm, end)),
        None => (bare_number(text).or_else(|| labelled_number(&norm)), None),
    };
    Pasted {
        number,
        message,
        mimecast: number.is_none() && MIMECAST_PHRASES.iter().any(|p| norm.contains(p)),
        request_id: labelled(text, &norm, REQUEST_ID, guid),
        correlation_id: labelled(text, &norm, CORRELATION_ID, guid),
        timestamp: labelled(text, &norm, TIMESTAMP, timestamp),
        app_id: labelled(text, &norm, APP_ID, guid),
    }
}

/// The number of the first `AADSTS` followed by 5 to 8 digits, and where the digits end.
fn code(text: &str, norm: &str) -> Option<(u32, usize)> {
    const PREFIX: &str = "aadsts";
    let mut from = 0;
    while let Some(at) = norm.get(from..)?.find(PREFIX) {
        let start = from + at + PREFIX.len();
        if let Some((number, len)) = digits(text.get(start..)?) {
            return Some((number, start + len));
        }
        from = start;
    }
    None
}

/// The number at the start of `text` when it has 5 to 8 digits (and no more), with its length.
fn digits(text: &str) -> Option<(u32, usize)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    if !CODE_DIGITS.contains(&len) {
        return None;
    }
    Some((text.get(..len)?.parse().ok()?, len))
}

/// The number when the whole text is one: `50011`.
fn bare_number(text: &str) -> Option<u32> {
    let trimmed = text.trim();
    digits(trimmed)
        .filter(|(_, len)| *len == trimmed.len())
        .map(|(n, _)| n)
}

/// The number after `error code` (the Sign-in logs' "Sign-in error code: 50011").
fn labelled_number(norm: &str) -> Option<u32> {
    let mut from = 0;
    while let Some(at) = norm.get(from..)?.find("error code") {
        let start = from + at + "error code".len();
        let rest = norm.get(start..)?;
        let value = rest.trim_start_matches([' ', '\t', ':']);
        if let Some((number, _)) = digits(value) {
            return Some(number);
        }
        from = start;
    }
    None
}

/// Entra's message: the rest of the code's line after `:`, up to the Troubleshooting labels.
fn message(text: &str, norm: &str, end: usize) -> Option<String> {
    let rest = text.get(end..)?;
    let norm_rest = norm.get(end..)?;
    let skipped = rest.len() - rest.trim_start_matches([':', ' ', '\t']).len();
    let mut stop = norm_rest.find(['\n', '\r']).unwrap_or(norm_rest.len());
    for marker in MESSAGE_ENDS {
        if let Some(at) = norm_rest.get(..stop)?.find(marker) {
            stop = at;
        }
    }
    let raw = rest.get(skipped.min(stop)..stop)?;
    let mut cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    // The end of a JSON string value: `…",` around the message of an OAuth error body.
    let trimmed = cleaned.trim_end().trim_end_matches(',');
    let trimmed = match trimmed.strip_suffix('"') {
        Some(inner) if trimmed.matches('"').count() % 2 == 1 => inner,
        _ => trimmed,
    };
    cleaned = trimmed.trim().to_owned();
    if let Some((cut, _)) = cleaned.char_indices().nth(MAX_MESSAGE_CHARS) {
        cleaned.truncate(cut);
        cleaned.push('…');
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

/// The first value after one of `labels` that `accept` takes: after the label come spaces,
/// `:`, `=` or quotes, and at most one line break (a value copied on the line below its label).
fn labelled(
    text: &str,
    norm: &str,
    labels: &[&str],
    accept: fn(&str) -> Option<String>,
) -> Option<String> {
    for label in labels {
        let mut from = 0;
        while let Some(at) = norm.get(from..).and_then(|rest| rest.find(label)) {
            let start = from + at + label.len();
            let Some(after) = text.get(start..) else {
                break;
            };
            let value = skip_separators(after);
            if let Some(found) = accept(value) {
                return Some(found);
            }
            from = start;
        }
    }
    None
}

/// `text` without the separators between a label and its value.
fn skip_separators(text: &str) -> &str {
    let mut breaks = 0;
    let mut rest = text;
    for (index, c) in text.char_indices().take(24) {
        match c {
            ' ' | '\t' | ':' | '=' | '"' | '\'' => {}
            '\r' => {}
            '\n' if breaks == 0 => breaks += 1,
            _ => {
                rest = text.get(index..).unwrap_or("");
                break;
            }
        }
    }
    rest
}

/// A GUID at the start of `text` (hyphenated, any case), not followed by more of a word.
fn guid(text: &str) -> Option<String> {
    let candidate = text.get(..36)?;
    let shaped = candidate.bytes().enumerate().all(|(i, b)| {
        if matches!(i, 8 | 13 | 18 | 23) {
            b == b'-'
        } else {
            b.is_ascii_hexdigit()
        }
    });
    let ends = text
        .get(36..)?
        .chars()
        .next()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
    (shaped && ends).then(|| candidate.to_owned())
}

/// An ISO 8601 date and time with a zone at the start of `text` — `2026-11-30T10:11:12Z`,
/// `2026-11-30T10:11:12.3456789Z`, `2016-01-09 02:02:12Z`, `…+01:00` — that
/// [`UnixTime::parse_iso8601`] accepts, not followed by more of a word.
fn timestamp(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|b| b.is_ascii_digit());
    let pattern_ok = (0..19).all(|i| match i {
        4 | 7 => at(i) == Some(b'-'),
        10 => matches!(at(i), Some(b'T' | b't' | b' ')),
        13 | 16 => at(i) == Some(b':'),
        _ => digit(i),
    });
    if !pattern_ok {
        return None;
    }
    let mut end = 19;
    if at(end) == Some(b'.') {
        let fraction = (end + 1..).take_while(|i| digit(*i)).count();
        if !(1..=7).contains(&fraction) {
            return None;
        }
        end += 1 + fraction;
    }
    match at(end) {
        Some(b'Z' | b'z') => end += 1,
        Some(b'+' | b'-') => {
            let colon = usize::from(at(end + 3) == Some(b':'));
            let zone = [end + 1, end + 2, end + 3 + colon, end + 4 + colon];
            if !zone.iter().all(|i| digit(*i)) {
                return None;
            }
            end += 5 + colon;
        }
        _ => return None,
    }
    let candidate = text.get(..end)?;
    let ends = text
        .get(end..)?
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (ends && UnixTime::parse_iso8601(candidate).is_some()).then(|| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timestamp_needs_a_zone_and_a_real_date() {
        assert_eq!(
            timestamp("2026-11-30T10:11:12.345Z\n").as_deref(),
            Some("2026-11-30T10:11:12.345Z")
        );
        assert_eq!(
            timestamp("2016-01-09 02:02:12Z\",").as_deref(),
            Some("2016-01-09 02:02:12Z")
        );
        assert_eq!(
            timestamp("2026-11-30T10:11:12+01:00").as_deref(),
            Some("2026-11-30T10:11:12+01:00")
        );
        assert_eq!(timestamp("2026-11-30T10:11:12"), None);
        assert_eq!(timestamp("2026-02-30T10:11:12Z"), None);
        assert_eq!(timestamp("2026-11-30T10:11:12Zjunk"), None);
        assert_eq!(timestamp("2026-11-30T10:11:12.Z"), None);
    }

    #[test]
    fn a_guid_must_stand_alone() {
        let id = "3b5c2f1e-9a8b-4c7d-8e6f-5a4b3c2d1e0f";
        assert_eq!(guid(id).as_deref(), Some(id));
        assert_eq!(guid(&format!("{id} rest")).as_deref(), Some(id));
        assert_eq!(guid(&format!("{id}abc")), None);
        assert_eq!(guid("3b5c2f1e9a8b4c7d8e6f5a4b3c2d1e0f0000"), None);
    }

    #[test]
    fn five_to_eight_digits_make_a_code() {
        assert_eq!(digits("50011:"), Some((50011, 5)));
        assert_eq!(digits("7500514 "), Some((7_500_514, 7)));
        assert_eq!(digits("1234"), None);
        assert_eq!(digits("123456789"), None);
    }
}
