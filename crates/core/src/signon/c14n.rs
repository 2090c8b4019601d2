//! Exclusive XML Canonicalization 1.0 (<https://www.w3.org/TR/xml-exc-c14n/>), with and without
//! comments, of one element's subtree read by roxmltree, optionally leaving one descendant out
//! (XML-Signature's enveloped-signature transform, <https://www.w3.org/TR/xmldsig-core1/#sec-EnvelopedSignature>).
//!
//! What Entra's signatures need and no more: the node-set is always a whole subtree (minus the
//! signature), so there is no XPath. The rules, each from the recommendation:
//! - names are written as in the source, prefix included (§ 3, C14N 1.0 § 2.3);
//! - a namespace declaration is written on an element that *visibly utilises* its prefix (the
//!   element's own prefix or one of its attributes'), or whose prefix is in the
//!   `InclusiveNamespaces PrefixList`, unless the nearest output ancestor already wrote the same
//!   prefix with the same URI (§ 3 "Namespace nodes"); `xmlns=""` only to undo a default
//!   namespace an output ancestor wrote;
//! - declarations sorted by prefix (the default first), then attributes by namespace URI and
//!   local name (C14N 1.0 § 2.2 "Document Order");
//! - `xml:` attributes are not inherited (§ 3, unlike C14N 1.0);
//! - empty elements as start and end tags; CDATA as text; character references expanded;
//!   text escapes `&`, `<`, `>`, CR; attribute values `&`, `<`, `"`, TAB, LF, CR (C14N 1.0 § 5.2).

use roxmltree::{Node, NodeType};

/// The XML namespace, bound to `xml:` by definition and never declared.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// How to canonicalize.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Options<'a> {
    /// Keep comments (`…xml-exc-c14n#WithComments`).
    pub with_comments: bool,
    /// Prefixes of the `InclusiveNamespaces PrefixList` (`#default` for the default namespace),
    /// space-separated as in the attribute.
    pub inclusive_prefixes: &'a str,
}

/// The canonical form of `apex`'s subtree, without `excluded`'s subtree (the enveloped
/// signature) when it is given.
pub(super) fn canonicalize(
    apex: Node<'_, '_>,
    excluded: Option<Node<'_, '_>>,
    options: Options<'_>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(apex.range().len());
    let inclusive: Vec<&str> = options.inclusive_prefixes.split_whitespace().collect();
    // The namespaces written by output ancestors, innermost last: (prefix, uri), "" = default.
    let mut rendered: Vec<(String, String)> = Vec::new();
    // Iterative walk: (node, entering?, how many `rendered` entries it pushed).
    let mut stack: Vec<(Node<'_, '_>, bool, usize)> = vec![(apex, true, 0)];
    while let Some((node, entering, pushed)) = stack.pop() {
        if Some(node) == excluded {
            continue;
        }
        match node.node_type() {
            NodeType::Element if entering => {
                let pushed = start_tag(node, &inclusive, &mut rendered, &mut out);
                stack.push((node, false, pushed));
                for child in node.children().rev() {
                    stack.push((child, true, 0));
                }
            }
            NodeType::Element => {
                out.extend_from_slice(b"</");
                out.extend_from_slice(qname(node).as_bytes());
                out.push(b'>');
                rendered.truncate(rendered.len() - pushed);
            }
            NodeType::Text => escape_text(node.text().unwrap_or_default(), &mut out),
            NodeType::Comment if options.with_comments => {
                out.extend_from_slice(b"<!--");
                out.extend_from_slice(node.text().unwrap_or_default().as_bytes());
                out.extend_from_slice(b"-->");
            }
            NodeType::PI => {
                if let Some(pi) = node.pi() {
                    out.extend_from_slice(b"<?");
                    out.extend_from_slice(pi.target.as_bytes());
                    if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
                        out.push(b' ');
                        out.extend_from_slice(value.as_bytes());
                    }
                    out.extend_from_slice(b"?>");
                }
            }
            NodeType::Comment | NodeType::Root => {}
        }
    }
    out
}

/// Writes `element`'s start tag; returns how many namespaces it pushed onto `rendered`.
fn start_tag(
    element: Node<'_, '_>,
    inclusive: &[&str],
    rendered: &mut Vec<(String, String)>,
    out: &mut Vec<u8>,
) -> usize {
    let name = qname(element);
    // The prefixes this element visibly utilises, and those the PrefixList names.
    let mut prefixes: Vec<&str> = vec![prefix_of(name)];
    for attribute in element.attributes() {
        let prefix = prefix_of(source(element, attribute.range_qname()));
        if !prefix.is_empty() && prefix != "xml" {
            prefixes.push(prefix);
        }
    }
    for listed in inclusive {
        prefixes.push(if *listed == "#default" { "" } else { listed });
    }
    prefixes.sort_unstable();
    prefixes.dedup();

    let mut declarations: Vec<(&str, &str)> = Vec::new();
    for prefix in prefixes {
        let uri = match in_scope(element, prefix) {
            Some(uri) => uri,
            None if prefix.is_empty() => "",
            // Not in scope (only possible from the PrefixList): nothing to declare.
            None => continue,
        };
        let written = rendered
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str());
        let needed = match written {
            Some(previous) => previous != uri,
            // A default namespace that is empty and was never written needs no `xmlns=""`.
            None => !uri.is_empty(),
        };
        if needed {
            declarations.push((prefix, uri));
        }
    }

    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    for (prefix, uri) in &declarations {
        if prefix.is_empty() {
            out.extend_from_slice(b" xmlns=\"");
        } else {
            out.extend_from_slice(b" xmlns:");
            out.extend_from_slice(prefix.as_bytes());
            out.extend_from_slice(b"=\"");
        }
        escape_attribute(uri, out);
        out.push(b'"');
        rendered.push(((*prefix).to_owned(), (*uri).to_owned()));
    }
    let mut attributes: Vec<_> = element.attributes().collect();
    attributes.sort_by(|a, b| {
        (a.namespace().unwrap_or_default(), a.name())
            .cmp(&(b.namespace().unwrap_or_default(), b.name()))
    });
    for attribute in attributes {
        out.push(b' ');
        out.extend_from_slice(source(element, attribute.range_qname()).as_bytes());
        out.extend_from_slice(b"=\"");
        escape_attribute(attribute.value(), out);
        out.push(b'"');
    }
    out.push(b'>');
    declarations.len()
}

