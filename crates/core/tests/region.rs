//! Regions through the public API: their URLs, codes, names and parsing, and the crate's code
//! list (account codes: `region_account_code.rs`; legacy sign-on URLs: `region_legacy.rs`).

use mimecast_sso_core::region::{
    AccountCode, AccountCodeError, LegacySignOnUrlError, Region, RegionError,
};
use mimecast_sso_core::{Coded, all_codes};

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
    for code in ["region.mismatch", "signon.legacy", "signon.current"] {
        assert!(codes.contains(&code), "{code}");
    }
}

#[test]
fn unknown_region_echoes_only_a_short_sanitised_prefix() {
    let message = "<script>alert(1)</script> and more text"
        .parse::<Region>()
        .unwrap_err()
        .to_string();
    assert!(
        !message.contains('<') && !message.contains('('),
        "{message}"
    );
    assert!(!message.contains("more text"), "{message}");
    let bidi = "eu\u{202E}rap".parse::<Region>().unwrap_err().to_string();
    assert!(!bidi.contains('\u{202E}'), "{bidi}");
}

#[test]
fn region_field_holding_a_pasted_key_or_certificate_echoes_nothing_of_it() {
    let key = include_str!("data/key_pkcs8.pem");
    let body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    for pasted in [key.to_owned(), body.clone(), body[..40].to_owned()] {
        let error = pasted.parse::<Region>().unwrap_err();
        assert_eq!(error.code(), "region.unknown");
        let message = error.to_string();
        assert!(!message.contains(&body[..12]), "{message}");
        assert!(!message.contains("PRIVATE"), "{message}");
    }
}
