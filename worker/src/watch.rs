//! The watch routes (`/api/v1/watch…`) over the `WATCH` KV namespace, behind the proxy's
//! fail-closed authentication, and the scheduled run. One KV value per watched application
//! (`watch/{id}`), written whole after every check has been made on the input: nothing is
//! half-written. Every rule (input, limits, what is due, what to notify) is the core's
//! [`mimecast_sso_core::watch`]; the check itself is [`check`].

mod check;

use mimecast_sso_core::Coded;
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::RouteError;
use mimecast_sso_core::http_api::routes::{Route, watch_id_in_path};
use mimecast_sso_core::http_api::watch::watch_input;
use mimecast_sso_core::watch::{
    self, CheckAnswer, Deleted, HELPER_URL_SETTING, KV_BINDING, KV_PREFIX, LOOPBACK_NOTIFY_SETTING,
    MAX_WATCHES, StoredWatch, WatchCode, WatchList,
};
use worker::kv::KvStore;
use worker::{Env, Request};

use crate::caller::authorize;
use crate::http::{Answer, Failure, Outcome, now, random_bytes, read_request_body, setting};

/// Handles one watch request.
pub async fn handle(route: Route, mut req: Request, env: &Env, outcome: &mut Outcome) -> Answer {
    match run(route, &mut req, env, outcome).await {
        Ok(answer) => answer,
        Err(failure) => Answer::Error(failure),
    }
}

async fn run(
    route: Route,
    req: &mut Request,
    env: &Env,
    outcome: &mut Outcome,
) -> Result<Answer, Failure> {
    outcome.auth = Some(authorize(req, env).await?);
    let kv = store(env)?;
    let now = now();
    let loopback = setting(env, LOOPBACK_NOTIFY_SETTING).is_some_and(|v| v.trim() == "true");
    let answer = match route {
        Route::WatchList => Answer::ok(&WatchList::new(&load_all(&kv).await?, now)),
        Route::WatchCreate => {
            let body = read_request_body(req, route.body(), outcome).await?;
            let input = watch_input(&body)?;
            if keys(&kv).await?.len() >= MAX_WATCHES {
                return Err(ApiError::new(
                    WatchCode::TooMany,
                    format!(
                        "This Worker watches {MAX_WATCHES} applications already, as many as it \
                         keeps. Delete one (DELETE /api/v1/watch/{{id}}) before adding another."
                    ),
                )
                .into());
            }
            let [a, b, c, d, e, f, g, h, ..] = random_bytes();
            let id = watch::watch_id_from_random([a, b, c, d, e, f, g, h]);
            let app = input.create(id, now, loopback)?;
            let stored = StoredWatch::new(app, &helper_url(req, env));
            put(&kv, &stored).await?;
            Answer::ok(&stored.view(now))
        }
        Route::WatchGet => Answer::ok(&get(&kv, req).await?.view(now)),
        Route::WatchUpdate => {
            let mut stored = get(&kv, req).await?;
            let body = read_request_body(req, route.body(), outcome).await?;
            stored.app = watch_input(&body)?.replace(&stored.app, loopback)?;
            put(&kv, &stored).await?;
            Answer::ok(&stored.view(now))
        }
        Route::WatchDelete => {
            let stored = get(&kv, req).await?;
            kv.delete(&key(&stored.app.id))
                .await
                .map_err(|_| unavailable())?;
            Answer::ok(&Deleted {
                deleted: stored.app.id,
            })
        }
        Route::WatchCheck => {
            let stored = get(&kv, req).await?;
            outcome.upstream_attempts = Some(1);
            let (stored, notifications) = check::run(env, stored, now).await;
            put(&kv, &stored).await?;
            Answer::ok(&CheckAnswer {
                watch: stored.view(now),
                notifications,
            })
        }
        _ => return Err(ApiError::new(RouteError::NotFound, "Not a watch route.").into()),
    };
    Ok(answer)
}

