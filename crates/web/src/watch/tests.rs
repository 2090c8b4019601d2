//! The watch panel's update, without a browser.

use super::*;
use crate::app::Server;
use mimecast_sso_core::Coded;
use mimecast_sso_core::watch::WatchCode;

fn state(server: Server) -> State {
    State {
        contract: Contract {
            lang: Lang::En,
            server,
            region: None,
            api_base: "api/v1/".to_owned(),
        },
        label: " Contoso ".to_owned(),
        notify_url: "https://hooks.example/x".to_owned(),
        sending: false,
        created: None,
        list: None,
        made: Vec::new(),
    }
}

fn target() -> Target {
    Target {
        tenant_id: "t".to_owned(),
        app_id: "a".to_owned(),
        thumbprint: "AB".to_owned(),
    }
}

#[test]
fn without_the_worker_nothing_is_sent() {
    let mut s = state(Server::Unavailable);
    assert!(update(&mut s, Msg::Watch(Ok(target()))).is_empty());
    assert_eq!(s.created, Some(Err(Problem::ui("ui.watch.needs_worker"))));
}

#[test]
fn watching_posts_the_target_then_lists() {
    let mut s = state(Server::Available);
    let effects = update(&mut s, Msg::Watch(Ok(target())));
    let [Effect::Fetch { request, .. }] = effects.as_slice() else {
        panic!("one call")
    };
    assert_eq!(request.url, "api/v1/watch");
    let body: serde_json::Value =
        serde_json::from_str(request.body.as_deref().unwrap_or("")).unwrap_or_default();
    assert_eq!(body["tenantId"], "t");
    assert_eq!(body["label"], "Contoso");
    assert_eq!(body["notifyUrl"], "https://hooks.example/x");
    assert!(s.sending);
    let ok = Reply {
        status: 200,
        body: br#"{"id":"0123456789abcdef","label":"Contoso","thumbprint":"AB","state":{"health":"unknown"}}"#.to_vec(),
        ..Reply::default()
    };
    let next = update(&mut s, Msg::Created(ok));
    assert_eq!(next.len(), 1, "the list is fetched again");
    assert_eq!(s.created, Some(Ok("Contoso".to_owned())));
    // KV's list has not caught up yet: the new watch is shown all the same, once.
    let listed = Reply {
        status: 200,
        body: br#"{"watches":[{"id":"fedcba9876543210","label":"Other"}],"limit":100}"#.to_vec(),
        ..Reply::default()
    };
    update(&mut s, Msg::Listed(listed));
    let ids: Vec<String> = s
        .list
        .iter()
        .flatten()
        .flatten()
        .map(|w| w.id.clone())
        .collect();
    assert_eq!(ids, ["fedcba9876543210", "0123456789abcdef"]);
}

#[test]
fn a_refusal_is_shown_with_its_code() {
    let mut s = state(Server::Available);
    let code = WatchCode::NotifyUrlInvalid.code();
    let refused = Reply {
        status: 400,
        body: format!(r#"{{"error":{{"code":"{code}","message":"no","retryable":false}}}}"#)
            .into_bytes(),
        ..Reply::default()
    };
    update(&mut s, Msg::Created(refused));
    assert_eq!(
        s.created.and_then(Result::err).map(|p| p.code),
        Some(code.to_owned())
    );
}
