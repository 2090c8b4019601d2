//! The App Federation Metadata Url: tenant ID and application ID read out of it, other URLs refused.

use mimecast_sso_core::Coded;
use mimecast_sso_core::metadata;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP: &str = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

#[test]
fn app_federation_metadata_url_gives_tenant_and_app() {
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}"
    );
    let (tenant, app) = metadata::parse_url(&url).unwrap();
    assert_eq!(tenant.as_str(), TENANT);
    assert_eq!(app.unwrap().as_str(), APP);
    assert_eq!(tenant.federation_metadata_url(&APP.parse().unwrap()), url);
}

#[test]
fn url_without_appid_is_tenant_wide() {
    let url = format!(
        "  https://login.microsoftonline.com/{TENANT}/FederationMetadata/2007-06/FederationMetadata.xml\n"
    );
    let (tenant, app) = metadata::parse_url(&url).unwrap();
    assert_eq!(tenant.as_str(), TENANT);
    assert!(app.is_none());
}

#[test]
fn other_host_is_refused() {
    for url in [
        format!(
            "https://login.microsoftonline.com.evil.example/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"
        ),
        format!("https://evil.example/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"),
        format!(
            "https://user@login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"
        ),
    ] {
        assert_eq!(
            metadata::parse_url(&url).unwrap_err().code(),
            "metadata.url_invalid",
            "{url}"
        );
    }
}

#[test]
fn http_scheme_is_refused() {
    let url = format!(
        "http://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml"
    );
    assert_eq!(
        metadata::parse_url(&url).unwrap_err().code(),
        "metadata.url_invalid"
    );
}

#[test]
fn other_path_is_refused() {
    for url in [
        format!("https://login.microsoftonline.com/{TENANT}/saml2"),
        format!(
            "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml/extra"
        ),
        "https://login.microsoftonline.com/".to_owned(),
    ] {
        assert_eq!(
            metadata::parse_url(&url).unwrap_err().code(),
            "metadata.url_invalid",
            "{url}"
        );
    }
}

#[test]
fn empty_url_is_refused() {
    assert_eq!(
        metadata::parse_url("   ").unwrap_err().code(),
        "metadata.url_invalid"
    );
}

#[test]
fn tenant_domain_name_in_url_gives_the_tenant_code() {
    let url = "https://login.microsoftonline.com/contoso.onmicrosoft.com/federationmetadata/2007-06/federationmetadata.xml";
    assert_eq!(
        metadata::parse_url(url).unwrap_err().code(),
        "tenant.domain_name"
    );
}

#[test]
fn bad_appid_gives_the_app_id_code() {
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=nope"
    );
    assert_eq!(
        metadata::parse_url(&url).unwrap_err().code(),
        "app_id.invalid"
    );
}

#[test]
fn repeated_appid_is_refused() {
    let url = format!(
        "https://login.microsoftonline.com/{TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid={APP}&appid={APP}"
    );
    assert_eq!(
        metadata::parse_url(&url).unwrap_err().code(),
        "metadata.url_invalid"
    );
}
