//! The command line: `users create`, `plan`, `cert inspect`, `saml inspect`, `entra explain`,
//! read with clap. Values are turned into
//! the core's and the library's types here (a region, a Worker origin), so a wrong one is a usage
//! error before anything is read or sent.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use mimecast_sso::worker::Origin;
use mimecast_sso_core::UnixTime;
use mimecast_sso_core::provisioning::{MAX_BATCH_USERS, RunConfig};
use mimecast_sso_core::region::Region;

use crate::exit;

/// Entra ID + Mimecast SAML single sign-on from a terminal: create users in bulk through the
/// helper's Worker, build the SSO plan, inspect Entra's signing certificate.
#[derive(Debug, Parser)]
#[command(name = "mimecast-sso", version, after_help = exit::HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Mimecast users: create a CSV file's users through the helper's Worker.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Print the SSO plan (the JSON of the Worker's POST /api/v1/plan): every value to copy
    /// between Entra and Mimecast, every finding, the steps left.
    #[command(after_help = exit::HELP)]
    Plan(PlanArgs),
    /// Certificates.
    #[command(subcommand)]
    Cert(CertCommand),
    /// SAML responses: check what Entra sent, on this machine.
    #[command(subcommand)]
    Saml(SamlCommand),
    /// Entra's sign-in errors.
    #[command(subcommand)]
    Entra(EntraCommand),
}

/// `saml …`.
#[derive(Debug, Subcommand)]
pub enum SamlCommand {
    /// Print what the Worker's POST /api/v1/saml/inspect answers for a captured SAML response
    /// (the SAMLResponse value, base64 or URL-encoded, or its XML): its values, which element is
    /// signed, whether the signature verifies with the plan's certificate, and what differs from
    /// the plan. Computed here: the response never leaves this machine. Exit 0 when verified.
    #[command(after_help = exit::HELP)]
    Inspect(SamlInspectArgs),
}

/// `entra …`.
#[derive(Debug, Subcommand)]
pub enum EntraCommand {
    /// Print what the Worker's POST /api/v1/entra/explain answers for an AADSTS code or the text
    /// of Entra's error page: the likely cause in this setup and the fix.
    #[command(after_help = exit::HELP)]
    Explain(ExplainArgs),
}

/// `saml inspect`.
#[derive(Debug, Args)]
pub struct SamlInspectArgs {
    /// The captured response, or "-" for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The plan to compare with: the JSON `mimecast-sso plan` prints (or POST /api/v1/plan answers).
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    /// Check the conditions at this time (RFC 3339, such as 2026-12-03T12:01:00Z) instead of now.
    #[arg(long, value_name = "TIME", value_parser = rfc3339)]
    pub now: Option<String>,
    /// Clock difference allowed, in seconds (at most 3600; more counts as 3600, as the route
    /// takes it).
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub clock_skew: u32,
}

/// `--now`: checked here, so a wrong one is a usage error, and kept as the text the route's
/// `now` takes.
fn rfc3339(text: &str) -> Result<String, String> {
    UnixTime::parse_iso8601(text)
        .map(|_| text.to_owned())
        .ok_or_else(|| {
            "not an RFC 3339 date and time with a zone, such as 2026-12-03T12:01:00Z".to_owned()
        })
}

/// `entra explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A file holding the code or the error page's text, or "-" for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The plan, so the fix names its values.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
}

/// `users …`.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create the users of a CSV file (email, name, password, force_change) through the Worker's
    /// POST /api/v1/mimecast/users:batch: users already in Mimecast are listed first and left
    /// out, rate limits and failures are retried, every line gets its outcome.
    #[command(after_help = exit::HELP)]
    Create(CreateArgs),
}

/// `cert …`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Print what the Worker's POST /api/v1/certificate/inspect answers for a certificate file
    /// (PEM, base64 body, DER, .cer, .p7b): subject, validity, thumbprint, Mimecast's text,
    /// findings. A private key is refused, never echoed.
    #[command(after_help = exit::HELP)]
    Inspect(InspectArgs),
}

