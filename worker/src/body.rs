//! Bodies read as a stream up to a limit, so a body over it is never held whole, whether it
//! declared its length or came chunked: requests' bodies (the core's `MAX_BODY_BYTES`) and
//! upstream answers (Entra's metadata) alike.

use futures_util::StreamExt;
use worker::ByteStream;

/// Why [`read_limited`] stopped before the end.
pub enum StreamFailure {
    /// More than the limit came: reading stopped after `read` bytes (the limit and one chunk at
    /// most).
    TooLarge {
        /// Bytes taken from the stream, the last chunk included.
        read: usize,
    },
    /// The stream failed, for example when the other side went away.
    Failed,
}

/// Reads `stream` to its end, keeping at most `max_bytes`. At the first chunk that would go over,
/// it stops; the stream is dropped, which cancels it, so the rest is never read.
pub async fn read_limited(
    mut stream: ByteStream,
    max_bytes: usize,
) -> Result<Vec<u8>, StreamFailure> {
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StreamFailure::Failed)?;
        let read = body.len() + chunk.len();
        if read > max_bytes {
            return Err(StreamFailure::TooLarge { read });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
