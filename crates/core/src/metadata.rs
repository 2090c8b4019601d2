//! Entra's Federation Metadata XML: every IdP value Mimecast needs, and its signing certificates.
//!
//! Microsoft's 2021 "Mimecast Admin Console" tutorial replaces copying the Issuer, Login URL,
//! Logout URL and certificate one by one with the application's "App Federation Metadata Url".
//! [`parse`] reads that document (SAML 2.0 metadata, OASIS `saml-metadata-2.0-os`): the
//! `EntityDescriptor`'s `entityID` (the Issuer, `https://sts.windows.net/{tenant-id}/`), the
//! `IDPSSODescriptor`'s `SingleSignOnService` and `SingleLogoutService` locations
//! (`https://login.microsoftonline.com/{tenant-id}/saml2`), and every signing `KeyDescriptor`'s
//! `X509Certificate`, each inspected by [`certificate::inspect`](crate::certificate::inspect).
//! [`parse_url`] reads the tenant ID and application ID out of the URL.
//!
//! The document comes from outside, so it is read defensively: at most [`MAX_INPUT_BYTES`], no
//! DTD at all (refused before parsing, so neither entity expansion nor external entities can
//! happen), at most [`MAX_DEPTH`] levels of nesting, checked by a linear scan before parsing.

mod error;
mod rollover;
mod signing;
mod url;

use roxmltree::Node;
use serde::{Deserialize, Serialize};

pub use error::MetadataError;

use crate::certificate::{self, CertificateReport};
use crate::entra::{AppId, TenantId};
use crate::finding::{Finding, Severity};
use crate::text::shorten;
use crate::time::UnixTime;

/// Documents larger than this many bytes (1 MiB) are refused with `metadata.too_large`; Entra's
/// metadata is a few dozen kilobytes.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Documents nesting elements deeper than this are refused with `metadata.too_deep`; Entra's
/// metadata nests about eight levels.
pub const MAX_DEPTH: usize = 64;

/// Most XML nodes parsed; a 1 MiB document of Entra's shape has far fewer.
const MAX_NODES: u32 = 200_000;

/// SAML 2.0 metadata namespace (saml-metadata-2.0-os §2.1).
const MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// XML Signature namespace, of `ds:X509Certificate`.
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// The `protocolSupportEnumeration` value of a SAML 2.0 role.
const SAML2_PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// HTTP-Redirect binding (saml-bindings-2.0-os §3.4).
const REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
/// HTTP-POST binding (saml-bindings-2.0-os §3.5).
const POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

crate::codes! {
    /// Every code this module can emit: errors of [`MetadataError`] and finding codes of [`parse`]
    /// and of a plan built from metadata. Wrapped certificate and GUID errors keep their own
    /// modules' codes; the Worker's metadata route has its own (`http_api::MetadataFetchError`).
    pub enum MetadataCode {
        /// Nothing was given.
        Empty = "metadata.empty",
        /// Larger than any federation metadata.
        TooLarge = "metadata.too_large" @ 413,
        /// A DOCTYPE or ENTITY declaration: refused before parsing.
        Doctype = "metadata.doctype",
        /// Nested deeper than federation metadata is.
        TooDeep = "metadata.too_deep",
        /// Not well-formed XML.
        InvalidXml = "metadata.invalid_xml",
        /// The root is not an EntityDescriptor.
        NotEntityDescriptor = "metadata.not_entity_descriptor",
        /// The entityID is not Entra's `https://sts.windows.net/{tenant}/`.
        EntityIdInvalid = "metadata.entity_id_invalid",
        /// No IDPSSODescriptor.
        NoIdpDescriptor = "metadata.no_idp_descriptor",
        /// No SingleSignOnService.
        NoSsoService = "metadata.no_sso_service",
        /// No signing certificate.
        NoSigningCertificate = "metadata.no_signing_certificate",
        /// Not an App Federation Metadata Url.
        UrlInvalid = "metadata.url_invalid",
        /// The document's tenant differs from the URL's (finding).
        TenantMismatch = "metadata.tenant_mismatch",
        /// The tenant-wide document, not the application's (finding).
        TenantWide = "metadata.tenant_wide",
        /// A certificate rollover is on (finding).
        Rollover = "metadata.rollover",
        /// No signing certificate is valid now (finding).
        NoValidCertificate = "metadata.no_valid_certificate",
        /// No SingleLogoutService (finding).
        NoLogoutService = "metadata.no_logout_service",
        /// The metadata's tenant is not the tenant typed (plan finding).
        TenantDiffers = "metadata.tenant_differs",
        /// The certificate given is not among the metadata's (plan finding).
        CertificateNotListed = "metadata.certificate_not_listed",
        /// Several valid certificates: the admin chooses the Active one (plan finding).
        CertificateChoiceNeeded = "metadata.certificate_choice_needed",
    }
}

