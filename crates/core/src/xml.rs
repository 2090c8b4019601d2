//! Reading XML that comes from outside (federation metadata, SAML responses) defensively: size,
//! declarations and nesting depth are checked on the raw bytes before any parsing, then
//! roxmltree parses with DTDs off and a node limit.
//!
//! The scan is linear, allocation-free and iterative, so a 50 MB document or 10,000 nested
//! elements cost one pass over at most the caller's size limit and never recurse.

use roxmltree::{Document, ParsingOptions};

/// Why a document was refused before or while parsing; each caller maps it to its own coded error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum XmlProblem {
    /// Nothing, or only whitespace.
    Empty,
    /// Larger than the caller's limit.
    TooLarge {
        /// Size of the input in bytes.
        len: usize,
    },
    /// A `<!DOCTYPE`, `<!ENTITY` or other `<!` declaration.
    Doctype,
    /// Elements nested deeper than the caller's limit.
    TooDeep,
    /// Not well-formed XML, or not UTF-8.
    Invalid {
        /// Line of the problem, counting from 1.
        line: u32,
        /// Column of the problem, counting from 1.
        column: u32,
        /// What the parser reported.
        detail: String,
    },
}

/// The limits a caller reads a document with.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Most bytes.
    pub bytes: usize,
    /// Deepest element nesting.
    pub depth: usize,
    /// Most nodes parsed.
    pub nodes: u32,
}

/// Checks `input` ([`check`]) and parses it with DTDs refused and at most `limits.nodes` nodes.
pub(crate) fn parse(input: &[u8], limits: Limits) -> Result<Document<'_>, XmlProblem> {
    let text = check(input, limits)?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.nodes,
    };
    Document::parse_with_options(text, options).map_err(|error| {
        let position = error.pos();
        XmlProblem::Invalid {
            line: position.row,
            column: position.col,
            detail: error.to_string(),
        }
    })
}

/// The document as text, once it passed every check: UTF-8 (a BOM removed; UTF-16 and NUL
/// characters refused by name), not empty, at most `limits.bytes` bytes, without
/// `<!DOCTYPE`/`<!ENTITY` declarations, at most `limits.depth` elements deep.
pub(crate) fn check(input: &[u8], limits: Limits) -> Result<&str, XmlProblem> {
    if input.len() > limits.bytes {
        return Err(XmlProblem::TooLarge { len: input.len() });
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(XmlProblem::Empty);
    }
    // Before the scan, which reads bytes as UTF-8 would: in UTF-16 every `<` is followed by a
    // NUL byte, so every end tag would look like a start tag and the document like a deep one.
    if input.starts_with(b"\xFF\xFE") || input.starts_with(b"\xFE\xFF") {
        return Err(invalid(input, 0, "the text is UTF-16, not UTF-8"));
    }
    if let Some(at) = input.iter().position(|b| *b == 0) {
        return Err(invalid(
            input,
            at,
            "the text holds a NUL character, which XML never does (UTF-16 text?)",
        ));
    }
    scan(input, limits.depth)?;
    std::str::from_utf8(input)
        .map_err(|error| invalid(input, error.valid_up_to(), "the text is not UTF-8"))
}

/// [`XmlProblem::Invalid`] at byte `at` of `input`, with its line and column.
fn invalid(input: &[u8], at: usize, detail: &str) -> XmlProblem {
    let before = input.get(..at).unwrap_or(input);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.len()
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    XmlProblem::Invalid {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        detail: detail.to_owned(),
    }
}

/// One pass over the markup: refuses declarations (`<!` other than comments and CDATA) and
/// counts element depth. Malformed markup is left for the XML parser to report.
fn scan(input: &[u8], max_depth: usize) -> Result<(), XmlProblem> {
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(offset) = input[i..].iter().position(|b| *b == b'<') {
        let rest = &input[i + offset..];
        if rest.starts_with(b"<!--") {
            i = skip_past(input, i + offset + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_past(input, i + offset + 9, b"]]>");
        } else if rest.starts_with(b"<!") {
            return Err(XmlProblem::Doctype);
        } else if rest.starts_with(b"<?") {
            i = skip_past(input, i + offset + 2, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_past(input, i + offset + 2, b">");
        } else {
            let (end, self_closing) = tag_end(input, i + offset + 1);
            if !self_closing {
                depth += 1;
                if depth > max_depth {
                    return Err(XmlProblem::TooDeep);
                }
            }
            i = end;
        }
        if i >= input.len() {
            break;
        }
    }
    Ok(())
}

/// The index just past the first `needle` at or after `from`, or the input's length.
fn skip_past(input: &[u8], from: usize, needle: &[u8]) -> usize {
    input
        .get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(input.len(), |at| from + at + needle.len())
}

/// The index just past the `>` closing a start tag that begins at `from` (quoted attribute values
/// may hold `>`), and whether the tag ends with `/>`.
fn tag_end(input: &[u8], from: usize) -> (usize, bool) {
    let mut quote: Option<u8> = None;
    let mut previous = 0u8;
    for (index, &byte) in input.iter().enumerate().skip(from) {
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            None if byte == b'>' => return (index + 1, previous == b'/'),
            None => {}
        }
        previous = byte;
    }
    (input.len(), false)
}
