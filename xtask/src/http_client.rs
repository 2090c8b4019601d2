//! A minimal HTTP/1.1 client over `std::net::TcpStream` for loopback calls (the local Worker and
//! the simulator's control endpoints): one request per connection, `Content-Length` or chunked
//! answers. Enough for the provisioning driver and the benches; no TLS, no redirects.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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

/// `method` `url` (`http://127.0.0.1:port/path`) with `headers` and `body`; waits at most
/// `timeout` for the whole answer.
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("only http:// URLs: {url}"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = TcpStream::connect(host).map_err(|e| format!("{host}: {e}"))?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let mut head = format!(
        "{method} /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(|e| format!("{url}: {e}"))?;
    // Read until the answer is complete (a server may keep the connection open a while after it).
    let mut answer = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if complete(&answer) {
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) if answer.is_empty() || !has_length(&answer) => break,
            Ok(0) => {
                return Err(format!(
                    "{url}: the connection closed before the whole answer"
                ));
            }
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) => return Err(format!("{url}: {e}")),
        }
    }
    parse(&answer).ok_or_else(|| format!("{url}: not an HTTP answer"))
}

/// Whether the answer's head says how long its body is (so a short read is an error, not the end).
fn has_length(answer: &[u8]) -> bool {
    let head = String::from_utf8_lossy(answer).to_ascii_lowercase();
    head.contains("\r\ncontent-length:") || head.contains("\r\ntransfer-encoding: chunked")
}

/// Whether `answer` holds a whole response: its head and, by `Content-Length` or the last chunk,
/// its body.
fn complete(answer: &[u8]) -> bool {
    let Some(split) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    let body = &answer[split + 4..];
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n") && dechunk(body).is_some();
    }
    head.lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|length| body.len() >= length)
}

fn parse(answer: &[u8]) -> Option<Reply> {
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&answer[..split]).ok()?;
    let raw = &answer[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let (mut chunked, mut retry_after) = (false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked") {
            chunked = true;
        }
        if name == "retry-after" {
            retry_after = Some(value.trim().to_owned());
        }
    }
    let body = if chunked { dechunk(raw)? } else { raw.to_vec() };
    Some(Reply {
        status,
        retry_after,
        body,
    })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_plain_answers_are_read() {
        let plain = parse(b"HTTP/1.1 429 Too Many\r\nRetry-After: 2\r\n\r\n{}").expect("reply");
        assert_eq!(
            (plain.status, plain.retry_after.as_deref()),
            (429, Some("2"))
        );
        assert_eq!(plain.body, b"{}");
        let chunked = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            .expect("reply");
        assert_eq!(chunked.body, b"abcde");
        assert!(complete(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
        assert!(!complete(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{}"));
        assert!(!complete(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
        ));
    }
}
