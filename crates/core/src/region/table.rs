//! The fixed facts of each region: code, name, SAML and API hosts, account code prefix and
//! Administration Console page (sources in the parent module's documentation).

use super::{GLOBAL_ADMIN_CONSOLE_URL, Region};

/// The fixed facts of one region.
pub(super) struct RegionInfo {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) saml_host: &'static str,
    pub(super) api_host: &'static str,
    pub(super) account_prefix: Option<&'static str>,
    pub(super) admin_console_url: &'static str,
}

const EU: RegionInfo = RegionInfo {
    code: "eu",
    name: "Europe (excluding Germany)",
    saml_host: "eu-api.mimecast.com",
    api_host: "eu-api.mimecast.com",
    account_prefix: Some("CUK"),
    admin_console_url: "https://login-eu.mimecast.com/administration/app/#/administration-dashboard",
};
const DE: RegionInfo = RegionInfo {
    code: "de",
    name: "Germany",
    saml_host: "de-api.mimecast.com",
    api_host: "de-api.mimecast.com",
    account_prefix: Some("CDE"),
    admin_console_url: GLOBAL_ADMIN_CONSOLE_URL,
};
const US: RegionInfo = RegionInfo {
    code: "us",
    name: "United States (A grid)",
    saml_host: "us-api.mimecast.com",
    api_host: "us-api.mimecast.com",
    account_prefix: Some("CUSA"),
    admin_console_url: "https://login-us.mimecast.com/administration/app/#/administration-dashboard",
};
const USB: RegionInfo = RegionInfo {
    code: "usb",
    name: "United States (B grid)",
    saml_host: "usb-api.mimecast.com",
    api_host: "usb-api.mimecast.com",
    account_prefix: Some("CUSB"),
    admin_console_url: GLOBAL_ADMIN_CONSOLE_URL,
};
const CA: RegionInfo = RegionInfo {
    code: "ca",
    name: "Canada",
    saml_host: "ca-api.mimecast.com",
    api_host: "ca-api.mimecast.com",
    account_prefix: Some("CCA"),
    admin_console_url: GLOBAL_ADMIN_CONSOLE_URL,
};
const ZA: RegionInfo = RegionInfo {
    code: "za",
    name: "South Africa",
    saml_host: "za-api.mimecast.com",
    api_host: "za-api.mimecast.com",
    account_prefix: Some("CSA"),
    admin_console_url: "https://login-za.mimecast.com/administration/app/#/administration-dashboard",
};
const AU: RegionInfo = RegionInfo {
    code: "au",
    name: "Australia",
    saml_host: "au-api.mimecast.com",
    api_host: "au-api.mimecast.com",
    account_prefix: Some("CAU"),
    admin_console_url: "https://login-au.mimecast.com/administration/app/#/administration-dashboard",
};
const JER: RegionInfo = RegionInfo {
    code: "jer",
    name: "Offshore (Jersey)",
    saml_host: "jer-api.mimecast.com",
    api_host: "je-api.mimecast.com",
    account_prefix: None,
    admin_console_url: "https://login-jer.mimecast.com/administration/app/#/administration-dashboard",
};
const USPCOM: RegionInfo = RegionInfo {
    code: "uspcom",
    name: "US Public Sector",
    saml_host: "uspcom-api.mimecast-pscom-us.com",
    api_host: "uspcom-api.mimecast-pscom-us.com",
    account_prefix: None,
    admin_console_url: GLOBAL_ADMIN_CONSOLE_URL,
};

impl Region {
    /// The fixed facts of this region.
    pub(super) fn info(self) -> &'static RegionInfo {
        match self {
            Region::Eu => &EU,
            Region::De => &DE,
            Region::Us => &US,
            Region::Usb => &USB,
            Region::Ca => &CA,
            Region::Za => &ZA,
            Region::Au => &AU,
            Region::Jer => &JER,
            Region::Uspcom => &USPCOM,
        }
    }
}
