//! How the Worker serves the static helper (`www/`): which files browsers may keep for a year,
//! which are compressed, and in which content coding for a request's `Accept-Encoding`.
//!
//! - A content-hashed file, named `<stem>.<16 lowercase hex digits>.<ext>` (such as
//!   `pkg/page.3f2a9c1b0d4e5f67.wasm`), never changes under its name: `public, max-age=31536000,
//!   immutable`. Everything else is `no-cache`: stored, but revalidated with its `ETag` (a 304 when
//!   it has not changed).
//! - Text and WebAssembly ([`is_compressible`]) go out gzip- or Brotli-compressed when the client
//!   accepts it (RFC 9110 §12.5.3, with q-values), identity otherwise, always with
//!   `Vary: Accept-Encoding`. A compressed body is not the bytes the asset's strong `ETag` names,
//!   so its `ETag` becomes weak (RFC 9110 §8.8.1), as Cloudflare's edge does when it compresses.

/// `Cache-Control` of a content-hashed file: a year, never revalidated (RFC 8246 `immutable`).
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every other static answer: stored, revalidated before each use.
pub const REVALIDATE: &str = "no-cache";

/// A content coding the Worker asks the runtime to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentCoding {
    /// Brotli (`br`, RFC 7932).
    Brotli,
    /// gzip (`gzip`, RFC 1952).
    Gzip,
}

impl ContentCoding {
    /// The token of `Content-Encoding`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentCoding::Brotli => "br",
            ContentCoding::Gzip => "gzip",
        }
    }
}

/// The media types sent compressed: the page's HTML, CSS, JavaScript, JSON (translations) and
/// WebAssembly, plus SVG and plain text. All are in Cloudflare's list of types it compresses by
/// default; images and fonts of other types are compressed already.
const COMPRESSIBLE: &[&str] = &[
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/wasm",
    "image/svg+xml",
    "text/plain",
];

/// Whether a response of `content_type` (a `Content-Type` value, parameters allowed) is sent
/// compressed.
pub fn is_compressible(content_type: &str) -> bool {
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    COMPRESSIBLE
        .iter()
        .any(|known| known.eq_ignore_ascii_case(media_type))
}

/// Whether the last segment of `path` is a content-hashed name: `<stem>.<16 lowercase hex
/// digits>.<ext>`, with a non-empty stem and an alphanumeric extension.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut parts = name.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && !ext.is_empty()
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && hash.len() == 16
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `Cache-Control` for a static answer of `status` to `path`: [`IMMUTABLE`] for a content-hashed
/// file found (2xx) or not modified (304), [`REVALIDATE`] for everything else, a 404 of a hashed
/// name included (the file may be deployed a moment later).
pub fn cache_control(path: &str, status: u16) -> &'static str {
    if is_content_hashed(path) && ((200..300).contains(&status) || status == 304) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// The coding to send for `accept_encoding` (the client's `Accept-Encoding`), `None` for identity.
///
/// Highest q-value wins among `br` and `gzip` (`x-gzip` counts as `gzip`, `*` stands for any coding
/// not listed); `q=0` refuses a coding. On a tie Brotli wins: it is the smaller. No header, an empty
/// one, or only other codings (`deflate`, `zstd`) mean identity. Malformed elements are skipped.
pub fn negotiate(accept_encoding: &str) -> Option<ContentCoding> {
    let mut brotli = None;
    let mut gzip = None;
    let mut any = None;
    for element in accept_encoding.split(',') {
        let mut params = element.split(';');
        let coding = params.next().unwrap_or("").trim().to_ascii_lowercase();
        let Some(weight) = weight(params) else {
            continue;
        };
        let slot = match coding.as_str() {
            "br" => &mut brotli,
            "gzip" | "x-gzip" => &mut gzip,
            "*" => &mut any,
            _ => continue,
        };
        // A coding listed twice keeps its highest weight.
        *slot = Some(slot.map_or(weight, |w: u16| w.max(weight)));
    }
    let brotli = brotli.or(any).unwrap_or(0);
    let gzip = gzip.or(any).unwrap_or(0);
    match (brotli, gzip) {
        (0, 0) => None,
        (b, g) if b >= g => Some(ContentCoding::Brotli),
        _ => Some(ContentCoding::Gzip),
    }
}

