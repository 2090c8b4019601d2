//! The HTTP side: binds `127.0.0.1` only, one thread per connection ([`crate::transport`]),
//! control endpoints under `/__sim/`.

use std::collections::VecDeque;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::transport::{self, Handler, Reply, Request};

use crate::auth::{SignedHeaders, Tokens, check_signed};
use crate::faults::{Fault, FaultRequest};
use crate::store::{Answer, Store, fail};
use crate::{Config, Stats};

/// Everything the simulator holds.
#[derive(Default)]
struct State {
    config: Config,
    store: Store,
    tokens: Tokens,
    faults: VecDeque<Fault>,
    stats: Stats,
    jwks: Option<String>,
    rate_limit: RateLimit,
}

/// A fixed one-second window: at most `per_second` `/api/…` calls, the rest answered 429 with
/// `X-RateLimit-Reset` (milliseconds until the window ends).
#[derive(Default)]
struct RateLimit {
    per_second: Option<u32>,
    window_start: Option<Instant>,
    used: u32,
}

impl RateLimit {
    /// `None` when the call may go, else the milliseconds until the window resets.
    fn check(&mut self, now: Instant) -> Option<u64> {
        let limit = self.per_second.filter(|n| *n > 0)?;
        let start = match self.window_start {
            Some(start) if now.duration_since(start) < Duration::from_secs(1) => start,
            _ => {
                self.window_start = Some(now);
                self.used = 0;
                now
            }
        };
        if self.used < limit {
            self.used += 1;
            return None;
        }
        let left = Duration::from_secs(1).saturating_sub(now.duration_since(start));
        Some(u64::try_from(left.as_millis()).unwrap_or(1_000).max(1))
    }
}

/// A running simulator.
pub struct Simulator {
    listener: TcpListener,
    state: Arc<Mutex<State>>,
}

