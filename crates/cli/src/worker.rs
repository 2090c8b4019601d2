//! Calls to the helper's Worker: its origin, one `ureq` agent with TLS by rustls (Mozilla's root
//! certificates, plus any CA the caller adds for a corporate TLS proxy or a private CA), the bearer
//! token on every call, and every HTTP answer returned as a [`Reply`] (4xx and 5xx included: the
//! bulk-run engine reads them). Redirects are not followed: a redirect to a sign-in page is an
//! answer too. Proxies come from `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`, as curl reads them.

mod failure;
mod origin;
mod trust;

use std::fmt;
use std::time::Duration;

use ureq::Agent;
use ureq::tls::TlsConfig;

use self::failure::kind_of;
pub use self::failure::{CallError, CallErrorKind};
pub use self::origin::{Origin, OriginError};
pub use self::trust::{CaError, Trust};
use crate::token::Token;

/// How long one call may take: connecting, sending and reading the whole answer. A batch of 100
/// users waits for up to 100 Mimecast calls (and their retries) inside the Worker.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// One HTTP answer, of any status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After`, if sent.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A redirect (3xx): with a sign-in in front of the Worker (Cloudflare Access), the call never
    /// reached it.
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }

    /// The Worker refused the credential: 401 (none, or not accepted) or 403.
    pub fn is_auth_refusal(&self) -> bool {
        matches!(self.status, 401 | 403) || self.is_redirect()
    }

    /// The Worker's error (`{"error":{"code","message",…}}`), when the body is one.
    pub fn error(&self) -> Option<WorkerError> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let error = value.get("error")?;
        Some(WorkerError {
            code: error.get("code")?.as_str()?.to_owned(),
            message: error
                .get("message")
                .and_then(|m| m.as_str())
                .unwrap_or_default()
                .to_owned(),
        })
    }

    /// What went wrong, for a person: the Worker's error message and code, or the status.
    pub fn describe(&self) -> String {
        match self.error() {
            Some(error) => format!("HTTP {}: {} ({})", self.status, error.message, error.code),
            None if self.is_redirect() => format!(
                "HTTP {}: a redirect, most likely to a sign-in page in front of the Worker",
                self.status
            ),
            None => format!("HTTP {}", self.status),
        }
    }
}

/// The Worker's JSON error, as far as a caller needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerError {
    /// Its stable code, for example `auth.invalid`.
    pub code: String,
    /// Its English message.
    pub message: String,
}

