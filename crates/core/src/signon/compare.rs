//! A response compared with the plan, in an admin's words: each finding says what differs, in
//! which console to change it, and what Entra's error for it is when it has one.

use crate::finding::{Finding, Severity};
use crate::time::UnixTime;

use super::dsig::{Checked, Key};
use super::error::SamlCode;
use super::report::{
    AssertionFacts, Covers, Expected, InspectOptions, ResponseFacts, SignatureVerdict,
};

/// SAML's Success status (saml-core-2.0-os § 3.2.2.2).
const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// What the inspection read, for the comparison.
pub(super) struct Facts<'c, 'a, 'input> {
    pub response: ResponseFacts,
    pub assertion: Option<AssertionFacts>,
    pub encrypted: bool,
    pub misplaced_assertions: bool,
    pub wrapped: bool,
    pub checked: &'c [Checked<'a, 'input>],
    pub plan_key: Option<&'c Key>,
}

/// Every finding, most severe first.
pub(super) fn findings(
    facts: &Facts<'_, '_, '_>,
    expected: &Expected,
    options: InspectOptions,
    signature_valid: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    status(&facts.response, &mut out);
    structure(facts, &mut out);
    signatures(facts, signature_valid, &mut out);
    if let Some(assertion) = &facts.assertion {
        values(&facts.response, assertion, expected, &mut out);
        clock(assertion, options, &mut out);
    } else if !facts.encrypted && is_success(&facts.response) {
        out.push(Finding::error(
            SamlCode::NoAssertion,
            "The response holds no assertion, so Mimecast has nobody to sign in.",
        ));
    }
    Finding::sort_by_severity(&mut out);
    out
}

fn is_success(response: &ResponseFacts) -> bool {
    response.status_code.as_deref().is_none_or(|c| c == SUCCESS)
}

fn status(response: &ResponseFacts, out: &mut Vec<Finding>) {
    if is_success(response) {
        return;
    }
    let code = response.status_code.as_deref().unwrap_or_default();
    let short = code.rsplit(':').next().unwrap_or(code);
    let message = response
        .status_message
        .as_deref()
        .map_or_else(String::new, |m| format!(" Entra's message: \"{m}\""));
    out.push(Finding::error(
        SamlCode::StatusNotSuccess,
        format!(
            "Entra answered with status {short}, not Success: sign-on failed in Entra before reaching Mimecast.{message} Paste the AADSTS code into the error explainer for the fix."
        ),
    ));
}

fn structure(facts: &Facts<'_, '_, '_>, out: &mut Vec<Finding>) {
    if facts.encrypted {
        out.push(Finding::error(
            SamlCode::EncryptedAssertion,
            "The assertion is encrypted: Entra's Token encryption is on for this application. Mimecast does not decrypt assertions; in Entra, Enterprise apps > Mimecast > Token encryption, deactivate the certificate.",
        ));
    }
    if facts.misplaced_assertions {
        out.push(Finding::error(
            SamlCode::MultipleAssertions,
            "The response holds more than one Assertion, or one outside its place: Entra sends exactly one, directly in the Response. This is how signature-wrapping attacks look; nothing is reported as verified.",
        ));
    }
    if facts.wrapped {
        out.push(Finding::error(
            SamlCode::SignatureWrapped,
            "A signature does not cover the element it sits in, or sits where SAML puts none (signature wrapping): it is not trusted.",
        ));
    }
}

fn signatures(facts: &Facts<'_, '_, '_>, signature_valid: bool, out: &mut Vec<Finding>) {
    let checked = facts.checked;
    if checked.is_empty() {
        out.push(Finding::error(
            SamlCode::Unsigned,
            "The response carries no signature. Mimecast refuses unsigned responses: in Entra's SAML Certificates section, set Signing Option to \"Sign SAML assertion\" (the default).",
        ));
        return;
    }
    if checked.iter().any(|c| c.unsupported) {
        out.push(Finding::new(
            Severity::Warning,
            SamlCode::UnsupportedAlgorithm,
            "A signature uses an algorithm or transform this check does not verify (it verifies exclusive canonicalization, RSA-SHA256 and RSA-SHA1, SHA-256 and SHA-1 digests).",
        ));
    }
    if checked
        .iter()
        .any(|c| c.report.digest_matches == Some(false))
    {
        out.push(Finding::error(
            SamlCode::DigestMismatch,
            "The signed element was changed after Entra signed it: copy the response again, whole and unedited.",
        ));
    }
    let plan = facts.plan_key;
    for check in checked {
        let report = &check.report;
        match (plan, &report.certificate_thumbprint) {
            (Some(plan), Some(carried)) if *carried != plan.thumbprint => out.push(Finding::error(
                SamlCode::SignerNotInPlan,
                format!(
                    "Entra signed with certificate {carried}, but the plan (and Mimecast's Authentication Profile) holds {}. Entra's Active certificate is not the one in Mimecast: paste the Active certificate's body into the profile, or make the plan's certificate Active in Entra.",
                    plan.thumbprint
                ),
            )),
            _ => {}
        }
        // Signed by another certificate, intact: said above, not again as a broken signature.
        let other_signer = report.verdict_with_carried == Some(SignatureVerdict::Valid);
        if report.digest_matches == Some(true)
            && report.verdict == SignatureVerdict::Invalid
            && !other_signer
        {
            out.push(Finding::error(
                SamlCode::SignatureInvalid,
                format!(
                    "The {} signature does not verify with certificate {}.",
                    covers_name(report.covers),
                    report.verified_with.as_deref().unwrap_or("?")
                ),
            ));
        }
    }
    if checked.iter().any(|c| c.sha1) {
        out.push(Finding::new(
            Severity::Warning,
            SamlCode::Sha1,
            "Entra signs with SHA-1. Microsoft and Mimecast recommend SHA-256: in Entra's SAML Certificates section, set Signing Algorithm to SHA-256.",
        ));
    }
    if plan.is_none() {
        out.push(Finding::new(
            Severity::Warning,
            SamlCode::NoPlanCertificate,
            "The plan has no certificate, so the signature was checked with the certificate the response carries: intact, but whether Mimecast holds that certificate is not known. Add the certificate to the plan.",
        ));
    }
    if signature_valid && plan.is_some() {
        out.push(Finding::new(
            Severity::Info,
            SamlCode::Verified,
            "The signature verifies with the certificate in the plan, and covers the assertion read.",
        ));
    }
}