impl Simulator {
    /// Binds `127.0.0.1:port` (0 picks a free port).
    pub fn bind(port: u16) -> Result<Self, String> {
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        Ok(Self {
            listener,
            state: Arc::new(Mutex::new(State::default())),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until `POST /__sim/shutdown`.
    pub fn run(&self) {
        let state = Arc::clone(&self.state);
        let handler: Handler = Arc::new(move |request| handle(&request, &state));
        transport::serve(&self.listener, &handler);
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.header(name)
}

/// The answer that is none: the connection is closed without a reply ([`Reply::drop`]).
const DROP: Answer = (0, Value::Null);

fn handle(request: &Request, state: &Mutex<State>) -> Reply {
    let body = &request.body;
    let path = request.url.split('?').next().unwrap_or("").to_owned();
    let method = request.method.as_str();
    let mut extra: Vec<(&str, String)> = Vec::new();
    let (status, body) = match (method, path.as_str()) {
        ("GET", "/__sim/stats") => {
            let s = lock(state);
            let mut stats = s.stats.clone();
            stats.users = s.store.user_count();
            (
                stats.users_created,
                stats.users_already_existing,
                stats.max_creates_per_address,
            ) = s.store.create_counts();
            (200, serde_json::to_value(stats).unwrap_or_default())
        }
        ("POST", "/__sim/faults") => match serde_json::from_slice::<FaultRequest>(body) {
            Ok(req) => {
                let mut s = lock(state);
                for _ in 0..req.repeat {
                    s.faults.extend(req.faults.iter().cloned());
                }
                (200, json!({"queued": s.faults.len()}))
            }
            Err(e) => (400, json!({"error": e.to_string()})),
        },
        ("GET", "/__sim/users") => (200, json!({"users": lock(state).store.addresses()})),
        ("POST", "/__sim/verify-domain") => match serde_json::from_slice::<Value>(body) {
            Ok(value) => {
                let domain = value.get("domain").and_then(Value::as_str).unwrap_or("");
                let verified = lock(state).store.verify(domain);
                (
                    if verified { 200 } else { 404 },
                    json!({"verified": verified}),
                )
            }
            Err(e) => (400, json!({"error": e.to_string()})),
        },
        ("POST", "/__sim/seed-domain") => match serde_json::from_slice::<Value>(body) {
            Ok(value) => {
                let domain = value.get("domain").and_then(Value::as_str).unwrap_or("");
                let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
                let seeded = !domain.is_empty() && lock(state).store.seed(domain, kind);
                (if seeded { 200 } else { 400 }, json!({"seeded": seeded}))
            }
            Err(e) => (400, json!({"error": e.to_string()})),
        },
        ("POST", "/__sim/rate-limit") => match serde_json::from_slice::<Value>(body) {
            Ok(value) => {
                let per_second = value
                    .get("perSecond")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok());
                let mut s = lock(state);
                s.rate_limit = RateLimit {
                    per_second,
                    ..RateLimit::default()
                };
                (200, json!({"perSecond": per_second}))
            }
            Err(e) => (400, json!({"error": e.to_string()})),
        },
        ("POST", "/__sim/config") => match serde_json::from_slice::<Config>(body) {
            Ok(config) => {
                lock(state).config = config;
                (200, json!({"ok": true}))
            }
            Err(e) => (400, json!({"error": e.to_string()})),
        },
        ("POST", "/__sim/jwks") => {
            lock(state).jwks = Some(String::from_utf8_lossy(body).into_owned());
            (200, json!({"ok": true}))
        }
        ("POST", "/__sim/reset") => {
            let mut s = lock(state);
            let config = s.config.clone();
            *s = State {
                config,
                ..State::default()
            };
            (200, json!({"ok": true}))
        }
        ("POST", "/__sim/shutdown") => {
            return Reply {
                status: 200,
                headers: vec![("Content-Type", "application/json".to_owned())],
                body: "{\"ok\":true}".to_owned(),
                shutdown: true,
                drop: false,
            };
        }
        ("GET", "/cdn-cgi/access/certs") => match lock(state).jwks.clone() {
            Some(jwks) => (200, serde_json::from_str(&jwks).unwrap_or_default()),
            None => (404, json!({"error": "no JWKS uploaded"})),
        },
        ("POST", "/oauth/token") => token(state, body, header(request, "host")),
        ("POST", p) if p.starts_with("/api/") => {
            let (answer, headers) = api(state, request, &path, body);
            extra = headers;
            answer
        }
        _ => fail(
            404,
            json!({}),
            "err_xdk_path_not_found",
            "No such endpoint",
            false,
        ),
    };
    extra.push(("Content-Type", "application/json".to_owned()));
    Reply {
        status,
        headers: extra,
        body: body.to_string(),
        shutdown: false,
        drop: status == DROP.0,
    }
}

/// `POST /oauth/token` with `grant_type=client_credentials&client_id=…&client_secret=…`.
fn token(state: &Mutex<State>, body: &[u8], host: Option<&str>) -> Answer {
    let form = parse_form(&String::from_utf8_lossy(body));
    let mut s = lock(state);
    if s.stats.hosts.len() < crate::MAX_LISTED {
        s.stats.hosts.push(host.unwrap_or("").to_owned());
    }
    let ok = form.get("grant_type").map(String::as_str) == Some("client_credentials")
        && form.get("client_id") == Some(&s.config.client_id)
        && form.get("client_secret") == Some(&s.config.client_secret);
    if !ok {
        s.stats.auth_failures += 1;
        return (
            401,
            json!({"error": "invalid_client", "error_description": "Unknown client or wrong secret"}),
        );
    }
    s.stats.token_calls += 1;
    let ttl = s.config.token_ttl_secs;
    let token = s.tokens.issue(Duration::from_secs(ttl));
    (
        200,
        json!({"access_token": token, "token_type": "Bearer", "expires_in": ttl}),
    )
}

/// An `/api/…` call: fault, then credentials, then the store.
fn api(
    state: &Mutex<State>,
    request: &Request,
    path: &str,
    body: &[u8],
) -> (Answer, Vec<(&'static str, String)>) {
    let (fault, limited) = {
        let mut s = lock(state);
        s.stats.requests += 1;
        if s.stats.paths.len() < crate::MAX_LISTED {
            s.stats.paths.push(path.to_owned());
            s.stats
                .hosts
                .push(header(request, "host").unwrap_or("").to_owned());
        }
        let limited = s.rate_limit.check(Instant::now());
        let fault = if limited.is_none() {
            s.faults.pop_front()
        } else {
            None
        };
        (fault, limited)
    };
    let fault = match limited {
        Some(reset_ms) => Some(Fault::RateLimit { reset_ms }),
        None => fault,
    };
    let (mut fail_after, mut drop_after) = (false, false);
    match fault {
        Some(Fault::Drop) => {
            lock(state).stats.dropped += 1;
            return (DROP, vec![]);
        }
        Some(Fault::DropAfter) => drop_after = true,
        Some(Fault::Pass) => {}
        Some(Fault::RateLimit { reset_ms }) => {
            lock(state).stats.rate_limited += 1;
            let answer = fail(
                429,
                json!({}),
                "err_rate_limit_exceeded",
                "Too many requests",
                true,
            );
            return (answer, vec![("X-RateLimit-Reset", reset_ms.to_string())]);
        }
        Some(Fault::ServerErrorAfter) => fail_after = true,
        Some(Fault::ServerError) => {
            lock(state).stats.server_errors += 1;
            return (
                fail(
                    500,
                    json!({}),
                    "err_internal",
                    "Simulated server error",
                    true,
                ),
                vec![],
            );
        }
        Some(Fault::Slow { ms }) => std::thread::sleep(Duration::from_millis(ms.min(60_000))),
        Some(Fault::ExpireToken) => lock(state).tokens.expire_all(),
        Some(Fault::BindingExpired) => {
            // Response Codes page: "418 Binding Expired". The body is not documented; ours is the
            // envelope with one fail entry.
            let (status, name, description) = mimecast_reference::BINDING_EXPIRED;
            return (
                fail(
                    status,
                    json!({}),
                    "err_xdk_binding_expired",
                    &format!("{name}: {description}"),
                    false,
                ),
                vec![],
            );
        }
        Some(Fault::Fail {
            code,
            message,
            retryable,
        }) => {
            return (fail(200, json!({}), &code, &message, retryable), vec![]);
        }
        None => {}
    }
    let mut s = lock(state);
    let authorization = header(request, "authorization").unwrap_or("");
    // Authorization guide: "All requests to the Mimecast API (except login and discover
    // authentication) must be authorized".
    let checked = if path == "/api/login/discover-authentication" {
        Ok(())
    } else if let Some(token) = authorization.strip_prefix("Bearer ") {
        s.tokens.check(token)
    } else {
        let headers = SignedHeaders {
            authorization,
            date: header(request, "x-mc-date"),
            request_id: header(request, "x-mc-req-id"),
            app_id: header(request, "x-mc-app-id"),
        };
        check_signed(&s.config, path, &headers)
    };
    if let Err((code, message)) = checked {
        s.stats.auth_failures += 1;
        return (fail(401, json!({}), code, message, false), vec![]);
    }
    let Ok(envelope) = serde_json::from_slice::<Value>(body) else {
        return (
            fail(
                400,
                json!({}),
                "err_validation_invalid_json",
                "The body is not JSON",
                false,
            ),
            vec![],
        );
    };
    if envelope.get("data").and_then(Value::as_array).is_none() {
        return (
            fail(
                400,
                json!({}),
                "err_validation_missing_data",
                "The body needs a data array",
                false,
            ),
            vec![],
        );
    }
    if mimecast_reference::endpoint(path).is_some()
        && let Err(reason) = mimecast_reference::check_request(path, &envelope)
    {
        // A request that does not fit the reference's example and tables. Mimecast's Response
        // Codes page: "400 Bad Request: the request cannot be processed because it is either
        // malformed or not correct". The fail code is ours (the reference lists none).
        s.stats.reference_refusals.push(format!("{path}: {reason}"));
        return (
            fail(400, json!({}), "err_validation_request", &reason, false),
            vec![],
        );
    }
    let answer = s.store.handle(path, &envelope);
    if drop_after {
        s.stats.dropped += 1;
        return (DROP, vec![]);
    }
    if fail_after {
        s.stats.server_errors += 1;
        return (
            fail(
                500,
                json!({}),
                "err_internal",
                "Simulated server error after the change",
                true,
            ),
            vec![],
        );
    }
    (answer, vec![])
}

/// Decodes `a=b&c=d` (with `+` and `%XX`).
fn parse_form(text: &str) -> std::collections::HashMap<String, String> {
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                Some(b) => {
                    out.push(b);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_decoded() {
        let form =
            parse_form("grant_type=client_credentials&client_secret=s%26e%3Dc%2Fr%2Bt&x=a+b&y=%zz");
        assert_eq!(form["client_secret"], "s&e=c/r+t");
        assert_eq!(form["x"], "a b");
        assert_eq!(form["y"], "%zz");
    }
}
