//! The App Federation Metadata Url: read the tenant ID and application ID out of it.
//!
//! Microsoft's "Mimecast Admin Console" tutorial has the admin copy it from the application's
//! Single sign-on page: `https://login.microsoftonline.com/{tenant-id}/federationmetadata/2007-06/federationmetadata.xml?appid={app-id}`.
//! Without `appid` it is the tenant-wide metadata, whose certificates are not the application's.

use crate::entra::{AppId, TenantId};

use super::error::MetadataError;

/// The only host the metadata comes from.
const HOST: &str = "login.microsoftonline.com";

/// Longest URL read; the real one is about 150 characters.
const MAX_URL_LEN: usize = 2048;

/// The tenant ID and, when the URL has `appid`, the application ID, from an App Federation
/// Metadata Url. Host and path are compared without regard to case; surrounding whitespace is
/// ignored.
pub(super) fn parse_url(input: &str) -> Result<(TenantId, Option<AppId>), MetadataError> {
    let invalid = |problem| MetadataError::UrlInvalid { problem };
    let url = input.trim();
    if url.is_empty() {
        return Err(invalid("it is empty"));
    }
    if url.len() > MAX_URL_LEN {
        return Err(invalid("it is far too long"));
    }
    let rest = strip_prefix_ignore_case(url, "https://")
        .ok_or_else(|| invalid("it does not start with https://"))?;
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = location.split_once('/').unwrap_or((location, ""));
    if !host.eq_ignore_ascii_case(HOST)
        && !host.eq_ignore_ascii_case("login.microsoftonline.com:443")
    {
        return Err(invalid("its host is not login.microsoftonline.com"));
    }
    let segments: Vec<&str> = path.split('/').collect();
    let tenant = match segments.as_slice() {
        [tenant, a, b, c]
            if a.eq_ignore_ascii_case("federationmetadata")
                && *b == "2007-06"
                && c.eq_ignore_ascii_case("federationmetadata.xml") =>
        {
            tenant
        }
        _ => {
            return Err(invalid(
                "its path is not /{tenant-id}/federationmetadata/2007-06/federationmetadata.xml",
            ));
        }
    };
    let tenant: TenantId = tenant.parse()?;
    let mut app = None;
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name.eq_ignore_ascii_case("appid") {
            if app.is_some() {
                return Err(invalid("it has appid twice"));
            }
            app = Some(value.parse::<AppId>()?);
        }
    }
    Ok((tenant, app))
}

/// `text` without `prefix`, compared without regard to ASCII case.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
