//! Cloudflare Access: verifying the `Cf-Access-Jwt-Assertion` token (RS256) against the team's
//! JWKS, the application's audience tag (`ACCESS_AUD`) and the team domain as issuer.
//!
//! Source: Cloudflare's "Validate JWTs" guide: keys at
//! `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`, `aud` holds the application's AUD
//! tag, `iss` is the team domain, `exp`/`nbf` bound validity. Pure: the caller fetches the JWKS and
//! passes `now`.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BoxedUint, PublicKey};
use serde::Deserialize;
use sha2::Sha256;

use crate::time::UnixTime;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
const LEEWAY_SECS: i64 = 60;

crate::codes! {
    /// Why an Access token was refused: 403, but a JWKS that cannot be used (502) and a team
    /// domain setting that is wrong (503).
    pub enum AccessError {
        /// Not three base64url parts of JSON.
        Malformed = "access.malformed" @ 403,
        /// `alg` is not RS256.
        UnsupportedAlgorithm = "access.unsupported_algorithm" @ 403,
        /// No key in the JWKS has the token's `kid`.
        UnknownKey = "access.unknown_key" @ 403,
        /// The signature does not verify.
        BadSignature = "access.bad_signature" @ 403,
        /// `exp` has passed.
        Expired = "access.expired" @ 403,
        /// `nbf` is in the future.
        NotYetValid = "access.not_yet_valid" @ 403,
        /// `aud` does not contain the configured tag.
        WrongAudience = "access.wrong_audience" @ 403,
        /// `iss` is not the team domain.
        WrongIssuer = "access.wrong_issuer" @ 403,
        /// The JWKS document is not usable.
        JwksInvalid = "access.jwks_invalid" @ 502,
        /// `ACCESS_TEAM_DOMAIN` is not `<team>.cloudflareaccess.com`.
        TeamDomainInvalid = "access.team_domain_invalid" @ 503,
    }
}

impl fmt::Display for AccessError {
    /// One sentence per case.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessError::Malformed => "The Cloudflare Access token is not a JWT.",
            AccessError::UnsupportedAlgorithm => "The Cloudflare Access token is not signed with RS256.",
            AccessError::UnknownKey => "The Cloudflare Access token was signed by a key the team's JWKS does not list.",
            AccessError::BadSignature => "The Cloudflare Access token's signature does not verify.",
            AccessError::Expired => "The Cloudflare Access token has expired; sign in again.",
            AccessError::NotYetValid => "The Cloudflare Access token is not valid yet.",
            AccessError::WrongAudience => "The Cloudflare Access token is for another application (aud does not match ACCESS_AUD).",
            AccessError::WrongIssuer => "The Cloudflare Access token comes from another team (iss does not match ACCESS_TEAM_DOMAIN).",
            AccessError::JwksInvalid => "The team's signing keys (JWKS) could not be read.",
            AccessError::TeamDomainInvalid => "ACCESS_TEAM_DOMAIN must look like yourteam.cloudflareaccess.com.",
        })
    }
}

impl std::error::Error for AccessError {}

/// A checked Access configuration: team domain and application audience tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessSettings {
    team_domain: String,
    audience: String,
}

impl AccessSettings {
    /// From `ACCESS_TEAM_DOMAIN` (`team.cloudflareaccess.com`, with or without `https://`) and
    /// `ACCESS_AUD`.
    pub fn new(team_domain: &str, audience: &str) -> Result<Self, AccessError> {
        let domain = team_domain
            .trim()
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_ascii_lowercase();
        let team = domain.strip_suffix(".cloudflareaccess.com").unwrap_or("");
        let team_ok =
            !team.is_empty() && team.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !team_ok || audience.trim().is_empty() {
            return Err(AccessError::TeamDomainInvalid);
        }
        Ok(Self {
            team_domain: domain,
            audience: audience.trim().to_owned(),
        })
    }

    /// Where the team publishes its signing keys.
    pub fn certs_url(&self) -> String {
        format!("https://{}/cdn-cgi/access/certs", self.team_domain)
    }

    /// The expected `iss`.
    pub fn issuer(&self) -> String {
        format!("https://{}", self.team_domain)
    }
}

/// What a verified token says about the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessIdentity {
    /// The signed-in user's email, when the token has one (service tokens do not).
    pub email: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    aud: Audience,
    iss: String,
    exp: i64,
    nbf: Option<i64>,
    email: Option<String>,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

/// Verifies `token` with the keys of `jwks` (the JSON document of the certs URL) at `now`.
pub fn verify(
    token: &str,
    jwks: &[u8],
    settings: &AccessSettings,
    now: UnixTime,
) -> Result<AccessIdentity, AccessError> {
    let mut parts = token.trim().split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AccessError::Malformed);
    };
    let header: Header = decode_json(h)?;
    if header.alg != "RS256" {
        return Err(AccessError::UnsupportedAlgorithm);
    }
    let jwks: Jwks = serde_json::from_slice(jwks).map_err(|_| AccessError::JwksInvalid)?;
    let jwk = jwks
        .keys
        .iter()
        .find(|k| k.kty == "RSA" && k.kid.is_some() && k.kid == header.kid)
        .ok_or(AccessError::UnknownKey)?;
    let key = public_key(jwk)?;
    let signature = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| AccessError::Malformed)?;
    let signature =
        Signature::try_from(signature.as_slice()).map_err(|_| AccessError::BadSignature)?;
    VerifyingKey::<Sha256>::new(key)
        .verify(format!("{h}.{p}").as_bytes(), &signature)
        .map_err(|_| AccessError::BadSignature)?;
    let claims: Claims = decode_json(p)?;
    if now.secs() > claims.exp.saturating_add(LEEWAY_SECS) {
        return Err(AccessError::Expired);
    }
    if claims
        .nbf
        .is_some_and(|nbf| now.secs() < nbf.saturating_sub(LEEWAY_SECS))
    {
        return Err(AccessError::NotYetValid);
    }
    let audience_ok = match &claims.aud {
        Audience::One(a) => *a == settings.audience,
        Audience::Many(list) => list.contains(&settings.audience),
    };
    if !audience_ok {
        return Err(AccessError::WrongAudience);
    }
    if claims.iss.trim_end_matches('/') != settings.issuer() {
        return Err(AccessError::WrongIssuer);
    }
    Ok(AccessIdentity {
        email: claims.email,
    })
}

fn decode_json<T: serde::de::DeserializeOwned>(part: &str) -> Result<T, AccessError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| AccessError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| AccessError::Malformed)
}

fn public_key(jwk: &Jwk) -> Result<PublicKey, AccessError> {
    let decode = |v: &Option<String>| {
        v.as_deref()
            .and_then(|v| URL_SAFE_NO_PAD.decode(v).ok())
            .filter(|b| !b.is_empty())
            .ok_or(AccessError::JwksInvalid)
    };
    let n = BoxedUint::from_be_slice_vartime(&decode(&jwk.n)?);
    let e = BoxedUint::from_be_slice_vartime(&decode(&jwk.e)?);
    PublicKey::new(n, e).map_err(|_| AccessError::JwksInvalid)
}
