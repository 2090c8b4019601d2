//! Regions, account codes and legacy sign-on URLs, through the public API.

use mimecast_sso_core::region::{
    AccountCode, AccountCodeError, LegacySignOnUrl, LegacySignOnUrlError, Region, RegionError,
};
use mimecast_sso_core::{Coded, Severity, all_codes};

/// One region's expected values, written out in full.
struct Row {
    region: Region,
    code: &'static str,
    name: &'static str,
    saml_host: &'static str,
    api_host: &'static str,
    sign_on_url: &'static str,
    reply_url: &'static str,
    /// For account code CUK1A234.
    identifier: &'static str,
}

/// Every region, in [`Region::ALL`] order.
const TABLE: [Row; 9] = [
    Row {
        region: Region::Eu,
        code: "eu",
        name: "Europe (excluding Germany)",
        saml_host: "eu-api.mimecast.com",
        api_host: "eu-api.mimecast.com",
        sign_on_url: "https://eu-api.mimecast.com/login/saml",
        reply_url: "https://eu-api.mimecast.com/login/saml",
        identifier: "https://eu-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::De,
        code: "de",
        name: "Germany",
        saml_host: "de-api.mimecast.com",
        api_host: "de-api.mimecast.com",
        sign_on_url: "https://de-api.mimecast.com/login/saml",
        reply_url: "https://de-api.mimecast.com/login/saml",
        identifier: "https://de-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Us,
        code: "us",
        name: "United States (A grid)",
        saml_host: "us-api.mimecast.com",
        api_host: "us-api.mimecast.com",
        sign_on_url: "https://us-api.mimecast.com/login/saml",
        reply_url: "https://us-api.mimecast.com/login/saml",
        identifier: "https://us-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Usb,
        code: "usb",
        name: "United States (B grid)",
        saml_host: "usb-api.mimecast.com",
        api_host: "usb-api.mimecast.com",
        sign_on_url: "https://usb-api.mimecast.com/login/saml",
        reply_url: "https://usb-api.mimecast.com/login/saml",
        identifier: "https://usb-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Ca,
        code: "ca",
        name: "Canada",
        saml_host: "ca-api.mimecast.com",
        api_host: "ca-api.mimecast.com",
        sign_on_url: "https://ca-api.mimecast.com/login/saml",
        reply_url: "https://ca-api.mimecast.com/login/saml",
        identifier: "https://ca-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Za,
        code: "za",
        name: "South Africa",
        saml_host: "za-api.mimecast.com",
        api_host: "za-api.mimecast.com",
        sign_on_url: "https://za-api.mimecast.com/login/saml",
        reply_url: "https://za-api.mimecast.com/login/saml",
        identifier: "https://za-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Au,
        code: "au",
        name: "Australia",
        saml_host: "au-api.mimecast.com",
        api_host: "au-api.mimecast.com",
        sign_on_url: "https://au-api.mimecast.com/login/saml",
        reply_url: "https://au-api.mimecast.com/login/saml",
        identifier: "https://au-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Jer,
        code: "jer",
        name: "Offshore (Jersey)",
        saml_host: "jer-api.mimecast.com",
        api_host: "je-api.mimecast.com",
        sign_on_url: "https://jer-api.mimecast.com/login/saml",
        reply_url: "https://jer-api.mimecast.com/login/saml",
        identifier: "https://jer-api.mimecast.com/sso/CUK1A234",
    },
    Row {
        region: Region::Uspcom,
        code: "uspcom",
        name: "US Public Sector",
        saml_host: "uspcom-api.mimecast-pscom-us.com",
        api_host: "uspcom-api.mimecast-pscom-us.com",
        sign_on_url: "https://uspcom-api.mimecast-pscom-us.com/login/saml",
        reply_url: "https://uspcom-api.mimecast-pscom-us.com/login/saml",
        identifier: "https://uspcom-api.mimecast-pscom-us.com/sso/CUK1A234",
    },
];

fn account(text: &str) -> AccountCode {
    text.parse().expect("valid account code")
}

