//! Provisioning Mimecast users: the user record and its checks, the CSV reader, the account's
//! domains (registered, pending with their DNS record, missing) against the ones the users need,
//! who already exists (Get Internal Users, every page), generated passwords, the batch route's
//! JSON and the bulk-run engine.
//!
//! Mimecast has no automatic provisioning for SAML users: every Entra user who signs in must exist
//! in Mimecast first ("Directories > Internal Directories > New Address"), on a registered
//! internal domain, with the same address as Entra's `mail` attribute. Mimecast's
//! `/api/user/create-user` takes `emailAddress`, `name`, `password` and `forcePasswordChange`
//! (Mimecast API 1.0 endpoint reference, "Create user").
//!
//! Everything here is pure: the random bytes of a generated password come from a caller's
//! function, and the engine ([`BulkRun`]) is a state machine that is told the time and fed the
//! HTTP answers; the page and the tests drive it alike.

mod batch;
mod csv_input;
mod domains;
mod existing;
mod page_support;
mod password;
mod report;
mod run;
mod user;

pub use batch::{
    BatchRequest, BatchResponse, BatchUser, ItemOutcome, ItemResult, MAX_BATCH_USERS,
    ValidatedBatch, ValidatedItem, is_user_exists, parse_batch_request, result_for_upstream,
    stops_batch,
};
pub use csv_input::{CsvImport, CsvLimits, CsvUser, check_csv_size, read_csv};
pub use domains::{
    AccountDomains, DnsRecord, DomainCheck, DomainStatus, DomainUse, RegisterAdvice, check_domains,
    dns_record, register_advice, registration_refused,
};
pub use existing::{MAX_USER_PAGES, UserListing};
pub use page_support::report_csv_from_results;
pub use password::{
    GENERATED_PASSWORD_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, RandomUnavailable,
    check_password, generate_password,
};
pub use report::{LineResult, Outcome, SavedOutcome};
pub use run::{Batch, BulkRun, Progress, RunConfig, RunRow, RunState, Step};
pub use user::{LineError, MAX_NAME_CHARS, NewUser, Password, UserInput, validate_user};

/// Stable codes of this module: `user.*` for one user's fields, `provisioning.*` for files,
/// batches and runs.
pub const CODES: &[&str] = &[
    "user.email_required",
    "user.email_invalid",
    "user.domain_missing",
    "user.domain_invalid",
    "user.name_required",
    "user.name_too_long",
    "user.name_invalid",
    "user.password_required",
    "user.password_mismatch",
    "user.password_too_short",
    "user.password_too_long",
    "user.password_weak",
    "user.password_invalid",
    "user.force_change_invalid",
    "user.duplicate",
    "user.domain_not_registered",
    "user.domain_pending",
    "user.domain_pending_expired",
    "user.domain_send_only",
    "provisioning.csv_empty",
    "provisioning.csv_too_large",
    "provisioning.csv_too_many_rows",
    "provisioning.csv_not_utf8",
    "provisioning.csv_header_missing",
    "provisioning.csv_column_unknown",
    "provisioning.csv_column_duplicate",
    "provisioning.csv_row_invalid",
    "provisioning.batch_empty",
    "provisioning.batch_too_large",
    "provisioning.batch_invalid",
    "provisioning.domain_refused",
    "provisioning.already_in_mimecast",
    "provisioning.not_sent",
    "provisioning.response_invalid",
    "provisioning.random_unavailable",
    "provisioning.connection_lost",
    "provisioning.sign_in_required",
    "provisioning.sent_unclear",
    "provisioning.password_unknown",
];
