//! `mimecast-sso`: Entra ID + Mimecast SAML single sign-on from a terminal. `users create` creates a
//! CSV file's users through the helper's Worker; `plan`, `cert inspect`, `saml inspect` and
//! `entra explain` print what the Worker's routes answer, computed here by the same core. See
//! `mimecast-sso --help` and the README.
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used)]

mod args;
mod cert;
mod exit;
mod input;
mod plan;
mod progress;
mod signon;
mod users;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{CertCommand, Cli, Command, EntraCommand, SamlCommand, UsersCommand};
use crate::exit::Exit;

fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(refusal) = args::token_argument(&raw) {
        eprintln!("mimecast-sso: {refusal}");
        return Exit::Usage.into();
    }
    let cli = match Cli::try_parse_from(raw) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                Exit::Usage
            } else {
                Exit::Success
            }
            .into();
        }
    };
    match cli.command {
        Command::Users(UsersCommand::Create(create)) => users::create(create),
        Command::Plan(plan) => plan::run(plan),
        Command::Cert(CertCommand::Inspect(inspect)) => cert::inspect(&inspect),
        Command::Saml(SamlCommand::Inspect(inspect)) => signon::inspect(inspect),
        Command::Entra(EntraCommand::Explain(explain)) => signon::explain(explain),
    }
    .into()
}
