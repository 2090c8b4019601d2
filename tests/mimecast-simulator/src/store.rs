//! The in-memory account: internal domains (each with a DNS TXT verification token) and users, and
//! the operations on them, answering in Mimecast's envelope.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// One Mimecast-style answer: HTTP status and JSON body.
pub type Answer = (u16, Value);

/// An internal domain.
#[derive(Clone, Debug)]
struct Domain {
    id: String,
    verification_code: String,
    verified: bool,
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
    users: BTreeMap<String, User>,
    next_id: u64,
    /// Successful `create-user` answers per lowercase address.
    creates: BTreeMap<String, u64>,
    /// `create-user` refusals for an existing address.
    already_existing: u64,
}

impl Default for Store {
    /// One verified domain, `example.com`, and no users.
    fn default() -> Self {
        let mut store = Self {
            domains: BTreeMap::new(),
            users: BTreeMap::new(),
            next_id: 1,
            creates: BTreeMap::new(),
            already_existing: 0,
        };
        let id = store.id("domain");
        store.domains.insert(
            "example.com".into(),
            Domain {
                id,
                verification_code: "mc-verify-seeded".into(),
                verified: true,
            },
        );
        store
    }
}

/// `{"meta":{"status":200},"data":data,"fail":[]}`.
pub fn ok(data: Vec<Value>) -> Answer {
    (200, json!({"meta":{"status":200},"data":data,"fail":[]}))
}

/// An envelope with one `fail[]` entry, at HTTP `status`.
pub fn fail(status: u16, key: Value, code: &str, message: &str, retryable: bool) -> Answer {
    (
        status,
        json!({"meta":{"status":status},"data":[],"fail":[{"key":key,"errors":[{"code":code,"message":message,"retryable":retryable}]}]}),
    )
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

    /// Handles one operation at `path` with the request's `data` array.
    pub fn handle(&mut self, path: &str, data: &[Value]) -> Answer {
        let first = data.first().cloned().unwrap_or_else(|| json!({}));
        let text = |field: &str| first.get(field).and_then(Value::as_str).map(str::to_owned);
        match path {
            "/api/account/get-account" => ok(vec![json!({
                "accountName": "Simulated Account",
                "accountCode": "CUKA00000",
                "region": "eu",
                "userCount": self.users.len(),
            })]),
            "/api/domain/get-internal-domain" => ok(self
                .domains
                .iter()
                .map(|(name, d)| json!({"id": d.id, "domain": name, "verified": d.verified, "verificationCode": d.verification_code, "inboundType": "internal"}))
                .collect()),
            "/api/domain/create-domain" => {
                let Some(domain) = text("domain").map(|d| d.to_ascii_lowercase()) else {
                    return missing(&first, "domain");
                };
                if self.domains.contains_key(&domain) {
                    return fail(200, first, "err_domain_already_exists", "The domain is already registered", false);
                }
                let id = self.id("domain");
                let verification_code = format!("mc-verify-{}", id.trim_start_matches("sim-domain-"));
                self.domains.insert(domain.clone(), Domain { id: id.clone(), verification_code: verification_code.clone(), verified: false });
                ok(vec![json!({
                    "id": id,
                    "domain": domain,
                    "verified": false,
                    "verificationCode": verification_code,
                    "dnsTxtRecord": format!("mimecast-verification={verification_code}"),
                })])
            }
            "/api/user/get-internal-users" => {
                let Some(domain) = text("domain").map(|d| d.to_ascii_lowercase()) else {
                    return missing(&first, "domain");
                };
                let users = self
                    .users
                    .values()
                    .filter(|u| u.email.ends_with(&format!("@{domain}")))
                    .map(user_json)
                    .collect();
                ok(users)
            }
            "/api/user/create-user" => {
                let Some(email) = text("emailAddress") else {
                    return missing(&first, "emailAddress");
                };
                let key = email.to_ascii_lowercase();
                let domain = key.rsplit_once('@').map(|(_, d)| d.to_owned()).unwrap_or_default();
                if !self.domains.contains_key(&domain) {
                    return fail(200, json!({"emailAddress": email}), "err_domain_not_registered", "The address's domain is not an internal domain of this account", false);
                }
                if self.users.contains_key(&key) {
                    self.already_existing += 1;
                    return fail(200, json!({"emailAddress": email}), "err_user_already_exists", "A user with this email address already exists", false);
                }
                let user = User {
                    id: self.id("user"),
                    email: email.clone(),
                    name: text("name").unwrap_or_default(),
                    force_password_change: first.get("forcePasswordChange").and_then(Value::as_bool).unwrap_or(false),
                    account_locked: false,
                };
                let answer = json!({"id": user.id, "emailAddress": user.email});
                *self.creates.entry(key.clone()).or_default() += 1;
                self.users.insert(key, user);
                ok(vec![answer])
            }
            "/api/user/update-user" => {
                let Some(email) = text("emailAddress") else {
                    return missing(&first, "emailAddress");
                };
                let Some(user) = self.users.get_mut(&email.to_ascii_lowercase()) else {
                    return fail(200, json!({"emailAddress": email}), "err_user_not_found", "No user has this email address", false);
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
                ok(vec![user_json(user)])
            }
            "/api/login/discover-authentication" => {
                let Some(email) = text("emailAddress") else {
                    return missing(&first, "emailAddress");
                };
                let known = self.users.contains_key(&email.to_ascii_lowercase());
                ok(vec![json!({
                    "emailAddress": email,
                    "authenticate": if known { vec!["cloud", "saml"] } else { vec![] },
                    "region": "eu",
                })])
            }
            _ => fail(404, json!({}), "err_xdk_path_not_found", "No such endpoint", false),
        }
    }
}

fn missing(key: &Value, field: &str) -> Answer {
    fail(
        200,
        key.clone(),
        "err_validation_missing_field",
        &format!("{field} is required"),
        false,
    )
}

fn user_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "emailAddress": user.email,
        "name": user.name,
        "forcePasswordChange": user.force_password_change,
        "accountLocked": user.account_locked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create(store: &mut Store, email: &str) -> Answer {
        store.handle(
            "/api/user/create-user",
            &[json!({"emailAddress": email, "name": "N", "password": "p"})],
        )
    }

    #[test]
    fn creating_an_existing_user_answers_200_with_a_fail_entry() {
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
    fn users_need_a_registered_domain() {
        let mut store = Store::default();
        let (_, body) = create(&mut store, "a@other.org");
        assert_eq!(
            body["fail"][0]["errors"][0]["code"],
            "err_domain_not_registered"
        );
        let (_, body) = store.handle(
            "/api/domain/create-domain",
            &[json!({"domain": "other.org"})],
        );
        assert!(
            body["data"][0]["dnsTxtRecord"]
                .as_str()
                .unwrap_or("")
                .starts_with("mimecast-verification=")
        );
        assert_eq!(create(&mut store, "a@other.org").1["fail"], json!([]));
    }

    #[test]
    fn unknown_paths_answer_404_in_the_envelope() {
        let (status, body) = Store::default().handle("/api/admin/delete-everything", &[]);
        assert_eq!(status, 404);
        assert_eq!(
            body["fail"][0]["errors"][0]["code"],
            "err_xdk_path_not_found"
        );
    }
}
