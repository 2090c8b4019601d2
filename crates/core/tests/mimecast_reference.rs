//! Our Mimecast calls against Mimecast's own endpoint reference (`tests/mimecast-reference`): every
//! request body we build fits the reference's example and tables, and every example answer the
//! reference prints is read by our readers. The reference crate is built from Mimecast's pages, not
//! from this crate, so these tests fail when we drift from what Mimecast documents.

use mimecast_reference::{
    BINDING_EXPIRED, ENDPOINTS, EXAMPLE_DATE, PAGINATED_ANSWER, check_request, endpoint, example,
    example_corrected,
};
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::mimecast_api::{
    InboundType, Operation, Pagination, Registration, Upstream, caller_body, interpret,
    read_internal_domains, read_pending_domains, read_registration, read_users_page,
    validate_request,
};
use serde_json::{Value, json};

/// A caller's body for each operation, as the page or a script sends it to the Worker.
fn caller_body_of(operation: Operation) -> Value {
    match operation {
        Operation::GetAccount | Operation::GetInternalDomains | Operation::GetPendingDomains => {
            json!({ "region": "eu" })
        }
        Operation::CreateDomain => json!({ "domain": "Example.COM", "inboundType": "smtp" }),
        Operation::GetInternalUsers => {
            json!({ "domain": "example.com", "pageSize": 50, "pageToken": "abc123" })
        }
        Operation::CreateUser => json!({
            "emailAddress": "Ann@Example.com", "name": "Ann Lee",
            "password": "Str0ng!Passw0rd", "forcePasswordChange": true,
        }),
        Operation::UpdateUser => json!({
            "emailAddress": "ann@example.com", "name": "Ann B. Lee",
            "password": "Str0ng!Passw0rd", "forcePasswordChange": false, "accountLocked": false,
        }),
        Operation::DiscoverAuthentication => json!({ "emailAddress": "ann@example.com" }),
    }
}

fn answer(path: &str) -> Vec<u8> {
    let text = endpoint(path)
        .and_then(|e| e.response)
        .expect("the reference has an answer");
    example(text)
        .expect("the example reads")
        .to_string()
        .into_bytes()
}

#[test]
fn every_proxied_operation_is_in_the_reference_and_every_reference_page_is_proxied() {
    for operation in Operation::ALL {
        let page = endpoint(operation.path())
            .unwrap_or_else(|| panic!("{} has no reference page", operation.path()));
        assert!(page.page.starts_with("https://"), "{}", page.page);
    }
    for page in ENDPOINTS {
        assert!(
            Operation::ALL.iter().any(|op| op.path() == page.path),
            "{} is in the reference but not proxied",
            page.path
        );
    }
}

#[test]
fn every_request_we_build_fits_the_reference_example_and_tables() {
    for operation in Operation::ALL {
        let body = caller_body_of(operation).to_string();
        let request = validate_request(operation, body.as_bytes())
            .unwrap_or_else(|e| panic!("{operation:?}: {e:?}"));
        check_request(operation.path(), &request.body)
            .unwrap_or_else(|e| panic!("{operation:?} sends {}: {e}", request.body));
    }
}

#[test]
fn create_domain_always_sends_the_required_inbound_type_and_defaults_to_any() {
    let request =
        validate_request(Operation::CreateDomain, br#"{"domain":"example.com"}"#).unwrap();
    assert_eq!(
        request.body,
        json!({"data":[{"domain":"example.com","inboundType":"any"}]})
    );
    check_request(Operation::CreateDomain.path(), &request.body).unwrap();
    for kind in InboundType::ALL {
        let body = json!({"domain":"example.com","inboundType": kind.code()}).to_string();
        let request = validate_request(Operation::CreateDomain, body.as_bytes()).unwrap();
        assert_eq!(request.body["data"][0]["inboundType"], kind.code());
        check_request(Operation::CreateDomain.path(), &request.body).unwrap();
    }
    let refused = validate_request(
        Operation::CreateDomain,
        br#"{"domain":"example.com","inboundType":"Any"}"#,
    )
    .unwrap_err();
    assert_eq!(refused.code, "mimecast.inbound_type_invalid");
    assert_eq!(refused.field.as_deref(), Some("inboundType"));
    assert_eq!(refused.status(), 400);
}

#[test]
fn get_internal_users_sends_mimecasts_pagination_object() {
    let request =
        validate_request(Operation::GetInternalUsers, br#"{"domain":"example.com"}"#).unwrap();
    assert_eq!(
        request.body,
        json!({"meta":{"pagination":{"pageSize":100}},"data":[{"domain":"example.com"}]})
    );
    for bad in [
        r#"{"domain":"example.com","pageSize":0}"#,
        r#"{"domain":"example.com","pageSize":501}"#,
        r#"{"domain":"example.com","pageToken":""}"#,
        r#"{"domain":"example.com","pageToken":"a b"}"#,
    ] {
        let error = validate_request(Operation::GetInternalUsers, bad.as_bytes()).unwrap_err();
        assert_eq!(error.code, "mimecast.page_invalid", "{bad}");
    }
}

#[test]
fn get_internal_domain_example_is_read_without_any_verified_field() {
    let domains = read_internal_domains(&answer("/api/domain/get-internal-domain")).unwrap();
    assert_eq!(domains.len(), 1);
    let domain = &domains[0];
    assert_eq!(
        (domain.id.as_str(), domain.domain.as_str()),
        ("String", "String")
    );
    assert!(!domain.send_only && !domain.local);
    assert_eq!(domain.inbound_type.as_deref(), Some("String"));
}

#[test]
fn get_pending_domain_example_gives_the_token_and_its_expiry() {
    let pending = read_pending_domains(&answer("/api/domain/get-pending-domain")).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].token, "String");
    assert_eq!(pending[0].expiry.as_deref(), Some(EXAMPLE_DATE));
    assert_eq!(
        pending[0].expires().map(UnixTime::to_rfc3339).as_deref(),
        Some("2015-04-02T15:58:47Z")
    );
    assert!(pending[0].is_expired(UnixTime::from_secs(1_800_000_000)));
}