#[test]
fn every_region_gives_its_known_urls() {
    let code = account("CUK1A234");
    for row in &TABLE {
        let region = row.region;
        assert_eq!(region.code(), row.code);
        assert_eq!(region.name(), row.name);
        assert_eq!(region.saml_host(), row.saml_host);
        assert_eq!(region.api_host(), row.api_host);
        assert_eq!(region.sign_on_url(), row.sign_on_url, "{}", row.code);
        assert_eq!(region.reply_url(), row.reply_url, "{}", row.code);
        assert_eq!(region.identifier(&code), row.identifier, "{}", row.code);
    }
}

#[test]
fn all_lists_every_region_of_the_table_once_in_order() {
    let from_table: Vec<Region> = TABLE.iter().map(|row| row.region).collect();
    assert_eq!(Region::ALL.to_vec(), from_table);
}

#[test]
fn offshore_keeps_separate_saml_and_api_hosts() {
    assert_eq!(Region::Jer.saml_host(), "jer-api.mimecast.com");
    assert_eq!(Region::Jer.api_host(), "je-api.mimecast.com");
}

#[test]
fn region_codes_parse_ignoring_case_and_spaces() {
    for region in Region::ALL {
        assert_eq!(region.code().parse::<Region>(), Ok(region));
        assert_eq!(
            format!("  {}\t", region.code().to_uppercase()).parse::<Region>(),
            Ok(region)
        );
        assert_eq!(region.to_string().parse::<Region>(), Ok(region));
    }
    assert_eq!("JE".parse::<Region>(), Ok(Region::Jer));
}

#[test]
fn unknown_region_is_refused_with_the_list_of_codes() {
    let error = "europe".parse::<Region>().unwrap_err();
    assert_eq!(error.code(), "region.unknown");
    let message = error.to_string();
    assert!(message.contains("\"europe\""), "{message}");
    assert!(
        message.contains("eu, de, us, usb, ca, za, au, jer, uspcom"),
        "{message}"
    );
    assert_eq!(" ".parse::<Region>(), Err(RegionError::Empty));
    assert_eq!(RegionError::Empty.code(), "region.empty");
}

#[test]
fn unknown_region_message_does_not_echo_huge_input() {
    let huge = "x".repeat(10_000);
    let message = huge.parse::<Region>().unwrap_err().to_string();
    assert!(message.len() < 400, "{}", message.len());
}

#[test]
fn region_serialises_as_its_lowercase_code() {
    assert_eq!(
        serde_json::to_string(&Region::Uspcom).unwrap(),
        "\"uspcom\""
    );
    assert_eq!(
        serde_json::from_str::<Region>("\"USB\"").unwrap(),
        Region::Usb
    );
    assert!(serde_json::from_str::<Region>("\"mars\"").is_err());
}

#[test]
fn account_code_is_trimmed_and_upper_cased() {
    assert_eq!(account("  cuk1a234 \n").as_str(), "CUK1A234");
    assert_eq!(account("CusA99").to_string(), "CUSA99");
    assert_eq!(
        serde_json::to_string(&account("cde123")).unwrap(),
        "\"CDE123\""
    );
}

#[test]
fn empty_account_code_is_refused() {
    for text in ["", "   ", "\t\n"] {
        let error = text.parse::<AccountCode>().unwrap_err();
        assert_eq!(error, AccountCodeError::Empty);
        assert_eq!(error.code(), "account_code.empty");
        assert!(error.to_string().contains("Account Code"));
    }
}

#[test]
fn account_code_with_other_characters_names_the_character_and_position() {
    let cases = [
        ("CUK-1234", '-', 4),
        (" CUK 1234", ' ', 4),
        ("CUKé123", 'é', 4),
        ("cuk123/", '/', 7),
        ("ÇUK123", 'Ç', 1),
    ];
    for (text, character, position) in cases {
        let error = text.parse::<AccountCode>().unwrap_err();
        assert_eq!(
            error,
            AccountCodeError::Invalid {
                character,
                position
            },
            "{text}"
        );
        assert_eq!(error.code(), "account_code.invalid");
        let message = error.to_string();
        assert!(
            message.contains(&format!("character {position}")),
            "{message}"
        );
        assert!(message.contains(&format!("{character:?}")), "{message}");
    }
}

