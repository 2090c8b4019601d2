//! What the page needs beyond the run engine: the CSV report of outcomes it kept (in the
//! browser's storage, without passwords) when the file and the run are gone, after a reload.

use super::report::{LineResult, write_report};

/// The CSV report of kept `results`: one row per line, as [`super::BulkRun::report_csv`] writes
/// it (UTF-8 BOM, `delimiter`, CRLF, formula guard), with the `generated_password` column empty:
/// kept outcomes never hold a password.
pub fn report_csv_from_results(delimiter: char, results: &[LineResult]) -> String {
    write_report(delimiter, results.iter().map(|result| (result, None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisioning::Outcome;

    fn result(line: u32, email: &str, outcome: Outcome, code: Option<&str>) -> LineResult {
        LineResult {
            line,
            email_address: email.to_owned(),
            outcome,
            code: code.map(str::to_owned),
            message: code.map(|_| "Refused, by Mimecast".to_owned()),
        }
    }

    #[test]
    fn kept_outcomes_give_one_row_per_line_without_passwords() {
        let report = report_csv_from_results(
            ';',
            &[
                result(2, "ann@example.com", Outcome::Created, None),
                result(3, "=bob@example.com", Outcome::Failed, Some("err_x")),
                result(4, "cy@example.com", Outcome::Pending, None),
            ],
        );
        assert!(report.starts_with('\u{feff}'));
        let lines: Vec<&str> = report[3..].trim_end().split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "line;email;outcome;error_code;message;generated_password",
                "2;ann@example.com;created;;;",
                "3;'=bob@example.com;failed;err_x;Refused, by Mimecast;",
                "4;cy@example.com;pending;;;",
            ]
        );
    }
}
