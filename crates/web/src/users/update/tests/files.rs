//! The CSV file before a run: refused by its size before it is read, the preview with its bad
//! lines, the domains listed once, and who of the file already exists, listed page by page.

use mimecast_sso_core::provisioning::CsvLimits;

use super::*;
use crate::users::state::Existing;

/// A users' file: `rows` of (email, name, password).
pub(super) fn csv(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut text = "email,name,password,force_change\r\n".to_owned();
    for (email, name, password) in rows {
        text.push_str(&format!("{email},{name},{password},\r\n"));
    }
    text.into_bytes()
}

/// Chooses `bytes` as `name` and reads it; gives what followed the reading.
pub(super) fn choose(state: &mut State, name: &str, bytes: &[u8]) -> Vec<Effect<Msg>> {
    let effects = send(
        state,
        Msg::FileChosen {
            name: name.to_owned(),
            size: bytes.len() as f64,
        },
    );
    let then = effects
        .into_iter()
        .find_map(|effect| match effect {
            Effect::ReadFile {
                slot: FILE_SLOT,
                then,
            } => Some(then),
            _ => None,
        })
        .expect("the file is read");
    send(state, then(Some(bytes.to_vec())))
}

#[test]
fn a_file_over_the_limit_is_refused_by_its_size_and_never_read() {
    let mut state = step();
    let too_large = CsvLimits::default().max_bytes as f64 + 1.0;
    let effects = send(
        &mut state,
        Msg::FileChosen {
            name: "huge.csv".to_owned(),
            size: too_large,
        },
    );
    assert!(effects.is_empty(), "nothing is read");
    assert_eq!(
        state.csv.error.as_ref().map(|p| p.code.as_str()),
        Some(ProvisioningCode::CsvTooLarge.code())
    );
    assert!(state.alert.is_some());
    let effects = send(
        &mut state,
        Msg::FileChosen {
            name: "gone.csv".to_owned(),
            size: 10.0,
        },
    );
    let Some(Effect::ReadFile { then, .. }) = effects.into_iter().next() else {
        panic!("read")
    };
    send(&mut state, then(None));
    assert_eq!(
        state.csv.error.as_ref().map(|p| p.code.as_str()),
        Some("ui.users.csv.unreadable")
    );
    assert!(state.csv.file.is_none());
}

#[test]
fn the_preview_has_every_bad_line_and_the_domains_are_listed_once() {
    let mut state = step();
    let file = csv(&[
        ("ann@example.com", "Ann", ""),
        ("bob-at-example.com", "Bob", ""),
        ("cy@acme.test", "", ""),
        ("dee@example.com", "Dee", "short"),
        ("ann@example.com", "Ann again", ""),
    ]);
    let effects = choose(&mut state, "users.csv", &file);
    let loaded = state.csv.file.as_ref().expect("read");
    assert_eq!(loaded.import.rows.len(), 1);
    assert_eq!(loaded.import.invalid_lines(), [3, 4, 5, 6]);
    let codes: Vec<&str> = loaded
        .import
        .errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    assert!(
        codes.contains(&UserCode::NameRequired.code())
            && codes.contains(&UserCode::Duplicate.code()),
        "{codes:?}"
    );
    assert_eq!(loaded.key, crate::users::saved::file_key(&file));
    let Some((_, Line::Ui("ui.users.preview.summary", words))) = &state.live else {
        panic!("said")
    };
    assert_eq!(words[1], ("ready", Line::text(1)));
    let calls = fetches(effects);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].0.url, "/api/v1/mimecast/get-internal-domains",
        "the domains the file needs are checked"
    );
    assert!(state.domains.requested);
    let effects = choose(&mut state, "users.csv", &file);
    assert!(fetches(effects).is_empty(), "asked once");
}

