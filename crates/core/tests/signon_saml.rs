//! `signon::inspect_response` through the public API, on responses in Entra's shape signed by
//! xmlsec1 (tests/support/saml.rs): the three signing options verify; every tampered document
//! gives its own finding and is not verified; `xmlsec1 --verify` agrees with the core's verdict
//! on every signature of every document.

#[path = "support/saml.rs"]
mod saml;

use std::sync::LazyLock;

use base64::Engine as _;
use mimecast_sso_core::signon::{
    Covers, Expected, InspectOptions, SamlCode, SamlReport, SignatureVerdict, Signed,
    inspect_response,
};
use mimecast_sso_core::{Coded, Severity, UnixTime};
use saml::{Shape, Signer};

static ENTRA: LazyLock<Signer> = LazyLock::new(|| Signer::new("entra"));
static OTHER: LazyLock<Signer> = LazyLock::new(|| Signer::new("other"));

fn now() -> UnixTime {
    UnixTime::parse_iso8601(saml::NOW).expect("time")
}

fn expected() -> Expected {
    Expected {
        identifier: Some(saml::IDENTIFIER.to_owned()),
        reply_url: Some(saml::REPLY_URL.to_owned()),
        issuer: Some(saml::ISSUER.to_owned()),
        certificate: Some(ENTRA.body.clone()),
        users: Vec::new(),
    }
}

fn inspect(xml: &str) -> SamlReport {
    inspect_response(xml, &expected(), InspectOptions::at(now())).expect("a report")
}

fn codes(report: &SamlReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.code.as_str()).collect()
}

/// xmlsec1, with the plan's certificate only, agrees with each signature's verdict.
fn assert_xmlsec_agrees(xml: &str, report: &SamlReport) {
    for signature in &report.signatures {
        let parent = match signature.covers {
            Covers::Response => "Response",
            _ => "Assertion",
        };
        let ours = signature.verdict == SignatureVerdict::Valid;
        assert_eq!(
            saml::xmlsec_verify(xml, &ENTRA.cert, parent),
            ours,
            "xmlsec1 and the core disagree on the {parent} signature: {signature:?}"
        );
    }
}

#[test]
fn entra_s_three_signing_options_verify_and_xmlsec1_agrees() {
    for (sign_response, sign_assertion, signed) in [
        (false, true, Signed::Assertion),
        (true, false, Signed::Response),
        (true, true, Signed::Both),
    ] {
        let shape = Shape {
            sign_response,
            sign_assertion,
            ..Shape::default()
        };
        let xml = saml::signed(&shape, &ENTRA);
        let report = inspect(&xml);
        assert!(report.verified, "{signed:?}: {:#?}", report.findings);
        assert!(report.signature_valid);
        assert_eq!(report.signed, signed);
        assert_eq!(codes(&report), [SamlCode::Verified.code()]);
        assert_xmlsec_agrees(&xml, &report);
        for signature in &report.signatures {
            assert_eq!(signature.signature_algorithm, "RSA-SHA256");
            assert_eq!(signature.digest_algorithm, "SHA-256");
            assert_eq!(signature.canonicalization, "exc-c14n");
            assert_eq!(signature.digest_matches, Some(true));
            assert!(signature.enveloped);
            assert_eq!(signature.certificate_thumbprint, report.expected_thumbprint);
        }
    }
}

