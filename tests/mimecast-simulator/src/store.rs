//! The in-memory account and its operations, built from Mimecast's endpoint reference
//! (`mimecast-reference`), not from the helper's code: each answer has the fields of the
//! reference's example answer, in Mimecast's envelope.
//!
//! Domains follow the Domain pages: Get Internal Domain lists registered domains (`id`, `domain`,
//! `sendOnly`, `local`, `inboundType`); Create Domain takes `domain` and `inboundType` and answers
//! `id`, `domain`, `token`, `created`, `expiry`; the domain then waits in Get Pending Domain until
//! its TXT record is seen (here: `POST /__sim/verify-domain`). Create Domain's notes: a domain any
//! account manages is not registered again; a subdomain of this account's domain is registered at
//! once without a code; a subdomain of another account's domain is refused.
//!
//! Where the reference is silent, the choices are ours and marked "not documented".

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

/// One Mimecast-style answer: HTTP status and JSON body.
pub type Answer = (u16, Value);

/// How long a pending domain can be verified. Not documented: the reference gives `expiry` but
/// not the window.
const VERIFICATION_WINDOW: Duration = Duration::from_secs(14 * 24 * 3600);

/// Users per page when a request names no `pageSize`. Not documented for Get Internal Users; 25 is
/// the size the reference's paginated examples show.
const DEFAULT_PAGE_SIZE: usize = 25;

/// A registered internal domain.
#[derive(Clone, Debug)]
struct Domain {
    id: String,
    inbound_type: String,
    send_only: bool,
}

/// A domain waiting for its TXT record.
#[derive(Clone, Debug)]
struct Pending {
    id: String,
    token: String,
    created: SystemTime,
    expiry: SystemTime,
}

/// An internal user.
#[derive(Clone, Debug)]
struct User {
    id: String,
    email: String,
    name: String,
    force_password_change: bool,
    account_locked: bool,
}

/// The account's data.
#[derive(Debug)]
pub struct Store {
    domains: BTreeMap<String, Domain>,
    pending: BTreeMap<String, Pending>,
    /// Domains another Mimecast account manages.
    foreign: BTreeSet<String>,
    users: BTreeMap<String, User>,
    next_id: u64,
    /// Successful `create-user` answers per lowercase address.
    creates: BTreeMap<String, u64>,
    /// `create-user` refusals for an existing address.
    already_existing: u64,
}

impl Default for Store {
    /// One registered domain, `example.com`; `other-account.example` managed by another account;
    /// no users.
    fn default() -> Self {
        let mut store = Self {
            domains: BTreeMap::new(),
            pending: BTreeMap::new(),
            foreign: BTreeSet::from(["other-account.example".to_owned()]),
            users: BTreeMap::new(),
            next_id: 1,
            creates: BTreeMap::new(),
            already_existing: 0,
        };
        store.register("example.com", "any");
        store
    }
}

/// `{"meta":{"status":200},"data":data,"fail":[]}`.
pub fn ok(data: Vec<Value>) -> Answer {
    (200, json!({"meta":{"status":200},"data":data,"fail":[]}))
}

/// An envelope with one `fail[]` entry, at HTTP `status`. The reference documents the entry's
/// `errors[]` (`code`, `message`, `retryable`) but lists no codes: every code here is ours.
pub fn fail(status: u16, key: Value, code: &str, message: &str, retryable: bool) -> Answer {
    (
        status,
        json!({"meta":{"status":status},"data":[],"fail":[{"key":key,"errors":[{"code":code,"message":message,"retryable":retryable}]}]}),
    )
}

/// A date as the Domain pages write them: `2015-04-02T15:58:47+0000`.
fn mimecast_date(at: SystemTime) -> String {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]+0000");
    i64::try_from(secs)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

impl Store {
    /// Number of users.
    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// Every user's address, sorted (lowercase).
    pub fn addresses(&self) -> Vec<String> {
        self.users.keys().cloned().collect()
    }

    /// `(created, refused as existing, most creates for one address)` of `create-user`.
    pub fn create_counts(&self) -> (u64, u64, u64) {
        (
            self.creates.values().sum(),
            self.already_existing,
            self.creates.values().copied().max().unwrap_or(0),
        )
    }