/// `users create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The Worker's origin: https://helper.example.com, or http://127.0.0.1:8787 for a local
    /// `wrangler dev`.
    #[arg(long, value_name = "URL")]
    pub worker: Origin,
    /// The users' CSV file: a header row with email and name, optionally password and
    /// force_change; comma or semicolon separated.
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// Write the CSV report here: one row per input line, with the passwords generated for the
    /// users this run created (readable by you only). The file must not exist.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Saved outcomes (no passwords): read when the file exists, so lines already created or
    /// existing are not sent again; written back at the end.
    #[arg(long, value_name = "FILE")]
    pub saved: Option<PathBuf>,
    /// Mimecast region to send with each call (API 1.0 accounts): eu, de, us, usb, ca, za, au,
    /// jer, uspcom.
    #[arg(long, value_name = "R")]
    pub region: Option<Region>,
    /// Users per batch call.
    #[arg(long, value_name = "N", default_value_t = max_batch(),
          value_parser = clap::value_parser!(u16).range(1..=MAX_BATCH_USERS as i64))]
    pub batch_size: u16,
    /// Most batch calls in flight at once (the run lowers it after rate limits).
    #[arg(long, value_name = "N", default_value_t = default_in_flight(),
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_in_flight: u16,
    /// Read the Worker's bearer token from this file (otherwise from the PROXY_TOKEN
    /// environment variable).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Also trust this CA (PEM) for an https:// Worker: a corporate TLS proxy's, or a private
    /// CA's.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Do not list the users already in Mimecast first (they then come back "exists" from the
    /// batch calls).
    #[arg(long)]
    pub no_list_existing: bool,
    /// Print the summary as one JSON object (progress, results, restored, elapsedMs, statuses)
    /// instead of text.
    #[arg(long)]
    pub json: bool,
}

fn max_batch() -> u16 {
    u16::try_from(MAX_BATCH_USERS).unwrap_or(100)
}

fn default_in_flight() -> u16 {
    u16::try_from(RunConfig::default().max_in_flight).unwrap_or(3)
}

/// `plan`: every field of the Worker's plan input; flags override the fields of `--input`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Read the plan input (the JSON body of POST /api/v1/plan) from this file, or "-" for
    /// standard input; the other flags override its fields.
    #[arg(long, value_name = "FILE.json|-")]
    pub input: Option<PathBuf>,
    /// Mimecast region code: eu, de, us, usb, ca, za, au, jer, uspcom.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Mimecast account code, for example CUK1A234.
    #[arg(long, value_name = "C")]
    pub account_code: Option<String>,
    /// Entra tenant ID (a GUID).
    #[arg(long, value_name = "T")]
    pub tenant_id: Option<String>,
    /// Application ID of the Mimecast enterprise application in Entra (a GUID).
    #[arg(long, value_name = "A")]
    pub app_id: Option<String>,
    /// Entra's SAML signing certificate: PEM, base64 body, DER (.cer) or .p7b.
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<PathBuf>,
    /// Entra's Federation Metadata XML (instead of --tenant-id and --certificate).
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// Description of the Mimecast Authentication Profile.
    #[arg(long, value_name = "D")]
    pub description: Option<String>,
    /// A legacy sign-on URL of the 2016 tutorial, such as https://webmail-fr.mimecast.com.
    #[arg(long, value_name = "URL")]
    pub legacy_sign_on_url: Option<String>,
    /// How users start a sign-on: sp (at Mimecast, the default), idpAdminConsole or
    /// idpPersonalPortal (from Entra's My Apps tile; Sign on URL left empty).
    #[arg(long, value_name = "MODE")]
    pub sign_on_mode: Option<String>,
}

