//! Small text helpers for messages that repeat part of what was typed or pasted.
//!
//! Messages are shown on the page and returned by the Worker, so echoed input is kept short, and
//! input that may be a secret (a pasted PEM block or base64 body) is not echoed at all.

/// At most 64 characters of `text`, with `…` when cut: echoed input stays readable in messages.
pub(crate) fn shorten(text: &str) -> String {
    const LIMIT: usize = 64;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A short, harmless prefix of `text` to echo in a message, or `None` when nothing should be
/// echoed because the text looks like PEM or base64 (a pasted certificate or private key).
///
/// At most `limit` characters are kept; any character other than an ASCII letter, digit, space,
/// `-`, `_` or `.` becomes `?`, so markup, quotes and bidirectional controls never come back.
pub(crate) fn safe_prefix(text: &str, limit: usize) -> Option<String> {
    if looks_like_pem_or_base64(text) {
        return None;
    }
    let mut prefix: String = text
        .chars()
        .take(limit)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '?'
            }
        })
        .collect();
    if text.chars().nth(limit).is_some() {
        prefix.push('…');
    }
    Some(prefix)
}

/// PEM (a line of five dashes) or a run of at least 16 base64 characters: text that may hold a
/// certificate or a private key.
fn looks_like_pem_or_base64(text: &str) -> bool {
    const BASE64_RUN: usize = 16;
    text.contains("-----")
        || text
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
            .any(|run| {
                run.len() >= BASE64_RUN
                    && run.bytes().any(|b| {
                        b.is_ascii_digit() || b == b'+' || b == b'/' || b.is_ascii_uppercase()
                    })
            })
}

/// What is wrong with a JSON body, as serde_json found it, naming a field but never repeating a
/// value (a value could be a password): "missing field `name`", "unknown field `url`", "it is not
/// valid JSON" or "a field has the wrong type".
pub(crate) fn json_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if text.starts_with("unknown field") || text.starts_with("missing field") {
        // serde_json's text names the field and, for an unknown one, the expected names.
        text.split(" at line").next().unwrap_or_default().to_owned()
    } else if error.is_syntax() || error.is_eof() {
        "it is not valid JSON".to_owned()
    } else {
        "a field has the wrong type".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_echoed_and_markup_is_defused() {
        assert_eq!(safe_prefix("europe", 16).as_deref(), Some("europe"));
        assert_eq!(safe_prefix("<b>\u{202e}x", 16).as_deref(), Some("?b??x"));
        assert_eq!(
            safe_prefix("abcdefghij klmnopqrst", 8).as_deref(),
            Some("abcdefgh…")
        );
    }

    #[test]
    fn pem_and_base64_are_not_echoed() {
        assert_eq!(safe_prefix("-----BEGIN PRIVATE KEY-----", 16), None);
        assert_eq!(safe_prefix("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 16), None);
    }
}
