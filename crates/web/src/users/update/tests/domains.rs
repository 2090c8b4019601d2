//! The account's domains: listed (registered, then pending), registered with the answers
//! Mimecast gives (pending with its record, at once, already there, refused), and the record's
//! parts copied.

use super::*;

#[test]
fn domains_are_listed_registered_and_pending_with_the_region() {
    let mut state = step();
    let effects = send(&mut state, Msg::ListDomains);
    assert_eq!(state.domains.list, List::Loading);
    let (request, body, effects) = answer(
        &mut state,
        effects,
        ok(&registered_domains(&["example.com"])),
    );
    assert_eq!(request.url, "/api/v1/mimecast/get-internal-domains");
    assert_eq!(
        body,
        json!({ "region": "eu" }),
        "Mimecast API 1.0 needs the region"
    );
    let (request, _, _) = answer(
        &mut state,
        effects,
        ok(&json!({ "data": [pending_domain("acme.test", " mc-verify-1 ")] })),
    );
    assert_eq!(request.url, "/api/v1/mimecast/get-pending-domains");
    let account = state.account().expect("listed");
    assert_eq!(account.registered[0].domain, "example.com");
    assert_eq!(account.pending[0].token, " mc-verify-1 ");

    let effects = send(&mut state, Msg::ListDomains);
    let code = mimecast_sso_core::http_api::AuthError::Required.code();
    let unauthorised =
        json!({ "error": { "code": code, "message": "Sign in.", "retryable": false } });
    let (_, _, effects) = answer(&mut state, effects, reply(401, &unauthorised));
    assert!(effects.is_empty(), "a failed first list asks nothing more");
    assert!(matches!(&state.domains.list, List::Failed(p) if p.message == "Sign in."));
}

#[test]
fn registering_says_pending_with_its_record_at_once_already_or_refused() {
    let mut state = step();
    list_domains(&mut state, &["example.com"], &[]);
    assert_eq!(
        focus(&send(&mut state, Msg::Register(None))),
        Some("[data-users-field=domain]"),
        "nothing typed"
    );

    send(
        &mut state,
        Msg::Typed(Input::Domain, " Acme.Test ".to_owned()),
    );
    send(&mut state, Msg::Inbound(InboundType::Smtp));
    let effects = send(&mut state, Msg::Register(None));
    assert!(state.domains.busy);
    let created = json!({ "data": [{ "id": "d1", "domain": "acme.test", "token": "mc-verify-42", "created": "2027-01-15T08:00:00+0000", "expiry": "2027-02-14T08:00:00+0000" }] });
    let (request, body, effects) = answer(&mut state, effects, ok(&created));
    assert_eq!(request.url, "/api/v1/mimecast/create-domain");
    assert_eq!(
        body,
        json!({ "domain": "acme.test", "inboundType": "smtp", "region": "eu" })
    );
    assert_eq!(state.domains.typed, "acme.test");
    assert!(
        matches!(&state.domains.result, Some(Registered::Pending(p)) if p.token == "mc-verify-42")
    );
    let record = state.record().expect("its record");
    assert_eq!(
        (record.kind, record.host, record.name.as_str()),
        ("TXT", "@", "acme.test")
    );
    assert_eq!(record.zone_line, "acme.test. 3600 IN TXT \"mc-verify-42\"");
    assert!(matches!(
        &state.live,
        Some((_, Line::Ui("ui.users.domains.pending_now", _)))
    ));
    assert_eq!(
        fetches(effects)[0].0.url,
        "/api/v1/mimecast/get-internal-domains",
        "listed again"
    );

    // Listed as pending: asked again, the core says so and nothing is sent.
    list_domains(
        &mut state,
        &["example.com"],
        &[("acme.test", "mc-verify-42")],
    );
    state.domains.result = None;
    assert!(send(&mut state, Msg::Register(Some("acme.test".to_owned()))).is_empty());
    assert!(
        matches!(&state.domains.result, Some(Registered::Pending(p)) if p.token == "mc-verify-42")
    );
    assert!(send(&mut state, Msg::Register(Some("EXAMPLE.com".to_owned()))).is_empty());
    assert_eq!(
        state.domains.result,
        Some(Registered::Already("example.com".to_owned()))
    );

    // A subdomain of a registered domain: registered at once, without a record.
    let effects = send(
        &mut state,
        Msg::Register(Some("mail.example.com".to_owned())),
    );
    let at_once = json!({ "data": [{ "id": "d2", "domain": "mail.example.com" }] });
    answer(&mut state, effects, ok(&at_once));
    assert_eq!(
        state.domains.result,
        Some(Registered::AtOnce("mail.example.com".to_owned()))
    );
    assert!(state.record().is_none());

    // Another account's domain: Mimecast refuses, the core explains.
    let effects = send(&mut state, Msg::Register(Some("other.example".to_owned())));
    let refusal = json!({ "error": { "code": "err_domain_exists", "message": "Domain already exists.", "retryable": false } });
    let (_, _, effects) = answer(&mut state, effects, reply(422, &refusal));
    assert!(effects.is_empty(), "nothing listed again");
    assert!(!state.domains.busy);
    let Some(Registered::Failed(problem)) = &state.domains.result else {
        panic!("refused")
    };
    assert_eq!(problem.code, ProvisioningCode::DomainRefused.code());
    assert!(
        problem.message.contains("other.example"),
        "{}",
        problem.message
    );
    assert!(matches!(&state.alert, Some((_, Line::Problem(p))) if p == problem));
}

#[test]
fn without_the_worker_nothing_is_registered() {
    let mut state = State::new(contract(Server::Unavailable), Vec::new());
    let effects = send(&mut state, Msg::Register(Some("acme.test".to_owned())));
    assert_eq!(focus(&effects), Some("[data-users-field=domain]"));
    assert!(fetches(effects).is_empty());
}

#[test]
fn a_part_of_the_record_is_copied_and_says_so_for_two_seconds() {
    let mut state = step();
    assert!(
        send(&mut state, Msg::Copy("dns.value".to_owned())).is_empty(),
        "no record shown"
    );
    state.domains.result = Some(Registered::Pending(
        serde_json::from_value(pending_domain("acme.test", "mc-verify-7")).expect("pending"),
    ));
    let Some(Effect::Copy { text, then }) = send(&mut state, Msg::Copy("dns.value".to_owned()))
        .into_iter()
        .next()
    else {
        panic!("a copy");
    };
    assert_eq!(text, "mc-verify-7");
    let effects = send(&mut state, then(true));
    assert!(
        state
            .domains
            .copied
            .as_ref()
            .is_some_and(|c| c.ok && c.key == "dns.value")
    );
    assert_eq!(
        state.live.as_ref().map(|(_, l)| l),
        Some(&Line::Ui(
            "ui.copied.announce",
            vec![("label", Line::ui("ui.users.dns.value"))]
        ))
    );
    let Some(Effect::Timer { ms: 2_000, msg }) = effects.into_iter().next() else {
        panic!("a timer")
    };
    send(&mut state, msg);
    assert!(state.domains.copied.is_none());
}