/// `cert inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The certificate file, or "-" for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// The refusal of a token given on the command line (`--token VALUE` or `--token=VALUE`), found
/// before clap reads the line, so that no message repeats the value. `None` when there is none.
pub fn token_argument(args: &[OsString]) -> Option<&'static str> {
    let given = args
        .iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .filter_map(|a| a.to_str())
        .any(|a| a == "--token" || a.starts_with("--token="));
    given.then_some(
        "--token is refused: a token on the command line can be read by every user of this \
         machine (the process list) and stays in the shell's history. Put it in the PROXY_TOKEN \
         environment variable, or in a file readable by you only and give --token-file FILE.",
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::error::ErrorKind;

    use super::*;

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(line.split_whitespace())
    }

    fn create(line: &str) -> CreateArgs {
        match parse(line).expect("parses").command {
            Command::Users(UsersCommand::Create(args)) => args,
            other => panic!("not users create: {other:?}"),
        }
    }

    #[test]
    fn users_create_takes_every_option() {
        let args = create(
            "mimecast-sso users create --worker https://helper.example.com/ --csv users.csv \
             --report report.csv --saved saved.json --region DE --batch-size 50 \
             --max-in-flight 4 --token-file token --ca-cert ca.pem --no-list-existing --json",
        );
        assert_eq!(args.worker.as_str(), "https://helper.example.com");
        assert_eq!(args.csv, PathBuf::from("users.csv"));
        assert_eq!(args.report, Some(PathBuf::from("report.csv")));
        assert_eq!(args.saved, Some(PathBuf::from("saved.json")));
        assert_eq!(args.region, Some(Region::De));
        assert_eq!((args.batch_size, args.max_in_flight), (50, 4));
        assert_eq!(args.token_file, Some(PathBuf::from("token")));
        assert_eq!(args.ca_cert, Some(PathBuf::from("ca.pem")));
        assert!(args.no_list_existing && args.json);
    }

    #[test]
    fn users_create_defaults_are_the_engines() {
        let args = create("mimecast-sso users create --worker http://127.0.0.1:8787 --csv u.csv");
        let engine = RunConfig::default();
        assert_eq!(usize::from(args.batch_size), engine.batch_size);
        assert_eq!(usize::from(args.max_in_flight), engine.max_in_flight);
        assert_eq!(args.region, None);
        assert!(!args.no_list_existing && !args.json);
    }

    #[test]
    fn wrong_values_are_usage_errors() {
        let base = "mimecast-sso users create --csv u.csv --worker";
        for line in [
            format!("{base} helper.example.com"),
            format!("{base} ftp://helper.example.com"),
            format!("{base} https://h.example --batch-size 0"),
            format!("{base} https://h.example --batch-size 101"),
            format!("{base} https://h.example --max-in-flight 0"),
            format!("{base} https://h.example --region mars"),
            "mimecast-sso users create --csv u.csv".to_owned(),
            "mimecast-sso saml inspect r.xml --now tomorrow".to_owned(),
            "mimecast-sso saml inspect r.xml --now 2026-12-03T12:01:00".to_owned(),
        ] {
            let error = parse(&line).expect_err(&line);
            assert_eq!(error.exit_code(), 2, "{line}");
        }
    }

    #[test]
    fn a_token_on_the_command_line_is_refused_without_repeating_it() {
        let line = |text: &str| -> Vec<OsString> { text.split(' ').map(OsString::from).collect() };
        let refused = token_argument(&line(
            "mimecast-sso users create --worker https://h.example --csv u.csv --token s3cret",
        ))
        .expect("refused");
        assert!(refused.contains("PROXY_TOKEN") && refused.contains("--token-file"));
        assert!(!refused.contains("s3cret"));
        assert!(token_argument(&line("mimecast-sso users create --token=s3cret")).is_some());
        assert_eq!(
            token_argument(&line(
                "mimecast-sso users create --token-file t --csv u.csv"
            )),
            None
        );
        assert_eq!(
            token_argument(&line("mimecast-sso cert inspect -- --token")),
            None
        );
    }

    #[test]
    fn plan_takes_every_field() {
        let cli = parse(
            "mimecast-sso plan --input - --region eu --account-code CUK1A234 --tenant-id T \
             --app-id A --certificate c.pem --metadata m.xml --description D \
             --legacy-sign-on-url https://webmail-fr.mimecast.com",
        )
        .expect("parses");
        let Command::Plan(plan) = cli.command else {
            panic!("not plan");
        };
        assert_eq!(plan.input, Some(PathBuf::from("-")));
        assert_eq!(plan.account_code.as_deref(), Some("CUK1A234"));
        assert_eq!(plan.certificate, Some(PathBuf::from("c.pem")));
        assert_eq!(plan.metadata, Some(PathBuf::from("m.xml")));
    }

    #[test]
    fn cert_inspect_needs_a_file() {
        let cli = parse("mimecast-sso cert inspect entra.cer").expect("parses");
        assert!(matches!(
            cli.command,
            Command::Cert(CertCommand::Inspect(InspectArgs { file })) if file == Path::new("entra.cer")
        ));
        let missing = parse("mimecast-sso cert inspect").expect_err("no file");
        assert_eq!(missing.kind(), ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn help_documents_the_exit_codes_and_the_token() {
        for line in [
            "mimecast-sso --help",
            "mimecast-sso users create --help",
            "mimecast-sso plan --help",
            "mimecast-sso cert inspect --help",
        ] {
            let help = parse(line).expect_err("help");
            assert_eq!((help.kind(), help.exit_code()), (ErrorKind::DisplayHelp, 0));
            let text = help.to_string();
            assert!(
                text.contains("Exit codes:") && text.contains("PROXY_TOKEN"),
                "{line}"
            );
        }
    }
}
