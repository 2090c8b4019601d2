//! HTTP/1.1 over `std::net`: one thread per connection, keep-alive, request heads parsed by
//! `httparse`, bodies framed by `Content-Length` only (the Worker sends string bodies, so workerd
//! always declares their length; `Transfer-Encoding` is answered 501). A connection never waits for
//! a pooled thread, so bursts of new connections (the Worker opens several per batch) are served at
//! once. A request that cannot be read is answered 400, 411, 413, 431 or 501 and its connection
//! closed; nothing a peer sends can panic the server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// Largest request head and body read, in bytes.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;
/// Most header fields in one request.
const MAX_HEADERS: usize = 64;
/// An idle keep-alive connection is closed after this long.
const IDLE: Duration = Duration::from_secs(30);

/// One request.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target, query included.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the headers named `name` (any case).
    fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Extra headers (`Content-Length` is added).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: String,
    /// Stop the server after sending this answer.
    pub shutdown: bool,
    /// Send nothing: close the connection without an answer (an injected fault).
    pub drop: bool,
}

/// What answers requests.
pub type Handler = Arc<dyn Fn(Request) -> Reply + Send + Sync>;

/// Serves `listener` until a handler's reply asks for shutdown.
pub fn serve(listener: &TcpListener, handler: &Handler) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let addr = listener.local_addr().ok();
    for stream in listener.incoming() {
        if stop.load(std::sync::atomic::Ordering::Acquire) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let (handler, stop) = (Arc::clone(handler), Arc::clone(&stop));
        std::thread::spawn(move || {
            if connection(stream, &handler) {
                stop.store(true, std::sync::atomic::Ordering::Release);
                // Wake the accept loop so it sees the flag.
                if let Some(addr) = addr {
                    let _ = TcpStream::connect(addr);
                }
            }
        });
    }
}

/// Serves one connection; true when a reply asked for shutdown.
fn connection(stream: TcpStream, handler: &Handler) -> bool {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return false;
    };
    let mut requests = Requests::new(stream);
    exchange(&mut requests, &mut writer, &**handler) == Ending::Shutdown
}

/// How a connection's exchange ended.
#[derive(Debug, PartialEq)]
enum Ending {
    /// A reply asked the server to stop.
    Shutdown,
    /// The peer closed, went idle, asked to close, or a write failed.
    Closed,
    /// A request could not be read; it was refused.
    Refused,
}

/// Answers the requests read from `requests` on `writer` until the connection ends.
fn exchange<R: Read, W: Write>(
    requests: &mut Requests<R>,
    writer: &mut W,
    handler: &dyn Fn(Request) -> Reply,
) -> Ending {
    loop {
        match requests.next_request() {
            Next::Request(request, keep_alive) => {
                let reply = handler(request);
                if reply.drop {
                    return Ending::Closed;
                }
                let shutdown = reply.shutdown;
                if write_reply(writer, &reply, keep_alive && !shutdown).is_err() {
                    return Ending::Closed;
                }
                if shutdown {
                    return Ending::Shutdown;
                }
                if !keep_alive {
                    return Ending::Closed;
                }
            }
            Next::Refuse(status) => {
                let reply = Reply {
                    status,
                    headers: vec![("Content-Type", "application/json".to_owned())],
                    body: serde_json::json!({"error": reason(status)}).to_string(),
                    shutdown: false,
                    drop: false,
                };
                let _ = write_reply(writer, &reply, false);
                return Ending::Refused;
            }
            Next::Closed => return Ending::Closed,
        }
    }
}

/// What reading a connection gave next.
#[derive(Debug)]
enum Next {
    /// A whole request, and whether the connection stays open after its answer.
    Request(Request, bool),
    /// A request that cannot be served: answer this status, then close.
    Refuse(u16),
    /// The peer closed or went idle (between requests or inside one): close without an answer.
    Closed,
}

/// Requests read from one connection; bytes past one request (pipelining) wait in `buffer`.
struct Requests<R> {
    stream: R,
    buffer: Vec<u8>,
}