    fn id(&mut self, kind: &str) -> String {
        self.next_id += 1;
        format!("sim-{kind}-{}", self.next_id)
    }

    fn register(&mut self, domain: &str, inbound_type: &str) -> String {
        let id = self.id("domain");
        self.domains.insert(
            domain.to_owned(),
            Domain {
                id: id.clone(),
                inbound_type: inbound_type.to_owned(),
                send_only: false,
            },
        );
        id
    }

    /// The test hook for "Mimecast saw the TXT record": a pending domain becomes registered.
    /// `false` when it was not pending.
    pub fn verify(&mut self, domain: &str) -> bool {
        let domain = domain.to_ascii_lowercase();
        let Some(pending) = self.pending.remove(&domain) else {
            return false;
        };
        self.domains.insert(
            domain,
            Domain {
                id: pending.id,
                inbound_type: "any".into(),
                send_only: false,
            },
        );
        true
    }

    /// A test set-up: `domain` pending with its window already closed (`expired`) or registered as
    /// send-only (`send_only`), or managed by another account (`foreign`).
    pub fn seed(&mut self, domain: &str, kind: &str) -> bool {
        let domain = domain.to_ascii_lowercase();
        match kind {
            "foreign" => {
                self.foreign.insert(domain);
            }
            "send_only" => {
                self.register(&domain, "any");
                if let Some(d) = self.domains.get_mut(&domain) {
                    d.send_only = true;
                }
            }
            "expired" => {
                let id = self.id("domain");
                let long_ago = SystemTime::now() - VERIFICATION_WINDOW * 2;
                self.pending.insert(
                    domain,
                    Pending {
                        token: format!("mc-verify-{}", self.next_id),
                        id,
                        created: long_ago,
                        expiry: long_ago + VERIFICATION_WINDOW,
                    },
                );
            }
            _ => return false,
        }
        true
    }

    /// Handles one operation at `path` with the request's envelope (`data`, and `meta` for
    /// paging), already checked against the reference by the server.
    pub fn handle(&mut self, path: &str, envelope: &Value) -> Answer {
        let empty = Vec::new();
        let data = envelope
            .get("data")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let first = data.first().cloned().unwrap_or_else(|| json!({}));
        let text = |field: &str| first.get(field).and_then(Value::as_str).map(str::to_owned);
        match path {
            "/api/account/get-account" => ok(vec![self.account()]),
            "/api/domain/get-internal-domain" => ok(self
                .domains
                .iter()
                .map(|(name, d)| {
                    json!({"id": d.id, "domain": name, "sendOnly": d.send_only, "local": false, "inboundType": d.inbound_type})
                })
                .collect()),
            "/api/domain/get-pending-domain" => ok(self
                .pending
                .iter()
                .map(|(name, p)| {
                    json!({"domain": name, "expiry": mimecast_date(p.expiry), "id": p.id, "token": p.token, "created": mimecast_date(p.created)})
                })
                .collect()),
            "/api/domain/create-domain" => {
                let domain = text("domain").unwrap_or_default().to_ascii_lowercase();
                let inbound = text("inboundType").unwrap_or_default();
                self.create_domain(&first, &domain, &inbound)
            }
            "/api/user/get-internal-users" => {
                let domain = text("domain").unwrap_or_default().to_ascii_lowercase();
                self.internal_users(&domain, envelope.get("meta"))
            }
            "/api/user/create-user" => self.create_user(&first),
            "/api/user/update-user" => self.update_user(&first),
            "/api/login/discover-authentication" => {
                let email = text("emailAddress").unwrap_or_default();
                // Not documented: the stored reference has no answer for this call. Mimecast's
                // own sample scripts read `data[0].region.api`; the rest is ours.
                let known = self.users.contains_key(&email.to_ascii_lowercase());
                ok(vec![json!({
                    "emailAddress": email,
                    "authenticate": if known { vec!["cloud", "saml"] } else { vec![] },
                    "region": { "api": "https://eu-api.mimecast.com" },
                })])
            }
            _ => fail(404, json!({}), "err_xdk_path_not_found", "No such endpoint", false),
        }
    }

