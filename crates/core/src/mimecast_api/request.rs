//! Request bodies of the proxy routes: typed, validated before anything is sent, then wrapped in
//! Mimecast's `{"data":[…]}` envelope.
//!
//! Unknown fields are refused, so no URL, host or path can ride along in a body; addresses and
//! domains are checked character by character.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::MimecastCode;
use super::domains::InboundType;
use super::operation::Operation;
use crate::address;
use crate::api_error::ApiError;
use crate::region::Region;
use crate::text::json_problem;

/// Longest name Mimecast's "New Address" dialog accepts, in characters.
const MAX_NAME_CHARS: usize = 100;
/// Users per page asked of `get-internal-users` when the caller names no size. Mimecast's
/// reference gives no limit; its examples ask for 25.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// Largest page a caller may ask for (ours: the reference names none).
pub const MAX_PAGE_SIZE: u32 = 500;
/// Longest `pageToken` passed on.
const MAX_PAGE_TOKEN_BYTES: usize = 2048;

/// A validated proxy request, ready to sign and send. `Debug` shows the operation, the region and
/// how many entries the body holds, never the body (a `create-user` body holds a password).
#[derive(Clone, PartialEq)]
pub struct MimecastRequest {
    /// The allow-listed operation.
    pub operation: Operation,
    /// The region the caller asked for, if any (configuration applies otherwise).
    pub region: Option<Region>,
    /// The upstream JSON body, `{"data":[…]}`.
    pub body: Value,
}

impl std::fmt::Debug for MimecastRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self
            .body
            .get("data")
            .and_then(Value::as_array)
            .map(Vec::len);
        f.debug_struct("MimecastRequest")
            .field("operation", &self.operation)
            .field("region", &self.region)
            .field(
                "body",
                &format_args!("<{} data entries>", entries.unwrap_or(0)),
            )
            .finish()
    }
}

/// The body of the proxy routes that take nothing but the region.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct RegionBody {
    /// A region code (API 1.0 only); the configured region otherwise.
    region: Option<String>,
}

/// The body of `create-domain`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct CreateDomainBody {
    /// A region code (API 1.0 only).
    region: Option<String>,
    /// The domain to register, for example `example.com`.
    domain: String,
    /// Mimecast's inbound checks; the console's default, `any`, when left out.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<InboundType>))]
    inbound_type: Option<String>,
}

/// The body of `get-internal-users`: one page of a domain's users.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct UsersPageBody {
    /// A region code (API 1.0 only).
    region: Option<String>,
    /// The domain whose users to list.
    domain: String,
    /// Users per page, 1 to 500 (100 by default).
    page_size: Option<u32>,
    /// The `meta.pagination.next` of the previous page's answer.
    page_token: Option<String>,
}

/// The body of `create-user`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct CreateUserBody {
    /// A region code (API 1.0 only).
    region: Option<String>,
    /// The new address, as Entra's `mail` attribute has it.
    email_address: String,
    /// The display name.
    name: String,
    /// The Mimecast cloud password, refused before anything is sent unless it meets the policy
    /// the batch route applies (`user.password_*`, field `password`): 8 to 128 characters, three
    /// of lowercase, capitals, digits and symbols, no control character, no space at either end.
    password: String,
    /// Whether the user must change the password at the next login (default true).
    #[serde(default = "yes")]
    force_password_change: bool,
}

/// The body of `update-user`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct UpdateUserBody {
    /// A region code (API 1.0 only).
    region: Option<String>,
    /// The user's address.
    email_address: String,
    /// A new display name.
    name: Option<String>,
    /// A new password, under the same policy as `create-user`'s.
    password: Option<String>,
    /// Whether the user must change the password at the next login.
    force_password_change: Option<bool>,
    /// Whether the account is locked.
    account_locked: Option<bool>,
}

/// The body of `discover-authentication`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub(crate) struct EmailBody {
    /// A region code (API 1.0 only).
    region: Option<String>,
    /// The address.
    email_address: String,
}

fn yes() -> bool {
    true
}

