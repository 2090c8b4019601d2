//! The values of a Response and of an Assertion (saml-core-2.0-os §§ 2, 3.2), as strings: what
//! an admin compares with Entra's and Mimecast's settings.

use roxmltree::Node;

use super::report::{AssertionFacts, Attribute, ResponseFacts};

/// SAML 2.0 protocol namespace.
pub(super) const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML 2.0 assertion namespace.
pub(super) const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// Longest value kept, in bytes: a value longer than any real one is cut, so a hostile response
/// cannot make the report large.
const MAX_VALUE: usize = 2048;
/// Most attributes, and values per attribute, kept.
const MAX_ITEMS: usize = 100;

/// The Response's values.
pub(super) fn response(node: Node<'_, '_>) -> ResponseFacts {
    let status = child(node, SAMLP, "Status");
    let code = status.and_then(|s| child(s, SAMLP, "StatusCode"));
    ResponseFacts {
        id: attribute(node, "ID"),
        issuer: child(node, SAML, "Issuer").and_then(text),
        destination: attribute(node, "Destination"),
        in_response_to: attribute(node, "InResponseTo"),
        issue_instant: attribute(node, "IssueInstant"),
        status_code: code.and_then(|c| attribute(c, "Value")),
        status_subcode: code
            .and_then(|c| child(c, SAMLP, "StatusCode"))
            .and_then(|c| attribute(c, "Value")),
        status_message: status
            .and_then(|s| child(s, SAMLP, "StatusMessage"))
            .and_then(text),
    }
}

/// The Assertion's values.
pub(super) fn assertion(node: Node<'_, '_>) -> AssertionFacts {
    let subject = child(node, SAML, "Subject");
    let name_id = subject.and_then(|s| child(s, SAML, "NameID"));
    let confirmation = subject
        .and_then(|s| child(s, SAML, "SubjectConfirmation"))
        .and_then(|c| child(c, SAML, "SubjectConfirmationData"));
    let conditions = child(node, SAML, "Conditions");
    let authn = child(node, SAML, "AuthnStatement");
    AssertionFacts {
        id: attribute(node, "ID"),
        issuer: child(node, SAML, "Issuer").and_then(text),
        name_id: name_id.and_then(text),
        name_id_format: name_id.and_then(|n| attribute(n, "Format")),
        audiences: conditions
            .into_iter()
            .flat_map(|c| children(c, SAML, "AudienceRestriction"))
            .flat_map(|r| children(r, SAML, "Audience"))
            .filter_map(text)
            .take(MAX_ITEMS)
            .collect(),
        recipient: confirmation.and_then(|c| attribute(c, "Recipient")),
        subject_not_on_or_after: confirmation.and_then(|c| attribute(c, "NotOnOrAfter")),
        not_before: conditions.and_then(|c| attribute(c, "NotBefore")),
        not_on_or_after: conditions.and_then(|c| attribute(c, "NotOnOrAfter")),
        authn_context_class_ref: authn
            .and_then(|a| child(a, SAML, "AuthnContext"))
            .and_then(|c| child(c, SAML, "AuthnContextClassRef"))
            .and_then(text),
        authn_instant: authn.and_then(|a| attribute(a, "AuthnInstant")),
        attributes: children(node, SAML, "AttributeStatement")
            .flat_map(|s| children(s, SAML, "Attribute"))
            .take(MAX_ITEMS)
            .map(|a| Attribute {
                name: attribute(a, "Name").unwrap_or_default(),
                values: children(a, SAML, "AttributeValue")
                    .take(MAX_ITEMS)
                    .map(|v| text(v).unwrap_or_default())
                    .collect(),
            })
            .collect(),
    }
}

/// Whether `node` is the element `name` of namespace `ns`.
pub(super) fn is(node: Node<'_, '_>, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(ns) && node.tag_name().name() == name
}

/// The child elements of `node` named `name` in `ns`.
pub(super) fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    ns: &'a str,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children().filter(move |c| is(*c, ns, name))
}

/// The first child element of `node` named `name` in `ns`.
fn child<'a, 'input>(node: Node<'a, 'input>, ns: &str, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| is(*c, ns, name))
}

/// An attribute's value, trimmed and cut to [`MAX_VALUE`].
fn attribute(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attribute(name).map(cut)
}

/// An element's text (all its text descendants), trimmed and cut to [`MAX_VALUE`]; `None` when
/// empty.
fn text(node: Node<'_, '_>) -> Option<String> {
    let joined: String = node
        .descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    let trimmed = joined.trim();
    (!trimmed.is_empty()).then(|| cut(trimmed))
}

/// `value` trimmed, at most [`MAX_VALUE`] bytes (cut on a character boundary).
fn cut(value: &str) -> String {
    let value = value.trim();
    let mut end = value.len().min(MAX_VALUE);
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    value[..end].to_owned()
}
