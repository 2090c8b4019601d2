//! The security headers every response of the Worker carries, static files included.
//!
//! The page runs no inline script, so the Content-Security-Policy allows scripts only from its own
//! origin (plus compiling WebAssembly, `'wasm-unsafe-eval'`), and framing only by the origins an
//! operator lists in `EMBED_ORIGINS` (none by default: `frame-ancestors 'none'`).

/// `(name, value)` pairs to set on every response, given the `EMBED_ORIGINS` setting
/// (space-separated `https://…` or `http://…` origins; anything else is ignored).
pub fn security_headers(embed_origins: &str) -> [(&'static str, String); 5] {
    [
        (
            "Content-Security-Policy",
            content_security_policy(embed_origins),
        ),
        (
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains".to_owned(),
        ),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        ("Referrer-Policy", "no-referrer".to_owned()),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()".to_owned(),
        ),
    ]
}

/// The Content-Security-Policy for `embed_origins`.
pub fn content_security_policy(embed_origins: &str) -> String {
    let ancestors: Vec<&str> = embed_origins
        .split_ascii_whitespace()
        .filter(|origin| origin.starts_with("https://") || origin.starts_with("http://"))
        .filter(|origin| !origin.contains([';', ',', '\'', '"']))
        .collect();
    let frame_ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_embed_origins_means_no_framing_and_no_inline_script() {
        let csp = content_security_policy("");
        assert!(csp.ends_with("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"));
    }

    #[test]
    fn listed_origins_may_frame_and_injection_attempts_are_dropped() {
        let csp = content_security_policy(
            "https://intranet.example.com  http://localhost:8080 javascript:x https://a;script-src *",
        );
        assert!(
            csp.ends_with("frame-ancestors https://intranet.example.com http://localhost:8080")
        );
    }

    #[test]
    fn every_response_gets_the_five_headers() {
        let names: Vec<&str> = security_headers("").iter().map(|(name, _)| *name).collect();
        assert_eq!(
            names,
            [
                "Content-Security-Policy",
                "Strict-Transport-Security",
                "X-Content-Type-Options",
                "Referrer-Policy",
                "Permissions-Policy"
            ]
        );
    }
}
