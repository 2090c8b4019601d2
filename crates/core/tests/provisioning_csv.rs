//! The users' CSV reader: header, separators, encodings, line numbers, duplicates and limits.

use mimecast_sso_core::provisioning::{CsvLimits, check_csv_size, read_csv};

fn read(text: &str) -> mimecast_sso_core::provisioning::CsvImport {
    read_csv(text.as_bytes(), CsvLimits::default()).expect("a readable file")
}

fn codes_on(import: &mimecast_sso_core::provisioning::CsvImport, line: u32) -> Vec<String> {
    import
        .errors
        .iter()
        .filter(|e| e.line == line)
        .map(|e| e.code.clone())
        .collect()
}

#[test]
fn comma_file_gives_rows_with_their_line_numbers() {
    let import = read("email,name\nann@example.com,Ann Lee\n\nbob@Example.com,Bob\n");
    assert_eq!(import.delimiter, ',');
    let lines: Vec<(u32, &str)> = import
        .rows
        .iter()
        .map(|r| (r.line, r.email_address.as_str()))
        .collect();
    assert_eq!(lines, [(2, "ann@example.com"), (4, "bob@example.com")]);
    assert!(
        import
            .rows
            .iter()
            .all(|r| r.force_password_change && !r.has_password)
    );
    assert!(import.errors.is_empty());
}

#[test]
fn excel_semicolon_file_with_bom_and_crlf_is_read() {
    let text = "\u{feff}Email;Name;Password;Force_Change\r\nann@example.com;\"Lee; Ann\";Str0ng-Pass;non\r\n";
    let import = read(text);
    assert_eq!(import.delimiter, ';');
    assert_eq!(import.rows.len(), 1);
    let row = &import.rows[0];
    assert_eq!((row.line, row.name.as_str()), (2, "Lee; Ann"));
    assert!(row.has_password && !row.force_password_change);
}

#[test]
fn each_bad_row_is_reported_on_its_own_line() {
    let text = "email,name,password,force_change\n\
                ann@example.com,Ann,,\n\
                bob smith@example.com,Bob,,\n\
                carl@,Carl,,\n\
                dan@example.com,,,\n\
                eve@example.com,Eve,short,\n\
                fay@example.com,Fay,,maybe\n\
                ANN@example.com,Ann again,,\n\
                gus@example.com,Gus,,,extra\n";
    let import = read(text);
    assert_eq!(import.rows.len(), 1);
    assert_eq!(codes_on(&import, 3), ["user.email_invalid"]);
    assert_eq!(codes_on(&import, 4), ["user.domain_missing"]);
    assert_eq!(codes_on(&import, 5), ["user.name_required"]);
    assert_eq!(codes_on(&import, 6), ["user.password_too_short"]);
    assert_eq!(codes_on(&import, 7), ["user.force_change_invalid"]);
    assert_eq!(codes_on(&import, 8), ["user.duplicate"]);
    assert_eq!(codes_on(&import, 9), ["provisioning.csv_row_invalid"]);
    assert_eq!(import.invalid_lines(), [3, 4, 5, 6, 7, 8, 9]);
    let duplicate = import.errors.iter().find(|e| e.line == 8).expect("line 8");
    assert!(
        duplicate.message.contains("line 2"),
        "{}",
        duplicate.message
    );
}

#[test]
fn a_weak_password_is_refused_without_being_repeated() {
    let import = read("email,name,password\nann@example.com,Ann,alllowercase\n");
    let error = &import.errors[0];
    assert_eq!(error.code, "user.password_weak");
    assert!(!error.message.contains("alllowercase"));
}

