//! The bearer token the Worker asks for (its `PROXY_TOKEN` secret): read from the `PROXY_TOKEN`
//! environment variable or from a file, never from a command-line argument (other users of the
//! machine can read every process's arguments, and shells keep them in their history).

use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable the token is read from.
pub const ENV_VAR: &str = "PROXY_TOKEN";

/// A bearer token. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A token from `text`, without the spaces and line ends around it (a file saved by an editor
    /// ends with one). The error never repeats the text.
    pub fn new(text: &str) -> Result<Self, TokenError> {
        let token = text.trim_matches(|c: char| c.is_ascii_whitespace());
        if token.is_empty() {
            return Err(TokenError::Empty);
        }
        // An HTTP header value carries visible ASCII only; anything else cannot be sent as is.
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(TokenError::NotPrintable);
        }
        Ok(Self(token.to_owned()))
    }

    /// The `Authorization` header value: `Bearer {token}`.
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

/// Why a token cannot be used. The messages never hold the token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// Only spaces or nothing.
    Empty,
    /// A character an HTTP header cannot carry (a control character, a space inside, non-ASCII).
    NotPrintable,
    /// The token file could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why, as the operating system says it.
        reason: String,
    },
    /// The token file is empty or unusable.
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with its content.
        error: Box<TokenError>,
    },
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Empty => f.write_str("the token is empty"),
            TokenError::NotPrintable => f.write_str(
                "the token holds a character an HTTP header cannot carry (a space, a control \
                 character or a non-ASCII letter)",
            ),
            TokenError::Unreadable { path, reason } => {
                write!(f, "--token-file {}: {reason}", path.display())
            }
            TokenError::InFile { path, error } => {
                write!(f, "--token-file {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for TokenError {}

/// The token to send: from `file` when given, otherwise from [`ENV_VAR`] when it is set and not
/// empty; `None` when neither (a Worker that allows local calls without one, `wrangler dev`).
pub fn resolve(file: Option<&Path>) -> Result<Option<Token>, TokenError> {
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| TokenError::Unreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        return Token::new(&text)
            .map(Some)
            .map_err(|error| TokenError::InFile {
                path: path.to_path_buf(),
                error: Box::new(error),
            });
    }
    match std::env::var(ENV_VAR) {
        Ok(text) if !text.trim().is_empty() => Token::new(&text).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_file_line_end_is_not_part_of_the_token() {
        let token = Token::new("abc-123\r\n").expect("token");
        assert_eq!(token.authorization(), "Bearer abc-123");
    }

    #[test]
    fn an_empty_or_unprintable_token_is_refused_without_repeating_it() {
        assert_eq!(Token::new(" \n"), Err(TokenError::Empty));
        let refused = Token::new("secret-part\nsecond-line").expect_err("two lines");
        assert_eq!(refused, TokenError::NotPrintable);
        assert!(!refused.to_string().contains("secret-part"));
    }

    #[test]
    fn debug_output_hides_the_token() {
        let token = Token::new("very-secret-value").expect("token");
        assert_eq!(format!("{token:?}"), "Token(<hidden>)");
    }

    #[test]
    fn a_token_file_is_read_and_an_empty_one_refused() {
        let dir = std::env::temp_dir().join(format!("mimecast-sso-token-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let good = dir.join("good");
        std::fs::write(&good, "file-token\n").expect("write");
        let token = resolve(Some(&good)).expect("read").expect("token");
        assert_eq!(token.authorization(), "Bearer file-token");
        let empty = dir.join("empty");
        std::fs::write(&empty, "\n").expect("write");
        let refused = resolve(Some(&empty)).expect_err("empty");
        assert!(refused.to_string().ends_with("empty: the token is empty"));
        let missing = resolve(Some(&dir.join("missing"))).expect_err("missing");
        assert!(matches!(missing, TokenError::Unreadable { .. }));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
