//! One wrk run: the Lua script that sets the request and counts answers by status, wrk started
//! with `--latency` and stopped if it outlives its duration, and the JSON line the script's
//! `done()` prints read back as [`Measured`].
//!
//! wrk's per-response hook (`response()`) makes wrk parse every answer, which slows it a little; it
//! is the only way to count statuses (wrk itself counts only "non-2xx or 3xx").

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Result;
use crate::process;
use crate::tools::WRK;

/// wrk threads: one per core of the two-core machines the project runs on.
pub const THREADS: u32 = 2;

/// A request wrk gives up on after this long counts as a timeout, not a latency (wrk's default is
/// 2 s, which would hide a slow tail in the error count).
const TIMEOUT: &str = "10s";

/// How long wrk may run past its duration (thread start-up, the report) before it is killed.
const GRACE: Duration = Duration::from_secs(30);

/// The mark before the JSON line of the script's `done()`.
const MARK: &str = "XTASK-LOAD ";

/// What to run.
pub struct Spec<'a> {
    /// The URL, on 127.0.0.1.
    pub url: String,
    /// `GET` or `POST`.
    pub method: &'a str,
    /// Request headers.
    pub headers: Vec<(&'a str, String)>,
    /// The request body, if any.
    pub body: Option<&'a str>,
    /// Open connections.
    pub connections: u32,
    /// Seconds.
    pub secs: u64,
    /// Where the script and wrk's output are written: `<files>.lua`, `<files>.txt`.
    pub files: PathBuf,
}

/// wrk's figures for one run.
#[derive(Debug, Default)]
pub struct Measured {
    /// Answers received.
    pub requests: u64,
    /// How long the run took, in seconds.
    pub secs: f64,
    /// Bytes received.
    pub bytes: u64,
    /// Answers by HTTP status.
    pub statuses: BTreeMap<u16, u64>,
    /// Socket errors: connect, read, write, timeout.
    pub connect: u64,
    /// Reads that failed.
    pub read: u64,
    /// Writes that failed.
    pub write: u64,
    /// Requests not answered within [`TIMEOUT`].
    pub timeout: u64,
    /// Latency percentiles and extremes, in milliseconds.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Measured {
    /// Answers per second.
    pub fn rate(&self) -> f64 {
        if self.secs > 0.0 {
            self.requests as f64 / self.secs
        } else {
            0.0
        }
    }

    /// Answers whose status `keep` accepts.
    pub fn count(&self, keep: impl Fn(u16) -> bool) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| keep(**status))
            .map(|(_, n)| n)
            .sum()
    }

    /// Socket errors and timeouts together.
    pub fn socket_errors(&self) -> u64 {
        self.connect + self.read + self.write + self.timeout
    }
}