    /// Get Account's fields, every one the reference's example has.
    fn account(&self) -> Value {
        json!({
            "maxRetention": 30,
            "accountCode": "CUKA00000",
            "domain": "cuka00000.mimecast-sim.example",
            "automatedSegmentPurge": false,
            "databaseCode": "SIM1",
            "supportCode": "S1M",
            "region": "eu",
            "accountName": "Simulated Account",
            "maxRetentionConfirmed": false,
            "archive": false,
            "gateway": true,
            "policyInheritance": false,
            "passphrase": "",
            "type": "full",
            "mailPlatform": "office365",
            "packages": ["Secure Email Gateway"],
            "mimecastId": "sim-account",
            "adminEmail": "admin@example.com",
            "userCount": self.users.len(),
        })
    }

    fn create_domain(&mut self, key: &Value, domain: &str, inbound: &str) -> Answer {
        // The refusal codes are not documented; the notes say only that these are refused.
        let managed_here = self.domains.contains_key(domain) || self.pending.contains_key(domain);
        if managed_here || self.foreign.contains(domain) {
            return fail(
                200,
                key.clone(),
                "err_domain_already_managed",
                "The domain is already managed by a Mimecast account",
                false,
            );
        }
        let parents: Vec<&str> = domain
            .match_indices('.')
            .map(|(i, _)| &domain[i + 1..])
            .filter(|p| p.contains('.'))
            .collect();
        if parents.iter().any(|p| self.foreign.contains(*p)) {
            return fail(
                200,
                key.clone(),
                "err_parent_domain_managed_elsewhere",
                "The parent domain is managed by another Mimecast account",
                false,
            );
        }
        let now = SystemTime::now();
        if parents.iter().any(|p| self.domains.contains_key(*p)) {
            // "Registered as an internal domain without a verification code": no token, no expiry
            // (their absence is our reading; the reference shows no such answer).
            let id = self.register(domain, inbound);
            return ok(vec![
                json!({"id": id, "domain": domain, "created": mimecast_date(now)}),
            ]);
        }
        let id = self.id("domain");
        let pending = Pending {
            token: format!("mc-verify-{}", self.next_id),
            id,
            created: now,
            expiry: now + VERIFICATION_WINDOW,
        };
        let answer = json!({
            "id": pending.id,
            "domain": domain,
            "token": pending.token,
            "created": mimecast_date(pending.created),
            "expiry": mimecast_date(pending.expiry),
        });
        self.pending.insert(domain.to_owned(), pending);
        ok(vec![answer])
    }

