//! [`inspect_response`]: a captured SAML response read, its signatures verified, its values
//! compared with the plan.
//!
//! Against signature wrapping (the attacks of Somorovsky et al., "On Breaking SAML", 2012):
//! every `ID` is indexed once and a duplicate refuses the document; a signature counts only when
//! its one Reference resolves to the element it sits in, and that element is the root Response
//! or the one Assertion directly in it; a second Assertion anywhere, a signature anywhere else, or
//! an unsigned assertion next to a signed one are findings, and the report is then never
//! `verified`. The values reported are those of the element the verified signature covers.

use std::collections::HashMap;

use roxmltree::Node;

use crate::certificate::{self, Verifier};
use crate::finding::Severity;

use super::MAX_RESPONSE_BYTES;
use super::compare;
use super::dsig::{self, Checked, Key};
use super::error::SamlError;
use super::read::{self, SAML, SAMLP};
use super::report::{Covers, Expected, InspectOptions, SamlReport, SignatureVerdict, Signed};

/// Deepest element nesting accepted; Entra's responses nest about seven levels.
const MAX_DEPTH: usize = 32;
/// Most XML nodes parsed.
const MAX_NODES: u32 = 50_000;

/// Reads a captured SAML response (XML, or the base64 `SAMLResponse` value, URL-encoded or not),
/// verifies its signatures with RustCrypto (or none without the `verify` feature), and compares
/// it with `expected` at `options.now`.
///
/// # Errors
/// A [`SamlError`] when the input is empty, too large, not XML or base64 of XML, has a DTD, is
/// nested too deeply, is not well-formed, is not a `samlp:Response`, or has duplicate IDs.
pub fn inspect_response(
    input: &str,
    expected: &Expected,
    options: InspectOptions,
) -> Result<SamlReport, SamlError> {
    inspect_response_with(input, expected, options, certificate::default_verifier())
}

/// [`inspect_response`] with the RSA signatures checked by `verifier`.
///
/// # Errors
/// As [`inspect_response`].
pub fn inspect_response_with(
    input: &str,
    expected: &Expected,
    options: InspectOptions,
    verifier: &dyn Verifier,
) -> Result<SamlReport, SamlError> {
    // Base64 is 4/3 of the XML; anything twice the limit is refused before decoding.
    if input.len() > 2 * MAX_RESPONSE_BYTES {
        return Err(SamlError::TooLarge { len: input.len() });
    }
    let bytes = super::input::decode(input)?;
    let limits = crate::xml::Limits {
        bytes: MAX_RESPONSE_BYTES,
        depth: MAX_DEPTH,
        nodes: MAX_NODES,
    };
    let document = crate::xml::parse(&bytes, limits)?;
    let root = document.root_element();
    if !read::is(root, SAMLP, "Response") {
        return Err(SamlError::NotResponse);
    }
    let ids = index_ids(root)?;

    let assertions: Vec<Node<'_, '_>> = root
        .descendants()
        .filter(|n| read::is(*n, SAML, "Assertion"))
        .collect();
    let direct: Vec<Node<'_, '_>> = read::children(root, SAML, "Assertion").collect();
    let encrypted = root
        .descendants()
        .any(|n| read::is(n, SAML, "EncryptedAssertion"));
    let assertion = match (assertions.len(), direct.as_slice()) {
        (1, [only]) => Some(*only),
        _ => None,
    };
    let misplaced_assertions =
        assertions.len() > 1 || (assertions.len() == 1 && assertion.is_none());

    let plan_key = expected
        .certificate
        .as_deref()
        .and_then(|text| certificate::normalize(text.as_bytes()).ok())
        .and_then(|n| n.certificates.into_iter().next())
        .and_then(|c| Key::of_certificate(&c.der));
    let checked: Vec<Checked<'_, '_>> = root
        .descendants()
        .filter(|n| dsig::is(*n, "Signature"))
        .map(|signature| {
            let parent = signature.parent_element();
            let covers = if parent == Some(root) {
                Covers::Response
            } else if parent.is_some() && parent == assertion {
                Covers::Assertion
            } else {
                Covers::Other
            };
            dsig::check(signature, covers, &ids, plan_key.as_ref(), verifier)
        })
        .collect();

    let valid = |covers| {
        checked.iter().any(|c| {
            c.report.covers == covers
                && c.report.enveloped
                && c.report.verdict == SignatureVerdict::Valid
        })
    };
    let (response_ok, assertion_ok) = (valid(Covers::Response), valid(Covers::Assertion));
    let signed = match (response_ok, assertion_ok) {
        (true, true) => Signed::Both,
        (true, false) => Signed::Response,
        (false, true) => Signed::Assertion,
        (false, false) => Signed::None,
    };
    let wrapped = checked
        .iter()
        .any(|c| c.report.covers == Covers::Other || !c.report.enveloped);
    let all_valid = checked
        .iter()
        .all(|c| c.report.verdict == SignatureVerdict::Valid);
    let signature_valid = !checked.is_empty()
        && all_valid
        && !wrapped
        && !misplaced_assertions
        && !encrypted
        && (assertion_ok || response_ok);

    // The assertion whose values are reported: the one in its place, else (a wrapped document)
    // the one a valid signature covers, never an unsigned one beside it.
    let reported = assertion.or_else(|| {
        checked
            .iter()
            .filter(|c| c.report.verdict == SignatureVerdict::Valid)
            .find_map(|c| c.covered.filter(|n| read::is(*n, SAML, "Assertion")))
    });
    let facts = compare::Facts {
        assertion: reported.map(read::assertion),
        response: read::response(root),
        encrypted,
        misplaced_assertions,
        wrapped,
        checked: &checked,
        plan_key: plan_key.as_ref(),
    };
    let findings = compare::findings(&facts, expected, options, signature_valid);
    let sha1 = checked.iter().any(|c| c.sha1);
    let verified =
        signature_valid && !sha1 && !findings.iter().any(|f| f.severity == Severity::Error);
    Ok(SamlReport {
        verified,
        signature_valid,
        signed,
        response: facts.response,
        assertion: facts.assertion,
        signatures: checked.into_iter().map(|c| c.report).collect(),
        expected_thumbprint: plan_key.map(|k| k.thumbprint),
        now: options.now,
        clock_skew_seconds: options.clock_skew_seconds,
        findings,
    })
}

/// Every element with an `ID` attribute, by ID; a duplicate refuses the document.
fn index_ids<'a, 'input>(
    root: Node<'a, 'input>,
) -> Result<HashMap<&'a str, Node<'a, 'input>>, SamlError> {
    let mut ids = HashMap::new();
    for node in root.descendants().filter(Node::is_element) {
        if let Some(id) = node.attribute("ID")
            && ids.insert(id, node).is_some()
        {
            return Err(SamlError::DuplicateId);
        }
    }
    Ok(ids)
}
