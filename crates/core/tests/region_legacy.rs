//! Legacy sign-on URLs through the public API: the 2016 tutorial's form accepted with a note, a
//! region's current Sign-on URL recognised, and every disguised or unsafe URL refused.

use mimecast_sso_core::Coded;
use mimecast_sso_core::Severity;
use mimecast_sso_core::region::{LegacySignOnUrl, LegacySignOnUrlError, Region};

#[test]
fn legacy_urls_of_the_2016_tutorial_are_accepted_with_a_note() {
    for text in [
        "https://webmail-fr.mimecast.com",
        "https://webmail-be.mimecast.com",
        "  HTTPS://Webmail-FR.Mimecast.com  ",
        "https://webmail-fr.mimecast.com:443",
    ] {
        let url: LegacySignOnUrl = text.parse().expect(text);
        assert!(url.as_str().starts_with("https://webmail-"), "{url}");
        assert!(url.host().ends_with(".mimecast.com"));
        let note = url.finding(Some(Region::Za));
        assert_eq!(note.severity, Severity::Info);
        assert_eq!(note.code, "signon.legacy");
        assert_eq!(note.field.as_deref(), Some("legacySignOnUrl"));
        assert!(note.message.contains("2018"));
        assert!(
            note.message
                .contains("https://za-api.mimecast.com/login/saml"),
            "{}",
            note.message
        );
        assert!(
            url.finding(None)
                .message
                .contains("https://{region}-api.mimecast.com/login/saml")
        );
    }
    let url: LegacySignOnUrl = "HTTPS://Webmail-FR.Mimecast.com:443/owa?x=1"
        .parse()
        .unwrap();
    assert_eq!(url.as_str(), "https://webmail-fr.mimecast.com/owa?x=1");
    assert_eq!(url.host(), "webmail-fr.mimecast.com");
    assert!(
        "https://login-eu.mimecast.com/"
            .parse::<LegacySignOnUrl>()
            .is_ok()
    );
}

#[test]
fn urls_that_are_not_https_are_refused() {
    for text in [
        "http://webmail-fr.mimecast.com",
        "webmail-fr.mimecast.com",
        "ftp://webmail-fr.mimecast.com",
        "https:/webmail-fr.mimecast.com",
        "javascript:alert(1)//.mimecast.com",
    ] {
        let error = text.parse::<LegacySignOnUrl>().unwrap_err();
        assert_eq!(error, LegacySignOnUrlError::NotHttps, "{text}");
        assert_eq!(error.code(), "signon.not_https");
    }
}

#[test]
fn hosts_outside_mimecast_com_are_refused() {
    for (text, host) in [
        ("https://evil.com/.mimecast.com", "evil.com"),
        ("https://mimecast.com.evil.com", "mimecast.com.evil.com"),
        ("https://evilmimecast.com", "evilmimecast.com"),
        ("https://mimecast.com", "mimecast.com"),
        ("https://evil.com?.mimecast.com", "evil.com"),
        ("https://evil.com#.mimecast.com", "evil.com"),
        (
            "https://uspcom-api.mimecast-pscom-us.com",
            "uspcom-api.mimecast-pscom-us.com",
        ),
    ] {
        let error = text.parse::<LegacySignOnUrl>().unwrap_err();
        assert_eq!(
            error,
            LegacySignOnUrlError::NotMimecast {
                host: host.to_owned()
            },
            "{text}"
        );
        assert_eq!(error.code(), "signon.not_mimecast");
    }
}

#[test]
fn disguised_hosts_are_refused_as_invalid() {
    for text in [
        "https://webmail-fr.mimecast.com@evil.com",
        "https://user:pass@webmail-fr.mimecast.com",
        "https://evil.com\\.mimecast.com",
        "https://webmail-fr.mimecast.com\\@evil.com",
        "https://webmail-fr.mimecast.com:8443",
        "https://webmail-fr.mimecast.com:",
        "https://webmail fr.mimecast.com",
        "https://webmail-fr.mimecast.com./",
        "https://webmail-fr..mimecast.com",
        "https://-webmail.mimecast.com",
        "https://webmail%2Emimecast.com",
        "https://wеbmail.mimecast.com",
        "https://[::1].mimecast.com",
        "https://",
        "https:///path",
        "https://webmail-fr.mimecast.com/\u{0}",
    ] {
        let error = text.parse::<LegacySignOnUrl>().unwrap_err();
        assert_eq!(error.code(), "signon.invalid", "{text}: {error}");
    }
    let long = format!("https://webmail-fr.mimecast.com/{}", "a".repeat(3000));
    assert_eq!(
        long.parse::<LegacySignOnUrl>().unwrap_err().code(),
        "signon.invalid"
    );
    assert_eq!(
        " ".parse::<LegacySignOnUrl>(),
        Err(LegacySignOnUrlError::Empty)
    );
}

#[test]
fn markup_quotes_and_bidi_controls_in_the_path_are_refused_not_echoed() {
    for text in [
        "https://x.mimecast.com/<script>alert(1)</script>",
        "https://x.mimecast.com/\"onmouseover=alert(1)",
        "https://x.mimecast.com/\u{202E}moc.live",
        "https://x.mimecast.com/\u{200B}",
        "https://x.mimecast.com/a b",
        "https://x.mimecast.com/?q=`x`",
        "https://x.mimecast.com/#a#b",
        "https://x.mimecast.com/%zz",
        "https://x.mimecast.com/{x}",
    ] {
        let error = text.parse::<LegacySignOnUrl>().unwrap_err();
        assert_eq!(error.code(), "signon.invalid", "{text}");
        let message = error.to_string();
        assert!(!message.contains("<script"), "{message}");
        assert!(!message.contains('\u{202E}'), "{message}");
    }
    for text in [
        "https://x.mimecast.com/a-b_c.d~e/f%20g?h=i&j=k;l,m+n*o!p$q'r(s)t:u@v/w?x#y/z?",
        "https://webmail-fr.mimecast.com/",
    ] {
        assert!(text.parse::<LegacySignOnUrl>().is_ok(), "{text}");
    }
}

#[test]
fn current_sign_on_urls_are_recognised_not_called_legacy() {
    for region in Region::ALL {
        let url: LegacySignOnUrl = region.sign_on_url().parse().expect("current URL");
        assert_eq!(url.current_region(), Some(region));
        let note = url.finding(Some(region));
        assert_eq!(note.code, "signon.current");
        assert_eq!(note.severity, Severity::Info);
        assert!(!note.message.contains("prefer"), "{}", note.message);
    }
    let eu: LegacySignOnUrl = "HTTPS://EU-API.mimecast.com:443/login/saml"
        .parse()
        .unwrap();
    assert_eq!(eu.current_region(), Some(Region::Eu));
    let other = eu.finding(Some(Region::Us));
    assert_eq!(other.severity, Severity::Warning);
    assert!(
        other
            .message
            .contains("https://us-api.mimecast.com/login/saml")
    );
    let legacy: LegacySignOnUrl = "https://webmail-fr.mimecast.com".parse().unwrap();
    assert_eq!(legacy.current_region(), None);
}

#[test]
fn length_limit_message_counts_bytes() {
    let long = format!("https://webmail-fr.mimecast.com/{}", "é".repeat(1100));
    let message = long.parse::<LegacySignOnUrl>().unwrap_err().to_string();
    assert!(message.contains("2048 bytes"), "{message}");
}