#[test]
fn every_value_an_admin_checks_is_read() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let report = inspect(&xml);
    let response = &report.response;
    assert_eq!(response.issuer.as_deref(), Some(saml::ISSUER));
    assert_eq!(response.destination.as_deref(), Some(saml::REPLY_URL));
    assert_eq!(response.in_response_to.as_deref(), Some("_req-42"));
    assert_eq!(
        response.status_code.as_deref(),
        Some("urn:oasis:names:tc:SAML:2.0:status:Success")
    );
    let assertion = report.assertion.as_ref().expect("assertion");
    assert_eq!(assertion.issuer.as_deref(), Some(saml::ISSUER));
    assert_eq!(assertion.name_id.as_deref(), Some(saml::USER));
    assert_eq!(
        assertion.name_id_format.as_deref(),
        Some("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
    );
    assert_eq!(assertion.audiences, [saml::IDENTIFIER]);
    assert_eq!(assertion.recipient.as_deref(), Some(saml::REPLY_URL));
    assert_eq!(
        assertion.not_before.as_deref(),
        Some("2026-12-03T11:55:00Z")
    );
    assert_eq!(
        assertion.not_on_or_after.as_deref(),
        Some("2026-12-03T13:00:00Z")
    );
    assert_eq!(
        assertion.authn_context_class_ref.as_deref(),
        Some("urn:oasis:names:tc:SAML:2.0:ac:classes:Password")
    );
    let names: Vec<_> = assertion
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.values.clone()))
        .collect();
    assert_eq!(
        names[1],
        (
            "http://schemas.microsoft.com/identity/claims/displayname",
            vec!["Alice & Co".to_owned()]
        )
    );
}

#[test]
fn base64_url_encoded_and_form_forms_give_the_same_report() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&xml);
    let url = b64
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let wrapped: String = b64
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c) + "\r\n")
        .collect();
    let reference = inspect(&xml);
    for input in [
        b64.clone(),
        url.clone(),
        format!("SAMLResponse={url}&RelayState=x"),
        wrapped,
    ] {
        assert_eq!(inspect(&input), reference);
    }
}

#[test]
fn comments_and_an_inclusive_prefix_list_are_canonicalized_as_xmlsec1_does() {
    for shape in [
        Shape {
            comment: true,
            ..Shape::default()
        },
        Shape {
            prefix_list: true,
            ..Shape::default()
        },
        Shape {
            prefix_list: true,
            sign_response: true,
            comment: true,
            ..Shape::default()
        },
    ] {
        let xml = saml::signed(&shape, &ENTRA);
        let report = inspect(&xml);
        assert!(report.verified, "{:#?}", report.findings);
        assert_xmlsec_agrees(&xml, &report);
    }
}

/// A tampered or failing document: not verified, its own finding, and xmlsec1 agrees.
fn assert_refused(name: &str, xml: &str, report: &SamlReport, code: SamlCode) {
    assert!(!report.verified, "{name}: verified");
    assert!(
        codes(report).contains(&code.code()),
        "{name}: {:?}",
        codes(report)
    );
    assert_xmlsec_agrees(xml, report);
}

#[test]
fn a_nameid_or_audience_changed_after_signing_breaks_the_digest() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    for (name, tampered) in [
        (
            "NameID",
            xml.replace(
                ">alice@contoso.example</NameID>",
                ">mallory@contoso.example</NameID>",
            ),
        ),
        (
            "Audience",
            xml.replace(saml::IDENTIFIER, "https://eu-api.mimecast.com/sso/EVIL"),
        ),
    ] {
        assert_ne!(tampered, xml);
        let report = inspect(&tampered);
        assert_refused(name, &tampered, &report, SamlCode::DigestMismatch);
        assert!(!report.signature_valid);
        assert_eq!(report.signatures[0].digest_matches, Some(false));
    }
}

#[test]
fn a_signature_moved_to_the_response_is_wrapping() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let start = xml.find("<Signature").expect("signature");
    let end = xml.find("</Signature>").expect("end") + "</Signature>".len();
    let signature = xml[start..end].to_owned();
    let mut moved = xml.clone();
    moved.replace_range(start..end, "");
    let at = moved.find("<samlp:Status>").expect("status");
    moved.insert_str(at, &signature);
    let report = inspect(&moved);
    assert_refused("moved", &moved, &report, SamlCode::SignatureWrapped);
    assert!(!report.signatures[0].enveloped);
    assert_eq!(report.signed, Signed::None);
}