/// A client of one Worker. Cheap to clone; clones share their connections.
#[derive(Clone)]
pub struct Client {
    origin: Origin,
    agent: Agent,
    authorization: Option<String>,
    ca_added: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("origin", &self.origin)
            .field("token", &self.authorization.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

impl Client {
    /// A client of `origin`, sending `token` on every call, trusting `trust`; each call may take
    /// up to `timeout`.
    pub fn new(origin: Origin, token: Option<&Token>, trust: &Trust, timeout: Duration) -> Self {
        let tls = TlsConfig::builder().root_certs(trust.root_certs()).build();
        let agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections_per_host(16)
            .user_agent(concat!("mimecast-sso/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .build()
            .into();
        Self {
            origin,
            agent,
            authorization: token.map(Token::authorization),
            ca_added: trust.has_added(),
        }
    }

    /// The Worker's origin.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// `GET {origin}{path}`.
    pub fn get(&self, path: &str) -> Result<Reply, CallError> {
        let url = format!("{}{path}", self.origin);
        let mut request = self.agent.get(&url);
        if let Some(value) = &self.authorization {
            request = request.header("authorization", value);
        }
        self.reply(&url, request.call())
    }

    /// `POST {origin}{path}` with `body` of `content_type`.
    pub fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Result<Reply, CallError> {
        let url = format!("{}{path}", self.origin);
        let mut request = self.agent.post(&url).header("content-type", content_type);
        if let Some(value) = &self.authorization {
            request = request.header("authorization", value);
        }
        self.reply(&url, request.send(body))
    }

    fn reply(
        &self,
        url: &str,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Reply, CallError> {
        let fail = |error: ureq::Error| CallError {
            url: url.to_owned(),
            kind: kind_of(&error),
            detail: error.to_string(),
            ca_added: self.ca_added,
        };
        let mut response = response.map_err(fail)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned());
        let body = response.body_mut().read_to_vec().map_err(fail)?;
        Ok(Reply {
            status,
            retry_after,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use super::*;

    fn client(url: &str, timeout: Duration) -> Client {
        let token = Token::new("t").expect("token");
        Client::new(
            Origin::parse(url).expect("origin"),
            Some(&token),
            &Trust::default(),
            timeout,
        )
    }

    /// Serves one connection with `answer` (raw bytes) and gives back the request it read.
    fn answer_once(answer: &'static [u8]) -> (String, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let served = std::thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("line");
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().expect("length");
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            reader.get_mut().write_all(answer).expect("answer");
            head + &String::from_utf8_lossy(&body)
        });
        (url, served)
    }

    #[test]
    fn a_429_is_a_reply_with_its_retry_after_not_an_error() {
        let (url, served) = answer_once(
            b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 2\r\n\r\n{}",
        );
        let reply = client(&url, Duration::from_secs(5))
            .post(
                "/api/v1/mimecast/users:batch",
                "application/json",
                br#"{"users":[]}"#,
            )
            .expect("reply");
        assert_eq!(
            (
                reply.status,
                reply.retry_after.as_deref(),
                reply.body.as_slice()
            ),
            (429, Some("2"), b"{}".as_slice())
        );
        let request = served.join().expect("served").to_ascii_lowercase();
        assert!(request.starts_with("post /api/v1/mimecast/users:batch http/1.1\r\n"));
        assert!(request.contains("\r\ncontent-type: application/json\r\n"));
        assert!(request.contains("\r\nauthorization: bearer t\r\n"));
        assert!(request.ends_with(r#"{"users":[]}"#));
    }

    #[test]
    fn a_redirect_is_a_reply_and_counts_as_an_auth_refusal() {
        let (url, served) = answer_once(
            b"HTTP/1.1 302 Found\r\nLocation: https://sign-in.example/\r\nContent-Length: 0\r\n\r\n",
        );
        let reply = client(&url, Duration::from_secs(5))
            .get("/api/v1/health")
            .expect("reply");
        served.join().expect("served");
        assert_eq!(reply.status, 302);
        assert!(reply.is_auth_refusal());
        assert!(reply.describe().contains("sign-in"));
    }

    #[test]
    fn a_worker_error_is_read_from_its_json() {
        let reply = Reply {
            status: 403,
            retry_after: None,
            body: br#"{"error":{"code":"auth.invalid","message":"Refused.","retryable":false}}"#
                .to_vec(),
        };
        assert_eq!(
            reply.error(),
            Some(WorkerError {
                code: "auth.invalid".into(),
                message: "Refused.".into()
            })
        );
        assert_eq!(reply.describe(), "HTTP 403: Refused. (auth.invalid)");
    }

    #[test]
    fn a_chunked_body_is_read_whole() {
        let (url, served) = answer_once(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        );
        let reply = client(&url, Duration::from_secs(5))
            .get("/api/v1/health")
            .expect("reply");
        assert_eq!(
            (reply.status, reply.body.as_slice()),
            (200, b"abcde".as_slice())
        );
        assert!(
            served
                .join()
                .expect("served")
                .starts_with("GET /api/v1/health HTTP/1.1\r\n")
        );
    }

    #[test]
    fn an_answer_cut_short_is_an_error() {
        let (url, served) =
            answer_once(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{}");
        let failed = client(&url, Duration::from_secs(5)).get("/");
        served.join().expect("served");
        assert!(failed.is_err());
    }

    #[test]
    fn a_silent_server_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let started = std::time::Instant::now();
        let failed = client(&url, Duration::from_millis(300))
            .get("/")
            .expect_err("timeout");
        assert_eq!(failed.kind, CallErrorKind::Timeout);
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(listener);
    }

    #[test]
    fn nothing_listening_is_a_connection_failure() {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let failed = client(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5))
            .get("/api/v1/health")
            .expect_err("refused");
        assert_eq!(failed.kind, CallErrorKind::Connect, "{failed}");
    }
}
