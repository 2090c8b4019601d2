//! Account codes through the public API: normalisation, refusals, and the region each prefix
//! suggests.

use mimecast_sso_core::region::{AccountCode, AccountCodeError, Region};
use mimecast_sso_core::{Coded, Severity};

fn account(text: &str) -> AccountCode {
    text.parse().expect("valid account code")
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