#[test]
fn a_second_unsigned_assertion_is_never_verified_and_its_values_never_reported() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let evil = saml::assertion(
        &Shape {
            sign_assertion: false,
            name_id: "mallory@contoso.example".to_owned(),
            ..Shape::default()
        },
        "_evil",
    );
    for (name, at) in [
        ("before", xml.find("<Assertion").expect("a")),
        ("after", xml.find("</samlp:Response>").expect("r")),
    ] {
        let mut doubled = xml.clone();
        doubled.insert_str(at, &evil);
        let report = inspect(&doubled);
        assert_refused(name, &doubled, &report, SamlCode::MultipleAssertions);
        let shown = report.assertion.as_ref().and_then(|a| a.name_id.as_deref());
        assert_ne!(shown, Some("mallory@contoso.example"), "{name}");
    }
    // The unsigned one alone, in its place, next to a signed response: the response signature
    // covers it, but an assertion nested anywhere else is refused.
    let nested = xml.replace(
        "</samlp:Status>",
        &format!("<samlp:StatusDetail>{evil}</samlp:StatusDetail></samlp:Status>"),
    );
    let report = inspect(&nested);
    assert_refused("nested", &nested, &report, SamlCode::MultipleAssertions);
}

#[test]
fn a_signature_removed_or_made_by_another_certificate_is_refused() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let start = xml.find("<Signature").expect("signature");
    let end = xml.find("</Signature>").expect("end") + "</Signature>".len();
    let mut removed = xml.clone();
    removed.replace_range(start..end, "");
    let report = inspect(&removed);
    assert!(!report.verified && report.signatures.is_empty());
    assert!(codes(&report).contains(&SamlCode::Unsigned.code()));
    assert!(!saml::xmlsec_verify(&removed, &ENTRA.cert, "Assertion"));

    let other = saml::signed(&Shape::default(), &OTHER);
    let report = inspect(&other);
    assert_refused(
        "other certificate",
        &other,
        &report,
        SamlCode::SignerNotInPlan,
    );
    let signature = &report.signatures[0];
    assert_eq!(signature.verdict, SignatureVerdict::Invalid);
    assert_eq!(
        signature.verdict_with_carried,
        Some(SignatureVerdict::Valid)
    );
    let message = &report
        .findings
        .iter()
        .find(|f| f.is(SamlCode::SignerNotInPlan))
        .expect("finding")
        .message;
    let (carried, planned) = (
        signature
            .certificate_thumbprint
            .as_deref()
            .expect("carried"),
        report.expected_thumbprint.as_deref().expect("plan"),
    );
    assert!(
        message.contains(carried) && message.contains(planned),
        "{message}"
    );
}

#[test]
fn sha1_verifies_cryptographically_but_is_not_called_verified() {
    let shape = Shape {
        sha1: true,
        sign_response: true,
        ..Shape::default()
    };
    let xml = saml::signed(&shape, &ENTRA);
    let report = inspect(&xml);
    assert_refused("SHA-1", &xml, &report, SamlCode::Sha1);
    assert!(report.signature_valid);
    assert_eq!(report.signatures[0].signature_algorithm, "RSA-SHA1");
    assert_eq!(report.signatures[0].digest_algorithm, "SHA-1");
}

#[test]
fn expired_and_not_yet_valid_conditions_say_by_how_much_and_the_skew_is_a_parameter() {
    let expired = Shape {
        not_on_or_after: "2026-12-03T11:50:00Z".to_owned(),
        ..Shape::default()
    };
    let xml = saml::signed(&expired, &ENTRA);
    let report = inspect(&xml);
    assert_refused("expired", &xml, &report, SamlCode::Expired);
    let message = &report
        .findings
        .iter()
        .find(|f| f.is(SamlCode::Expired))
        .expect("finding")
        .message;
    assert!(message.contains("11 min ago"), "{message}");

    let early = Shape {
        not_before: "2026-12-03T12:04:00Z".to_owned(),
        ..Shape::default()
    };
    let xml = saml::signed(&early, &ENTRA);
    let report = inspect(&xml);
    assert!(report.verified, "3 minutes ahead is within the default 5");
    let strict = InspectOptions {
        now: now(),
        clock_skew_seconds: 60,
    };
    let report = inspect_response(&xml, &expected(), strict).expect("report");
    assert_refused("early", &xml, &report, SamlCode::NotYetValid);
    assert_eq!(report.clock_skew_seconds, 60);
}

