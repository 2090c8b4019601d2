//! `mimecast-sso cert inspect FILE`: the core's certificate inspection, printed as the Worker's
//! `POST /api/v1/certificate/inspect` answers it: the report, or `{"error":{…}}` when refused (a
//! private key, a request, damaged data), with the core's explanation and never the input.

use mimecast_sso_core::Coded;
use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::certificate::{self, MAX_INPUT_BYTES};

use crate::args::InspectArgs;
use crate::exit::Exit;
use crate::input;

/// Runs `cert inspect`.
pub fn inspect(args: &InspectArgs) -> Exit {
    let bytes = match input::read(&args.file, MAX_INPUT_BYTES) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("mimecast-sso: {message}");
            return Exit::File;
        }
    };
    match certificate::inspect(&bytes, input::now()) {
        Ok(report) => match serde_json::to_string(&report) {
            Ok(json) => {
                input::print_json(&json);
                Exit::Success
            }
            Err(error) => {
                eprintln!("mimecast-sso: the report could not be written: {error}");
                Exit::Negative
            }
        },
        Err(error) => {
            input::print_json(
                &ApiError::from_coded(&error)
                    .with_field(certificate::FIELD)
                    .to_json(),
            );
            eprintln!(
                "mimecast-sso: {}: refused: {error} ({})",
                input::name(&args.file),
                error.code()
            );
            Exit::Negative
        }
    }
}
