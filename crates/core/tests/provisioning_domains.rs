//! The account's domains as an admin sees them (registered, pending with their record, expired,
//! missing), what registering would do, and who already exists, read page by page.

use std::collections::BTreeSet;

use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::{ApiError, ErrorDetail};
use mimecast_sso_core::mimecast_api::{InternalDomain, PendingDomain, UpstreamError};
use mimecast_sso_core::provisioning::{
    AccountDomains, BulkRun, DomainStatus, MAX_USER_PAGES, NewUser, Outcome, Password,
    RegisterAdvice, RunConfig, RunRow, SavedOutcome, UserListing, check_domains, dns_record,
    register_advice, registration_refused,
};
use serde_json::json;

/// 2026-12-02T00:00:00Z.
const NOW: UnixTime = UnixTime::from_secs(1_796_169_600);

fn registered(domain: &str) -> InternalDomain {
    InternalDomain {
        id: format!("id-{domain}"),
        domain: domain.to_owned(),
        send_only: false,
        local: false,
        inbound_type: Some("any".into()),
    }
}

fn pending(domain: &str, token: &str, expiry: &str) -> PendingDomain {
    PendingDomain {
        id: format!("p-{domain}"),
        domain: domain.to_owned(),
        token: token.to_owned(),
        created: Some("2026-11-30T10:00:00+0000".into()),
        expiry: Some(expiry.to_owned()),
    }
}

fn account() -> AccountDomains {
    let mut send_only = registered("notices.example.com");
    send_only.send_only = true;
    AccountDomains {
        registered: vec![registered("Example.com"), send_only],
        pending: vec![
            pending("new.org", "mc-7f3a", "2026-12-16T10:00:00+0000"),
            pending("late.net", "mc-old", "2026-11-01T10:00:00+0000"),
        ],
    }
}

#[test]
fn a_registered_domain_has_no_finding_and_no_verified_question() {
    let check = check_domains(["a@example.com", "B@EXAMPLE.COM"], &account(), NOW);
    assert_eq!(check.needed.len(), 1);
    assert_eq!(check.needed[0].status, DomainStatus::Registered);
    assert_eq!(check.needed[0].users, 2);
    assert!(check.findings.is_empty(), "{:?}", check.findings);
}

#[test]
fn every_status_with_its_finding_and_the_record_of_a_pending_domain() {
    let check = check_domains(
        [
            "a@example.com",
            "c@new.org",
            "d@late.net",
            "e@other.net",
            "f@sub.example.com",
            "g@notices.example.com",
        ],
        &account(),
        NOW,
    );
    let statuses: Vec<(&str, DomainStatus)> = check
        .needed
        .iter()
        .map(|d| (d.domain.as_str(), d.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("example.com", DomainStatus::Registered),
            ("late.net", DomainStatus::Expired),
            ("new.org", DomainStatus::Pending),
            ("notices.example.com", DomainStatus::Registered),
            ("other.net", DomainStatus::Missing),
            ("sub.example.com", DomainStatus::Missing),
        ]
    );
    assert_eq!(check.missing, ["other.net", "sub.example.com"]);
    assert_eq!(check.pending, ["late.net", "new.org"]);
    let codes: Vec<(&str, Option<&str>)> = check
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.field.as_deref()))
        .collect();
    assert_eq!(
        codes,
        [
            ("user.domain_pending_expired", Some("late.net")),
            ("user.domain_pending", Some("new.org")),
            ("user.domain_send_only", Some("notices.example.com")),
            ("user.domain_not_registered", Some("other.net")),
            ("user.domain_not_registered", Some("sub.example.com")),
        ]
    );
    let new_org = &check.needed[2];
    let record = new_org
        .record
        .as_ref()
        .expect("a pending domain has its record");
    assert_eq!((record.kind, record.host), ("TXT", "@"));
    assert_eq!(record.value, "mc-7f3a");
    assert_eq!(record.zone_line, "new.org. 3600 IN TXT \"mc-7f3a\"");
    assert_eq!(
        new_org.expires.map(UnixTime::to_rfc3339).as_deref(),
        Some("2026-12-16T10:00:00Z")
    );
    assert!(check.findings[1].message.contains("mc-7f3a"));
    assert!(check.findings[1].message.contains("2026-12-16"));
    assert!(
        check.needed[1].record.is_none(),
        "an expired record is not offered"
    );
}