#[test]
fn values_that_differ_from_the_plan_each_say_what_to_change() {
    let cases = [
        (
            Shape {
                audience: "https://eu-api.mimecast.com/sso/OTHER".to_owned(),
                ..Shape::default()
            },
            SamlCode::AudienceMismatch,
            saml::IDENTIFIER,
        ),
        (
            Shape {
                destination: "https://us-api.mimecast.com/login/saml".to_owned(),
                ..Shape::default()
            },
            SamlCode::DestinationMismatch,
            saml::REPLY_URL,
        ),
        (
            Shape {
                destination: "https://us-api.mimecast.com/login/saml".to_owned(),
                ..Shape::default()
            },
            SamlCode::RecipientMismatch,
            saml::REPLY_URL,
        ),
        (
            Shape {
                issuer: "https://sts.windows.net/00000000-0000-0000-0000-000000000001/".to_owned(),
                ..Shape::default()
            },
            SamlCode::IssuerMismatch,
            saml::ISSUER,
        ),
        (
            Shape {
                name_id: "alice".to_owned(),
                ..Shape::default()
            },
            SamlCode::NameIdNotEmail,
            "user.mail",
        ),
    ];
    for (shape, code, named) in cases {
        let xml = saml::signed(&shape, &ENTRA);
        let report = inspect(&xml);
        assert_refused(code.code(), &xml, &report, code);
        assert!(
            report.signature_valid,
            "{}: the signature itself is fine",
            code.code()
        );
        let finding = report
            .findings
            .iter()
            .find(|f| f.is(code))
            .expect("finding");
        assert_eq!(finding.severity, Severity::Error);
        assert!(finding.message.contains(named), "{}", finding.message);
    }
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let users = Expected {
        users: vec!["bob@contoso.example".to_owned()],
        ..expected()
    };
    let report = inspect_response(&xml, &users, InspectOptions::at(now())).expect("report");
    assert!(codes(&report).contains(&SamlCode::NameIdUnknownUser.code()));
    let known = Expected {
        users: vec!["ALICE@contoso.example".to_owned()],
        ..expected()
    };
    let report = inspect_response(&xml, &known, InspectOptions::at(now())).expect("report");
    assert!(!codes(&report).contains(&SamlCode::NameIdUnknownUser.code()));
}

#[test]
fn an_error_status_carries_entra_s_message_and_is_still_checked_for_its_signature() {
    let shape = Shape {
        sign_response: true,
        failure: Some(("urn:oasis:names:tc:SAML:2.0:status:RequestDenied".to_owned(), "AADSTS50105: Your administrator has configured the application Mimecast to block users unless they are specifically granted access.".to_owned())),
        ..Shape::default()
    };
    let xml = saml::signed(&shape, &ENTRA);
    let report = inspect(&xml);
    assert_refused("status", &xml, &report, SamlCode::StatusNotSuccess);
    assert!(report.signature_valid && report.assertion.is_none());
    assert_eq!(
        report.response.status_subcode.as_deref(),
        Some("urn:oasis:names:tc:SAML:2.0:status:RequestDenied")
    );
    assert!(
        report
            .response
            .status_message
            .as_deref()
            .is_some_and(|m| m.starts_with("AADSTS50105"))
    );
}

#[test]
fn without_a_plan_certificate_the_carried_one_is_used_and_said_so() {
    let xml = saml::signed(&Shape::default(), &OTHER);
    let bare = Expected {
        certificate: None,
        ..expected()
    };
    let report = inspect_response(&xml, &bare, InspectOptions::at(now())).expect("report");
    assert!(report.signature_valid);
    assert!(codes(&report).contains(&SamlCode::NoPlanCertificate.code()));
    assert_eq!(
        report.signatures[0].verified_with,
        report.signatures[0].certificate_thumbprint
    );
}

