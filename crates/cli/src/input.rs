//! What the commands share: reading a file or standard input (`-`) with a size limit, the clock,
//! and printing on standard output (the Worker's JSON, a summary).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use mimecast_sso_core::UnixTime;

/// Reads `path` (standard input for `-`), at most `limit` bytes plus one, so that the core sees an
/// oversized input and refuses it with its own code without the whole of it in memory.
pub fn read(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    let take = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().lock().take(take).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(take).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{}: {e}", name(path)))?;
    Ok(bytes)
}

/// `path` as messages name it (`standard input` for `-`).
pub fn name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Now, in whole seconds, as the Worker gives the core its `now`.
pub fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Prints `json` (the Worker's compact JSON) on standard output: as it is for a pipe or a file,
/// indented for a person at a terminal.
pub fn print_json(json: &str) {
    if std::io::stdout().is_terminal()
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(json)
        && let Ok(pretty) = serde_json::to_string_pretty(&value)
    {
        print(&format!("{pretty}\n"));
        return;
    }
    print(&format!("{json}\n"));
}

/// Writes `text` on standard output. A closed pipe (`| head`) is not an error worth a panic: what
/// was not read is simply not printed.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
