//! How close the certificate is to the end of its validity: one band, decided here from the whole
//! days left, with its severity and finding code. The findings, the report's `expiry`, the page's
//! days-left badge and every API consumer read this one answer.

use serde::{Deserialize, Serialize};

use super::CertCode;
use crate::finding::Severity;

/// Where a certificate stands against its `notAfter`, from the whole days left (the report's
/// `daysRemaining`: rounded down, negative once expired).
///
/// The bands follow Entra's notification mails: "Microsoft Entra ID will send an email
/// notification 60, 30, and 7 days before the SAML certificate expires" (Microsoft Learn,
/// "Application Management certificates frequently asked questions"; also "Manage certificates for
/// federated single sign-on"). A certificate is in the band of the tightest mail already due:
/// fewer than 60 whole days left is `within_60_days`, fewer than 30 `within_30_days`, fewer than 7
/// `within_7_days`; at its `notAfter` instant it is still valid (0 days left), one second later it
/// is `expired`.
///
/// A certificate whose `notBefore` is still ahead is a separate finding, `cert.not_yet_valid`:
/// that is about the start of validity, not the end, and a certificate can be both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExpiryBand {
    /// 60 whole days or more left: nothing to do yet.
    #[serde(rename = "valid")]
    Valid,
    /// Fewer than 60 whole days left: Entra's first notification mail.
    #[serde(rename = "within_60_days")]
    Within60Days,
    /// Fewer than 30 whole days left: Entra's second notification mail.
    #[serde(rename = "within_30_days")]
    Within30Days,
    /// Fewer than 7 whole days left: Entra's last notification mail.
    #[serde(rename = "within_7_days")]
    Within7Days,
    /// Past `notAfter`: Entra signs nothing with it and Mimecast refuses the responses.
    #[serde(rename = "expired")]
    Expired,
}

impl ExpiryBand {
    /// The band of a certificate with `days_remaining` whole days left (negative once expired).
    pub fn of(days_remaining: i64) -> Self {
        if days_remaining < 0 {
            return Self::Expired;
        }
        [Self::Within7Days, Self::Within30Days, Self::Within60Days]
            .into_iter()
            .find(|band| band.within_days().is_some_and(|days| days_remaining < days))
            .unwrap_or(Self::Valid)
    }

    /// For the three notification bands, Entra's mail they start at: 60, 30 or 7 days before
    /// expiry. `None` for [`Valid`](Self::Valid) and [`Expired`](Self::Expired).
    pub fn within_days(self) -> Option<i64> {
        match self {
            Self::Within60Days => Some(60),
            Self::Within30Days => Some(30),
            Self::Within7Days => Some(7),
            Self::Valid | Self::Expired => None,
        }
    }

    /// How much the band matters: `None` when nothing needs doing, an error once expired (sign-on
    /// fails), a warning in the notification bands (sign-on works; renew before the date).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Self::Valid => None,
            Self::Within60Days | Self::Within30Days | Self::Within7Days => Some(Severity::Warning),
            Self::Expired => Some(Severity::Error),
        }
    }

    /// The code of the band's finding; `None` for [`Valid`](Self::Valid), which has none.
    pub fn code(self) -> Option<CertCode> {
        match self {
            Self::Valid => None,
            Self::Within60Days => Some(CertCode::ExpiresWithin60Days),
            Self::Within30Days => Some(CertCode::ExpiresWithin30Days),
            Self::Within7Days => Some(CertCode::ExpiresWithin7Days),
            Self::Expired => Some(CertCode::Expired),
        }
    }
}

/// The report's `expiry`: the band and its severity, so a reader needs no threshold of its own
/// (JSON `{"band": "within_30_days", "severity": "warning"}`; `severity` is `null` when the band
/// is `valid`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expiry {
    /// Where the certificate stands against its `notAfter`.
    pub band: ExpiryBand,
    /// The band's severity: `null` when nothing needs doing.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub severity: Option<Severity>,
}

impl Expiry {
    /// The expiry of a certificate with `days_remaining` whole days left.
    pub fn of(days_remaining: i64) -> Self {
        let band = ExpiryBand::of(days_remaining);
        Self {
            band,
            severity: band.severity(),
        }
    }
}
