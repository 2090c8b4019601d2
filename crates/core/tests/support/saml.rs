//! SAML responses in Entra's shape, signed by Debian's `xmlsec1` with keys made by `openssl`, and
//! `xmlsec1 --verify` as the independent verifier: the core's verifier is never used to make or
//! judge a test document. Included with `#[path]` by `tests/signon_*.rs`.
//!
//! The shape follows what Entra posts to Mimecast (Microsoft's "SAML token reference" and
//! "Single sign-on SAML protocol" pages): `samlp:Response` with an unprefixed `Issuer` in the
//! assertion namespace, the `Assertion` declaring its namespace as the default, and Entra's
//! `Signature` declaring the XML-Signature namespace as the default in turn.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const ISSUER: &str = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/";
pub const REPLY_URL: &str = "https://eu-api.mimecast.com/login/saml";
pub const IDENTIFIER: &str = "https://eu-api.mimecast.com/sso/CUK1A234";
pub const USER: &str = "alice@contoso.example";
/// The response was issued at 2026-12-03T12:00:00Z; tests inspect it a minute later.
pub const ISSUED: &str = "2026-12-03T12:00:00Z";
pub const NOW: &str = "2026-12-03T12:01:00Z";

const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";

/// A signing key and its self-signed certificate, as Entra makes them, in a directory of its own.
pub struct Signer {
    pub dir: PathBuf,
    pub key: PathBuf,
    pub cert: PathBuf,
    /// The certificate's base64 body, as Mimecast holds it.
    pub body: String,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory under the system's temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("saml-{}-{name}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

impl Signer {
    /// A new 2048-bit RSA key and a certificate named like Entra's, valid three years.
    pub fn new(name: &str) -> Self {
        let dir = scratch(name);
        let (key, cert) = (dir.join("key.pem"), dir.join("cert.pem"));
        run(Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1095",
                "-subj",
                "/CN=Microsoft Azure Federated SSO Certificate",
                "-keyout",
            ])
            .arg(&key)
            .arg("-out")
            .arg(&cert));
        let pem = std::fs::read_to_string(&cert).expect("cert");
        let body = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        Self {
            dir,
            key,
            cert,
            body,
        }
    }
}

/// What a test response holds.
#[derive(Clone)]
pub struct Shape {
    pub sign_response: bool,
    pub sign_assertion: bool,
    pub sha1: bool,
    pub name_id: String,
    pub audience: String,
    pub destination: String,
    pub issuer: String,
    pub not_before: String,
    pub not_on_or_after: String,
    /// A comment inside the assertion (exclusive c14n drops it from the digest).
    pub comment: bool,
    /// An `InclusiveNamespaces PrefixList="xs"` on the reference, with an `xs:`-typed value.
    pub prefix_list: bool,
    /// The status, when not Success: (code, message).
    pub failure: Option<(String, String)>,
}

impl Default for Shape {
    fn default() -> Self {
        Self {
            sign_response: false,
            sign_assertion: true,
            sha1: false,
            name_id: USER.to_owned(),
            audience: IDENTIFIER.to_owned(),
            destination: REPLY_URL.to_owned(),
            issuer: ISSUER.to_owned(),
            not_before: "2026-12-03T11:55:00Z".to_owned(),
            not_on_or_after: "2026-12-03T13:00:00Z".to_owned(),
            comment: false,
            prefix_list: false,
            failure: None,
        }
    }
}

/// An unsigned `ds:Signature` template referencing `#id`, in Entra's form.
fn signature_template(id: &str, shape: &Shape) -> String {
    let (method, digest) = if shape.sha1 {
        (
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#sha1",
        )
    } else {
        (
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmlenc#sha256",
        )
    };
    let prefixes = if shape.prefix_list {
        r#"<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/>"#
    } else {
        ""
    };
    format!(
        r##"<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><SignatureMethod Algorithm="{method}"/><Reference URI="#{id}"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">{prefixes}</Transform></Transforms><DigestMethod Algorithm="{digest}"/><DigestValue></DigestValue></Reference></SignedInfo><SignatureValue></SignatureValue><KeyInfo><X509Data><X509Certificate></X509Certificate></X509Data></KeyInfo></Signature>"##
    )
}

/// The response of `shape`, unsigned (with signature templates where it is to be signed).
pub fn template(shape: &Shape) -> String {
    let status = match &shape.failure {
        None => r#"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#.to_owned(),
        Some((code, message)) => format!(
            r#"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="{code}"/></samlp:StatusCode><samlp:StatusMessage>{message}</samlp:StatusMessage></samlp:Status>"#
        ),
    };
    let assertion = if shape.failure.is_some() {
        String::new()
    } else {
        assertion(shape, "_a7c1f0e2-0001")
    };
    let response_signature = if shape.sign_response {
        signature_template("_r9b2d4e6-0001", shape)
    } else {
        String::new()
    };
    format!(
        r#"<samlp:Response ID="_r9b2d4e6-0001" Version="2.0" IssueInstant="{ISSUED}" Destination="{destination}" InResponseTo="_req-42" xmlns:samlp="{PROTOCOL_NS}"><Issuer xmlns="{ASSERTION_NS}">{issuer}</Issuer>{response_signature}{status}{assertion}</samlp:Response>"#,
        destination = shape.destination,
        issuer = shape.issuer,
    )
}