/// The weight of one `Accept-Encoding` element in thousandths (1000 without a `q` parameter), from
/// its parameters; `None` when a `q` is malformed (RFC 9110 §12.4.2: `0[.ddd]` or `1[.000]`).
fn weight<'a>(params: impl Iterator<Item = &'a str>) -> Option<u16> {
    let mut weight = 1000;
    for param in params {
        let (name, value) = param.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            weight = qvalue(value.trim())?;
        }
    }
    Some(weight)
}

/// `0.5` → 500; `1`, `1.0`, `1.000` → 1000; anything else → `None`.
fn qvalue(text: &str) -> Option<u16> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |acc, digit| acc * 10 + u16::from(digit - b'0'));
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// `"abc"` → `W/"abc"`; a weak tag stays as it is.
pub fn weak_etag(etag: &str) -> String {
    let etag = etag.trim();
    if etag.starts_with("W/") {
        etag.to_owned()
    } else {
        format!("W/{etag}")
    }
}

/// What the Worker does to one static answer from the assets binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticHeaders {
    /// `Cache-Control` to set.
    pub cache_control: &'static str,
    /// Whether to add `Accept-Encoding` to `Vary` (the answer depends on it).
    pub vary_accept_encoding: bool,
    /// `Content-Encoding` to set on the body (dropping `Content-Length`), `None` to send it as is.
    pub content_encoding: Option<ContentCoding>,
    /// Whether to make the `ETag` weak: the client gets, or has cached, a compressed copy.
    pub weak_etag: bool,
}