/// Runs wrk as `spec` says, printing its report; stops early (an error) when `interrupted` is set.
pub fn run(spec: &Spec, interrupted: &AtomicBool) -> Result<Measured> {
    if !spec.url.starts_with("http://127.0.0.1:") {
        return Err(format!("load runs on loopback only, not {}", spec.url));
    }
    let script = spec.files.with_extension("lua");
    let report = spec.files.with_extension("txt");
    std::fs::write(&script, lua(spec)).map_err(|e| format!("{}: {e}", script.display()))?;
    let out = std::fs::File::create(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let mut command = Command::new(WRK);
    command
        .arg(format!("-t{THREADS}"))
        .arg(format!("-c{}", spec.connections))
        .arg(format!("-d{}s", spec.secs))
        .args(["--timeout", TIMEOUT, "--latency", "-s"])
        .arg(&script)
        .arg(&spec.url)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    process::announce(&command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not start wrk: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(spec.secs) + GRACE;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        let late = Instant::now() > deadline;
        if late || interrupted.load(Ordering::Acquire) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(if late {
                format!(
                    "wrk ran past {} s + {} s; stopped",
                    spec.secs,
                    GRACE.as_secs()
                )
            } else {
                "interrupted".to_owned()
            });
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    if interrupted.load(Ordering::Acquire) {
        return Err("interrupted".to_owned());
    }
    let text = std::fs::read_to_string(&report).map_err(|e| e.to_string())?;
    for line in text.lines().filter(|l| !l.starts_with(MARK)) {
        println!("  {line}");
    }
    if !status.success() {
        return Err(format!("wrk failed ({status}); see {}", report.display()));
    }
    parse(&text).map_err(|e| format!("{}: {e}", report.display()))
}

/// The first line of `wrk -v`.
pub fn version() -> String {
    Command::new(WRK)
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            let text = [o.stdout, o.stderr].concat();
            String::from_utf8_lossy(&text)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .map(|line| {
            line.split(" Copyright")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .unwrap_or_else(|| "wrk (version unknown)".to_owned())
}

/// The script: the request, a per-thread count of statuses, and `done()` printing one JSON line
/// after [`MARK`] (latencies in microseconds, as wrk keeps them).
fn lua(spec: &Spec) -> String {
    let mut text = format!("wrk.method = {}\n", quoted(spec.method));
    if let Some(body) = spec.body {
        text.push_str(&format!("wrk.body = {}\n", quoted(body)));
    }
    for (name, value) in &spec.headers {
        text.push_str(&format!(
            "wrk.headers[{}] = {}\n",
            quoted(name),
            quoted(value)
        ));
    }
    text.push_str(&DONE.replace("@MARK@", MARK));
    text
}

const DONE: &str = r#"
local threads = {}
function setup(thread) table.insert(threads, thread) end

statuses = {}
function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses") or {}) do total[key] = (total[key] or 0) + n end
  end
  local parts = {}
  for key, n in pairs(total) do table.insert(parts, string.format('"%s":%.0f', key, n)) end
  local e = summary.errors
  io.write(string.format(
    '@MARK@{"durationUs":%.0f,"requests":%.0f,"bytes":%.0f,' ..
    '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},' ..
    '"latencyUs":{"p50":%.0f,"p90":%.0f,"p99":%.0f,"max":%.0f,"mean":%.1f},"statuses":{%s}}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, table.concat(parts, ",")))
end
"#;

/// `text` as a Lua string literal.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads the line after [`MARK`] in wrk's output.
fn parse(text: &str) -> Result<Measured> {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(MARK))
        .ok_or("the script's done() printed no figures")?;
    let json: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let n = |v: &Value| v.as_f64().unwrap_or(0.0);
    let count = |v: &Value| v.as_u64().unwrap_or(0);
    let ms = |name: &str| n(&json["latencyUs"][name]) / 1000.0;
    let statuses = json["statuses"]
        .as_object()
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.parse().ok()?, count(v))))
                .collect()
        })
        .unwrap_or_default();
    let errors = &json["errors"];
    Ok(Measured {
        requests: count(&json["requests"]),
        secs: n(&json["durationUs"]) / 1e6,
        bytes: count(&json["bytes"]),
        statuses,
        connect: count(&errors["connect"]),
        read: count(&errors["read"]),
        write: count(&errors["write"]),
        timeout: count(&errors["timeout"]),
        p50: ms("p50"),
        p90: ms("p90"),
        p99: ms("p99"),
        max: ms("max"),
        mean: ms("mean"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn done_line_is_read_back() {
        let text = "Running 1s test\nXTASK-LOAD {\"durationUs\":2000000,\"requests\":100,\
                    \"bytes\":5000,\"errors\":{\"connect\":0,\"read\":1,\"write\":0,\"status\":3,\
                    \"timeout\":2},\"latencyUs\":{\"p50\":1500,\"p90\":2000,\"p99\":9000,\
                    \"max\":12000,\"mean\":1600.5},\"statuses\":{\"200\":97,\"503\":3}}\n";
        let m = parse(text).expect("parsed");
        assert_eq!((m.requests, m.rate()), (100, 50.0));
        assert_eq!((m.p50, m.p99), (1.5, 9.0));
        assert_eq!(m.count(|s| s >= 500), 3);
        assert_eq!(m.socket_errors(), 3);
    }

    #[test]
    fn lua_strings_are_escaped() {
        assert_eq!(quoted(r#"{"a":"b\c"}"#), r#""{\"a\":\"b\\c\"}""#);
    }
}