#[test]
fn what_is_not_a_response_is_refused_with_its_code() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let duplicate = xml.replace(
        r#"SessionIndex="_a7c1f0e2-0001""#,
        r#"SessionIndex="x"><Extra ID="_a7c1f0e2-0001"/"#,
    );
    let cases: Vec<(String, SamlCode)> = vec![
        (String::new(), SamlCode::Empty),
        ("%%%".to_owned(), SamlCode::NotBase64),
        (
            "<!DOCTYPE x [<!ENTITY e 'x'>]><samlp:Response/>".to_owned(),
            SamlCode::Doctype,
        ),
        ("<a>".repeat(40) + &"</a>".repeat(40), SamlCode::TooDeep),
        ("<samlp:Response".to_owned(), SamlCode::InvalidXml),
        (
            "<Response xmlns=\"urn:other\"/>".to_owned(),
            SamlCode::NotResponse,
        ),
        (duplicate, SamlCode::DuplicateId),
        ("A".repeat(600 * 1024), SamlCode::TooLarge),
    ];
    for (input, code) in cases {
        let error =
            inspect_response(&input, &expected(), InspectOptions::at(now())).expect_err("refused");
        assert_eq!(error.code(), code.code(), "{error}");
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn a_utf16_response_is_refused_as_invalid_xml_not_as_too_deep() {
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let utf16 = |bom: &[u8], unit: fn(u16) -> [u8; 2]| {
        let mut bytes = bom.to_vec();
        bytes.extend(xml.encode_utf16().flat_map(unit));
        base64::engine::general_purpose::STANDARD.encode(bytes)
    };
    for (name, input) in [
        ("UTF-16 LE with BOM", utf16(b"\xFF\xFE", u16::to_le_bytes)),
        ("UTF-16 LE", utf16(b"", u16::to_le_bytes)),
        ("UTF-16 BE with BOM", utf16(b"\xFE\xFF", u16::to_be_bytes)),
    ] {
        let error =
            inspect_response(&input, &expected(), InspectOptions::at(now())).expect_err("refused");
        assert_eq!(error.code(), SamlCode::InvalidXml.code(), "{name}: {error}");
    }
}

#[test]
fn expectations_come_from_a_plan() {
    use mimecast_sso_core::plan::{PlanInput, build_plan};
    let input = PlanInput {
        region: Some("EU".to_owned()),
        account_code: Some("CUK1A234".to_owned()),
        tenant_id: Some(saml::TENANT.to_owned()),
        certificate: Some(ENTRA.body.clone()),
        ..PlanInput::default()
    };
    let plan = build_plan(&input, now());
    let from_plan = Expected::from_plan(&plan);
    assert_eq!(from_plan.identifier.as_deref(), Some(saml::IDENTIFIER));
    assert_eq!(from_plan.reply_url.as_deref(), Some(saml::REPLY_URL));
    assert_eq!(from_plan.issuer.as_deref(), Some(saml::ISSUER));
    let xml = saml::signed(&Shape::default(), &ENTRA);
    let report = inspect_response(&xml, &from_plan, InspectOptions::at(now())).expect("report");
    assert!(report.verified, "{:#?}", report.findings);
}

#[test]
fn the_committed_typical_entra_response_verifies_and_one_changed_byte_does_not() {
    let xml = include_str!("data/saml/entra-response.xml");
    let fixture = Expected {
        certificate: Some(include_str!("data/saml/entra-signing.pem").to_owned()),
        ..expected()
    };
    let report = inspect_response(xml, &fixture, InspectOptions::at(now())).expect("report");
    assert!(report.verified, "{:#?}", report.findings);
    assert_eq!(
        report.assertion.as_ref().map(|a| a.attributes.len()),
        Some(9)
    );
    let changed = xml.replacen("Alice Example", "Alice Exampld", 1);
    let report = inspect_response(&changed, &fixture, InspectOptions::at(now())).expect("report");
    assert!(!report.verified && codes(&report).contains(&SamlCode::DigestMismatch.code()));
}