/// The element's qualified name as written in the source (roxmltree keeps only the URI).
fn qname<'input>(element: Node<'_, 'input>) -> &'input str {
    let text = element.document().input_text();
    let start = element.range().start + 1;
    let rest = text.get(start..).unwrap_or_default();
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The source text in `range` of `node`'s document.
fn source<'input>(node: Node<'_, 'input>, range: std::ops::Range<usize>) -> &'input str {
    node.document().input_text().get(range).unwrap_or_default()
}

/// The prefix of a qualified name; `""` when it has none.
fn prefix_of(qname: &str) -> &str {
    qname.split_once(':').map_or("", |(prefix, _)| prefix)
}

/// The URI `prefix` is bound to on `element` (`""` = the default namespace), if any.
fn in_scope<'a>(element: Node<'a, '_>, prefix: &str) -> Option<&'a str> {
    if prefix == "xml" {
        return Some(XML_NS);
    }
    element
        .namespaces()
        .find(|ns| ns.name().unwrap_or_default() == prefix)
        .map(|ns| ns.uri())
}

/// Text node escaping (C14N 1.0 § 5.2).
fn escape_text(text: &str, out: &mut Vec<u8>) {
    for byte in text.bytes() {
        match byte {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(byte),
        }
    }
}

/// Attribute value escaping (C14N 1.0 § 5.2).
fn escape_attribute(value: &str, out: &mut Vec<u8>) {
    for byte in value.bytes() {
        match byte {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\t' => out.extend_from_slice(b"&#x9;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(byte),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Options, canonicalize};

    /// The canonical form of the first element named `name`, without comments.
    fn c14n(xml: &str, name: &str, options: Options<'_>) -> String {
        let document = roxmltree::Document::parse(xml).expect("test XML");
        let apex = document
            .descendants()
            .find(|n| n.tag_name().name() == name)
            .expect("element");
        String::from_utf8(canonicalize(apex, None, options)).expect("UTF-8")
    }

    #[test]
    fn only_visibly_utilised_namespaces_are_written_and_empty_elements_get_end_tags() {
        let xml = r#"<a:Root xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d"><a:Child  z="1" a:y="2" x="&amp;"/></a:Root>"#;
        assert_eq!(
            c14n(xml, "Child", Options::default()),
            r#"<a:Child xmlns:a="urn:a" x="&amp;" z="1" a:y="2"></a:Child>"#
        );
    }

    #[test]
    fn a_prefix_written_by_an_output_ancestor_is_not_written_again() {
        let xml = r#"<r xmlns:p="urn:p"><p:a><p:b/></p:a></r>"#;
        assert_eq!(
            c14n(xml, "a", Options::default()),
            r#"<p:a xmlns:p="urn:p"><p:b></p:b></p:a>"#
        );
    }

    #[test]
    fn the_prefix_list_adds_namespaces_not_utilised() {
        let xml = r#"<r xmlns:xs="urn:xs" xmlns:p="urn:p"><p:a/></r>"#;
        let options = Options {
            inclusive_prefixes: "xs #default",
            ..Options::default()
        };
        assert_eq!(
            c14n(xml, "a", options),
            r#"<p:a xmlns:p="urn:p" xmlns:xs="urn:xs"></p:a>"#
        );
    }

    #[test]
    fn default_namespaces_are_undone_with_an_empty_declaration_only_when_written() {
        let xml = r#"<r xmlns="urn:d"><a><b xmlns=""><c/></b></a></r>"#;
        assert_eq!(
            c14n(xml, "a", Options::default()),
            r#"<a xmlns="urn:d"><b xmlns=""><c></c></b></a>"#
        );
        let xml = r#"<r><b xmlns=""/></r>"#;
        assert_eq!(c14n(xml, "b", Options::default()), "<b></b>");
    }

    #[test]
    fn text_and_attributes_are_escaped_and_comments_kept_only_when_asked() {
        let xml = "<a t=\"&quot;&#9;&#10;&lt;&gt;\">x &lt; y &gt; z &amp;<![CDATA[<c>]]><!-- c --><?pi  data?></a>";
        assert_eq!(
            c14n(xml, "a", Options::default()),
            "<a t=\"&quot;&#x9;&#xA;&lt;>\">x &lt; y &gt; z &amp;&lt;c&gt;<?pi data?></a>"
        );
        let options = Options {
            with_comments: true,
            ..Options::default()
        };
        assert!(c14n(xml, "a", options).contains("<!-- c -->"));
    }
}
