//! Loopback HTTP calls (the local Worker and the simulator's control endpoints) through `ureq`:
//! plain `http://` only (no TLS, no gzip), no proxy, no redirects, one connection per call, and
//! 4xx/5xx answers returned as replies rather than errors (the bulk-run engine reads them).

use std::time::Duration;

use ureq::Agent;

use crate::Result;

/// One answer.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After`, if sent.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// `GET url`; waits at most `timeout` for the whole answer.
pub fn get(url: &str, timeout: Duration) -> Result<Reply> {
    let response = agent(timeout)
        .get(url)
        .call()
        .map_err(|e| format!("{url}: {e}"))?;
    reply(url, response)
}

/// `POST url` with `headers` and `body`; waits at most `timeout` for the whole answer.
pub fn post(url: &str, headers: &[(&str, &str)], body: &[u8], timeout: Duration) -> Result<Reply> {
    let mut request = agent(timeout).post(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send(body).map_err(|e| format!("{url}: {e}"))?;
    reply(url, response)
}

/// An agent for one call: the timeout covers connecting, sending and reading the whole body.
fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .max_idle_connections(0)
        .build()
        .into()
}

fn reply(url: &str, mut response: ureq::http::Response<ureq::Body>) -> Result<Reply> {
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_owned());
    let body = response
        .body_mut()
        .read_to_vec()
        .map_err(|e| format!("{url}: {e}"))?;
    Ok(Reply {
        status,
        retry_after,
        body,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use super::*;

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
        let reply = post(
            &format!("{url}/api/v1/mimecast/users:batch"),
            &[
                ("content-type", "application/json"),
                ("authorization", "Bearer t"),
            ],
            br#"{"users":[]}"#,
            Duration::from_secs(5),
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
    fn a_chunked_body_is_read_whole() {
        let (url, served) = answer_once(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
        );
        let reply = get(&format!("{url}/api/v1/health"), Duration::from_secs(5)).expect("reply");
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
        let failed = get(&url, Duration::from_secs(5));
        served.join().expect("served");
        assert!(failed.is_err());
    }

    #[test]
    fn a_silent_server_times_out() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let started = std::time::Instant::now();
        let failed = get(&url, Duration::from_millis(300));
        assert!(failed.is_err());
        assert!(started.elapsed() < Duration::from_secs(5));
        drop(listener);
    }
}