    /// The domain's users, a page at a time: `meta.pagination` as Mimecast's list calls take it
    /// (`pageSize`, `pageToken`) and answer it (`pageSize`, `next` only when there is more). The
    /// token is opaque to callers: here, the index of the page's first user.
    fn internal_users(&self, domain: &str, meta: Option<&Value>) -> Answer {
        let pagination = meta.and_then(|m| m.get("pagination"));
        let size = pagination
            .and_then(|p| p.get("pageSize"))
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_PAGE_SIZE);
        let start = match pagination
            .and_then(|p| p.get("pageToken"))
            .and_then(Value::as_str)
        {
            None => 0,
            Some(token) => match token.strip_prefix("sim-page-").and_then(|n| n.parse().ok()) {
                Some(start) => start,
                None => {
                    return fail(
                        400,
                        json!({}),
                        "err_validation_page_token",
                        "The pageToken is not one this account gave",
                        false,
                    );
                }
            },
        };
        let users: Vec<&User> = self
            .users
            .values()
            .filter(|u| {
                u.email
                    .to_ascii_lowercase()
                    .ends_with(&format!("@{domain}"))
            })
            .collect();
        let page: Vec<Value> = users
            .iter()
            .skip(start)
            .take(size)
            .map(|u| json!({"emailAddress": u.email, "addressType": "primary", "alias": false}))
            .collect();
        let mut pagination = json!({ "pageSize": size });
        if start + size < users.len() {
            pagination["next"] = format!("sim-page-{}", start + size).into();
        }
        if start > 0 {
            pagination["previous"] = format!("sim-page-{}", start.saturating_sub(size)).into();
        }
        (
            200,
            json!({
                "meta": { "status": 200, "pagination": pagination },
                "data": [{ "users": page, "userCount": users.len() }],
                "fail": [],
            }),
        )
    }

    fn create_user(&mut self, first: &Value) -> Answer {
        let email = first
            .get("emailAddress")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let key = email.to_ascii_lowercase();
        let domain = key
            .rsplit_once('@')
            .map(|(_, d)| d.to_owned())
            .unwrap_or_default();
        // Not documented: the codes for an unregistered domain and an existing address.
        if !self.domains.contains_key(&domain) {
            return fail(
                200,
                json!({"emailAddress": email}),
                "err_domain_not_registered",
                "The address's domain is not an internal domain of this account",
                false,
            );
        }
        if self.users.contains_key(&key) {
            self.already_existing += 1;
            return fail(
                200,
                json!({"emailAddress": email}),
                "err_user_already_exists",
                "A user with this email address already exists",
                false,
            );
        }
        let user = User {
            id: self.id("user"),
            email: email.clone(),
            name: first
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            force_password_change: first
                .get("forcePasswordChange")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            account_locked: false,
        };
        let answer = json!({"emailAddress": user.email, "id": user.id});
        *self.creates.entry(key.clone()).or_default() += 1;
        self.users.insert(key, user);
        ok(vec![answer])
    }

    fn update_user(&mut self, first: &Value) -> Answer {
        let email = first
            .get("emailAddress")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(user) = self.users.get_mut(&email.to_ascii_lowercase()) else {
            return fail(
                200,
                json!({"emailAddress": email}),
                "err_user_not_found",
                "No user has this email address",
                false,
            );
        };
        if let Some(name) = first.get("name").and_then(Value::as_str) {
            user.name = name.to_owned();
        }
        if let Some(flag) = first.get("forcePasswordChange").and_then(Value::as_bool) {
            user.force_password_change = flag;
        }
        if let Some(flag) = first.get("accountLocked").and_then(Value::as_bool) {
            user.account_locked = flag;
        }
        // Not documented: the stored Update User page ends before its answer; this one gives the
        // user's fields named as in the page's request table.
        ok(vec![json!({
            "emailAddress": user.email,
            "name": user.name,
            "forcePasswordChange": user.force_password_change,
            "accountLocked": user.account_locked,
        })])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mimecast_reference::check_answer;

    fn call(store: &mut Store, path: &str, data: Value) -> Value {
        let (_, body) = store.handle(path, &json!({ "data": data }));
        body
    }

    fn create(store: &mut Store, email: &str) -> Answer {
        store.handle(
            "/api/user/create-user",
            &json!({"data":[{"emailAddress": email, "name": "N", "password": "p"}]}),
        )
    }

    #[test]
    fn every_answer_has_the_reference_examples_fields() {
        let mut store = Store::default();
        store.seed("notices.example.com", "send_only");
        let cases = [
            ("/api/account/get-account", json!([])),
            (
                "/api/domain/create-domain",
                json!([{"domain":"new.org","inboundType":"any"}]),
            ),
            (
                "/api/domain/create-domain",
                json!([{"domain":"mail.example.com","inboundType":"smtp"}]),
            ),
            ("/api/domain/get-internal-domain", json!([])),
            ("/api/domain/get-pending-domain", json!([])),
            (
                "/api/user/create-user",
                json!([{"emailAddress":"a@example.com","password":"p"}]),
            ),
            (
                "/api/user/get-internal-users",
                json!([{"domain":"example.com"}]),
            ),
            (
                "/api/user/update-user",
                json!([{"emailAddress":"a@example.com","name":"A"}]),
            ),
            (
                "/api/login/discover-authentication",
                json!([{"emailAddress":"a@example.com"}]),
            ),
        ];
        for (path, data) in cases {
            let body = call(&mut store, path, data);
            assert_eq!(body["fail"], json!([]), "{path}: {body}");
            check_answer(path, &body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
        }
    }

    #[test]
    fn create_domain_answers_a_token_and_the_domain_waits_until_verified() {
        let mut store = Store::default();
        let created = call(
            &mut store,
            "/api/domain/create-domain",
            json!([{"domain":"new.org","inboundType":"known"}]),
        );
        let token = created["data"][0]["token"].as_str().unwrap().to_owned();
        assert!(
            created["data"][0]["expiry"]
                .as_str()
                .unwrap()
                .ends_with("+0000")
        );
        let pending = call(&mut store, "/api/domain/get-pending-domain", json!([]));
        assert_eq!(pending["data"][0]["token"], token.as_str());
        let listed = call(&mut store, "/api/domain/get-internal-domain", json!([]));
        assert!(
            !listed["data"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["domain"] == "new.org")
        );
        assert_eq!(
            create(&mut store, "a@new.org").1["fail"][0]["errors"][0]["code"],
            "err_domain_not_registered"
        );
        assert!(store.verify("new.org"));
        let listed = call(&mut store, "/api/domain/get-internal-domain", json!([]));
        assert!(
            listed["data"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["domain"] == "new.org")
        );
        assert_eq!(
            call(&mut store, "/api/domain/get-pending-domain", json!([]))["data"],
            json!([])
        );
        assert_eq!(create(&mut store, "a@new.org").1["fail"], json!([]));
    }

    #[test]
    fn create_domain_follows_the_references_notes() {
        let mut store = Store::default();
        let again = call(
            &mut store,
            "/api/domain/create-domain",
            json!([{"domain":"example.com","inboundType":"any"}]),
        );
        assert_eq!(
            again["fail"][0]["errors"][0]["code"],
            "err_domain_already_managed"
        );
        let foreign = call(
            &mut store,
            "/api/domain/create-domain",
            json!([{"domain":"other-account.example","inboundType":"any"}]),
        );
        assert_eq!(
            foreign["fail"][0]["errors"][0]["code"],
            "err_domain_already_managed"
        );
        let under_foreign = call(
            &mut store,
            "/api/domain/create-domain",
            json!([{"domain":"eu.other-account.example","inboundType":"any"}]),
        );
        assert_eq!(
            under_foreign["fail"][0]["errors"][0]["code"],
            "err_parent_domain_managed_elsewhere"
        );
        let sub = call(
            &mut store,
            "/api/domain/create-domain",
            json!([{"domain":"mail.example.com","inboundType":"any"}]),
        );
        assert!(
            sub["data"][0].get("token").is_none(),
            "registered without a code"
        );
        assert_eq!(
            create(&mut store, "a@mail.example.com").1["fail"],
            json!([])
        );
    }

    #[test]
    fn users_are_paged_with_next_until_the_last_page() {
        let mut store = Store::default();
        for i in 0..5 {
            assert_eq!(
                create(&mut store, &format!("u{i}@example.com")).1["fail"],
                json!([])
            );
        }
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut pagination = json!({"pageSize": 2});
            if let Some(t) = &token {
                pagination["pageToken"] = t.clone().into();
            }
            let (_, body) = store.handle(
                "/api/user/get-internal-users",
                &json!({"meta":{"pagination": pagination},"data":[{"domain":"example.com"}]}),
            );
            check_answer("/api/user/get-internal-users", &body).unwrap();
            assert_eq!(body["data"][0]["userCount"], 5);
            seen.extend(
                body["data"][0]["users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["emailAddress"].clone()),
            );
            match body["meta"]["pagination"]["next"].as_str() {
                Some(next) => token = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 5);
    }

    #[test]
    fn an_existing_address_answers_200_with_a_fail_entry() {
        let mut store = Store::default();
        assert_eq!(create(&mut store, "a@example.com").1["fail"], json!([]));
        let (status, body) = create(&mut store, "A@example.com");
        assert_eq!(status, 200);
        assert_eq!(
            body["fail"][0]["errors"][0]["code"],
            "err_user_already_exists"
        );
        assert_eq!(store.user_count(), 1);
    }

    #[test]
    fn unknown_paths_answer_404_in_the_envelope() {
        let (status, body) =
            Store::default().handle("/api/admin/delete-everything", &json!({"data":[]}));
        assert_eq!(status, 404);
        assert_eq!(
            body["fail"][0]["errors"][0]["code"],
            "err_xdk_path_not_found"
        );
    }
}
