//! `POST /api/v1/mimecast/users:batch`: authenticate, check every user with the core, then create
//! them through the proxy ([`proxy::execute`]) a few at a time, and answer one result per user in
//! request order.
//!
//! A rate limit the proxy could not wait out, or refused credentials, stop the batch: users not
//! started yet come back as `retry` (not sent) and the answer says why in `stopped`. No password
//! leaves this handler except in the request to Mimecast.

use std::cell::{Cell, RefCell};

use futures_util::StreamExt;
use futures_util::stream;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::routes::Route;
use mimecast_sso_core::mimecast_api::{Credentials, ProxySettings};
use mimecast_sso_core::provisioning::{
    BatchResponse, ItemResult, ValidatedItem, parse_batch_request, result_for_upstream, stops_batch,
};
use worker::{Env, Request};

use crate::caller::authorize;
use crate::http::{Answer, Failure, Outcome, read_request_body};
use crate::proxy::{configuration, execute};

/// Mimecast calls in flight per batch: Workers open at most six connections at once per request.
const CONCURRENCY: usize = 6;

/// Why the batch stopped, with the `Retry-After` seconds of a rate limit.
type Stop = RefCell<Option<(ApiError, Option<u64>)>>;

/// Handles one batch request.
pub async fn handle(mut req: Request, env: &Env, outcome: &mut Outcome) -> Answer {
    match run(&mut req, env, outcome).await {
        Ok(answer) => Answer::ok(&answer),
        Err(failure) => Answer::Error(failure),
    }
}

async fn run(
    req: &mut Request,
    env: &Env,
    outcome: &mut Outcome,
) -> Result<BatchResponse, Failure> {
    outcome.auth = Some(authorize(req, env).await?);
    let body = read_request_body(req, Route::UsersBatch.body(), outcome).await?;
    let batch = parse_batch_request(&body)?;
    let (settings, credentials) = configuration(env)?;
    let stop: Stop = RefCell::new(None);
    let attempts = Cell::new(0u32);
    let results: Vec<ItemResult> = stream::iter(batch.items)
        .map(|item| create(item, &settings, &credentials, &stop, &attempts))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    outcome.upstream_attempts = Some(attempts.get());
    Ok(BatchResponse {
        results,
        stopped: stop.into_inner().map(|(error, _)| error),
    })
}

/// One user: its `invalid` result, `retry` when the batch has stopped, else the proxy's answer.
async fn create(
    item: ValidatedItem,
    settings: &ProxySettings,
    credentials: &Credentials,
    stop: &Stop,
    attempts: &Cell<u32>,
) -> ItemResult {
    let request = match item.request {
        Ok(request) => request,
        Err(invalid) => return invalid,
    };
    if let Some((reason, retry_after)) = &*stop.borrow() {
        let wait_ms = retry_after.map(|s| s.saturating_mul(1_000));
        return ItemResult::not_sent(item.line, &item.email_address, reason, wait_ms);
    }
    let mut calls = Outcome::default();
    let answer = execute(settings, credentials, &request, &mut calls).await;
    attempts.set(attempts.get() + calls.upstream_attempts.unwrap_or(0));
    match answer {
        Ok(_) => result_for_upstream(item.line, &item.email_address, Ok(())),
        Err(failure) => {
            if stops_batch(&failure.error) {
                stop.borrow_mut()
                    .get_or_insert_with(|| (failure.error.clone(), failure.retry_after));
            }
            result_for_upstream(
                item.line,
                &item.email_address,
                Err((&failure.error, failure.retry_after)),
            )
        }
    }
}
