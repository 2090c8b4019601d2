//! The header row of a users' CSV file: which separator the file uses, and which column is
//! which (`email`, `name`, `password`, `force_change`, with the other names Excel exports use),
//! refusing an unknown or repeated column, or a first row that is a user rather than a header.

use crate::finding::Finding;
use crate::provisioning::ProvisioningCode;

/// The columns a users' file may have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Email,
    Name,
    Password,
    ForceChange,
}

/// `;` when the header row has more semicolons than commas outside quotes, else `,`. The header
/// ends at the first LF or CR (a CR-only file from Excel for Mac has no LF at all).
pub(super) fn detect_delimiter(text: &str) -> char {
    let header = text
        .split(['\r', '\n'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { ';' } else { ',' }
}

pub(super) fn header_columns(header: &csv::StringRecord) -> Result<Vec<Option<Column>>, Finding> {
    if header.iter().any(|cell| cell.contains('@')) {
        // A user's row where the header should be: say so without repeating it (it may hold a
        // password).
        return Err(Finding::error(
            ProvisioningCode::CsvHeaderMissing,
            "The first row looks like a user, not a header: add a first row naming the columns, for example email,name,password,force_change.",
        ));
    }
    let mut columns = Vec::new();
    let mut unknown = Vec::new();
    for raw in header {
        let name = raw
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        let column = match name.as_str() {
            "email" | "email_address" | "emailaddress" | "mail" => Some(Column::Email),
            "name" | "global_name" | "display_name" | "displayname" => Some(Column::Name),
            "password" => Some(Column::Password),
            "force_change" | "force_password_change" | "forcepasswordchange" => {
                Some(Column::ForceChange)
            }
            "" => None,
            _ => {
                unknown.push(column_name_for_message(raw.trim()));
                None
            }
        };
        if let Some(c) = column
            && columns.contains(&Some(c))
        {
            return Err(Finding::error(
                ProvisioningCode::CsvColumnDuplicate,
                format!("The header names the column \"{}\" twice.", raw.trim()),
            ));
        }
        columns.push(column);
    }
    if !unknown.is_empty() {
        return Err(Finding::error(
            ProvisioningCode::CsvColumnUnknown,
            format!(
                "The header has columns this helper does not know: {}. The columns are email, name, password (optional) and force_change (optional).",
                unknown.join(", ")
            ),
        ));
    }
    if !columns.contains(&Some(Column::Email)) || !columns.contains(&Some(Column::Name)) {
        return Err(Finding::error(
            ProvisioningCode::CsvHeaderMissing,
            "The header row must have the columns email and name (and may have password and force_change), for example: email,name,password,force_change.",
        ));
    }
    Ok(columns)
}

/// A column name as a message may repeat it: a short word (letters, digits, space, `_`, `-`),
/// else a placeholder, so a value that is not a column name is never echoed.
fn column_name_for_message(name: &str) -> String {
    let word = !name.is_empty()
        && name.chars().count() <= 30
        && name.starts_with(|c: char| c.is_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'));
    if word {
        format!("\"{name}\"")
    } else {
        "(a name not shown)".to_owned()
    }
}
