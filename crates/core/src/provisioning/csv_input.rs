//! The users' CSV file: a header row with `email` and `name` (required) and `password`,
//! `force_change` (optional); UTF-8 with or without a byte-order mark; comma or semicolon
//! separated (Excel writes semicolons in French and Dutch locales), detected from the header.
//!
//! Good rows and per-line errors come back together, with the input's line numbers (1-based, the
//! header is line 1), so a preview can show every problem before anything is sent.

mod header;

use std::collections::HashMap;

use serde::Serialize;

use self::header::{Column, detect_delimiter, header_columns};
use super::user::{LineError, Password, check_email, check_name};
use super::{ProvisioningCode, UserCode};
use crate::Coded;
use crate::finding::Finding;
use crate::password::check_password;

/// Size bounds of one CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvLimits {
    /// Largest file, in bytes.
    pub max_bytes: usize,
    /// Most data rows (the header not counted).
    pub max_rows: usize,
}

impl Default for CsvLimits {
    /// 2 MiB and 10,000 rows: ten times the largest run the project measures.
    fn default() -> Self {
        Self {
            max_bytes: 2 * 1024 * 1024,
            max_rows: 10_000,
        }
    }
}

/// One good row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvUser {
    /// The line the row starts on (the header is line 1).
    pub line: u32,
    /// The checked address (domain in lowercase).
    pub email_address: String,
    /// The checked global name.
    pub name: String,
    /// The row's password, if it has one; never serialised.
    #[serde(skip_serializing)]
    pub password: Option<Password>,
    /// Whether the row has a password (otherwise one is generated).
    pub has_password: bool,
    /// Force a password change at next login (default on).
    pub force_password_change: bool,
}

/// What a file holds: good rows, per-line errors, and how it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CsvImport {
    /// The separator found in the header: `,` or `;`.
    pub delimiter: char,
    /// Data rows read (blank rows not counted).
    pub records: usize,
    /// Rows without any error, in file order.
    pub rows: Vec<CsvUser>,
    /// Every problem, in line order; a line may have several.
    pub errors: Vec<LineError>,
}

impl CsvImport {
    /// The lines that have at least one error, each once, in order.
    pub fn invalid_lines(&self) -> Vec<u32> {
        let mut lines: Vec<u32> = self.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines
    }
}

/// Checks a file's size (in bytes) against `limits` before it is read:
/// `provisioning.csv_too_large` for a file [`read_csv`] would refuse anyway. The page calls it with
/// the file's size, so a huge file is never read into memory.
pub fn check_csv_size(size: u64, limits: CsvLimits) -> Result<(), Finding> {
    if size > limits.max_bytes as u64 {
        return Err(Finding::error(
            ProvisioningCode::CsvTooLarge,
            format!(
                "The file has {size} bytes; at most {} are read. Split it into smaller files.",
                limits.max_bytes
            ),
        ));
    }
    Ok(())
}

/// Reads a users' CSV file. A file-level problem (empty, too large, too many rows, not UTF-8, a
/// required column missing, an unknown or repeated column) is an `Err` finding; row problems are
/// [`LineError`]s in the import.
pub fn read_csv(bytes: &[u8], limits: CsvLimits) -> Result<CsvImport, Finding> {
    check_csv_size(bytes.len() as u64, limits)?;
    // UTF-16 with its byte order mark, or without one: then the header's first character (ASCII
    // in any header we read) has a NUL byte before it (big-endian) or after it (little-endian).
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.get(..2).is_some_and(|pair| pair.contains(&0))
    {
        return Err(not_utf8("it is UTF-16 (Excel's \"Unicode text\")"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        not_utf8(&format!(
            "byte {} is not UTF-8 (perhaps Windows-1252)",
            e.valid_up_to() + 1
        ))
    })?;
    if text.trim().is_empty() {
        return Err(Finding::error(
            ProvisioningCode::CsvEmpty,
            "The file is empty: it needs a header row (email,name) and one row per user.",
        ));
    }
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines = LineIndex::new(text);
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            Some(Ok(record)) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(record)) => break record,
            Some(Err(_)) | None => {
                return Err(Finding::error(
                    ProvisioningCode::CsvHeaderMissing,
                    "The file has no readable header row; the first row must name the columns: email,name.",
                ));
            }
        }
    };
    let columns = header_columns(&header)?;
    let mut import = CsvImport {
        delimiter,
        records: 0,
        rows: Vec::new(),
        errors: Vec::new(),
    };
    let mut first_line_of: HashMap<String, u32> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                import.errors.push(LineError {
                    line,
                    email_address: None,
                    code: ProvisioningCode::CsvRowInvalid.code().into(),
                    field: None,
                    message: "This line cannot be read as CSV.".into(),
                });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        import.records += 1;
        if import.records > limits.max_rows {
            return Err(Finding::error(
                ProvisioningCode::CsvTooManyRows,
                format!(
                    "The file has more than {} users; split it into smaller files.",
                    limits.max_rows
                ),
            ));
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        read_row(line, &record, &columns, &mut first_line_of, &mut import);
    }
    Ok(import)
}