/// The headers of the static answer of `status` with `content_type` to a request for `path`,
/// from the client's `accept_encoding`. Only a 200 gets a body coding; a 304 keeps the `Vary` and
/// the weak `ETag` its 200 had.
pub fn static_headers(
    path: &str,
    status: u16,
    content_type: Option<&str>,
    accept_encoding: Option<&str>,
) -> StaticHeaders {
    let compressible = content_type.is_some_and(is_compressible);
    let coding = if compressible && matches!(status, 200 | 304) {
        accept_encoding.and_then(negotiate)
    } else {
        None
    };
    StaticHeaders {
        cache_control: cache_control(path, status),
        vary_accept_encoding: compressible,
        content_encoding: coding.filter(|_| status == 200),
        weak_etag: coding.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContentCoding::{Brotli, Gzip};

    #[test]
    fn hashed_names_have_a_stem_sixteen_lowercase_hex_digits_and_an_extension() {
        for path in [
            "/pkg/page.3f2a9c1b0d4e5f67.wasm",
            "/pkg/page.3f2a9c1b0d4e5f67.js",
            "/i18n/fr.0123456789abcdef.json",
            "/users.0123456789abcdef.wasm",
            "/a.b.0123456789abcdef.css",
        ] {
            assert!(is_content_hashed(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/pkg/mimecast_sso_web_bg.wasm",
            "/pkg/page.3F2A9C1B0D4E5F67.wasm",
            "/pkg/page.3f2a9c1b0d4e5f6.wasm",
            "/pkg/page.3f2a9c1b0d4e5f678.wasm",
            "/pkg/page.3f2a9c1b0d4e5g67.wasm",
            "/pkg/.3f2a9c1b0d4e5f67.wasm",
            "/pkg/page.3f2a9c1b0d4e5f67.",
            "/pkg/page.3f2a9c1b0d4e5f67",
            "/3f2a9c1b0d4e5f67.wasm",
            "/pkg.3f2a9c1b0d4e5f67.x/page.wasm",
        ] {
            assert!(!is_content_hashed(path), "{path}");
        }
    }

    #[test]
    fn hashed_files_are_immutable_everything_else_revalidates() {
        assert_eq!(
            cache_control("/pkg/page.3f2a9c1b0d4e5f67.wasm", 200),
            IMMUTABLE
        );
        assert_eq!(
            cache_control("/pkg/page.3f2a9c1b0d4e5f67.wasm", 304),
            IMMUTABLE
        );
        assert_eq!(cache_control("/", 200), REVALIDATE);
        assert_eq!(cache_control("/index.html", 307), REVALIDATE);
        assert_eq!(cache_control("/main.js", 304), REVALIDATE);
    }

    #[test]
    fn a_missing_hashed_file_is_not_cached_for_a_year() {
        assert_eq!(
            cache_control("/pkg/page.3f2a9c1b0d4e5f67.wasm", 404),
            REVALIDATE
        );
    }

    #[test]
    fn text_and_wasm_are_compressible_images_are_not() {
        for t in [
            "text/html; charset=utf-8",
            "text/css",
            "text/javascript; charset=utf-8",
            "application/json",
            "application/wasm",
            "image/svg+xml",
            "Application/WASM",
        ] {
            assert!(is_compressible(t), "{t}");
        }
        for t in ["image/png", "font/woff2", "application/octet-stream", ""] {
            assert!(!is_compressible(t), "{t}");
        }
    }

    #[test]
    fn one_accepted_coding_is_chosen() {
        assert_eq!(negotiate("gzip"), Some(Gzip));
        assert_eq!(negotiate("br"), Some(Brotli));
        assert_eq!(negotiate(" GZIP "), Some(Gzip));
        assert_eq!(negotiate("x-gzip"), Some(Gzip));
    }

    #[test]
    fn browsers_get_brotli() {
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Some(Brotli));
        assert_eq!(negotiate("gzip, deflate, br"), Some(Brotli));
    }

    #[test]
    fn q_values_decide_and_zero_refuses() {
        assert_eq!(negotiate("br;q=0.5, gzip"), Some(Gzip));
        assert_eq!(negotiate("gzip;q=0.9, br;q=0.91"), Some(Brotli));
        assert_eq!(negotiate("gzip;q=0, br;q=0"), None);
        assert_eq!(negotiate("gzip;q=0"), None);
        assert_eq!(negotiate("br;q=0, gzip;q=0.001"), Some(Gzip));
        assert_eq!(negotiate("gzip ; q=1.000"), Some(Gzip));
    }

    #[test]
    fn the_wildcard_stands_for_codings_not_listed() {
        assert_eq!(negotiate("*"), Some(Brotli));
        assert_eq!(negotiate("br;q=0, *"), Some(Gzip));
        assert_eq!(negotiate("*;q=0"), None);
        assert_eq!(negotiate("gzip, *;q=0"), Some(Gzip));
    }

    #[test]
    fn no_known_coding_means_identity() {
        for header in [
            "",
            "identity",
            "deflate",
            "zstd, deflate",
            "identity;q=0",
            ",,",
        ] {
            assert_eq!(negotiate(header), None, "{header:?}");
        }
    }

    #[test]
    fn malformed_q_values_skip_their_element() {
        for header in [
            "gzip;q=2",
            "gzip;q=1.5",
            "gzip;q=0.1234",
            "gzip;q=",
            "gzip;q=abc",
            "gzip;q",
            "gzip;q=-0",
        ] {
            assert_eq!(negotiate(header), None, "{header:?}");
        }
        assert_eq!(negotiate("br;q=x, gzip"), Some(Gzip));
    }

    #[test]
    fn etags_become_weak_once() {
        assert_eq!(weak_etag("\"abc\""), "W/\"abc\"");
        assert_eq!(weak_etag("W/\"abc\""), "W/\"abc\"");
    }

    #[test]
    fn a_wasm_file_asked_for_with_gzip_is_compressed_and_varies() {
        let h = static_headers("/pkg/x.wasm", 200, Some("application/wasm"), Some("gzip"));
        assert_eq!(
            h,
            StaticHeaders {
                cache_control: REVALIDATE,
                vary_accept_encoding: true,
                content_encoding: Some(Gzip),
                weak_etag: true,
            }
        );
    }

    #[test]
    fn without_accept_encoding_the_body_is_identity_but_still_varies() {
        for accept in [None, Some(""), Some("identity")] {
            let h = static_headers("/", 200, Some("text/html"), accept);
            assert_eq!(h.content_encoding, None);
            assert!(h.vary_accept_encoding && !h.weak_etag);
        }
    }

    #[test]
    fn a_304_keeps_vary_and_the_weak_etag_but_gets_no_coding() {
        let path = "/pkg/page.3f2a9c1b0d4e5f67.js";
        let h = static_headers(path, 304, Some("text/javascript"), Some("br"));
        assert_eq!(h.content_encoding, None);
        assert!(h.vary_accept_encoding && h.weak_etag);
        assert_eq!(h.cache_control, IMMUTABLE);
    }

    #[test]
    fn images_redirects_and_missing_files_are_left_alone() {
        let png = static_headers("/a.png", 200, Some("image/png"), Some("gzip"));
        assert!(png.content_encoding.is_none() && !png.vary_accept_encoding);
        let missing = static_headers("/nope.js", 404, None, Some("gzip"));
        assert!(missing.content_encoding.is_none() && !missing.weak_etag);
        let redirect = static_headers("/index.html", 307, None, Some("gzip"));
        assert_eq!(redirect.cache_control, REVALIDATE);
        assert!(redirect.content_encoding.is_none());
    }
}
