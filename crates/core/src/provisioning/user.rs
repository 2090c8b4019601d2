//! One Mimecast user as the "New Address" dialog asks for it, and its checks: address, global
//! name, password and its confirmation, "force password change at next login" (on by default).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::UserCode;
use crate::address;
use crate::finding::Finding;
use crate::password::{PasswordError, check_password};

/// Longest global name accepted, in characters (the limit the Worker's `create-user` route uses).
pub const MAX_NAME_CHARS: usize = 100;

/// A password: shown to nobody by `Debug`, sent to Mimecast as a plain JSON string.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The password itself, for the request body that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// What an admin types into the "add one user" form (JSON, camelCase).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserInput {
    /// The address, the same as Entra's `mail` attribute.
    pub email_address: String,
    /// The global name (display name).
    pub name: String,
    /// The cloud password.
    pub password: Option<Password>,
    /// The password typed again; checked when given.
    pub password_confirmation: Option<Password>,
    /// Force a password change at next login; `None` means the default, on.
    pub force_password_change: Option<bool>,
}

/// A checked user, ready for Mimecast's `create-user` (JSON, camelCase; holds the password).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// The address, with its domain in lowercase.
    pub email_address: String,
    /// The global name, trimmed.
    pub name: String,
    /// The cloud password.
    pub password: Password,
    /// Force a password change at next login.
    pub force_password_change: bool,
}

impl NewUser {
    /// The address's domain (lowercase).
    pub fn domain(&self) -> &str {
        self.email_address
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .unwrap_or_default()
    }
}

/// A problem on one line of a CSV file (or one user of a batch), with the line number
/// (1-based, the header is line 1) and the address as written, when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineError {
    /// The input line the record starts on.
    pub line: u32,
    /// The address as written on that line (trimmed), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// Stable code, for example `user.email_invalid`.
    pub code: String,
    /// The column or field: `email`, `name`, `password`, `force_change` (CSV) or the JSON field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// English explanation; never repeats a password.
    pub message: String,
}

/// Checks every field of `input` and returns the user, or every finding at once.
pub fn validate_user(input: &UserInput) -> Result<NewUser, Vec<Finding>> {
    let mut findings = Vec::new();
    let address = check_email(&input.email_address)
        .map_err(|f| findings.push(f.with_field("emailAddress")))
        .ok();
    let name = check_name(&input.name)
        .map_err(|f| findings.push(f.with_field("name")))
        .ok();
    let password = input.password.clone().unwrap_or_default();
    if password.is_empty() {
        findings.push(
            Finding::error(
                PasswordError::Required,
                "Type a password (or let the helper generate one).",
            )
            .with_field("password"),
        );
    } else if let Err(finding) = check_password(password.expose()) {
        findings.push(finding.with_field("password"));
    }
    if let Some(confirmation) = &input.password_confirmation
        && *confirmation != password
    {
        findings.push(
            Finding::error(
                UserCode::PasswordMismatch,
                "The two passwords are not the same; type the password again in both fields.",
            )
            .with_field("passwordConfirmation"),
        );
    }
    match (address, name) {
        (Some(address), Some(name)) if findings.is_empty() => Ok(NewUser {
            email_address: address,
            name,
            password,
            force_password_change: input.force_password_change.unwrap_or(true),
        }),
        _ => Err(findings),
    }
}

/// Checks an address: the same syntax as the Worker's `create-user` route (letters, digits and
/// `. _ % + - '` before the `@`, a DNS name after it). Returns it with the domain in lowercase.
pub(crate) fn check_email(text: &str) -> Result<String, Finding> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Finding::error(
            UserCode::EmailRequired,
            "The email address is empty; it must be the user's address, the same as Entra's mail attribute.",
        ));
    }
    let Some((local, domain)) = text.rsplit_once('@').filter(|(_, d)| !d.trim().is_empty()) else {
        return Err(Finding::error(
            UserCode::DomainMissing,
            "The email address has no domain: write it in full, like ann@example.com.",
        ));
    };
    if !address::local_part_ok(local) || text.len() > address::MAX_ADDRESS_LEN {
        return Err(Finding::error(
            UserCode::EmailInvalid,
            "The email address is not valid: use letters, digits and . _ % + - ' before the @, like ann.lee@example.com.",
        ));
    }
    let domain = check_domain(domain)?;
    Ok(format!("{local}@{domain}"))
}

/// Checks a DNS domain name (two labels or more, letters, digits and hyphens, alphabetic top
/// label); returns it in lowercase without a trailing dot.
pub(crate) fn check_domain(text: &str) -> Result<String, Finding> {
    let Some(domain) = address::dns_domain(text) else {
        return Err(Finding::error(
            UserCode::DomainInvalid,
            "The domain after the @ is not a DNS name like example.com (letters, digits, hyphens and dots).",
        ));
    };
    Ok(domain)
}

/// Checks a global name: 1 to [`MAX_NAME_CHARS`] characters, no control characters; trimmed.
pub(crate) fn check_name(text: &str) -> Result<String, Finding> {
    let name = text.trim();
    let count = name.chars().count();
    if count == 0 {
        return Err(Finding::error(
            UserCode::NameRequired,
            "The name is empty; Mimecast shows it as the user's global name.",
        ));
    }
    if count > MAX_NAME_CHARS {
        return Err(Finding::error(
            UserCode::NameTooLong,
            format!("The name has {count} characters; at most {MAX_NAME_CHARS} are allowed."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Finding::error(
            UserCode::NameInvalid,
            "The name holds a control character (a tab or a line break); remove it.",
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_debug_never_shows_the_password() {
        let shown = format!("{:?}", Password::new("Sup3r-secret!"));
        assert!(!shown.contains("Sup3r"));
    }

    #[test]
    fn addresses_keep_their_local_part_and_lowercase_the_domain() {
        assert_eq!(
            check_email(" Ann.Lee@Example.COM ").ok().as_deref(),
            Some("Ann.Lee@example.com")
        );
    }
}
