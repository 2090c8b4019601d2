//! `mimecast-sso saml inspect FILE` and `mimecast-sso entra explain FILE`: the core's sign-on test,
//! printed as the Worker's `POST /api/v1/saml/inspect` and `POST /api/v1/entra/explain` answer,
//! with the same request types (so the same defaults and refusals). Nothing is sent anywhere.

use std::path::Path;

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::http_api::signon::{EntraExplainRequest, SamlInspectRequest};
use mimecast_sso_core::plan::Plan;
use mimecast_sso_core::signon::{MAX_ERROR_TEXT_BYTES, MAX_RESPONSE_BYTES};
use serde::Serialize;

use crate::args::{ExplainArgs, SamlInspectArgs};
use crate::exit::Exit;
use crate::input;

/// Runs `saml inspect`: exit 0 when the response is verified against the plan, 1 otherwise.
pub fn inspect(args: SamlInspectArgs) -> Exit {
    let text = match text(&args.file, 2 * MAX_RESPONSE_BYTES) {
        Ok(text) => text,
        Err(exit) => return exit,
    };
    let plan = match plan(args.plan.as_deref()) {
        Ok(plan) => plan,
        Err(exit) => return exit,
    };
    let request = SamlInspectRequest {
        saml_response: text,
        plan,
        expected: None,
        now: args.now,
        clock_skew_seconds: Some(args.clock_skew),
    };
    match request.run(input::now()) {
        Ok(report) => match print(&report) {
            Exit::Success if !report.verified => Exit::Negative,
            exit => exit,
        },
        Err(error) => refused(&args.file, &error),
    }
}

/// Runs `entra explain`: exit 0 when the code is explained, 1 otherwise.
pub fn explain(args: ExplainArgs) -> Exit {
    let text = match text(&args.file, MAX_ERROR_TEXT_BYTES) {
        Ok(text) => text,
        Err(exit) => return exit,
    };
    let plan = match plan(args.plan.as_deref()) {
        Ok(plan) => plan,
        Err(exit) => return exit,
    };
    match (EntraExplainRequest { text, plan }).run() {
        Ok(explanation) => print(&explanation),
        Err(error) => refused(&args.file, &error),
    }
}

/// A file's text, at most `limit` bytes (the core refuses what is wrong in it).
fn text(path: &Path, limit: usize) -> Result<String, Exit> {
    match input::read(path, limit) {
        Ok(bytes) => Ok(decode(&bytes)),
        Err(message) => {
            eprintln!("mimecast-sso: {message}");
            Err(Exit::File)
        }
    }
}

/// A file's bytes as text. A UTF-16 file with its byte order mark (Notepad's "Unicode", a
/// PowerShell `>` redirect) is decoded as such, so that it reads as its UTF-8 twin would; other
/// bytes are read as UTF-8, anything not UTF-8 replaced, for the core to refuse by name.
fn decode(bytes: &[u8]) -> String {
    let units = |pair: fn([u8; 2]) -> u16, rest: &[u8]| -> String {
        let units = rest
            .chunks(2)
            .map(|c| pair([c[0], c.get(1).copied().unwrap_or(0)]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        units(u16::from_le_bytes, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        units(u16::from_be_bytes, rest)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The plan of `--plan`, when given.
fn plan(path: Option<&Path>) -> Result<Option<Box<Plan>>, Exit> {
    let Some(path) = path else { return Ok(None) };
    let json = text(path, 4 * 1024 * 1024)?;
    serde_json::from_str(&json).map(Some).map_err(|error| {
        eprintln!(
            "mimecast-sso: --plan {}: not a plan as `mimecast-sso plan` prints it (line {}, column {})",
            input::name(path),
            error.line(),
            error.column()
        );
        Exit::File
    })
}

fn print<T: Serialize>(value: &T) -> Exit {
    match serde_json::to_string(value) {
        Ok(json) => {
            input::print_json(&json);
            Exit::Success
        }
        Err(error) => {
            eprintln!("mimecast-sso: the report could not be written: {error}");
            Exit::Negative
        }
    }
}

fn refused(path: &Path, error: &ApiError) -> Exit {
    input::print_json(&error.to_json());
    eprintln!(
        "mimecast-sso: {}: refused: {} ({})",
        input::name(path),
        error.message,
        error.code
    );
    Exit::Negative
}
