//! The API 2.0 access token: the client-credentials request, the token answer, and how long a token
//! may be reused (until 60 seconds before it expires).

use std::fmt;

use serde::Deserialize;

use super::MimecastCode;
use crate::api_error::ApiError;
use crate::time::UnixTime;

/// The token endpoint's path on [`super::API2_HOST`].
pub const TOKEN_PATH: &str = "/oauth/token";

/// Seconds before expiry at which a cached token is no longer used.
const REFRESH_MARGIN_SECS: i64 = 60;

/// An API 2.0 bearer token and when it expires. `Debug` never shows the token.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    value: String,
    expires_at: UnixTime,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("value", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl AccessToken {
    /// The token, for `Authorization: Bearer …`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// When the token expires.
    pub fn expires_at(&self) -> UnixTime {
        self.expires_at
    }

    /// Whether the token may still be used at `now`: until 60 s before it expires.
    pub fn is_usable(&self, now: UnixTime) -> bool {
        now.secs() < self.expires_at.secs().saturating_sub(REFRESH_MARGIN_SECS)
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    expires_in: i64,
}

/// Reads the token endpoint's JSON answer (`access_token`, `token_type`, `expires_in` seconds).
pub fn parse_token_response(body: &[u8], now: UnixTime) -> Result<AccessToken, ApiError> {
    let invalid = || {
        ApiError::new(
            MimecastCode::TokenInvalid,
            "Mimecast's token endpoint answered without a usable bearer token.",
        )
    };
    let answer: TokenAnswer = serde_json::from_slice(body).map_err(|_| invalid())?;
    let bearer = answer
        .token_type
        .as_deref()
        .is_none_or(|t| t.eq_ignore_ascii_case("bearer"));
    if answer.access_token.is_empty() || answer.expires_in <= 0 || !bearer {
        return Err(invalid());
    }
    Ok(AccessToken {
        value: answer.access_token,
        expires_at: UnixTime::from_secs(now.secs().saturating_add(answer.expires_in)),
    })
}

/// The form body of the client-credentials request.
pub fn token_request_body(client_id: &str, client_secret: &str) -> String {
    format!(
        "grant_type=client_credentials&client_id={}&client_secret={}",
        form_encode(client_id),
        form_encode(client_secret)
    )
}

/// `application/x-www-form-urlencoded` encoding of one value.
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