impl<R: Read> Requests<R> {
    fn new(stream: R) -> Self {
        Self {
            stream,
            buffer: Vec::new(),
        }
    }

    fn next_request(&mut self) -> Next {
        let (head_length, mut request, http11) = loop {
            match parse_head(&self.buffer) {
                Ok(Some(head)) => break head,
                Ok(None) => {
                    if !self.fill() {
                        return Next::Closed;
                    }
                }
                Err(status) => return Next::Refuse(status),
            }
        };
        let length = match body_length(&request) {
            Ok(length) => length,
            Err(status) => return Next::Refuse(status),
        };
        self.buffer.drain(..head_length);
        while self.buffer.len() < length {
            if !self.fill() {
                return Next::Closed;
            }
        }
        request.body = self.buffer.drain(..length).collect();
        let keep_alive = keep_alive(&request, http11);
        Next::Request(request, keep_alive)
    }

    /// Reads more bytes into the buffer; false at the end of the stream, on a timeout or an error.
    fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return false,
                Ok(n) => {
                    self.buffer
                        .extend_from_slice(chunk.get(..n).unwrap_or_default());
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }
}

/// The head at the start of `buffer`: its length, the request without its body, and whether it is
/// HTTP/1.1. `Ok(None)` while the head is incomplete; `Err(status)` for a head to refuse.
fn parse_head(buffer: &[u8]) -> Result<Option<(usize, Request, bool)>, u16> {
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Request::new(&mut slots);
    let length = match head.parse(buffer) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => return Err(431),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    };
    if length > MAX_HEAD {
        return Err(431);
    }
    let (Some(method), Some(url), Some(version)) = (head.method, head.path, head.version) else {
        return Err(400);
    };
    let headers = head
        .headers
        .iter()
        .map(|h| match std::str::from_utf8(h.value) {
            Ok(value) => Ok((h.name.to_owned(), value.trim().to_owned())),
            Err(_) => Err(400),
        })
        .collect::<Result<Vec<_>, u16>>()?;
    let request = Request {
        method: method.to_owned(),
        url: url.to_owned(),
        headers,
        body: Vec::new(),
    };
    Ok(Some((length, request, version == 1)))
}

/// The body's length from `Content-Length`: 501 for any `Transfer-Encoding`, 400 for a malformed
/// or conflicting length, 413 past [`MAX_BODY`], 411 for a `POST`, `PUT` or `PATCH` without one.
fn body_length(request: &Request) -> Result<usize, u16> {
    if request.header("transfer-encoding").is_some() {
        return Err(501);
    }
    let mut declared: Option<&str> = None;
    for value in request
        .header_values("content-length")
        .flat_map(|v| v.split(','))
    {
        let value = value.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(400);
        }
        if declared.is_some_and(|d| d.trim_start_matches('0') != value.trim_start_matches('0')) {
            return Err(400);
        }
        declared = Some(value);
    }
    match declared {
        // All digits: a value that does not fit a usize is too large.
        Some(value) => match value.parse::<usize>() {
            Ok(length) if length <= MAX_BODY => Ok(length),
            _ => Err(413),
        },
        None if matches!(request.method.as_str(), "POST" | "PUT" | "PATCH") => Err(411),
        None => Ok(0),
    }
}

/// HTTP/1.1 keeps the connection unless it says `close`; HTTP/1.0 closes unless it says
/// `keep-alive`.
fn keep_alive(request: &Request, http11: bool) -> bool {
    let said = |token: &str| {
        request
            .header_values("connection")
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    if http11 {
        !said("close")
    } else {
        said("keep-alive")
    }
}

fn write_reply<W: Write>(writer: &mut W, reply: &Reply, keep_alive: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
        reply.status,
        reason(reply.status),
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    writer.write_all(head.as_bytes())?;
    writer.write_all(reply.body.as_bytes())?;
    writer.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests;