#[test]
fn file_level_problems_have_their_own_codes() {
    let code = |bytes: &[u8], limits: CsvLimits| {
        read_csv(bytes, limits)
            .err()
            .map(|f| f.code)
            .unwrap_or_default()
    };
    let limits = CsvLimits::default();
    assert_eq!(code(b"", limits), "provisioning.csv_empty");
    assert_eq!(
        code(b"email\nann@example.com\n", limits),
        "provisioning.csv_header_missing"
    );
    assert_eq!(
        code(b"email,name,department\n", limits),
        "provisioning.csv_column_unknown"
    );
    assert_eq!(
        code(b"email,name,mail\n", limits),
        "provisioning.csv_column_duplicate"
    );
    assert_eq!(
        code(b"email,name\nz\xe9@example.com,Zoe\n", limits),
        "provisioning.csv_not_utf8"
    );
    assert_eq!(code(b"\xff\xfee\x00", limits), "provisioning.csv_not_utf8");
    // UTF-16 without a byte order mark, big- and little-endian ("em" of "email").
    assert_eq!(code(b"\x00e\x00m", limits), "provisioning.csv_not_utf8");
    assert_eq!(code(b"e\x00m\x00", limits), "provisioning.csv_not_utf8");
    let small = CsvLimits {
        max_bytes: 10,
        max_rows: 10,
    };
    assert_eq!(
        code(b"email,name\nann@example.com,Ann\n", small),
        "provisioning.csv_too_large"
    );
    let few = CsvLimits {
        max_bytes: 1 << 20,
        max_rows: 1,
    };
    assert_eq!(
        code(b"email,name\na@example.com,A\nb@example.com,B\n", few),
        "provisioning.csv_too_many_rows"
    );
}

#[test]
fn rows_of_only_separators_are_skipped_like_blank_lines() {
    let import = read("email;name\nann@example.com;Ann\n;\n;\n");
    assert_eq!(import.records, 1);
    assert!(import.errors.is_empty());
}

#[test]
fn a_file_without_a_header_is_refused_without_echoing_its_first_row() {
    let finding = read_csv(
        b"ann@example.com,Ann,Winter-Secret-9\n",
        CsvLimits::default(),
    )
    .expect_err("no header");
    assert_eq!(finding.code, "provisioning.csv_header_missing");
    assert!(!finding.message.contains("Winter-Secret-9"));
    let unknown =
        read_csv(b"email,name,Summer#Secret1\n", CsvLimits::default()).expect_err("unknown");
    assert_eq!(unknown.code, "provisioning.csv_column_unknown");
    assert!(!unknown.message.contains("Summer#Secret1"));
    let typo = read_csv(b"email,name,pasword\n", CsvLimits::default()).expect_err("typo");
    assert!(typo.message.contains("\"pasword\""), "{}", typo.message);
}

#[test]
fn a_good_line_after_a_refused_line_for_the_same_address_is_accepted() {
    let import = read("email,name\nann@example.com,\nann@example.com,Ann\nANN@example.com,Ann\n");
    assert_eq!(codes_on(&import, 2), ["user.name_required"]);
    let lines: Vec<u32> = import.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3], "the first good line is kept");
    assert_eq!(codes_on(&import, 4), ["user.duplicate"]);
    let duplicate = import.errors.iter().find(|e| e.line == 4).expect("line 4");
    assert!(
        duplicate.message.contains("line 3"),
        "{}",
        duplicate.message
    );
}

#[test]
fn a_file_size_over_the_limit_is_refused_before_reading() {
    let limits = CsvLimits {
        max_bytes: 100,
        ..CsvLimits::default()
    };
    assert!(check_csv_size(100, limits).is_ok());
    let refused = check_csv_size(5_000_000_000, limits).expect_err("too large");
    assert_eq!(refused.code, "provisioning.csv_too_large");
    assert!(
        refused.message.contains("5000000000"),
        "{}",
        refused.message
    );
    let read = read_csv(&[b'a'; 101], limits).expect_err("the reader agrees");
    assert_eq!(read.code, refused.code);
}