#[test]
fn the_dns_record_is_the_token_exactly_and_quoted_safely_in_the_zone_line() {
    let record = dns_record(&pending("Example.ORG.", " v=\"x\\y\" ", "x"));
    assert_eq!(record.name, "example.org");
    assert_eq!(record.value, "v=\"x\\y\"");
    assert_eq!(record.zone_line, r#"example.org. 3600 IN TXT "v=\"x\\y\"""#);
}

#[test]
fn register_advice_follows_create_domains_notes() {
    let account = account();
    assert_eq!(
        register_advice("EXAMPLE.com", &account, NOW),
        RegisterAdvice::AlreadyRegistered
    );
    let RegisterAdvice::AlreadyPending { record, expires } =
        register_advice("new.org", &account, NOW)
    else {
        panic!("new.org is pending");
    };
    assert_eq!(record.value, "mc-7f3a");
    assert!(expires.is_some());
    assert_eq!(
        register_advice("mail.eu.example.com", &account, NOW),
        RegisterAdvice::Subdomain {
            parent: "example.com".into()
        }
    );
    assert_eq!(
        register_advice("late.net", &account, NOW),
        RegisterAdvice::Register,
        "a closed window is registered again"
    );
    assert_eq!(
        register_advice("other.net", &account, NOW),
        RegisterAdvice::Register
    );
    assert_eq!(
        register_advice("example.com.au", &account, NOW),
        RegisterAdvice::Register,
        "example.com.au is not under example.com"
    );
}

#[test]
fn a_refused_registration_explains_the_references_rules_and_keeps_mimecasts_words() {
    let mut refusal = ApiError::new(
        UpstreamError::Rejected,
        "The domain is managed by another account",
    )
    .with_code("err_domain_managed_elsewhere");
    refusal.details = vec![ErrorDetail {
        code: "err_domain_managed_elsewhere".into(),
        message: "The domain is managed by another account".into(),
        retryable: false,
    }];
    let error = registration_refused("Contoso.com", &refusal);
    assert_eq!(error.code, "provisioning.domain_refused");
    assert_eq!(error.field.as_deref(), Some("domain"));
    assert!(error.message.contains("contoso.com"));
    assert!(error.message.contains("managed by another account"));
    assert!(error.message.contains("another"));
    assert_eq!(error.details[0].code, "err_domain_managed_elsewhere");
    assert!(!error.retryable);
}

/// A Worker answer of `get-internal-users` with these addresses and `next`.
fn users_page(addresses: &[&str], count: u64, next: Option<&str>) -> Vec<u8> {
    let users: Vec<_> = addresses
        .iter()
        .map(|a| json!({"emailAddress": a, "addressType": "internal", "alias": false}))
        .collect();
    let mut body = json!({"data":[{"users": users, "userCount": count}]});
    if let Some(next) = next {
        body["meta"] = json!({"pagination": {"pageSize": 2, "next": next}});
    }
    body.to_string().into_bytes()
}

#[test]
fn a_listing_follows_next_until_the_last_page() {
    let mut listing = UserListing::new("Example.com", Some("eu"));
    let first: serde_json::Value = serde_json::from_str(&listing.request().unwrap()).unwrap();
    assert_eq!(
        first,
        json!({"domain":"example.com","pageSize":100,"region":"eu"})
    );
    listing
        .accept(&users_page(
            &["a@example.com", "B@example.com"],
            5,
            Some("t2"),
        ))
        .unwrap();
    let second: serde_json::Value = serde_json::from_str(&listing.request().unwrap()).unwrap();
    assert_eq!(second["pageToken"], "t2");
    listing
        .accept(&users_page(
            &["c@example.com", "d@example.com"],
            5,
            Some("t3"),
        ))
        .unwrap();
    listing
        .accept(&users_page(&["e@example.com"], 5, None))
        .unwrap();
    assert!(listing.is_done());
    assert!(!listing.truncated());
    assert_eq!(listing.request(), None);
    assert_eq!(listing.pages(), 3);
    assert_eq!(listing.user_count(), Some(5));
    assert_eq!(listing.addresses().len(), 5);
    assert!(listing.addresses().contains("b@example.com"));
}

#[test]
fn a_listing_stops_at_a_repeated_token_and_at_its_page_limit() {
    let mut listing = UserListing::new("example.com", None);
    listing
        .accept(&users_page(&["a@example.com"], 9, Some("same")))
        .unwrap();
    listing
        .accept(&users_page(&["b@example.com"], 9, Some("same")))
        .unwrap();
    assert!(listing.is_done() && listing.truncated());

    let mut listing = UserListing::new("example.com", None);
    let mut calls = 0;
    while listing.request().is_some() {
        calls += 1;
        let token = format!("t{calls}");
        listing.accept(&users_page(&[], 0, Some(&token))).unwrap();
    }
    assert_eq!(calls, MAX_USER_PAGES);
    assert!(listing.truncated());
}

#[test]
fn a_listing_refuses_an_answer_that_is_not_a_users_page() {
    let mut listing = UserListing::new("example.com", None);
    let error = listing.accept(b"<html>").unwrap_err();
    assert_eq!(
        mimecast_sso_core::Coded::code(&error),
        "mimecast.answer_invalid"
    );
    assert!(!listing.is_done(), "the same page can be asked again");
    assert_eq!(listing.pages(), 0);
}

fn row(line: u32, email: &str) -> RunRow {
    RunRow {
        line,
        user: NewUser {
            email_address: email.to_owned(),
            name: "N".into(),
            password: Password::new("Str0ng!Passw0rd".to_owned()),
            force_password_change: true,
        },
        generated_password: true,
    }
}

#[test]
fn a_run_leaves_out_the_users_mimecast_already_lists() {
    let mut run = BulkRun::new(
        vec![row(2, "Ann@example.com"), row(3, "bob@example.com")],
        Vec::new(),
        RunConfig::default(),
    );
    let existing: BTreeSet<String> = ["ann@example.com".to_owned()].into();
    assert_eq!(run.skip_existing(&existing), 1);
    assert_eq!(run.skip_existing(&existing), 0, "only once");
    let results = run.results();
    assert_eq!(results[0].outcome, Outcome::Exists);
    assert_eq!(
        results[0].code.as_deref(),
        Some("provisioning.already_in_mimecast")
    );
    assert_eq!(results[1].outcome, Outcome::Pending);
    let report = run.report_csv();
    assert!(
        report.lines().nth(1).is_some_and(|l| l.ends_with(',')),
        "{report}"
    );
}

#[test]
fn a_line_an_interrupted_session_sent_and_mimecast_now_lists_has_an_unknown_password() {
    let mut run = BulkRun::new(
        vec![row(2, "ann@example.com"), row(3, "bob@example.com")],
        Vec::new(),
        RunConfig::default(),
    );
    let saved = [SavedOutcome {
        line: 2,
        email_address: "ann@example.com".into(),
        outcome: Outcome::Pending,
        code: Some("provisioning.sent_unclear".into()),
        message: None,
    }];
    assert_eq!(run.restore(&saved), 0);
    let existing: BTreeSet<String> = ["ann@example.com".to_owned()].into();
    assert_eq!(run.skip_existing(&existing), 1);
    let first = &run.results()[0];
    assert_eq!(first.outcome, Outcome::Exists);
    assert_eq!(first.code.as_deref(), Some("provisioning.password_unknown"));
}
