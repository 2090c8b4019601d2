//! The schemas of the types that serialise as checked strings (regions, account codes, legacy
//! sign-on URLs, GUIDs, passwords), written out: their serde form is a string, not their fields.

use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::entra::{AppId, TenantId};
use crate::provisioning::Password;
use crate::region::{AccountCode, LegacySignOnUrl, Region};

/// A string schema with a description, and the values it may take when they are listed.
fn string_schema(description: &str, values: Option<Vec<&'static str>>) -> RefOr<Schema> {
    let mut builder = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description));
    if let Some(values) = values {
        builder = builder.enum_values(Some(values));
    }
    builder.into()
}

impl PartialSchema for Region {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "A Mimecast region code.",
            Some(Region::ALL.iter().map(|r| r.code()).collect()),
        )
    }
}
impl ToSchema for Region {}

impl PartialSchema for AccountCode {
    fn schema() -> RefOr<Schema> {
        string_schema("A Mimecast account code, for example CUK1A234.", None)
    }
}
impl ToSchema for AccountCode {}

impl PartialSchema for LegacySignOnUrl {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "A legacy Mimecast sign-on URL, such as https://webmail-fr.mimecast.com.",
            None,
        )
    }
}
impl ToSchema for LegacySignOnUrl {}

/// A GUID, as Entra writes tenant and application IDs.
fn guid_schema(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uuid".to_owned())))
        .description(Some(description))
        .into()
}

impl PartialSchema for Password {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .write_only(true)
            .description(Some(
                "A Mimecast cloud password, 8 to 128 characters; never echoed in an answer.",
            ))
            .into()
    }
}
impl ToSchema for Password {}

impl PartialSchema for TenantId {
    fn schema() -> RefOr<Schema> {
        guid_schema("An Entra tenant ID.")
    }
}
impl ToSchema for TenantId {}

impl PartialSchema for AppId {
    fn schema() -> RefOr<Schema> {
        guid_schema("The application ID of the Mimecast enterprise application in Entra.")
    }
}
impl ToSchema for AppId {}