/// The scheduled run at `now` (the event's scheduled time): the due watches checked, notified
/// and stored, one log line each. Failures are logged, never thrown: the next run tries again.
pub async fn scheduled(env: &Env, now: UnixTime) {
    let Ok(kv) = env.kv(KV_BINDING) else {
        worker::console_log!(
            r#"{{"event":"watch.run","error":"{}"}}"#,
            WatchCode::NotConfigured.code()
        );
        return;
    };
    let all = match load_all(&kv).await {
        Ok(all) => all,
        Err(failure) => {
            worker::console_log!(
                r#"{{"event":"watch.run","error":"{}"}}"#,
                failure.error.code
            );
            return;
        }
    };
    let after = watch::due_after_secs(setting(env, watch::DUE_AFTER_SETTING).as_deref());
    let due = watch::due(&all, now, after);
    for index in due.iter().copied() {
        let Some(stored) = all.get(index).cloned() else {
            continue;
        };
        let id = stored.app.id.clone();
        let (stored, notifications) = check::run(env, stored, now).await;
        let saved = put(&kv, &stored).await.is_ok();
        let codes: Vec<&str> = notifications.iter().map(|n| n.code.as_str()).collect();
        let line = serde_json::json!({
            "event": "watch.check",
            "id": id,
            "health": stored.state.health,
            "notified": codes,
            "delivered": stored.state.deliveries.iter().rev().take(codes.len()).filter(|d| d.delivered).count(),
            "saved": saved,
        });
        worker::console_log!("{line}");
    }
    worker::console_log!(
        "{}",
        serde_json::json!({"event": "watch.run", "watched": all.len(), "checked": due.len()})
    );
}

/// The `WATCH` namespace: 503 `watch.not_configured` without it.
fn store(env: &Env) -> Result<KvStore, Failure> {
    env.kv(KV_BINDING).map_err(|_| {
        ApiError::new(
            WatchCode::NotConfigured,
            format!(
                "The watch store is not set up: declare a KV namespace with binding \"{KV_BINDING}\" \
                 in wrangler.toml (README, Deploy)."
            ),
        )
        .into()
    })
}

fn unavailable() -> Failure {
    ApiError::new(
        RouteError::Internal,
        "The watch store could not be read or written; try again.",
    )
    .into()
}

fn key(id: &str) -> String {
    format!("{KV_PREFIX}{id}")
}

/// The helper's address for notification links: `HELPER_URL`, else this request's origin.
fn helper_url(req: &Request, env: &Env) -> String {
    setting(env, HELPER_URL_SETTING).unwrap_or_else(|| {
        req.url()
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    })
}

/// Every watch key (`watch/…`), following the list's cursor.
async fn keys(kv: &KvStore) -> Result<Vec<String>, Failure> {
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut list = kv.list().prefix(KV_PREFIX.to_owned());
        if let Some(cursor) = cursor.take() {
            list = list.cursor(cursor);
        }
        let page = list.execute().await.map_err(|_| unavailable())?;
        names.extend(page.keys.into_iter().map(|k| k.name));
        match page.cursor.filter(|c| !page.list_complete && !c.is_empty()) {
            Some(next) if names.len() <= 10 * MAX_WATCHES => cursor = Some(next),
            _ => return Ok(names),
        }
    }
}

/// Every stored watch (a value that no longer reads is left out, not fatal).
async fn load_all(kv: &KvStore) -> Result<Vec<StoredWatch>, Failure> {
    let mut all = Vec::new();
    for name in keys(kv).await? {
        if let Ok(Some(stored)) = kv.get(&name).json::<StoredWatch>().await {
            all.push(stored);
        }
    }
    Ok(all)
}

/// The watch the path names: 404 `watch.not_found` when there is none.
async fn get(kv: &KvStore, req: &Request) -> Result<StoredWatch, Failure> {
    let id = watch_id_in_path(&req.path())?;
    match kv.get(&key(&id)).json::<StoredWatch>().await {
        Ok(Some(stored)) => Ok(stored),
        Ok(None) => Err(watch::not_found().into()),
        Err(_) => Err(unavailable()),
    }
}

async fn put(kv: &KvStore, stored: &StoredWatch) -> Result<(), Failure> {
    let json = serde_json::to_string(stored).map_err(|_| unavailable())?;
    kv.put(&key(&stored.app.id), json)
        .map_err(|_| unavailable())?
        .execute()
        .await
        .map_err(|_| unavailable())
}
