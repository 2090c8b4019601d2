//! The transport over in-memory streams: well-formed and pipelined requests, refusals of malformed
//! ones, and no panic on any prefix or corruption of a request.

use std::cell::Cell;
use std::io::Cursor;

use super::*;

/// Feeds `input` to one connection whose handler echoes `METHOD URL BODY`; gives what was written,
/// how the exchange ended and how many requests reached the handler.
fn run(input: &[u8]) -> (String, Ending, usize) {
    let calls = Cell::new(0);
    let handler = |request: Request| {
        calls.set(calls.get() + 1);
        Reply {
            status: 200,
            headers: Vec::new(),
            body: format!(
                "{} {} {}",
                request.method,
                request.url,
                String::from_utf8_lossy(&request.body)
            ),
            shutdown: request.url == "/__sim/shutdown",
            drop: request.url == "/drop",
        }
    };
    let mut requests = Requests::new(Cursor::new(input.to_vec()));
    let mut written = Vec::new();
    let ending = exchange(&mut requests, &mut written, &handler);
    (
        String::from_utf8_lossy(&written).into_owned(),
        ending,
        calls.get(),
    )
}

/// The status of a refused request, checking the refusal closes the connection untouched by the
/// handler.
fn refusal(input: &[u8]) -> u16 {
    let (written, ending, calls) = run(input);
    assert_eq!((ending, calls), (Ending::Refused, 0), "{written}");
    assert!(written.contains("\r\nConnection: close\r\n"), "{written}");
    assert!(written.contains(r#"{"error":"#), "{written}");
    written
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[test]
fn pipelined_keep_alive_requests_are_answered_in_order_with_their_bodies() {
    let (written, ending, calls) = run(b"\r\nGET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n\
          POST /api/a?b=c HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\n\r\nhello\
          POST /oauth/token HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!((ending, calls), (Ending::Closed, 3));
    let answers: Vec<&str> = written.split("HTTP/1.1 200 OK\r\n").skip(1).collect();
    assert_eq!(answers.len(), 3, "{written}");
    assert!(answers[0].ends_with("Connection: keep-alive\r\n\r\nGET /__sim/stats "));
    assert!(answers[1].ends_with("Connection: keep-alive\r\n\r\nPOST /api/a?b=c hello"));
    assert!(answers[2].ends_with("Connection: close\r\n\r\nPOST /oauth/token "));
}

#[test]
fn http_1_0_closes_unless_it_asks_for_keep_alive() {
    let (written, _, calls) = run(b"GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
    assert_eq!(calls, 1);
    assert!(written.contains("Connection: close\r\n"));
    let (_, _, calls) =
        run(b"GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
    assert_eq!(calls, 2);
}

#[test]
fn a_drop_reply_closes_the_connection_without_an_answer() {
    let (written, ending, calls) = run(b"GET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n\
          GET /drop HTTP/1.1\r\nHost: x\r\n\r\n\
          GET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(
        (ending, calls),
        (Ending::Closed, 2),
        "the third request is never read"
    );
    assert_eq!(written.matches("HTTP/1.1 200 OK").count(), 1, "{written}");
}

#[test]
fn a_shutdown_reply_ends_the_exchange() {
    let (written, ending, calls) =
        run(b"POST /__sim/shutdown HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /a HTTP/1.1\r\n\r\n");
    assert_eq!((ending, calls), (Ending::Shutdown, 1));
    assert!(written.contains("Connection: close\r\n"));
}

#[test]
fn a_malformed_head_is_answered_400() {
    for input in [
        b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n".as_slice(),
        b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET\r\n\r\n",
        b"\x00\x01\x02 garbage\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-Bytes: \xff\xfe\r\n\r\n",
    ] {
        assert_eq!(refusal(input), 400, "{}", String::from_utf8_lossy(input));
    }
}

#[test]
fn an_oversized_head_or_too_many_headers_are_answered_431() {
    let mut long = b"GET / HTTP/1.1\r\nX-Long: ".to_vec();
    long.resize(MAX_HEAD + 10, b'a');
    assert_eq!(refusal(&long), 431);
    let mut many = b"GET / HTTP/1.1\r\n".to_vec();
    for i in 0..=MAX_HEADERS {
        many.extend_from_slice(format!("X-{i}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    assert_eq!(refusal(&many), 431);
}

#[test]
fn an_oversized_body_is_answered_413_before_it_is_read() {
    let declared = format!(
        "POST /api/a HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
        MAX_BODY + 1
    );
    assert_eq!(refusal(declared.as_bytes()), 413);
    assert_eq!(
        refusal(b"POST /api/a HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n"),
        413
    );
}

#[test]
fn a_post_without_a_length_is_answered_411() {
    assert_eq!(
        refusal(b"POST /api/a HTTP/1.1\r\nHost: x\r\n\r\n{\"data\":[]}"),
        411
    );
}

#[test]
fn a_malformed_or_conflicting_length_is_answered_400() {
    for length in ["abc", "+5", "-1", "5, 6", "", "0x10"] {
        let input = format!("POST /api/a HTTP/1.1\r\nContent-Length: {length}\r\n\r\nhello");
        assert_eq!(refusal(input.as_bytes()), 400, "Content-Length: {length}");
    }
    let twice = b"POST /api/a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!";
    assert_eq!(refusal(twice), 400);
    let (written, _, calls) =
        run(b"POST /api/a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 05\r\n\r\nhello");
    assert_eq!(calls, 1);
    assert!(written.ends_with("POST /api/a hello"));
}

#[test]
fn a_transfer_encoding_is_answered_501() {
    assert_eq!(
        refusal(
            b"POST /api/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        ),
        501
    );
}

#[test]
fn a_body_cut_short_closes_without_calling_the_handler() {
    let (written, ending, calls) = run(b"POST /api/a HTTP/1.1\r\nContent-Length: 10\r\n\r\nhel");
    assert_eq!((written.as_str(), ending, calls), ("", Ending::Closed, 0));
}

#[test]
fn no_prefix_or_corruption_of_a_request_panics() {
    let request: &[u8] =
        b"POST /api/a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    for end in 0..=request.len() {
        let (written, ending, _) = run(&request[..end]);
        assert!(
            written.is_empty() || written.starts_with("HTTP/1.1 "),
            "{written}"
        );
        assert_ne!(ending, Ending::Shutdown);
    }
    for at in 0..request.len() {
        for byte in [0u8, b'\r', b'\n', b':', b' ', 0xff] {
            let mut corrupted = request.to_vec();
            corrupted[at] = byte;
            let (written, _, calls) = run(&corrupted);
            assert!(
                written.is_empty() || written.starts_with("HTTP/1.1 "),
                "{written}"
            );
            assert!(calls <= 2);
        }
    }
}
