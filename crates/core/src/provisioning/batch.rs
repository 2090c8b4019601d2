//! The batch route's JSON, `POST /api/v1/mimecast/users:batch`: up to [`MAX_BATCH_USERS`] users
//! in, one result per user out, in the same order, with the caller's line numbers echoed.
//!
//! Each user is checked on its own: a bad user is `invalid` and the others still go. Passwords go
//! to Mimecast and nowhere else: no result, error message or log line holds one.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::user::{Password, UserInput, validate_user};
use super::{ProvisioningCode, UserCode};
use crate::Coded;
use crate::api_error::ApiError;
use crate::mimecast_api::UpstreamError;
use crate::mimecast_api::{MimecastRequest, Operation};
use crate::region::Region;
use crate::text::json_problem;

/// Most users in one batch call. Cloudflare's Workers limits: 10,000 subrequests per request on
/// Workers Paid (100 users with their retries stay far inside), 50 on Workers Free (send batches of
/// at most 15 users there: each may take three calls after rate limits, plus the token).
pub const MAX_BATCH_USERS: usize = 100;

/// Mimecast codes that mean "this address already exists". `err_user_already_exists` is the
/// simulator's; Mimecast's public reference for `create-user` lists no error codes, so the others
/// are the names its `err_…` convention gives (see [`is_user_exists`]).
const EXISTS_CODES: &[&str] = &[
    "err_user_already_exists",
    "err_user_exists",
    "err_address_already_exists",
    "err_validation_duplicate_user",
    "err_validation_duplicate_address",
];

/// One user of a batch request (JSON, camelCase).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchUser {
    /// The caller's line number, echoed in the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The address.
    pub email_address: String,
    /// The global name.
    pub name: String,
    /// The cloud password (required).
    #[serde(default)]
    pub password: Password,
    /// Force a password change at next login; default on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_password_change: Option<bool>,
}

/// The batch request body: `{"region"?, "users":[BatchUser…]}`. `Debug` shows the region and the
/// number of users, never the users (they hold passwords).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchRequest {
    /// Region for API 1.0 (as on every `mimecast/*` route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// One to [`MAX_BATCH_USERS`] users.
    pub users: Vec<Value>,
}

impl std::fmt::Debug for BatchRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchRequest")
            .field("region", &self.region)
            .field("users", &format_args!("<{} users>", self.users.len()))
            .finish()
    }
}

/// What happened to one user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ItemOutcome {
    /// Mimecast created the user.
    Created,
    /// The address already exists in Mimecast: skipped, not an error.
    Exists,
    /// Mimecast refused the user (its code and message are in the result).
    Failed,
    /// The user's fields were refused before anything was sent.
    Invalid,
    /// Not done this time (rate limit, Mimecast 5xx or timeout): send it again later.
    Retry,
}

/// One user's result (JSON, camelCase), in request order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemResult {
    /// The caller's line number, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The address as sent (trimmed).
    pub email_address: String,
    /// What happened.
    pub outcome: ItemOutcome,
    /// Mimecast's code (`err_…`) or ours (`user.*`, `upstream.*`), when not created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The message that goes with `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The field an `invalid` result is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `retry` after a rate limit: milliseconds to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// Whether a call to Mimecast was made for this user.
    #[serde(default)]
    pub sent: bool,
}

/// The batch answer: `{"results":[…], "stopped"?}`. `stopped` is set when the Worker stopped
/// starting calls early (a rate limit, or an error that every further call would also get).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchResponse {
    /// One per user, in request order.
    pub results: Vec<ItemResult>,
    /// Why the batch stopped early, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<ApiError>,
}

/// One checked user: the `create-user` request to send, or its `invalid` result. `Debug` shows
/// the line, the address and the request's redacted `Debug` (no password).
#[derive(Clone, PartialEq)]
pub struct ValidatedItem {
    /// The caller's line number.
    pub line: Option<u32>,
    /// The address as sent (trimmed), for the result.
    pub email_address: String,
    /// The request for Mimecast, or why there is none.
    pub request: Result<MimecastRequest, ItemResult>,
}

impl std::fmt::Debug for ValidatedItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidatedItem")
            .field("line", &self.line)
            .field("email_address", &self.email_address)
            .field("request", &self.request)
            .finish()
    }
}

/// A checked batch. `Debug` shows how many users are to send and how many were refused.
#[derive(Clone, PartialEq)]
pub struct ValidatedBatch {
    /// One per user, in request order.
    pub items: Vec<ValidatedItem>,
}

impl std::fmt::Debug for ValidatedBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let to_send = self.items.iter().filter(|i| i.request.is_ok()).count();
        f.debug_struct("ValidatedBatch")
            .field("to_send", &to_send)
            .field("invalid", &(self.items.len() - to_send))
            .finish()
    }
}