/// Line numbers from byte offsets (the `csv` crate's own line count skips blank lines and counts
/// only LF). A line ends at LF (Unix), CRLF (Windows) or a lone CR (Excel for Mac before 2016), the
/// same three endings the `csv` crate ends a record at, so a mixed file is numbered as an editor
/// shows it; a line break inside a quoted field counts too, as it does in an editor.
struct LineIndex<'a> {
    text: &'a str,
    /// Where each line ends: every LF, and every CR not followed by LF.
    breaks: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let breaks = (0..bytes.len())
            .filter(|&i| match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            })
            .collect();
        Self { text, breaks }
    }

    /// The 1-based line of the first character at or after `byte` that is not a line break (a
    /// record's start offset may point at the blank lines before it).
    fn line_at(&self, byte: u64) -> u32 {
        let start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        let skipped = self.text.as_bytes()[start..]
            .iter()
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
        let at = start + skipped;
        let before = self.breaks.partition_point(|&n| n < at);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }
}

fn not_utf8(why: &str) -> Finding {
    Finding::error(
        ProvisioningCode::CsvNotUtf8,
        format!("The file is not UTF-8 text: {why}. In Excel, save it as \"CSV UTF-8\"."),
    )
}

fn read_row(
    line: u32,
    record: &csv::StringRecord,
    columns: &[Option<Column>],
    first_line_of: &mut HashMap<String, u32>,
    import: &mut CsvImport,
) {
    let field = |wanted: Column| -> &str {
        columns
            .iter()
            .position(|c| *c == Some(wanted))
            .and_then(|i| record.get(i))
            .unwrap_or("")
    };
    let written = Some(field(Column::Email).trim().to_owned()).filter(|e| !e.is_empty());
    let mut fail = |column: &str, finding: Finding| {
        import.errors.push(LineError {
            line,
            email_address: written.clone(),
            code: finding.code,
            field: Some(column.to_owned()),
            message: finding.message,
        });
    };
    if record.len() > columns.len() {
        fail(
            "",
            Finding::error(
                ProvisioningCode::CsvRowInvalid,
                format!(
                    "This line has {} fields but the header has {}; check for a separator inside a name (put the name in double quotes).",
                    record.len(),
                    columns.len()
                ),
            ),
        );
        return;
    }
    let mut ok = true;
    let email = match check_email(field(Column::Email)) {
        Ok(address) => {
            if let Some(first) = first_line_of.get(&address.to_lowercase()) {
                ok = false;
                fail(
                    "email",
                    Finding::error(
                        UserCode::Duplicate,
                        format!(
                            "This address is already on line {first}; each user must appear once."
                        ),
                    ),
                );
            }
            address
        }
        Err(finding) => {
            ok = false;
            fail("email", finding);
            String::new()
        }
    };
    let name = check_name(field(Column::Name)).unwrap_or_else(|finding| {
        ok = false;
        fail("name", finding);
        String::new()
    });
    let password = field(Column::Password);
    if !password.is_empty()
        && let Err(finding) = check_password(password)
    {
        ok = false;
        fail("password", finding);
    }
    let force = match parse_flag(field(Column::ForceChange)) {
        Some(flag) => flag,
        None => {
            ok = false;
            fail(
                "force_change",
                Finding::error(
                    UserCode::ForceChangeInvalid,
                    "force_change must be yes or no (also true/false, 1/0, oui/non, ja/nee); empty means yes.",
                ),
            );
            true
        }
    };
    if ok {
        // Only a good row claims its address: a later good line for an address whose earlier
        // line was refused is accepted, not called a duplicate of a line that will not be sent.
        first_line_of.insert(email.to_lowercase(), line);
        import.rows.push(CsvUser {
            line,
            email_address: email,
            name,
            has_password: !password.is_empty(),
            password: Some(password).filter(|p| !p.is_empty()).map(Password::new),
            force_password_change: force,
        });
    }
}

/// Yes or no in English, French or Dutch; empty means yes (Mimecast's "force change" default).
fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "yes" | "y" | "true" | "1" | "on" | "oui" | "o" | "vrai" | "ja" | "j" | "waar" => {
            Some(true)
        }
        "no" | "n" | "false" | "0" | "off" | "non" | "faux" | "nee" | "onwaar" => Some(false),
        _ => None,
    }
}