fn values(
    response: &ResponseFacts,
    assertion: &AssertionFacts,
    expected: &Expected,
    out: &mut Vec<Finding>,
) {
    if let Some(identifier) = &expected.identifier
        && !assertion.audiences.iter().any(|a| a == identifier)
    {
        out.push(Finding::error(
            SamlCode::AudienceMismatch,
            format!(
                "The Audience is {}, not the plan's Identifier {identifier}. In Entra, Basic SAML Configuration, set Identifier (Entity ID) to {identifier} (Entra answers AADSTS700016 when Mimecast asks for an Identifier it does not have).",
                shown(assertion.audiences.first())
            ),
        ));
    }
    if let Some(reply) = &expected.reply_url {
        if response.destination.as_ref().is_some_and(|d| d != reply) {
            out.push(Finding::error(
                SamlCode::DestinationMismatch,
                format!(
                    "The Destination is {}, not the plan's Reply URL {reply}. In Entra, Basic SAML Configuration, set Reply URL to {reply} (Entra answers AADSTS50011 when the Reply URL does not match).",
                    shown(response.destination.as_ref())
                ),
            ));
        }
        if assertion.recipient.as_ref().is_some_and(|r| r != reply) {
            out.push(Finding::error(
                SamlCode::RecipientMismatch,
                format!(
                    "The Recipient is {}, not the plan's Reply URL {reply}. In Entra, Basic SAML Configuration, set Reply URL to {reply}.",
                    shown(assertion.recipient.as_ref())
                ),
            ));
        }
    }
    if let Some(issuer) = &expected.issuer {
        let got = assertion.issuer.as_ref().or(response.issuer.as_ref());
        if got.is_some_and(|g| g != issuer) {
            out.push(Finding::error(
                SamlCode::IssuerMismatch,
                format!(
                    "The Issuer is {}, not the plan's {issuer}: the response comes from another tenant, or the tenant ID in the plan and in Mimecast's Issuer URL is wrong.",
                    shown(got)
                ),
            ));
        }
    }
    let name_id = assertion.name_id.as_deref().unwrap_or_default();
    if !crate::address::is_email(name_id) {
        out.push(Finding::error(
            SamlCode::NameIdNotEmail,
            format!(
                "The NameID is \"{name_id}\", not an email address: Mimecast finds users by address. In Entra, Attributes & Claims, set Unique User Identifier (Name ID) to user.mail (or user.userprincipalname when it is the mail address)."
            ),
        ));
    } else if !expected.users.is_empty()
        && !expected
            .users
            .iter()
            .any(|u| u.trim().eq_ignore_ascii_case(name_id))
    {
        out.push(Finding::new(
            Severity::Warning,
            SamlCode::NameIdUnknownUser,
            format!(
                "{name_id} is not among the users known to exist in Mimecast: Mimecast refuses a sign-on for an address it does not know. Create the user, or map Entra's claim to the address Mimecast has."
            ),
        ));
    }
}

fn clock(assertion: &AssertionFacts, options: InspectOptions, out: &mut Vec<Finding>) {
    let now = options.now.secs();
    let skew = i64::from(options.clock_skew_seconds);
    let time = |value: &Option<String>| value.as_deref().and_then(UnixTime::parse_iso8601);
    let not_before = time(&assertion.not_before);
    let ends = [
        time(&assertion.not_on_or_after),
        time(&assertion.subject_not_on_or_after),
    ];
    if let Some(start) = not_before.filter(|s| now + skew < s.secs()) {
        out.push(Finding::error(
            SamlCode::NotYetValid,
            format!(
                "The assertion is valid only from {} ({} before it, beyond the {skew} s allowed): this machine's clock, or Mimecast's view of it, is behind Entra's.",
                start.to_rfc3339(),
                duration(start.secs() - now)
            ),
        ));
    }
    if let Some(end) = ends
        .into_iter()
        .flatten()
        .min()
        .filter(|e| now - skew >= e.secs())
    {
        out.push(Finding::error(
            SamlCode::Expired,
            format!(
                "The assertion expired at {} ({} ago, beyond the {skew} s allowed): capture a fresh response and test at once, or check this machine's clock.",
                end.to_rfc3339(),
                duration(now - end.secs())
            ),
        ));
    }
}

/// A duration in seconds, as an admin reads it.
fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

fn covers_name(covers: Covers) -> &'static str {
    match covers {
        Covers::Response => "Response",
        Covers::Assertion => "Assertion",
        Covers::Other => "misplaced",
    }
}

fn shown(value: Option<&String>) -> &str {
    value.map_or("(none)", String::as_str)
}
