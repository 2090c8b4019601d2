//! The provisioning functions JavaScript calls: read a users' CSV file, check one user, compare the
//! domains the users need with the registered ones, generate a password, and write the CSV report
//! of saved outcomes. Thin conversions over `mimecast_sso_core::provisioning`; no rule here.

use js_sys::Reflect;
use mimecast_sso_core::Finding;
use mimecast_sso_core::mimecast_api::{self, PendingDomain};
use mimecast_sso_core::provisioning::{
    self, AccountDomains, CsvImport, CsvLimits, LineResult, Password, RandomUnavailable, UserInput,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{
    INVALID_TYPE, coded_error, coded_error_text, input_bytes, invalid_field, js_error,
    optional_string, to_js,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_USERS: &'static str = r#"
/** A good row of a users' CSV file (its password, if any, is not included). */
export interface CsvUser {
  /** The line it is on; the header is line 1. */
  line: number;
  emailAddress: string;
  name: string;
  /** Whether the row has a password (otherwise one is generated for it). */
  hasPassword: boolean;
  forcePasswordChange: boolean;
}
/** A problem on one line of a CSV file. `field` is the column: email, name, password, force_change, or "" for the row. */
export interface LineError { line: number; emailAddress?: string; code: string; field?: string; message: string; }
/** What `readUsersCsv` found: good rows and every line error, before anything is sent. */
export interface CsvImport {
  /** The separator found in the header. */
  delimiter: "," | ";";
  /** Data rows read (blank rows not counted). */
  records: number;
  rows: CsvUser[];
  errors: LineError[];
  /** Each line with at least one error, once, in order. */
  invalidLines: number[];
}
/** The "add one user" form; every field optional. */
export interface UserInput {
  emailAddress?: string;
  name?: string;
  password?: string;
  passwordConfirmation?: string;
  /** Default true. */
  forcePasswordChange?: boolean;
}
/** What `validateUser` says; the password is never echoed. */
export interface UserCheck {
  valid: boolean;
  /** The checked user (address with its domain in lowercase, trimmed name), when valid. */
  user?: { emailAddress: string; name: string; domain: string; forcePasswordChange: boolean };
  findings: Finding[];
}
/** Mimecast's inbound checks of a domain: Accept Any Address, SMTP Call Forward, LDAP Users Only, Known Recipients Only. */
export type InboundType = "any" | "smtp" | "ldap" | "known";
/** A registered internal domain, as Mimecast's Get Internal Domain lists it. */
export interface InternalDomain { id: string; domain: string; sendOnly: boolean; local: boolean; inboundType: string | null; }
/** A domain waiting for its DNS TXT record (Get Pending Domain). Dates as Mimecast writes them, e.g. "2015-04-02T15:58:47+0000". */
export interface PendingDomain { id: string; domain: string; token: string; created: string | null; expiry: string | null; }
/** What Create Domain did. */
export type Registration = ({ kind: "pending" } & PendingDomain) | { kind: "registered"; id: string; domain: string };
/** The account's domains, from the two lists. */
export interface AccountDomains { registered: InternalDomain[]; pending: PendingDomain[]; }
/** The DNS TXT record that proves a pending domain is yours. */
export interface DnsRecord { kind: "TXT"; host: "@"; name: string; value: string; zoneLine: string; }
export type DomainStatus = "registered" | "pending" | "expired" | "missing";
export interface DomainUse {
  domain: string;
  users: number;
  status: DomainStatus;
  /** For a pending domain: the record to publish. */
  record?: DnsRecord;
  /** For a pending domain: when it can no longer be verified (seconds since 1970). */
  expires?: number;
}
/** The domains the users need, against the account's. */
export interface DomainCheck {
  needed: DomainUse[];
  /** Needed, unknown to the account: register these first. */
  missing: string[];
  /** Needed, waiting for their DNS record (or whose window closed). */
  pending: string[];
  findings: Finding[];
}
/** What registering a domain would do. */
export type RegisterAdvice =
  | { kind: "alreadyRegistered" }
  | { kind: "alreadyPending"; record: DnsRecord; expires?: number }
  | { kind: "subdomain"; parent: string }
  | { kind: "register" };
export type Outcome = "pending" | "created" | "exists" | "failed" | "invalid" | "not_sent";
/** One input line's outcome; never a password (what the page keeps in localStorage). */
export interface LineResult { line: number; emailAddress: string; outcome: Outcome; code?: string; message?: string; }
"#;

/// Reads a users' CSV file (`email,name[,password][,force_change]`, comma or semicolon, UTF-8 with
/// or without BOM): good rows and per-line errors with line numbers. Throws the file-level codes
/// (`provisioning.csv_empty`, `provisioning.csv_too_large`, `provisioning.csv_not_utf8`,
/// `provisioning.csv_header_missing`, …). Passwords in the file are checked, never returned.
#[wasm_bindgen(js_name = readUsersCsv, unchecked_return_type = "CsvImport")]
pub fn read_users_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = input_bytes(
        &input,
        "Give the CSV file as a string or a Uint8Array (its bytes).",
    )?;
    let import = read_csv(&bytes)?;
    import_to_js(&import)
}

/// The core's CSV reader with its default limits; a file-level finding becomes a coded error.
pub(crate) fn read_csv(bytes: &[u8]) -> Result<CsvImport, JsValue> {
    provisioning::read_csv(bytes, CsvLimits::default())
        .map_err(|finding| coded_error_text(&finding.code, &finding.message))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportJs<'a> {
    #[serde(flatten)]
    import: &'a CsvImport,
    invalid_lines: Vec<u32>,
}

fn import_to_js(import: &CsvImport) -> Result<JsValue, JsValue> {
    to_js(&ImportJs {
        import,
        invalid_lines: import.invalid_lines(),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckedUser<'a> {
    email_address: &'a str,
    name: &'a str,
    domain: &'a str,
    force_password_change: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserCheck<'a> {
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<CheckedUser<'a>>,
    findings: &'a [Finding],
}

/// Checks the "add one user" form: address, name, password and its confirmation. Gives every
/// finding at once (`user.email_invalid`, `user.password_mismatch`, …); throws only
/// `input.invalid_type` for an argument that is not such an object.
#[wasm_bindgen(js_name = validateUser, unchecked_return_type = "UserCheck")]
pub fn validate_user(
    #[wasm_bindgen(unchecked_param_type = "UserInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input = user_input(&input).map_err(|error| coded_error(INVALID_TYPE, &error))?;
    match provisioning::validate_user(&input) {
        Ok(user) => to_js(&UserCheck {
            valid: true,
            user: Some(CheckedUser {
                email_address: &user.email_address,
                name: &user.name,
                domain: user.domain(),
                force_password_change: user.force_password_change,
            }),
            findings: &[],
        }),
        Err(findings) => to_js(&UserCheck {
            valid: false,
            user: None,
            findings: &findings,
        }),
    }
}

/// Reads a `UserInput` object: strings, and `forcePasswordChange` a boolean; absent means default.
pub(crate) fn user_input(value: &JsValue) -> Result<UserInput, String> {
    if !value.is_object() {
        return Err("invalid type: the user is not an object".to_owned());
    }
    let field = |key| optional_string(value, key);
    let force = Reflect::get(value, &"forcePasswordChange".into())
        .map_err(|_| invalid_field("forcePasswordChange"))?;
    let force_password_change = if force.is_undefined() || force.is_null() {
        None
    } else {
        Some(
            force
                .as_bool()
                .ok_or("invalid type for `forcePasswordChange`, expected a boolean")?,
        )
    };
    Ok(UserInput {
        email_address: field("emailAddress")?.unwrap_or_default(),
        name: field("name")?.unwrap_or_default(),
        password: field("password")?.map(Password::new),
        password_confirmation: field("passwordConfirmation")?.map(Password::new),
        force_password_change,
    })
}

/// Checks a password against the minimum policy (8 to 128 characters, three of the four kinds, no
/// control character, no space at either end): `null` when it passes, else the finding.
#[wasm_bindgen(js_name = checkPassword, unchecked_return_type = "Finding | null")]
pub fn check_password(password: &str) -> Result<JsValue, JsValue> {
    match provisioning::check_password(password) {
        Ok(()) => Ok(JsValue::NULL),
        Err(finding) => to_js(&finding),
    }
}

/// A new random password (16 characters, passes the policy, safe in CSV and shells), from the
/// browser's `crypto.getRandomValues`. Show it once; never store it. Throws
/// `provisioning.random_unavailable` when the browser's random source fails.
#[wasm_bindgen(js_name = generatePassword)]
pub fn generate_password() -> Result<String, JsValue> {
    provisioning::generate_password(&mut random_bytes).map_err(|e| js_error(&e))
}

/// Fills `bytes` from the browser's CSPRNG (getrandom's `wasm_js` backend); its failure is the
/// core's [`RandomUnavailable`], so no password is made from bytes that are not random.
pub(crate) fn random_bytes(bytes: &mut [u8]) -> Result<(), RandomUnavailable> {
    getrandom::fill(bytes).map_err(|_| RandomUnavailable)
}

/// The registered domains in the body of the Worker's `POST /api/v1/mimecast/get-internal-domains`
/// answer (`{"data":[{"id","domain","sendOnly","local","inboundType"}]}`, Mimecast's Get Internal
/// Domain). Throws `mimecast.answer_invalid`.
#[wasm_bindgen(js_name = parseInternalDomains, unchecked_return_type = "InternalDomain[]")]
pub fn parse_internal_domains(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = answer_bytes(&body)?;
    to_js(&mimecast_api::read_internal_domains(&bytes).map_err(|e| js_error(&e))?)
}

/// The domains waiting for their DNS TXT record in the body of the Worker's
/// `POST /api/v1/mimecast/get-pending-domains` answer (Mimecast's Get Pending Domain). Throws
/// `mimecast.answer_invalid`.
#[wasm_bindgen(js_name = parsePendingDomains, unchecked_return_type = "PendingDomain[]")]
pub fn parse_pending_domains(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = answer_bytes(&body)?;
    to_js(&mimecast_api::read_pending_domains(&bytes).map_err(|e| js_error(&e))?)
}

/// What the body of a `POST /api/v1/mimecast/create-domain` answer says: `pending` with the
/// token to publish, or `registered` at once (a subdomain of a domain the account manages).
/// Throws `mimecast.answer_invalid`.
#[wasm_bindgen(js_name = parseDomainRegistration, unchecked_return_type = "Registration")]
pub fn parse_domain_registration(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = answer_bytes(&body)?;
    to_js(&mimecast_api::read_registration(&bytes).map_err(|e| js_error(&e))?)
}

fn answer_bytes(body: &JsValue) -> Result<Vec<u8>, JsValue> {
    input_bytes(body, "Give the answer's body as a string or a Uint8Array.")
}

/// The DNS TXT record to publish for a pending domain: `{ kind: "TXT", host: "@", name, value,
/// zoneLine }`.
#[wasm_bindgen(js_name = dnsRecord, unchecked_return_type = "DnsRecord")]
pub fn dns_record(
    #[wasm_bindgen(unchecked_param_type = "PendingDomain")] pending: JsValue,
) -> Result<JsValue, JsValue> {
    let pending: PendingDomain = from_js(&pending, "a PendingDomain object")?;
    to_js(&provisioning::dns_record(&pending))
}

/// What registering `domain` would do, from the account's lists at `nowMs` (default
/// `Date.now()`): `alreadyRegistered`, `alreadyPending` (with its record again), `subdomain` (Mimecast
/// registers it at once) or `register`.
#[wasm_bindgen(js_name = registerAdvice, unchecked_return_type = "RegisterAdvice")]
pub fn register_advice(
    domain: &str,
    #[wasm_bindgen(unchecked_param_type = "AccountDomains")] account: JsValue,
    now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let account: AccountDomains = from_js(&account, "an AccountDomains object")?;
    to_js(&provisioning::register_advice(
        domain,
        &account,
        super::now(now_ms),
    ))
}

/// Compares the domains of `addresses` with the account's domains at `nowMs` (default
/// `Date.now()`): each needed domain with its user count and status (`registered`, `pending` with
/// its record, `expired`, `missing`), and the findings (`user.domain_not_registered`,
/// `user.domain_pending`, `user.domain_pending_expired`, `user.domain_send_only`).
#[wasm_bindgen(js_name = checkDomains, unchecked_return_type = "DomainCheck")]
pub fn check_domains(
    #[wasm_bindgen(unchecked_param_type = "string[]")] addresses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AccountDomains")] account: JsValue,
    now_ms: Option<f64>,
) -> Result<JsValue, JsValue> {
    let addresses: Vec<String> = from_js(&addresses, "addresses: an array of strings")?;
    let account: AccountDomains = from_js(&account, "an AccountDomains object")?;
    to_js(&provisioning::check_domains(
        addresses.iter().map(String::as_str),
        &account,
        super::now(now_ms),
    ))
}

/// The CSV report of saved outcomes (one row per line: `line, email, outcome, error_code, message,
/// generated_password`, the password column empty), separated by `delimiter` (`,` default or `;`):
/// what the page offers after a reload, when only the outcomes were kept.
#[wasm_bindgen(js_name = usersReportCsv)]
pub fn users_report_csv(
    #[wasm_bindgen(unchecked_param_type = "LineResult[]")] results: JsValue,
    delimiter: Option<String>,
) -> Result<String, JsValue> {
    let results: Vec<LineResult> = from_js(&results, "results: an array of LineResult objects")?;
    let delimiter = match delimiter.as_deref() {
        None | Some(",") => ',',
        Some(";") => ';',
        Some(_) => {
            return Err(coded_error(
                INVALID_TYPE,
                "The delimiter is \",\" or \";\".",
            ));
        }
    };
    Ok(provisioning::report_csv_from_results(delimiter, &results))
}

/// A JavaScript value read as `T` through its JSON text; `input.invalid_type` naming `what` when
/// it does not fit.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let wrong = || coded_error(INVALID_TYPE, &format!("Expected {what}."));
    let text: String = js_sys::JSON::stringify(value)
        .map_err(|_| wrong())?
        .as_string()
        .ok_or_else(wrong)?;
    serde_json::from_slice(text.as_bytes()).map_err(|_| wrong())
}
