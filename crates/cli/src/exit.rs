//! The exit codes, one list: what each means, as `--help` and the README document them.

use std::process::ExitCode;

/// How the program ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done; every user created or already in Mimecast; the plan has no error; the
    /// certificate was read; the SAML response is verified; the error was explained.
    Success,
    /// 1: done, with a negative answer: some users failed or were not sent, the plan has error
    /// findings, the certificate or the plan input was refused, the SAML response is not
    /// verified, the error text was refused.
    Negative,
    /// 2: the command line is wrong (including a token given on it).
    Usage,
    /// 3: the Worker cannot be reached (network, DNS, TLS) or refused the credential.
    Worker,
    /// 4: a file cannot be read or written, or is refused whole.
    File,
    /// 5: the run stopped before the end: the Worker or Mimecast refused every call for another
    /// reason (Mimecast credentials, the Worker's settings), or the time ran out.
    Stopped,
    /// 130: interrupted (Ctrl-C); the report and the saved outcomes are written first.
    Interrupted,
}

/// The exit codes, for `--help`.
pub const HELP: &str = "\
Exit codes:
  0    success: every user created or already in Mimecast (invalid lines are
       listed in the report and the summary); the plan has no error finding;
       the certificate was read; the SAML response is verified against the
       plan; the Entra error was explained
  1    some users failed or were not sent; the plan has error findings; the
       certificate or the plan input was refused; the SAML response is not
       verified or was refused; the error text holds no code
  2    usage error (including --token on the command line)
  3    the Worker cannot be reached (network, DNS, TLS) or refused the token
  4    a file cannot be read or written (CSV, report, saved outcomes, token
       file, CA file, certificate, SAML response, error text, plan), or the
       CSV file or --plan is refused whole
  5    the run stopped before the end: the Worker or Mimecast refused every
       call for another reason (Mimecast's credentials, the Worker's settings)
  130  interrupted with Ctrl-C (the report is written first)

The token: the PROXY_TOKEN environment variable, or --token-file FILE; never an
argument on the command line.";

impl Exit {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Negative => 1,
            Exit::Usage => 2,
            Exit::Worker => 3,
            Exit::File => 4,
            Exit::Stopped => 5,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exit_code_is_in_the_help() {
        for exit in [
            Exit::Success,
            Exit::Negative,
            Exit::Usage,
            Exit::Worker,
            Exit::File,
            Exit::Stopped,
            Exit::Interrupted,
        ] {
            let line = format!("\n  {:<4} ", exit.code());
            assert!(HELP.contains(&line), "{exit:?} is not documented");
        }
    }
}