/// One file's lines, to be joined with each kind of line ending. Line 2's name is quoted and
/// holds a line break (so the next row starts on line 4), line 4 is a bad row, line 5 is blank,
/// line 8 repeats line 6's address.
const LINES: [&str; 8] = [
    "email,name,force_change",
    "ann@example.com,\"Ann",
    "Lee\",yes",
    "carl@,Carl,",
    "",
    "dan@example.com,Dan,no",
    "\"eve@example.com\",\"Eve\",",
    "DAN@example.com,Dan again,",
];

/// `LINES` with each line ended by the next ending of `endings`, in turn.
fn joined(endings: &[&str]) -> String {
    LINES
        .iter()
        .zip(endings.iter().cycle())
        .map(|(line, ending)| format!("{line}{ending}"))
        .collect()
}

/// What an import says about lines: rows, errors (line, code, message) and invalid lines.
type LineView = (Vec<(u32, String)>, Vec<(u32, String, String)>, Vec<u32>);

fn line_view(import: &mimecast_sso_core::provisioning::CsvImport) -> LineView {
    (
        import
            .rows
            .iter()
            .map(|r| (r.line, r.email_address.clone()))
            .collect(),
        import
            .errors
            .iter()
            .map(|e| (e.line, e.code.clone(), e.message.clone()))
            .collect(),
        import.invalid_lines(),
    )
}

#[test]
fn lf_crlf_cr_only_and_mixed_line_endings_give_the_same_line_numbers() {
    let lf = read(&joined(&["\n"]));
    let (rows, errors, invalid) = line_view(&lf);
    assert_eq!(
        rows,
        [(6, "dan@example.com".into()), (7, "eve@example.com".into())]
    );
    let codes: Vec<(u32, &str)> = errors.iter().map(|(l, c, _)| (*l, c.as_str())).collect();
    assert_eq!(
        codes,
        [
            (2, "user.name_invalid"),
            (4, "user.domain_missing"),
            (8, "user.duplicate")
        ]
    );
    assert!(errors[2].2.contains("line 6"), "{}", errors[2].2);
    assert_eq!(invalid, [2, 4, 8]);
    for (name, endings) in [
        ("CRLF (Windows)", &["\r\n"][..]),
        ("CR only (Excel for Mac)", &["\r"][..]),
        ("mixed", &["\r\n", "\r", "\n"][..]),
        // Not CR then LF around the blank line 5: that pair is one CRLF break, in an editor too.
        ("mixed, LF first", &["\n", "\r", "\r\n"][..]),
    ] {
        let import = read(&joined(endings));
        assert_eq!(line_view(&import), line_view(&lf), "{name}");
        assert_eq!(import.records, lf.records, "{name}");
    }
}

#[test]
fn a_cr_only_file_without_a_final_line_break_numbers_its_last_row() {
    let text = joined(&["\r"]);
    let import = read(text.trim_end_matches('\r'));
    assert_eq!(import.invalid_lines(), [2, 4, 8]);
}

#[test]
fn a_quoted_line_break_in_a_cr_only_file_stays_in_its_field() {
    // The name holds a CR, which is refused as a control character: the field was read whole,
    // not cut at the break.
    let import = read("email,name\rann@example.com,\"Ann\rLee\"\rbob@example.com,Bob\r");
    assert_eq!(codes_on(&import, 2), ["user.name_invalid"]);
    assert_eq!(import.rows.len(), 1);
    assert_eq!(
        (import.rows[0].line, import.rows[0].name.as_str()),
        (4, "Bob")
    );
}

#[test]
fn the_separator_of_a_cr_only_file_is_read_from_its_header_row_alone() {
    // Commas in the names outnumber the header's semicolons over the whole file.
    let import = read("email;name\rann@example.com;Lee, Ann\rbob@example.com;Smith, Bob, Jr\r");
    assert_eq!(import.delimiter, ';');
    let rows: Vec<(u32, &str)> = import
        .rows
        .iter()
        .map(|r| (r.line, r.name.as_str()))
        .collect();
    assert_eq!(rows, [(2, "Lee, Ann"), (3, "Smith, Bob, Jr")]);
}
