//! The Access token itself: its header and claims, the team's JWKS, and the RS256 check.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BoxedUint, PublicKey};
use serde::Deserialize;
use sha2::Sha256;

use super::{AccessError, AccessIdentity, AccessSettings};
use crate::time::UnixTime;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
const LEEWAY_SECS: i64 = 60;

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
