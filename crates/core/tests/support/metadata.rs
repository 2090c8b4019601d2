//! Federation Metadata documents in the shape Entra publishes, shared by the metadata tests
//! (`tests/metadata*.rs`), included with `#[path]`.

// Each test file uses some of these helpers, not all.
#![allow(dead_code)]

use mimecast_sso_core::{UnixTime, certificate};

/// The tenant of the generated documents.
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// Another tenant, for mismatches.
pub const OTHER_TENANT: &str = "11111111-2222-3333-4444-555555555555";

/// 2027-01-01: both fixture certificates valid, none expiring.
pub const JAN_2027: UnixTime = UnixTime::from_secs(1_798_761_600);

/// 2027-10-01: `rsa2048.pem` expires within 60 days (2027-11-23), `entra.pem` is valid until 2029.
pub const OCT_2027: UnixTime = UnixTime::from_secs(1_822_348_800);

/// 2030-01-01: every fixture certificate expired.
pub const JAN_2030: UnixTime = UnixTime::from_secs(1_893_456_000);

/// The Mimecast body (base64 of the DER) of `entra.pem`, CN=Microsoft Azure Federated SSO Certificate.
pub fn entra_body() -> String {
    body(include_str!("../data/entra.pem"))
}

/// The Mimecast body of `rsa2048.pem`, CN=Test RSA 2048 (expires 2027-11-23).
pub fn rsa2048_body() -> String {
    body(include_str!("../data/rsa2048.pem"))
}

fn body(pem: &str) -> String {
    certificate::normalize(pem.as_bytes())
        .expect("fixture is a certificate")
        .certificates[0]
        .mimecast_body
        .clone()
}

/// A `KeyDescriptor use="signing"` holding `body`.
fn key_descriptor(body: &str) -> String {
    format!(
        r#"<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>{body}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>"#
    )
}

/// A document in Entra's shape: `ds:Signature`, a WS-Fed `RoleDescriptor` with copies of the
/// certificates, then the SAML 2.0 `IDPSSODescriptor`, for `tenant` (entityID) and `url_tenant`
/// (sign-on URLs).
pub fn document_for(tenant: &str, url_tenant: &str, bodies: &[&str]) -> String {
    let keys: String = bodies.iter().map(|b| key_descriptor(b)).collect();
    let first = bodies.first().copied().unwrap_or("");
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_4b1f3c1e-0c5e-4c1e-9d3a-1f2e3d4c5b6a" entityID="https://sts.windows.net/{tenant}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#" /><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" /></SignedInfo><SignatureValue>AAAA</SignatureValue><KeyInfo><X509Data><X509Certificate>{first}</X509Certificate></X509Data></KeyInfo></Signature>
<RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">{keys}<fed:PassiveRequestorEndpoint><EndpointReference xmlns="http://www.w3.org/2005/08/addressing"><Address>https://login.microsoftonline.com/{url_tenant}/wsfed</Address></EndpointReference></fed:PassiveRequestorEndpoint></RoleDescriptor>
<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{keys}<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/{url_tenant}/saml2" />
<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/{url_tenant}/saml2" />
<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://login.microsoftonline.com/{url_tenant}/saml2" />
</IDPSSODescriptor>
</EntityDescriptor>
"#
    )
}

/// A document in Entra's shape for [`TENANT`] holding `bodies`.
pub fn document(bodies: &[&str]) -> String {
    document_for(TENANT, TENANT, bodies)
}
