//! Cloudflare Access: verifying the `Cf-Access-Jwt-Assertion` token (RS256) against the team's
//! JWKS, the application's audience tag (`ACCESS_AUD`) and the team domain as issuer.
//!
//! Source: Cloudflare's "Validate JWTs" guide: keys at
//! `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`, `aud` holds the application's AUD
//! tag, `iss` is the team domain, `exp`/`nbf` bound validity. Pure: the caller fetches the JWKS and
//! passes `now`. The verification itself (`token`) needs the core's `verify` feature (RSA).

use std::fmt;

#[cfg(feature = "verify")]
mod token;

#[cfg(feature = "verify")]
pub use token::verify;

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
