//! `POST /api/v1/mimecast/{operation}`: authenticate the caller, validate the body with the core,
//! then sign (API 1.0) or authorise with a cached token (API 2.0) and forward to the fixed URL.
//!
//! Rate limits are retried within the core's [`RetryPolicy`], and so is a failed connection when
//! the policy says resending is safe (a read-only operation, or a call that never left); a 401
//! under API 2.0 is retried once with a fresh token. Every other outcome goes back in the one
//! error shape.

use std::cell::RefCell;

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::RouteError;
use mimecast_sso_core::http_api::routes::Route;
use mimecast_sso_core::mimecast_api::UpstreamError;
use mimecast_sso_core::mimecast_api::{
    AccessToken, ApiVersion, BaseUrl, Credentials, MimecastRequest, Operation, Pagination,
    ProxySettings, RetryPolicy, TOKEN_PATH, Upstream, authorization_v1, caller_body, interpret,
    mc_date, parse_token_response, request_id_from_bytes, retry_after_secs, signature_v1,
    token_request_body, validate_request,
};
use worker::{Delay, Env, Headers, Method, Request};

use crate::caller::authorize;
use crate::http::{
    Answer, Failure, Outcome, now, random_bytes, read_request_body, secret, setting,
};
use crate::upstream::{self, Reply};

thread_local! {
    /// The API 2.0 token, keyed by token URL and client id, reused until 60 s before expiry.
    static TOKEN: RefCell<Option<(String, AccessToken)>> = const { RefCell::new(None) };
}

/// Handles one proxy request.
pub async fn handle(
    operation: Operation,
    mut req: Request,
    env: &Env,
    outcome: &mut Outcome,
) -> Answer {
    match forward(operation, &mut req, env, outcome).await {
        Ok((data, pagination)) => Answer::ok(&caller_body(&data, pagination.as_ref())),
        Err(failure) => Answer::Error(failure),
    }
}

async fn forward(
    operation: Operation,
    req: &mut Request,
    env: &Env,
    outcome: &mut Outcome,
) -> Result<(serde_json::Value, Option<Pagination>), Failure> {
    outcome.auth = Some(authorize(req, env).await?);
    let body = read_request_body(req, Route::Mimecast(operation).body(), outcome).await?;
    let request = validate_request(operation, &body)?;
    let (settings, credentials) = configuration(env)?;
    execute(&settings, &credentials, &request, outcome).await
}

/// The proxy's settings and the secrets of its API version, checked by the core.
pub fn configuration(env: &Env) -> Result<(ProxySettings, Credentials), Failure> {
    let settings = ProxySettings::parse(
        setting(env, "MIMECAST_API_VERSION").as_deref(),
        setting(env, "MIMECAST_REGION").as_deref(),
        setting(env, "MIMECAST_BASE_URL").as_deref(),
        setting(env, "MIMECAST_TIMEOUT_MS").as_deref(),
    )?;
    let credentials = Credentials::load(settings.version, |name| secret(env, name))?;
    Ok((settings, credentials))
}

/// Sends one validated request (with the bounded 429 retry and the one token refresh) and gives
/// Mimecast's `data` and, for a list call, its `meta.pagination`. Batch routes call it once per
/// item.
pub async fn execute(
    settings: &ProxySettings,
    credentials: &Credentials,
    request: &MimecastRequest,
    outcome: &mut Outcome,
) -> Result<(serde_json::Value, Option<Pagination>), Failure> {
    let base = settings.api_base(request.region)?;
    let policy = RetryPolicy::default();
    let (mut retries, mut refreshed, mut resent) = (0, false, 0);
    loop {
        outcome.upstream_attempts = Some(outcome.upstream_attempts.unwrap_or(0) + 1);
        let reply = match call(settings, credentials, &base, request).await {
            Ok(reply) => reply,
            Err(failed)
                if failed.failure.error.is(UpstreamError::Failed)
                    && policy.resend_after_connection_failure(
                        request.operation,
                        failed.may_have_reached,
                        resent,
                    ) =>
            {
                resent += 1;
                continue;
            }
            Err(failed) => return Err(failed.failure),
        };
        let reset = reply.rate_limit_reset.as_deref();
        match interpret(
            reply.status,
            &reply.body,
            reset,
            reply.retry_after.as_deref(),
        ) {
            Upstream::Data { data, pagination } => return Ok((data, pagination)),
            Upstream::RateLimited { wait_ms } if policy.should_retry(retries, wait_ms) => {
                retries += 1;
                Delay::from(std::time::Duration::from_millis(wait_ms)).await;
            }
            Upstream::RateLimited { wait_ms } => {
                return Err(Failure {
                    error: ApiError::new(
                        UpstreamError::RateLimited,
                        "Mimecast's rate limit is reached; retry after the Retry-After seconds.",
                    ),
                    retry_after: Some(retry_after_secs(wait_ms)),
                });
            }
            Upstream::Unauthorized(_) if settings.version == ApiVersion::V2 && !refreshed => {
                refreshed = true;
                TOKEN.with(|t| *t.borrow_mut() = None);
            }
            Upstream::Unauthorized(error) | Upstream::Failed(error) => return Err(error.into()),
        }
    }
}