#[test]
fn account_code_length_is_bounded() {
    assert_eq!(
        "CU".parse::<AccountCode>(),
        Err(AccountCodeError::TooShort { length: 2 })
    );
    assert_eq!(account("CUK").as_str(), "CUK");
    assert_eq!(account(&"A".repeat(32)).as_str().len(), 32);
    let error = "A".repeat(33).parse::<AccountCode>().unwrap_err();
    assert_eq!(error, AccountCodeError::TooLong { length: 33 });
    assert_eq!(error.code(), "account_code.too_long");
    assert_eq!(
        AccountCodeError::TooShort { length: 1 }.code(),
        "account_code.too_short"
    );
}

#[test]
fn each_prefix_suggests_its_region() {
    let cases = [
        ("CUK1A234", Some(Region::Eu)),
        ("CDE1A234", Some(Region::De)),
        ("CUSA1A234", Some(Region::Us)),
        ("CUSB1A234", Some(Region::Usb)),
        ("CCA1A234", Some(Region::Ca)),
        ("CSA1A234", Some(Region::Za)),
        ("CAU1A234", Some(Region::Au)),
        ("cusb77", Some(Region::Usb)),
        ("CUS1234", None),
        ("CJE1234", None),
        ("XUK1234", None),
    ];
    for (code, expected) in cases {
        assert_eq!(account(code).suggested_region(), expected, "{code}");
        assert_eq!(Region::suggested_for(&account(code)), expected, "{code}");
    }
}

#[test]
fn cusb_account_in_us_region_is_a_mismatch_warning() {
    let finding = Region::Us
        .check_account_code(&account("CUSB1234"))
        .expect("mismatch");
    assert_eq!(finding.severity, Severity::Warning);
    assert_eq!(finding.code, "region.mismatch");
    assert_eq!(finding.field.as_deref(), Some("region"));
    assert!(finding.message.contains("CUSB"), "{}", finding.message);
    assert!(
        Region::Usb
            .check_account_code(&account("CUSB1234"))
            .is_none()
    );
    assert!(
        Region::Us
            .check_account_code(&account("CUSA1234"))
            .is_none()
    );
}

#[test]
fn accounts_without_a_known_prefix_never_mismatch() {
    for region in Region::ALL {
        assert!(region.check_account_code(&account("ZZZ999")).is_none());
    }
}

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
fn admin_console_links_are_https_mimecast_pages() {
    for region in Region::ALL {
        let url = region.admin_console_url();
        assert!(url.starts_with("https://login"), "{url}");
        assert!(url.contains(".mimecast.com/"), "{url}");
    }
    assert_eq!(
        Region::Eu.admin_console_url(),
        "https://login-eu.mimecast.com/administration/app/#/administration-dashboard"
    );
}

#[test]
fn every_code_of_the_module_is_in_the_crate_list() {
    let codes: Vec<&str> = all_codes().collect();
    let errors: Vec<Box<dyn Coded>> = vec![
        Box::new(RegionError::Empty),
        Box::new(RegionError::Unknown {
            input: String::new(),
        }),
        Box::new(AccountCodeError::Empty),
        Box::new(AccountCodeError::Invalid {
            character: '-',
            position: 1,
        }),
        Box::new(AccountCodeError::TooShort { length: 1 }),
        Box::new(AccountCodeError::TooLong { length: 99 }),
        Box::new(LegacySignOnUrlError::Empty),
        Box::new(LegacySignOnUrlError::NotHttps),
        Box::new(LegacySignOnUrlError::NotMimecast {
            host: String::new(),
        }),
        Box::new(LegacySignOnUrlError::Invalid {
            reason: String::new(),
        }),
    ];
    for error in &errors {
        assert!(codes.contains(&error.code()), "{}", error.code());
    }
    for code in ["region.mismatch", "signon.legacy"] {
        assert!(codes.contains(&code), "{code}");
    }
}
