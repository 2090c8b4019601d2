//! The simulator's own credential checks: the API 1.0 HMAC-SHA1 signature and API 2.0 tokens.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::Config;

/// `base64(HMAC-SHA1(base64decode(secret_key), "{date}:{request_id}:{path}:{app_key}"))`, or
/// `None` when the secret key is not base64.
pub fn expected_signature(
    secret_key: &str,
    date: &str,
    request_id: &str,
    path: &str,
    app_key: &str,
) -> Option<String> {
    let key = STANDARD.decode(secret_key).ok()?;
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(&key).ok()?;
    mac.update(date.as_bytes());
    mac.update(b":");
    mac.update(request_id.as_bytes());
    mac.update(b":");
    mac.update(path.as_bytes());
    mac.update(b":");
    mac.update(app_key.as_bytes());
    Some(STANDARD.encode(mac.finalize().into_bytes()))
}

/// Why a request's credentials were refused: Mimecast's code and message.
pub type Refusal = (&'static str, &'static str);

/// The API 1.0 headers of one request.
pub struct SignedHeaders<'a> {
    /// `Authorization`.
    pub authorization: &'a str,
    /// `x-mc-date`.
    pub date: Option<&'a str>,
    /// `x-mc-req-id`.
    pub request_id: Option<&'a str>,
    /// `x-mc-app-id`.
    pub app_id: Option<&'a str>,
}

/// Checks an API 1.0 request to `path`.
pub fn check_signed(
    config: &Config,
    path: &str,
    headers: &SignedHeaders<'_>,
) -> Result<(), Refusal> {
    let (Some(date), Some(request_id), Some(app_id)) =
        (headers.date, headers.request_id, headers.app_id)
    else {
        return Err((
            "err_xdk_missing_header",
            "x-mc-date, x-mc-req-id and x-mc-app-id are required",
        ));
    };
    if app_id != config.app_id {
        return Err(("err_xdk_invalid_app_id", "Unknown application id"));
    }
    if !looks_like_mc_date(date) {
        return Err((
            "err_xdk_invalid_date",
            "x-mc-date must look like Tue, 24 Nov 2015 12:50:11 UTC",
        ));
    }
    let Some((access_key, signature)) = headers
        .authorization
        .strip_prefix("MC ")
        .and_then(|v| v.split_once(':'))
    else {
        return Err((
            "err_xdk_invalid_signature",
            "Authorization must be MC accessKey:signature",
        ));
    };
    let expected = expected_signature(&config.secret_key, date, request_id, path, &config.app_key);
    if access_key != config.access_key || expected.as_deref() != Some(signature) {
        return Err(("err_xdk_invalid_signature", "Signature is invalid"));
    }
    Ok(())
}

/// `Ddd, DD Mon YYYY HH:MM:SS UTC`.
fn looks_like_mc_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split(' ').collect();
    parts.len() == 6
        && parts[0].len() == 4
        && parts[0].ends_with(',')
        && parts[1].len() == 2
        && parts[2].len() == 3
        && parts[3].len() == 4
        && parts[4].len() == 8
        && parts[5] == "UTC"
}

/// Issued API 2.0 tokens and when each expires.
#[derive(Default)]
pub struct Tokens {
    issued: HashMap<String, Instant>,
    counter: u64,
}

impl Tokens {
    /// Issues a fresh token valid for `ttl`.
    pub fn issue(&mut self, ttl: Duration) -> String {
        self.counter += 1;
        let token = format!(
            "sim-token-{}-{:x}",
            self.counter,
            Instant::now().elapsed().as_nanos() ^ 0x5eed
        );
        self.issued.insert(token.clone(), Instant::now() + ttl);
        token
    }

    /// Checks `Authorization: Bearer …`.
    pub fn check(&self, token: &str) -> Result<(), Refusal> {
        match self.issued.get(token) {
            None => Err(("err_xdk_invalid_token", "The bearer token is not valid")),
            Some(expires) if *expires <= Instant::now() => {
                Err(("err_xdk_token_expired", "The bearer token has expired"))
            }
            Some(_) => Ok(()),
        }
    }

    /// Expires every issued token now (the `expire_token` fault).
    pub fn expire_all(&mut self) {
        let now = Instant::now();
        for expires in self.issued.values_mut() {
            *expires = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_from_the_issue() {
        assert_eq!(
            expected_signature(
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "Tue, 24 Nov 2015 12:50:11 UTC",
                "f4b2c0a6-1d3e-4c5b-9a7f-2e8d6c4b0a19",
                "/api/user/create-user",
                "0d8c6b1e-7a52-4f3e-b9a4-55c2e1d0f6a7",
            )
            .as_deref(),
            Some("fUDlLbeNmCODM/abg8kEmAafcsk=")
        );
    }

    fn signed(config: &Config, path: &str, date: &str) -> String {
        let sig = expected_signature(&config.secret_key, date, "rid", path, &config.app_key)
            .unwrap_or_default();
        format!("MC {}:{sig}", config.access_key)
    }

    #[test]
    fn correct_signature_is_accepted_and_a_changed_one_refused() {
        let config = Config::default();
        let date = "Tue, 24 Nov 2015 12:50:11 UTC";
        let good = signed(&config, "/api/account/get-account", date);
        let headers = |authorization| SignedHeaders {
            authorization,
            date: Some(date),
            request_id: Some("rid"),
            app_id: Some("sim-app-id"),
        };
        assert!(check_signed(&config, "/api/account/get-account", &headers(&good)).is_ok());
        let refused = check_signed(&config, "/api/user/create-user", &headers(&good));
        assert_eq!(refused.map_err(|r| r.0), Err("err_xdk_invalid_signature"));
        let bad = good.replace("MC sim-access-key", "MC other-key");
        let refused = check_signed(&config, "/api/account/get-account", &headers(&bad));
        assert_eq!(refused.map_err(|r| r.0), Err("err_xdk_invalid_signature"));
    }

    #[test]
    fn tokens_expire_on_demand() {
        let mut tokens = Tokens::default();
        let token = tokens.issue(Duration::from_secs(60));
        assert!(tokens.check(&token).is_ok());
        assert_eq!(
            tokens.check("nope").map_err(|r| r.0),
            Err("err_xdk_invalid_token")
        );
        tokens.expire_all();
        assert_eq!(
            tokens.check(&token).map_err(|r| r.0),
            Err("err_xdk_token_expired")
        );
    }
}