/// Why one upstream attempt failed, and whether the call may have reached Mimecast (a failure
/// while getting a token or preparing the request did not).
struct CallFailure {
    failure: Failure,
    may_have_reached: bool,
}

impl From<Failure> for CallFailure {
    fn from(failure: Failure) -> Self {
        Self {
            failure,
            may_have_reached: false,
        }
    }
}

impl From<ApiError> for CallFailure {
    fn from(error: ApiError) -> Self {
        Failure::from(error).into()
    }
}

/// One upstream attempt with the credentials of the configured API version.
async fn call(
    settings: &ProxySettings,
    credentials: &Credentials,
    base: &BaseUrl,
    request: &MimecastRequest,
) -> Result<Reply, CallFailure> {
    let path = request.operation.path();
    let headers = Headers::new();
    let set = |name: &str, value: &str| {
        headers.set(name, value).map_err(|_| {
            Failure::from(ApiError::new(
                RouteError::Internal,
                "A header could not be set.",
            ))
        })
    };
    set("Content-Type", "application/json")?;
    set("Accept", "application/json")?;
    match credentials {
        Credentials::V2 { .. } => {
            let token = token(settings, credentials).await?;
            set("Authorization", &format!("Bearer {}", token.value()))?;
        }
        Credentials::V1 {
            app_id,
            app_key,
            access_key,
            secret_key,
        } => {
            let date = mc_date(now());
            let request_id = request_id_from_bytes(random_bytes());
            let signature = signature_v1(secret_key, &date, &request_id, path, app_key)?;
            set("Authorization", &authorization_v1(access_key, &signature))?;
            set("x-mc-date", &date)?;
            set("x-mc-req-id", &request_id)?;
            set("x-mc-app-id", app_id)?;
        }
    }
    let body = request.body.to_string();
    upstream::send(
        Method::Post,
        &base.join(path),
        headers,
        Some(body),
        settings.timeout_ms,
    )
    .await
    .map_err(|error| CallFailure {
        failure: error.into(),
        may_have_reached: true,
    })
}

/// The API 2.0 token: the cached one while usable, else a fresh one from the token endpoint.
async fn token(
    settings: &ProxySettings,
    credentials: &Credentials,
) -> Result<AccessToken, Failure> {
    let Credentials::V2 {
        client_id,
        client_secret,
    } = credentials
    else {
        return Err(ApiError::new(RouteError::Internal, "No API 2.0 credentials.").into());
    };
    let url = settings.token_base().join(TOKEN_PATH);
    let key = format!("{url} {client_id}");
    let now = now();
    let cached = TOKEN.with(|t| {
        t.borrow()
            .as_ref()
            .filter(|(k, token)| *k == key && token.is_usable(now))
            .map(|(_, token)| token.clone())
    });
    if let Some(token) = cached {
        return Ok(token);
    }
    let headers = Headers::new();
    let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
    let _ = headers.set("Accept", "application/json");
    let body = token_request_body(client_id, client_secret);
    let reply =
        upstream::send(Method::Post, &url, headers, Some(body), settings.timeout_ms).await?;
    if reply.status == 429 {
        let wait = mimecast_sso_core::mimecast_api::retry_delay_ms(
            reply.rate_limit_reset.as_deref(),
            reply.retry_after.as_deref(),
        );
        return Err(Failure {
            error: ApiError::new(
                UpstreamError::RateLimited,
                "Mimecast's token endpoint is rate limited.",
            ),
            retry_after: Some(retry_after_secs(wait)),
        });
    }
    if reply.status != 200 {
        return Err(ApiError::new(
            UpstreamError::AuthFailed,
            format!(
                "Mimecast's token endpoint refused the client credentials (HTTP {}); check \
                 MIMECAST_CLIENT_ID and MIMECAST_CLIENT_SECRET.",
                reply.status
            ),
        )
        .into());
    }
    let token = parse_token_response(&reply.body, now)?;
    TOKEN.with(|t| *t.borrow_mut() = Some((key, token.clone())));
    Ok(token)
}