/// An Assertion of `shape` with ID `id` (with a signature template when the assertion is signed).
pub fn assertion(shape: &Shape, id: &str) -> String {
    let signature = if shape.sign_assertion {
        signature_template(id, shape)
    } else {
        String::new()
    };
    let comment = if shape.comment {
        "<!-- a comment the digest ignores -->"
    } else {
        ""
    };
    let typed = if shape.prefix_list {
        r#"<Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">72f988bf-86f1-41af-91ab-2d7cd011db47</AttributeValue></Attribute>"#
    } else {
        ""
    };
    format!(
        r#"<Assertion ID="{id}" IssueInstant="{ISSUED}" Version="2.0" xmlns="{ASSERTION_NS}"><Issuer>{issuer}</Issuer>{signature}<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData InResponseTo="_req-42" NotOnOrAfter="{end}" Recipient="{destination}"/></SubjectConfirmation></Subject><Conditions NotBefore="{start}" NotOnOrAfter="{end}"><AudienceRestriction><Audience>{audience}</Audience></AudienceRestriction></Conditions>{comment}<AttributeStatement><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><AttributeValue>{name_id}</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/displayname"><AttributeValue>Alice &amp; Co</AttributeValue></Attribute>{typed}</AttributeStatement><AuthnStatement AuthnInstant="2026-12-03T11:59:58Z" SessionIndex="{id}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement></Assertion>"#,
        issuer = shape.issuer,
        name_id = shape.name_id,
        end = shape.not_on_or_after,
        start = shape.not_before,
        destination = shape.destination,
        audience = shape.audience,
    )
}

/// `shape` signed by `signer` with xmlsec1: the assertion first, then the response.
pub fn signed(shape: &Shape, signer: &Signer) -> String {
    let mut xml = template(shape);
    if shape.sign_assertion && shape.failure.is_none() {
        xml = xmlsec_sign(&xml, signer, "Assertion");
    }
    if shape.sign_response {
        xml = xmlsec_sign(&xml, signer, "Response");
    }
    xml
}

/// The `Signature` template inside the `Assertion` or `Response` (its direct child) signed.
fn xmlsec_sign(xml: &str, signer: &Signer, parent: &str) -> String {
    let dir = scratch("sign");
    let (input, output) = (dir.join("in.xml"), dir.join("out.xml"));
    std::fs::write(&input, xml).expect("write");
    let key = format!("{},{}", signer.key.display(), signer.cert.display());
    let xpath = format!("//*[local-name()='{parent}']/*[local-name()='Signature']");
    run(Command::new(xmlsec1())
        .args([
            "--sign",
            "--privkey-pem",
            &key,
            "--id-attr:ID",
            &format!("{ASSERTION_NS}:Assertion"),
            "--id-attr:ID",
            &format!("{PROTOCOL_NS}:Response"),
            "--node-xpath",
            &xpath,
            "--output",
        ])
        .arg(&output)
        .arg(&input));
    std::fs::read_to_string(&output).expect("signed")
}

/// What `xmlsec1 --verify` says of the signature in `parent` (`Assertion` or `Response`), with
/// only `cert`'s key (the KeyInfo removed from its copy, so it cannot pick the key it carries).
pub fn xmlsec_verify(xml: &str, cert: &Path, parent: &str) -> bool {
    let dir = scratch("verify");
    let input = dir.join("in.xml");
    std::fs::write(&input, without_key_info(xml, parent)).expect("write");
    let xpath = format!("//*[local-name()='{parent}']/*[local-name()='Signature']");
    let status = Command::new(xmlsec1())
        .args(["--verify", "--pubkey-cert-pem"])
        .arg(cert)
        .args([
            "--id-attr:ID",
            &format!("{ASSERTION_NS}:Assertion"),
            "--id-attr:ID",
            &format!("{PROTOCOL_NS}:Response"),
            "--node-xpath",
            &xpath,
        ])
        .arg(&input)
        .output()
        .expect("xmlsec1 runs (cargo xtask setup installs Debian's xmlsec1)");
    status.status.success()
}

/// `xml` without the KeyInfo of the signature in `parent`: the first in the document for the
/// Response's (it precedes the Assertion), the last for the Assertion's. KeyInfo is outside
/// SignedInfo and inside the enveloped signature, so this changes no digest and no signature;
/// another signature's KeyInfo is signed content and stays.
pub fn without_key_info(xml: &str, parent: &str) -> String {
    let start = if parent == "Response" {
        xml.find("<KeyInfo>")
    } else {
        xml.rfind("<KeyInfo>")
    };
    let mut out = xml.to_owned();
    if let Some(start) = start
        && let Some(length) = xml[start..].find("</KeyInfo>")
    {
        out.replace_range(start..start + length + "</KeyInfo>".len(), "");
    }
    out
}

/// Debian's xmlsec1.
fn xmlsec1() -> &'static str {
    "/usr/bin/xmlsec1"
}

fn run(command: &mut Command) {
    let output = command.output().expect("command runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