/// Parses and checks a batch body. The whole body is refused (`provisioning.batch_invalid`,
/// `provisioning.batch_empty`, `provisioning.batch_too_large`, `region.*`) only when it is not a
/// batch; each user's own problems become its `invalid` result. An address repeated in the batch
/// is `invalid` (`user.duplicate`) after its first appearance.
pub fn parse_batch_request(body: &[u8]) -> Result<ValidatedBatch, ApiError> {
    let request: BatchRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(ProvisioningCode::BatchInvalid, describe(&e, "The body")))?;
    if request.users.is_empty() {
        return Err(ApiError::new(
            ProvisioningCode::BatchEmpty,
            "The batch has no users: send {\"users\":[{\"emailAddress\",\"name\",\"password\"}, …]}.",
        )
        .with_field("users"));
    }
    if request.users.len() > MAX_BATCH_USERS {
        return Err(ApiError::new(
            ProvisioningCode::BatchTooLarge,
            format!(
                "The batch has {} users; send at most {MAX_BATCH_USERS} per call.",
                request.users.len()
            ),
        )
        .with_field("users"));
    }
    let region = match &request.region {
        None => None,
        Some(text) => Some(
            text.parse::<Region>()
                .map_err(|e| ApiError::from_coded(&e).with_field("region"))?,
        ),
    };
    let mut seen = std::collections::HashSet::new();
    let items = request
        .users
        .into_iter()
        .map(|value| {
            let line = value
                .get("line")
                .and_then(Value::as_u64)
                .and_then(|l| u32::try_from(l).ok());
            let written = value
                .get("emailAddress")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_owned();
            let invalid = |code: &str, field: Option<&str>, message: String| ItemResult {
                line,
                email_address: written.clone(),
                outcome: ItemOutcome::Invalid,
                code: Some(code.to_owned()),
                message: Some(message),
                field: field.map(str::to_owned),
                retry_after_ms: None,
                sent: false,
            };
            let request = match serde_json::from_value::<BatchUser>(value) {
                Err(e) => Err(invalid(
                    ProvisioningCode::BatchInvalid.code(),
                    None,
                    describe(&e, "This user"),
                )),
                Ok(user) => {
                    let input = UserInput {
                        email_address: user.email_address,
                        name: user.name,
                        password: Some(user.password),
                        password_confirmation: None,
                        force_password_change: user.force_password_change,
                    };
                    match validate_user(&input) {
                        Err(findings) => {
                            let first = findings.first();
                            let message = findings
                                .iter()
                                .map(|f| f.message.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            Err(invalid(
                                first.map_or(ProvisioningCode::BatchInvalid.code(), |f| {
                                    f.code.as_str()
                                }),
                                first.and_then(|f| f.field.as_deref()),
                                message,
                            ))
                        }
                        Ok(user) if !seen.insert(user.email_address.to_lowercase()) => {
                            Err(invalid(
                                UserCode::Duplicate.code(),
                                Some("emailAddress"),
                                "This address is already in the batch; it is sent once.".into(),
                            ))
                        }
                        Ok(user) => Ok(MimecastRequest {
                            operation: Operation::CreateUser,
                            region,
                            body: json!({ "data": [user] }),
                        }),
                    }
                }
            };
            ValidatedItem {
                line,
                email_address: written,
                request,
            }
        })
        .collect();
    Ok(ValidatedBatch { items })
}

/// A JSON error as a message that names fields but never repeats a value (which could be a
/// password).
fn describe(e: &serde_json::Error, what: &str) -> String {
    format!(
        "{what} does not fit the users:batch route: {}.",
        json_problem(e)
    )
}

/// Whether a Mimecast refusal of `create-user` means the address already exists: its code, or
/// the code of one of Mimecast's own `fail[]` entries in its details, is one of the known codes
/// or an `err_…` code that says `already_exists` or `duplicate`, or one of their messages says
/// "already exists".
pub fn is_user_exists(error: &ApiError) -> bool {
    std::iter::once((error.code.as_str(), error.message.as_str()))
        .chain(
            error
                .details
                .iter()
                .map(|d| (d.code.as_str(), d.message.as_str())),
        )
        .any(|(code, message)| says_exists(code, message))
}

fn says_exists(code: &str, message: &str) -> bool {
    EXISTS_CODES.contains(&code)
        || (code.starts_with("err_")
            && (code.contains("already_exists") || code.contains("duplicate")))
        || message.to_ascii_lowercase().contains("already exists")
}

/// One user's result from its `create-user` call: `Ok` (created) or the proxy's error with the
/// `Retry-After` seconds of a rate limit.
pub fn result_for_upstream(
    line: Option<u32>,
    email_address: &str,
    answer: Result<(), (&ApiError, Option<u64>)>,
) -> ItemResult {
    let mut result = ItemResult {
        line,
        email_address: email_address.to_owned(),
        outcome: ItemOutcome::Created,
        code: None,
        message: None,
        field: None,
        retry_after_ms: None,
        sent: true,
    };
    if let Err((error, retry_after_secs)) = answer {
        result.code = Some(error.code.clone());
        result.message = Some(error.message.clone());
        result.outcome = if is_user_exists(error) {
            ItemOutcome::Exists
        } else if stops_batch(error) && !error.retryable {
            // The Worker's credentials or settings were refused: Mimecast did nothing with the
            // user, who waits for the run to resume once the operator fixed them.
            result.sent = false;
            ItemOutcome::Retry
        } else if error.retryable {
            result.retry_after_ms = retry_after_secs.map(|s| s.saturating_mul(1_000));
            ItemOutcome::Retry
        } else {
            ItemOutcome::Failed
        };
    }
    result
}

impl ItemResult {
    /// The `retry` result of a user the Worker did not send because the batch stopped on `reason`.
    pub fn not_sent(
        line: Option<u32>,
        email_address: &str,
        reason: &ApiError,
        retry_after_ms: Option<u64>,
    ) -> Self {
        Self {
            line,
            email_address: email_address.to_owned(),
            outcome: ItemOutcome::Retry,
            code: Some(reason.code.clone()),
            message: Some(format!(
                "Not sent: the batch stopped early ({}).",
                reason.message
            )),
            field: None,
            retry_after_ms,
            sent: false,
        }
    }
}

/// Whether the batch route stops starting calls after `error`: a rate limit (wait), or an error
/// about the Worker's credentials or settings (every further call would get it too).
pub fn stops_batch(error: &ApiError) -> bool {
    error.is(UpstreamError::RateLimited) || (!error.retryable && error.status() >= 500)
}
