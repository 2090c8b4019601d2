//! `mimecast-sso plan`: the core's SSO plan, printed as the Worker's `POST /api/v1/plan` answers
//! it, from a JSON input (`--input`) and flags that set its fields. Files become the input's
//! strings as the page and the API take them: a certificate as text, or base64 when it is binary
//! (DER, `.p7b`); federation metadata as text.

use std::path::Path;

use base64::Engine;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::plan::{self, PlanInput};
use mimecast_sso_core::{Severity, certificate};

use crate::args::PlanArgs;
use crate::exit::Exit;
use crate::input;

/// Largest `--input` or `--metadata` file read, in bytes (the core refuses what is wrong in it;
/// this only keeps a wrong file from filling the memory).
const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// Runs `plan`.
pub fn run(args: PlanArgs) -> Exit {
    let mut plan_input = match &args.input {
        Some(path) => match text(path, "--input").map(|json| PlanInput::from_json(&json)) {
            Ok(Ok(plan_input)) => plan_input,
            Ok(Err(error)) => {
                input::print_json(&ApiError::from_coded(&error).to_json());
                eprintln!("mimecast-sso: --input {}: {error}", input::name(path));
                return Exit::Negative;
            }
            Err(message) => return fail(&message),
        },
        None => PlanInput::default(),
    };
    let fields = [
        (&mut plan_input.region, args.region),
        (&mut plan_input.account_code, args.account_code),
        (&mut plan_input.tenant_id, args.tenant_id),
        (&mut plan_input.app_id, args.app_id),
        (&mut plan_input.description, args.description),
        (&mut plan_input.legacy_sign_on_url, args.legacy_sign_on_url),
        (&mut plan_input.sign_on_mode, args.sign_on_mode),
    ];
    for (field, value) in fields {
        if value.is_some() {
            *field = value;
        }
    }
    if let Some(path) = &args.certificate {
        match input::read(path, certificate::MAX_INPUT_BYTES) {
            Ok(bytes) => plan_input.certificate = Some(certificate_text(bytes)),
            Err(message) => return fail(&format!("--certificate {message}")),
        }
    }
    if let Some(path) = &args.metadata {
        match text(path, "--metadata") {
            Ok(xml) => plan_input.federation_metadata = Some(xml),
            Err(message) => return fail(&message),
        }
    }
    let plan = plan::build_plan(&plan_input, input::now());
    match serde_json::to_string(&plan) {
        Ok(json) => input::print_json(&json),
        Err(error) => return fail(&format!("the plan could not be written: {error}")),
    }
    if plan.findings.iter().any(|f| f.severity == Severity::Error) {
        Exit::Negative
    } else {
        Exit::Success
    }
}

fn fail(message: &str) -> Exit {
    eprintln!("mimecast-sso: {message}");
    Exit::File
}

/// A file as UTF-8 text.
fn text(path: &Path, flag: &str) -> Result<String, String> {
    let bytes = input::read(path, MAX_TEXT_BYTES).map_err(|m| format!("{flag} {m}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{flag} {}: not UTF-8 text", input::name(path)))
}

/// The plan input's `certificate` string for a file's bytes: the text of a PEM or base64 file, the
/// base64 of a binary one (the core reads DER and `.p7b` from base64).
fn certificate_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|binary| {
        base64::engine::general_purpose::STANDARD.encode(binary.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_der_certificate_goes_into_the_plan_input_as_base64() {
        assert_eq!(certificate_text(vec![0x30, 0x82, 0x01]), "MIIB");
        assert_eq!(
            certificate_text(b"-----BEGIN CERTIFICATE-----\n".to_vec()),
            "-----BEGIN CERTIFICATE-----\n"
        );
    }
}