/// Validates the caller's JSON `body` for `operation` and builds the upstream envelope.
///
/// An empty body counts as `{}`. Every error names the field it is about.
pub fn validate_request(operation: Operation, body: &[u8]) -> Result<MimecastRequest, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let mut meta = None;
    let (region, data) = match operation {
        Operation::GetAccount | Operation::GetInternalDomains | Operation::GetPendingDomains => {
            let b: RegionBody = parse(body)?;
            (b.region, json!([]))
        }
        Operation::CreateDomain => {
            let b: CreateDomainBody = parse(body)?;
            let inbound = match b.inbound_type.as_deref() {
                None => InboundType::default(),
                Some(text) => text.parse::<InboundType>()?,
            };
            let data = json!([{
                "domain": domain(&b.domain, "domain")?,
                "inboundType": inbound.code(),
            }]);
            (b.region, data)
        }
        Operation::GetInternalUsers => {
            let b: UsersPageBody = parse(body)?;
            let data = json!([{ "domain": domain(&b.domain, "domain")? }]);
            meta = pagination(b.page_size, b.page_token)?;
            (b.region, data)
        }
        Operation::CreateUser => {
            let b: CreateUserBody = parse(body)?;
            let (address, _) = email(&b.email_address)?;
            let data = json!([{
                "emailAddress": address,
                "name": name(&b.name)?,
                "password": password(&b.password)?,
                "forcePasswordChange": b.force_password_change,
            }]);
            (b.region, data)
        }
        Operation::UpdateUser => {
            let b: UpdateUserBody = parse(body)?;
            let (address, _) = email(&b.email_address)?;
            let mut item = serde_json::Map::new();
            item.insert("emailAddress".into(), address.into());
            if let Some(n) = &b.name {
                item.insert("name".into(), name(n)?.into());
            }
            if let Some(p) = &b.password {
                item.insert("password".into(), password(p)?.into());
            }
            if let Some(f) = b.force_password_change {
                item.insert("forcePasswordChange".into(), f.into());
            }
            if let Some(l) = b.account_locked {
                item.insert("accountLocked".into(), l.into());
            }
            (b.region, Value::Array(vec![Value::Object(item)]))
        }
        Operation::DiscoverAuthentication => {
            let b: EmailBody = parse(body)?;
            let (address, _) = email(&b.email_address)?;
            (b.region, json!([{ "emailAddress": address }]))
        }
    };
    let region = match region {
        None => None,
        Some(text) => Some(
            text.parse::<Region>()
                .map_err(|e| ApiError::from_coded(&e).with_field("region"))?,
        ),
    };
    let mut body = json!({ "data": data });
    if let Some(meta) = meta {
        body["meta"] = meta;
    }
    Ok(MimecastRequest {
        operation,
        region,
        body,
    })
}

/// `meta.pagination` of a list call: `pageSize` (1 to [`MAX_PAGE_SIZE`], [`DEFAULT_PAGE_SIZE`] when
/// left out) and the `pageToken` of an earlier answer's `next`, as Mimecast's list calls take them
/// (endpoint reference, Get Group Members: "pageToken: the value of the 'next' or 'previous' fields
/// from an earlier request").
fn pagination(
    page_size: Option<u32>,
    page_token: Option<String>,
) -> Result<Option<Value>, ApiError> {
    let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&size) {
        return Err(ApiError::new(
            MimecastCode::PageInvalid,
            format!("pageSize must be 1 to {MAX_PAGE_SIZE}."),
        )
        .with_field("pageSize"));
    }
    let mut pagination = json!({ "pageSize": size });
    if let Some(token) = page_token {
        let fits = !token.is_empty()
            && token.len() <= MAX_PAGE_TOKEN_BYTES
            && token.bytes().all(|b| b.is_ascii_graphic());
        if !fits {
            return Err(ApiError::new(
                MimecastCode::PageInvalid,
                format!(
                    "pageToken must be the `next` value of an earlier answer (printable ASCII, at most {MAX_PAGE_TOKEN_BYTES} bytes)."
                ),
            )
            .with_field("pageToken"));
        }
        pagination["pageToken"] = token.into();
    }
    Ok(Some(json!({ "pagination": pagination })))
}

/// Parses JSON into `T`. The message names unknown or missing fields but never repeats a value,
/// which could be a password.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        let detail = json_problem(&e);
        ApiError::new(
            MimecastCode::BodyInvalid,
            format!(
                "The request body does not fit this operation: {detail} (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Checks an email address; returns it with the domain in lowercase, and the domain.
fn email(text: &str) -> Result<(String, String), ApiError> {
    let invalid = || {
        ApiError::new(
            MimecastCode::EmailInvalid,
            "emailAddress must be one address like name@example.com (letters, digits and . _ % + - ' before the @).",
        )
        .with_field("emailAddress")
    };
    let text = text.trim();
    let (local, domain_part) = text.split_once('@').ok_or_else(invalid)?;
    if !address::local_part_ok(local) || text.len() > address::MAX_ADDRESS_LEN {
        return Err(invalid());
    }
    let domain = domain(domain_part, "emailAddress").map_err(|_| invalid())?;
    Ok((format!("{local}@{domain}"), domain))
}

/// Checks a DNS domain name (at least two labels, letters, digits and hyphens, alphabetic top
/// label); returns it in lowercase.
fn domain(text: &str, field: &str) -> Result<String, ApiError> {
    let Some(domain) = address::dns_domain(text) else {
        return Err(ApiError::new(
            MimecastCode::DomainInvalid,
            "The domain must be a DNS name like example.com: letters, digits, hyphens and dots only.",
        )
        .with_field(field));
    };
    Ok(domain)
}

/// Checks a display name: 1 to 100 characters, no control characters.
fn name(text: &str) -> Result<String, ApiError> {
    let name = text.trim();
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ApiError::new(
            MimecastCode::NameInvalid,
            format!("name must be 1 to {MAX_NAME_CHARS} characters without control characters."),
        )
        .with_field("name"));
    }
    Ok(name.to_owned())
}

/// Checks a password against the one policy ([`crate::password`]), so a user created alone is
/// refused exactly as in a batch, with the same code; the message never repeats it.
fn password(text: &str) -> Result<String, ApiError> {
    crate::password::check(text)
        .map_err(|error| ApiError::from_coded(&error).with_field("password"))?;
    Ok(text.to_owned())
}
