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
    dns_record, register_advice, registration_failed, registration_refused,
};
pub use existing::{MAX_USER_PAGES, UserListing};
pub use page_support::report_csv_from_results;
pub use password::{GENERATED_PASSWORD_CHARS, RandomUnavailable, generate_password};
pub use report::{LineResult, Outcome, SavedOutcome};
pub use run::{Batch, BulkRun, Progress, RunConfig, RunRow, RunState, Step};
pub use user::{LineError, MAX_NAME_CHARS, NewUser, Password, UserInput, validate_user};

/// The password policy every user's password meets ([`crate::password`]); its refusals are
/// `user.password_*` codes.
pub use crate::password::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, check_password};

crate::codes! {
    /// Codes about one user's fields and domain.
    pub enum UserCode {
        /// No email address.
        EmailRequired = "user.email_required",
        /// Not one email address.
        EmailInvalid = "user.email_invalid",
        /// No domain after the @.
        DomainMissing = "user.domain_missing",
        /// The domain is not a DNS name.
        DomainInvalid = "user.domain_invalid",
        /// No name.
        NameRequired = "user.name_required",
        /// A name longer than Mimecast takes.
        NameTooLong = "user.name_too_long",
        /// A name with control characters.
        NameInvalid = "user.name_invalid",
        /// The confirmation differs. (The password's own codes are
        /// [`PasswordError`](crate::password::PasswordError)'s.)
        PasswordMismatch = "user.password_mismatch",
        /// Not a yes/no value.
        ForceChangeInvalid = "user.force_change_invalid",
        /// The address is on an earlier line too.
        Duplicate = "user.duplicate",
        /// The domain is not an internal domain of the account.
        DomainNotRegistered = "user.domain_not_registered",
        /// The domain waits for its DNS TXT record.
        DomainPending = "user.domain_pending",
        /// The domain's verification window closed.
        DomainPendingExpired = "user.domain_pending_expired",
        /// A send-only domain: its users cannot sign in (warning).
        DomainSendOnly = "user.domain_send_only",
    }
}

crate::codes! {
    /// Codes about files, batches and runs.
    pub enum ProvisioningCode {
        /// An empty file.
        CsvEmpty = "provisioning.csv_empty",
        /// A file over the byte limit.
        CsvTooLarge = "provisioning.csv_too_large",
        /// More rows than the limit.
        CsvTooManyRows = "provisioning.csv_too_many_rows",
        /// Not UTF-8 text.
        CsvNotUtf8 = "provisioning.csv_not_utf8",
        /// No header with email and name.
        CsvHeaderMissing = "provisioning.csv_header_missing",
        /// A column we do not read.
        CsvColumnUnknown = "provisioning.csv_column_unknown",
        /// A column named twice.
        CsvColumnDuplicate = "provisioning.csv_column_duplicate",
        /// A row with more fields than the header.
        CsvRowInvalid = "provisioning.csv_row_invalid",
        /// A batch without users.
        BatchEmpty = "provisioning.batch_empty",
        /// More users than a batch takes.
        BatchTooLarge = "provisioning.batch_too_large",
        /// The batch body does not fit the route.
        BatchInvalid = "provisioning.batch_invalid",
        /// Mimecast did not register the domain.
        DomainRefused = "provisioning.domain_refused",
        /// Listed in Mimecast before the run: not sent.
        AlreadyInMimecast = "provisioning.already_in_mimecast",
        /// Not sent: the run was cancelled.
        NotSent = "provisioning.not_sent",
        /// The Worker's answer could not be read.
        ResponseInvalid = "provisioning.response_invalid",
        /// The browser's random source failed.
        RandomUnavailable = "provisioning.random_unavailable",
        /// Calls in a row got no answer: the run pauses.
        ConnectionLost = "provisioning.connection_lost",
        /// The sign-in to the Worker expired: the run pauses.
        SignInRequired = "provisioning.sign_in_required",
        /// Sent without an answer before the tab closed.
        SentUnclear = "provisioning.sent_unclear",
        /// Exists after an interrupted session sent it: its password is unknown.
        PasswordUnknown = "provisioning.password_unknown",
    }
}