/// Where the document came from, as the caller knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scope {
    /// The App Federation Metadata Url, with `appid`: the application's own certificates.
    Application,
    /// The tenant's metadata URL, without `appid`: its certificates are not the application's.
    TenantWide,
    /// Not known (a file the admin dropped).
    Unknown,
}

/// What [`parse`] read from the metadata, ready for Mimecast's Authentication Profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FederationMetadata {
    /// `EntityDescriptor@entityID`: Mimecast's Issuer URL.
    pub entity_id: String,
    /// The tenant ID, from the `entityID`.
    pub tenant_id: TenantId,
    /// Where the document came from, as the caller said.
    pub scope: Scope,
    /// Mimecast's Login URL: the HTTP-Redirect `SingleSignOnService`, else the HTTP-POST one.
    pub login_url: String,
    /// Mimecast's Logout URL: the `SingleLogoutService`, else the tenant's `…/saml2` URL.
    pub logout_url: String,
    /// The HTTP-Redirect `SingleSignOnService` location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_sso_url: Option<String>,
    /// The HTTP-POST `SingleSignOnService` location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_sso_url: Option<String>,
    /// Every distinct signing certificate, in document order (the WS-Fed copies removed).
    pub certificates: Vec<CertificateReport>,
    /// Index in `certificates` of the one to paste into Mimecast now: the only one valid now.
    /// `None` when none is valid, or when several are ([`choice_needed`](Self::choice_needed)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_index: Option<usize>,
    /// Index in `certificates` of the one valid now with the latest `notAfter`: during a rollover,
    /// the one to switch Mimecast to at the moment it is made Active in Entra.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_index: Option<usize>,
    /// Indices in `certificates` of those valid now, in document order.
    #[serde(default)]
    pub valid_indices: Vec<usize>,
    /// Several certificates are valid now, and which one Entra shows as Active (its SAML
    /// Certificates section) is not in the metadata: the admin must choose among
    /// [`valid_indices`](Self::valid_indices), so no certificate is filled in for them.
    #[serde(default)]
    pub choice_needed: bool,
    /// Indices in `certificates` of those whose `expiry.band` is not `valid`: expired, or
    /// expiring within 60 days.
    pub expiring_indices: Vec<usize>,
    /// Findings about the document as a whole, most severe first (each certificate has its own).
    pub findings: Vec<Finding>,
    /// What to paste into Mimecast now, and when to switch, in English.
    pub advice: String,
}

/// Reads Entra Federation Metadata XML and inspects its signing certificates at `now`.
///
/// `scope` says whether the URL it came from had an `appid`; tenant-wide metadata gives a
/// `metadata.tenant_wide` warning, since its certificates are not the application's.
///
/// # Errors
/// A [`MetadataError`] for empty, oversized, DTD-bearing, too deeply nested or malformed input,
/// a root that is not a SAML 2.0 `EntityDescriptor`, an `entityID` that is not Entra's, no SAML
/// 2.0 `IDPSSODescriptor` or sign-on service, and no signing certificate (or none readable:
/// then the certificate's own error, such as `cert.private_key`).
pub fn parse(xml: &[u8], now: UnixTime, scope: Scope) -> Result<FederationMetadata, MetadataError> {
    parse_with(xml, now, scope, certificate::default_verifier())
}