#[test]
fn create_domain_example_is_a_pending_registration_with_its_token() {
    let Registration::Pending(pending) =
        read_registration(&answer("/api/domain/create-domain")).unwrap()
    else {
        panic!("a token means pending");
    };
    assert_eq!(pending.token, "String");
    assert_eq!(pending.created.as_deref(), Some(EXAMPLE_DATE));
    // "registered as an internal domain without a verification code": no token, no record.
    let at_once = br#"{"data":[{"id":"d9","domain":"mail.example.com","created":"2015-04-02T15:58:47+0000"}]}"#;
    assert_eq!(
        read_registration(at_once).unwrap(),
        Registration::Registered {
            id: "d9".into(),
            domain: "mail.example.com".into()
        }
    );
    let empty_token = br#"{"data":[{"id":"d9","domain":"mail.example.com","token":""}]}"#;
    assert!(matches!(
        read_registration(empty_token),
        Ok(Registration::Registered { .. })
    ));
    assert_eq!(
        read_registration(br#"{"data":[]}"#)
            .unwrap_err()
            .to_string(),
        "Mimecast's answer to /api/domain/create-domain could not be read: its data array is empty."
    );
}

#[test]
fn get_internal_users_example_is_read_with_its_typos_and_as_its_tables_spell_it() {
    let text = endpoint("/api/user/get-internal-users")
        .and_then(|e| e.response)
        .unwrap();
    for value in [example(text).unwrap(), example_corrected(text).unwrap()] {
        let page = read_users_page(value.to_string().as_bytes()).unwrap();
        assert_eq!(page.users.len(), 1);
        assert_eq!(page.users[0].email_address, "String");
        assert_eq!(page.users[0].address_type.as_deref(), Some("String"));
        assert_eq!(page.user_count, Some(100));
        assert_eq!(page.next, None, "one page: no next");
    }
}

#[test]
fn pagination_of_mimecasts_list_calls_is_passed_to_the_caller_and_read_back() {
    let paged = example(PAGINATED_ANSWER).unwrap().to_string();
    let Upstream::Data { data, pagination } = interpret(200, paged.as_bytes(), None, None) else {
        panic!("a success");
    };
    let pagination = pagination.expect("meta.pagination");
    assert_eq!(
        pagination,
        Pagination {
            page_size: Some(25),
            next: Some("String".into()),
            previous: None
        }
    );
    let to_caller = caller_body(&data, Some(&pagination));
    assert_eq!(to_caller["meta"]["pagination"]["next"], "String");
    // The same meta on a users answer: the reader gives the next token.
    let users = json!({
        "data": example_corrected(endpoint("/api/user/get-internal-users").unwrap().response.unwrap()).unwrap()["data"],
        "meta": { "pagination": { "pageSize": 1, "next": "page-2" } },
    });
    let page = read_users_page(users.to_string().as_bytes()).unwrap();
    assert_eq!(page.next.as_deref(), Some("page-2"));
    // No pagination: nothing added for the caller.
    assert_eq!(caller_body(&json!([]), None), json!({"data": []}));
}

#[test]
fn every_example_answer_is_a_success_for_the_proxy() {
    for page in ENDPOINTS {
        let Some(text) = page.response else { continue };
        let body = example_corrected(text).unwrap().to_string();
        assert!(
            matches!(
                interpret(200, body.as_bytes(), None, None),
                Upstream::Data { .. }
            ),
            "{}",
            page.path
        );
    }
}

#[test]
fn http_418_binding_expired_has_its_own_code_and_says_how_to_renew() {
    let (status, name, _) = BINDING_EXPIRED;
    let body = br#"{"meta":{"status":418},"data":[],"fail":[]}"#;
    let Upstream::Failed(error) = interpret(status, body, None, None) else {
        panic!("a failure");
    };
    assert_eq!(error.code, "upstream.binding_expired");
    assert_eq!(error.status(), 503);
    assert!(!error.retryable);
    assert!(error.message.contains(name), "{}", error.message);
    assert!(error.message.contains("Never Expire"));
    assert!(
        error
            .message
            .contains("wrangler secret put MIMECAST_ACCESS_KEY")
    );
    assert!(mimecast_sso_core::provisioning::stops_batch(&error));
}

#[test]
fn answers_that_do_not_fit_the_reference_are_refused_with_a_code() {
    for (body, reader) in [
        (
            &b"<html>"[..],
            read_internal_domains as fn(&[u8]) -> Result<_, _>,
        ),
        (br#"{"data":[{"id":"1"}]}"#, read_internal_domains),
        (br#"{"data":{"domain":"a"}}"#, read_internal_domains),
    ] {
        let error = reader(body).unwrap_err();
        assert_eq!(
            mimecast_sso_core::Coded::code(&error),
            "mimecast.answer_invalid"
        );
    }
    let error =
        read_pending_domains(br#"{"data":[{"domain":"a.example","token":7}]}"#).unwrap_err();
    assert!(!error.to_string().contains('7'), "{error}");
    assert!(read_users_page(br#"{"data":[{"users":[{"alias":false}]}]}"#).is_err());
}
