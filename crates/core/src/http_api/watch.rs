//! The watch routes' request bodies and what the metadata fetch gives the watch's check.

use super::RouteError;
use super::metadata_fetch::MetadataFetchError;
use crate::api_error::ApiError;
use crate::metadata::FederationMetadata;
use crate::watch::{Observation, WatchCode, WatchInput};

/// The body read: `request.invalid_json` when it is not a JSON object, `watch.invalid_input`
/// when a field is of the wrong type or unknown.
///
/// # Errors
/// As above, with serde's line and column.
pub fn watch_input(body: &[u8]) -> Result<WatchInput, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            RouteError::InvalidJson,
            format!(
                "The body is not JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )
    })?;
    if !value.is_object() {
        return Err(ApiError::new(
            RouteError::InvalidJson,
            "The body must be a JSON object: {\"tenantId\", \"appId\", \"label\", \"thumbprint\", \"notifyUrl\"}.",
        ));
    }
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            WatchCode::InvalidInput,
            format!(
                "The body is not a watched application: {e}. Fields: tenantId, appId, label, \
                 thumbprint, notifyUrl (strings)."
            ),
        )
    })
}

/// What a check observed, from the metadata fetch's result: the metadata, another tenant's
/// (`metadata.upstream_tenant_mismatch`), or a failure.
pub fn observation(fetched: Result<FederationMetadata, ApiError>) -> Observation {
    match fetched {
        Ok(metadata) => Observation::Metadata(Box::new(metadata)),
        Err(error) if error.is(MetadataFetchError::UpstreamTenantMismatch) => {
            Observation::OtherTenant(error)
        }
        Err(error) => Observation::Failed(error),
    }
}