/// [`parse`] with the certificates' self-signatures checked by `verifier`.
///
/// # Errors
/// As [`parse`].
pub fn parse_with(
    xml: &[u8],
    now: UnixTime,
    scope: Scope,
    verifier: &dyn certificate::Verifier,
) -> Result<FederationMetadata, MetadataError> {
    let document = crate::xml::parse(
        xml,
        crate::xml::Limits {
            bytes: MAX_INPUT_BYTES,
            depth: MAX_DEPTH,
            nodes: MAX_NODES,
        },
    )?;
    let root = document.root_element();
    if !is(root, MD, "EntityDescriptor") {
        return Err(MetadataError::NotEntityDescriptor);
    }
    let entity_id = root
        .attribute("entityID")
        .ok_or(MetadataError::EntityIdInvalid)?;
    let tenant_id = tenant_from_entity_id(entity_id).ok_or(MetadataError::EntityIdInvalid)?;
    let idp = root
        .children()
        .find(|node| {
            is(*node, MD, "IDPSSODescriptor")
                && node
                    .attribute("protocolSupportEnumeration")
                    .is_some_and(|list| list.split_ascii_whitespace().any(|p| p == SAML2_PROTOCOL))
        })
        .ok_or(MetadataError::NoIdpDescriptor)?;
    let service = |name: &str, binding: &str| {
        idp.children()
            .find(|node| is(*node, MD, name) && node.attribute("Binding") == Some(binding))
            .and_then(|node| node.attribute("Location"))
            .map(|location| location.trim().to_owned())
    };
    let redirect_sso_url = service("SingleSignOnService", REDIRECT);
    let post_sso_url = service("SingleSignOnService", POST);
    let login_url = redirect_sso_url
        .clone()
        .or_else(|| post_sso_url.clone())
        .ok_or(MetadataError::NoSsoService)?;

    let mut findings = Vec::new();
    let logout_url = match service("SingleLogoutService", REDIRECT)
        .or_else(|| service("SingleLogoutService", POST))
    {
        Some(url) => url,
        None => {
            findings.push(
                Finding::new(
                    Severity::Info,
                    MetadataCode::NoLogoutService,
                    "The metadata has no SingleLogoutService; the Logout URL is the tenant's \
                     …/saml2 URL, as Entra shows it.",
                )
                .with_field("logoutUrl"),
            );
            tenant_id.logout_url()
        }
    };
    let urls = [
        ("loginUrl", Some(&login_url)),
        ("loginUrl", post_sso_url.as_ref()),
        ("logoutUrl", Some(&logout_url)),
    ];
    for (field, url) in urls {
        if let Some(url) = url.filter(|url| !matches_tenant(url, &tenant_id)) {
            findings.push(
                Finding::new(
                    Severity::Error,
                    MetadataCode::TenantMismatch,
                    format!(
                        "The URL {} is not https://login.microsoftonline.com/{}/saml2, the \
                         sign-on URL of the tenant named by the entityID.",
                        shorten(url),
                        tenant_id
                    ),
                )
                .with_field(field),
            );
        }
    }
    if scope == Scope::TenantWide {
        findings.push(Finding::new(
            Severity::Warning,
            MetadataCode::TenantWide,
            "This is the tenant's metadata, not the application's (its URL has no appid): its \
             certificates are not the ones Entra signs the Mimecast application's responses with. \
             Use the App Federation Metadata Url from the application's Single sign-on page.",
        ));
    }

    let certificates = signing::certificates(root, now, verifier, &mut findings)?;
    let choice = rollover::choose(&certificates);
    findings.extend(choice.findings);
    crate::Finding::sort_by_severity(&mut findings);
    findings.dedup();
    Ok(FederationMetadata {
        entity_id: entity_id.to_owned(),
        tenant_id,
        scope,
        login_url,
        logout_url,
        redirect_sso_url,
        post_sso_url,
        certificates,
        chosen_index: choice.chosen,
        newest_index: choice.newest,
        valid_indices: choice.valid,
        choice_needed: choice.needs_admin,
        expiring_indices: choice.expiring,
        findings,
        advice: choice.advice,
    })
}

/// Checks a document's size before it is read: a file the admin chose is refused by its size
/// alone, without reading it into memory.
///
/// # Errors
/// `metadata.too_large` when `len` is over [`MAX_INPUT_BYTES`].
pub fn check_size(len: usize) -> Result<(), MetadataError> {
    if len > MAX_INPUT_BYTES {
        Err(MetadataError::TooLarge { len })
    } else {
        Ok(())
    }
}

/// The tenant ID and, when the URL has `appid`, the application ID, from an App Federation
/// Metadata Url such as
/// `https://login.microsoftonline.com/{tenant-id}/federationmetadata/2007-06/federationmetadata.xml?appid={app-id}`.
///
/// # Errors
/// `metadata.url_invalid` for another scheme, host or path; the GUID's own error
/// (`tenant.invalid`, `tenant.domain_name`, `app_id.invalid`, …) for a bad tenant or `appid`.
pub fn parse_url(url: &str) -> Result<(TenantId, Option<AppId>), MetadataError> {
    url::parse_url(url)
}

/// Whether `node` is the element `name` in namespace `namespace`.
fn is(node: Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(namespace)
}

/// The tenant of an entityID `https://sts.windows.net/{tenant-id}/`.
fn tenant_from_entity_id(entity_id: &str) -> Option<TenantId> {
    let rest = entity_id.trim().strip_prefix("https://sts.windows.net/")?;
    rest.strip_suffix('/').unwrap_or(rest).parse().ok()
}

/// Whether `url` is `https://login.microsoftonline.com/{tenant}/saml2` for this tenant.
fn matches_tenant(url: &str, tenant: &TenantId) -> bool {
    url.strip_prefix("https://login.microsoftonline.com/")
        .and_then(|rest| rest.strip_suffix("/saml2"))
        .and_then(|id| id.parse::<TenantId>().ok())
        .is_some_and(|id| id == *tenant)
}