#[test]
fn a_file_is_not_replaced_while_its_run_goes_on() {
    let mut state = step();
    list_domains(&mut state, &["example.com"], &[]);
    let file = csv(&[("ann@example.com", "Ann", "Str0ng!Passw0rd")]);
    choose(&mut state, "users.csv", &file);
    let effects = start(&mut state);
    random(&mut state, effects, Some(Vec::new()));
    assert!(state.run_active());
    assert!(
        send(
            &mut state,
            Msg::FileChosen {
                name: "other.csv".to_owned(),
                size: 10.0
            }
        )
        .is_empty()
    );
    assert_eq!(
        state.alert.as_ref().map(|(_, l)| l),
        Some(&Line::ui("ui.users.csv.busy"))
    );
}

#[test]
fn who_already_exists_is_listed_page_by_page_on_the_registered_domains() {
    let mut state = step();
    let file = csv(&[
        ("ann@example.com", "Ann", ""),
        ("bob@example.com", "Bob", ""),
        ("cy@acme.test", "Cy", ""),
        ("dee@example.org", "Dee", ""),
    ]);
    let effects = choose(&mut state, "users.csv", &file);
    assert_eq!(state.existing.key(), None, "waits for the domains");
    let (_, _, effects) = answer(
        &mut state,
        effects,
        ok(&registered_domains(&["example.com", "example.org"])),
    );
    let (_, _, effects) = answer(
        &mut state,
        effects,
        ok(&json!({ "data": [pending_domain("acme.test", "mc-verify-1")] })),
    );
    // Only registered domains are listed: users on a pending domain cannot exist yet.
    let page = |users: &[&str], next: Option<&str>| {
        let users: Vec<Value> = users.iter().map(|u| json!({ "emailAddress": u })).collect();
        let mut body = json!({ "data": [{ "users": users, "userCount": 3 }] });
        if let Some(next) = next {
            body["meta"] = json!({ "pagination": { "next": next } });
        }
        ok(&body)
    };
    let (request, body, effects) = answer(
        &mut state,
        effects,
        page(&["ANN@example.com", "zed@example.com"], Some("p2")),
    );
    assert_eq!(request.url, "/api/v1/mimecast/get-internal-users");
    assert_eq!(
        (
            body["domain"].as_str(),
            body.get("pageToken"),
            body["region"].as_str()
        ),
        (Some("example.com"), None, Some("eu"))
    );
    let (_, body, effects) = answer(&mut state, effects, page(&["yan@example.com"], None));
    assert_eq!(body["pageToken"], "p2", "the next page");
    assert!(matches!(&state.existing, Existing::Checking { .. }));
    let (_, body, effects) = answer(&mut state, effects, page(&["dee@example.org"], None));
    assert_eq!(body["domain"], "example.org");
    assert!(effects.is_empty());
    let Existing::Checked {
        in_file,
        found,
        truncated,
        ..
    } = &state.existing
    else {
        panic!("{:?}", state.existing)
    };
    assert_eq!(*in_file, 2, "ann and dee");
    assert_eq!(found.len(), 4);
    assert!(truncated.is_empty());

    // A failure ends the check; the run will meet existing users as Mimecast answers them.
    let effects = send(&mut state, Msg::ListDomains);
    let (_, _, effects) = answer(
        &mut state,
        effects,
        ok(&registered_domains(&["example.com"])),
    );
    let (_, _, effects) = answer(&mut state, effects, ok(&json!({ "data": [] })));
    answer(&mut state, effects, Reply::default());
    assert!(matches!(&state.existing, Existing::Failed { .. }));
}

#[test]
fn a_late_page_for_an_earlier_file_is_dropped() {
    let mut state = step();
    list_domains(&mut state, &["example.com"], &[]);
    let effects = choose(&mut state, "a.csv", &csv(&[("ann@example.com", "Ann", "")]));
    let (_, then) = fetches(effects).remove(0);
    choose(&mut state, "b.csv", &csv(&[("bob@example.com", "Bob", "")]));
    let key = state.existing.key().map(str::to_owned);
    send(&mut state, then(ok(&json!({ "data": [{ "users": [] }] }))));
    assert!(
        matches!(&state.existing, Existing::Checking { .. }),
        "still listing for b.csv"
    );
    assert_eq!(state.existing.key().map(str::to_owned), key);
}
