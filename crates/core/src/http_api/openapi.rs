//! The Worker's API as an OpenAPI 3.1 document, generated from the route table ([`Route::all`])
//! and the types of every body and answer (their `ToSchema`, derived where each type is declared),
//! with each route's error codes and HTTP statuses taken from the code enums. Native only (feature
//! `openapi`): `cargo xtask openapi` writes it to `worker/openapi.json`, which the Worker serves
//! at `GET /api/v1/openapi.json`.

mod schemas;
mod watch;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use utoipa::ToSchema;

use super::routes::{Health, RegionSummary, Route};
use super::signon::{EntraExplainRequest, SamlInspectRequest};
use super::{AccessError, AuthError, CorsError, MetadataFetchError, RouteError};
use crate::Coded;
use crate::api_error::ApiError;
use crate::certificate::{CertCode, CertificateReport};
use crate::entra::EntraCode;
use crate::metadata::FederationMetadata;
use crate::mimecast_api::domains::CreatedDomain;
use crate::mimecast_api::request::{
    CreateDomainBody, CreateUserBody, EmailBody, RegionBody, UpdateUserBody, UsersPageBody,
};
use crate::mimecast_api::users::{CreatedUser, UsersData};
use crate::mimecast_api::{
    InternalDomain, MimecastCode, Operation, Pagination, PendingDomain, UpstreamError,
};
use crate::password::PasswordError;
use crate::plan::{Plan, PlanCode, PlanInput};
use crate::provisioning::{BatchRequest, BatchResponse, ProvisioningCode};
use crate::region::RegionCode;
use crate::signon::{EntraErrorExplanation, ExplainCode, SamlCode, SamlReport};

/// The components collected while describing the routes.
#[derive(Default)]
struct Components {
    schemas: BTreeMap<String, Value>,
}

impl Components {
    /// A `$ref` to `T`'s schema, adding it and every schema it refers to.
    fn reference<T: ToSchema>(&mut self) -> Value {
        let mut nested = Vec::new();
        T::schemas(&mut nested);
        nested.push((T::name().into_owned(), T::schema()));
        for (name, schema) in nested {
            self.schemas
                .entry(name)
                .or_insert_with(|| serde_json::to_value(schema).unwrap_or(Value::Null));
        }
        json!({ "$ref": format!("#/components/schemas/{}", T::name()) })
    }
}

/// What a route answers on success, and the body it takes.
struct Shape {
    summary: &'static str,
    request: Option<Value>,
    answer: Value,
}

/// `{"data": [item], "meta"?: {"pagination"}}`, the proxy's answer.
fn proxy_answer(components: &mut Components, item: Value) -> Value {
    let pagination = components.reference::<Pagination>();
    json!({
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": { "type": "array", "items": item },
            "meta": {
                "type": "object",
                "description": "Present when Mimecast paged the answer: call again with pageToken = meta.pagination.next.",
                "properties": { "pagination": pagination }
            }
        }
    })
}

fn json_body(schema: Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

fn shape(route: Route, c: &mut Components) -> Shape {
    let free = json!({ "type": "object", "description": "Mimecast's own fields, passed on." });
    match route {
        Route::Health => Shape {
            summary: "The Worker answers; its version.",
            request: None,
            answer: c.reference::<Health>(),
        },
        Route::Regions => Shape {
            summary: "The Mimecast regions and their hosts.",
            request: None,
            answer: json!({ "type": "array", "items": c.reference::<RegionSummary>() }),
        },
        Route::Plan => Shape {
            summary: "The SSO plan: every value to copy between Entra and Mimecast, with findings.",
            request: Some(json_body(c.reference::<PlanInput>())),
            answer: c.reference::<Plan>(),
        },
        Route::CertificateInspect => {
            let text = json!({ "type": "string", "description": "PEM, or the base64 body alone." });
            let bytes = json!({ "type": "string", "contentMediaType": "application/octet-stream", "description": "DER, or a .p7b file." });
            Shape {
                summary: "Inspects Entra's SAML signing certificate; a private key is refused.",
                request: Some(json!({
                    "required": true,
                    "content": {
                        "application/json": { "schema": {
                            "type": "object", "required": ["certificate"],
                            "properties": { "certificate": text }
                        } },
                        "text/plain": { "schema": text },
                        "application/x-pem-file": { "schema": text },
                        "application/pkix-cert": { "schema": bytes },
                        "application/octet-stream": { "schema": bytes }
                    }
                })),
                answer: c.reference::<CertificateReport>(),
            }
        }
        Route::SamlInspect => Shape {
            summary: "Reads a captured SAML response, verifies its signature and compares it with the plan; nothing is kept or logged.",
            request: Some(json_body(c.reference::<SamlInspectRequest>())),
            answer: c.reference::<SamlReport>(),
        },
        Route::EntraExplain => Shape {
            summary: "Explains an AADSTS code or Entra's error page for this setup, with the plan's values.",
            request: Some(json_body(c.reference::<EntraExplainRequest>())),
            answer: c.reference::<EntraErrorExplanation>(),
        },
        Route::EntraMetadata => Shape {
            summary: "Entra's federation metadata for a tenant and application, fetched from login.microsoftonline.com and read.",
            request: None,
            answer: c.reference::<FederationMetadata>(),
        },
        Route::UsersBatch => Shape {
            summary: "Creates up to 100 users, one result per user in order.",
            request: Some(json_body(c.reference::<BatchRequest>())),
            answer: c.reference::<BatchResponse>(),
        },
        Route::OpenApi => Shape {
            summary: "This document.",
            request: None,
            answer: json!({ "type": "object" }),
        },
        Route::WatchList
        | Route::WatchCreate
        | Route::WatchGet
        | Route::WatchUpdate
        | Route::WatchDelete
        | Route::WatchCheck => watch::shape(route, c),
        Route::Mimecast(operation) => {
            let (summary, request, item) = match operation {
                Operation::GetAccount => {
                    ("Mimecast's Get Account.", c.reference::<RegionBody>(), free)
                }
                Operation::GetInternalDomains => (
                    "The account's registered domains (Get Internal Domain).",
                    c.reference::<RegionBody>(),
                    c.reference::<InternalDomain>(),
                ),
                Operation::GetPendingDomains => (
                    "Domains waiting for their DNS TXT record (Get Pending Domain).",
                    c.reference::<RegionBody>(),
                    c.reference::<PendingDomain>(),
                ),
                Operation::CreateDomain => (
                    "Registers a domain (Create Domain): its token is the TXT record to publish.",
                    c.reference::<CreateDomainBody>(),
                    c.reference::<CreatedDomain>(),
                ),
                Operation::GetInternalUsers => (
                    "One page of a domain's users (Get Internal Users).",
                    c.reference::<UsersPageBody>(),
                    c.reference::<UsersData>(),
                ),
                Operation::CreateUser => (
                    "Creates one user (Create User).",
                    c.reference::<CreateUserBody>(),
                    c.reference::<CreatedUser>(),
                ),
                Operation::UpdateUser => (
                    "Changes one user (Update User).",
                    c.reference::<UpdateUserBody>(),
                    free,
                ),
                Operation::DiscoverAuthentication => (
                    "How an address signs in (Discover Authentication).",
                    c.reference::<EmailBody>(),
                    free,
                ),
            };
            Shape {
                summary,
                request: Some(json_body(request)),
                answer: proxy_answer(c, item),
            }
        }
    }
}

/// Every error code a route can answer, with its status.
fn errors(route: Route) -> Vec<(&'static str, u16)> {
    fn all<C: Coded>(codes: &[C]) -> impl Iterator<Item = (&'static str, u16)> + '_ {
        codes.iter().map(|c| (c.code(), c.status()))
    }
    let mut list: Vec<(&'static str, u16)> = all(&[RouteError::Internal]).collect();
    if route.body() != super::routes::BodyKind::None {
        list.extend(all(&[
            RouteError::TooLarge,
            RouteError::UnsupportedMediaType,
            RouteError::InvalidJson,
        ]));
    }
    match route {
        Route::Plan => list.extend(all(PlanCode::ALL)),
        Route::CertificateInspect => list.extend(all(&[
            CertCode::Empty,
            CertCode::TooLarge,
            CertCode::PrivateKey,
            CertCode::Pkcs12,
            CertCode::TooMany,
            CertCode::Csr,
            CertCode::PublicKey,
            CertCode::Unrecognized,
            CertCode::InvalidPem,
            CertCode::InvalidBase64,
            CertCode::InvalidDer,
            CertCode::Pkcs7Empty,
        ])),
        Route::SamlInspect => list.extend(all(&[
            SamlCode::Empty,
            SamlCode::TooLarge,
            SamlCode::NotBase64,
            SamlCode::Doctype,
            SamlCode::TooDeep,
            SamlCode::InvalidXml,
            SamlCode::NotResponse,
            SamlCode::DuplicateId,
        ])),
        Route::EntraExplain => list.extend(all(&[
            ExplainCode::Empty,
            ExplainCode::NoCode,
            ExplainCode::TooLarge,
        ])),
        Route::EntraMetadata => {
            list.extend(all(EntraCode::ALL));
            list.extend(all(MetadataFetchError::ALL));
        }
        Route::Mimecast(_) | Route::UsersBatch => {
            list.extend(all(AuthError::ALL));
            list.extend(all(AccessError::ALL));
            list.extend(
                all(MimecastCode::ALL)
                    .filter(|(code, _)| *code != MimecastCode::AnswerInvalid.code()),
            );
            list.extend(all(UpstreamError::ALL));
            list.extend(all(&[RegionCode::Unknown, RegionCode::Empty]));
            if matches!(
                route,
                Route::Mimecast(Operation::CreateUser | Operation::UpdateUser)
            ) {
                list.extend(all(PasswordError::ALL));
            }
            if route == Route::UsersBatch {
                list.extend(all(&[
                    ProvisioningCode::BatchInvalid,
                    ProvisioningCode::BatchEmpty,
                    ProvisioningCode::BatchTooLarge,
                ]));
            }
        }
        route if route.is_watch() => list.extend(watch::errors(route)),
        _ => {}
    }
    list
}

fn responses(route: Route, answer: Value, error: &Value) -> Value {
    let mut by_status: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
    for (code, status) in errors(route) {
        by_status.entry(status).or_default().push(code);
    }
    let mut responses = serde_json::Map::new();
    responses.insert(
        "200".to_owned(),
        json!({ "description": "Success.", "content": { "application/json": { "schema": answer } } }),
    );
    for (status, codes) in by_status {
        let mut description = format!("Error codes: {}.", codes.join(", "));
        if route.needs_auth() && status == UpstreamError::Rejected.status() {
            description.push_str(" Mimecast's own err_… codes pass through with this status, every fail[] entry in details.");
        }
        responses.insert(
            status.to_string(),
            json!({
                "description": description,
                "content": { "application/json": { "schema": error } }
            }),
        );
    }
    Value::Object(responses)
}

fn operation_id(route: Route) -> String {
    let path = route.path().trim_start_matches("/api/v1/");
    path.split(['/', ':', '-', '.'])
        .enumerate()
        .map(|(i, word)| {
            let mut chars = word.chars();
            match (i, chars.next()) {
                (0, Some(first)) => first.to_string() + chars.as_str(),
                (_, Some(first)) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                (_, None) => String::new(),
            }
        })
        .collect()
}

fn metadata_parameters() -> Value {
    json!([
        { "name": "tenant", "in": "query", "required": true, "description": "The Entra tenant ID.", "schema": { "type": "string", "format": "uuid" } },
        { "name": "appid", "in": "query", "required": false, "description": "The application ID; without it, the tenant-wide metadata.", "schema": { "type": "string", "format": "uuid" } }
    ])
}

/// The document, as JSON.
pub fn document() -> Value {
    let mut components = Components::default();
    let error = {
        let inner = components.reference::<ApiError>();
        components.schemas.insert(
            "ErrorAnswer".to_owned(),
            json!({ "type": "object", "required": ["error"], "properties": { "error": inner } }),
        );
        json!({ "$ref": "#/components/schemas/ErrorAnswer" })
    };
    let mut paths = serde_json::Map::new();
    for route in Route::all() {
        let shape = shape(route, &mut components);
        let mut operation = json!({
            "operationId": operation_id(route),
            "summary": shape.summary,
            "responses": responses(route, shape.answer, &error),
        });
        if let Some(body) = shape.request {
            operation["requestBody"] = body;
        }
        if route == Route::EntraMetadata {
            operation["parameters"] = metadata_parameters();
        }
        if route.path().contains("{id}") {
            operation["parameters"] = json!([{ "name": "id", "in": "path", "required": true, "description": "The watch's ID, as POST /api/v1/watch answered it.", "schema": { "type": "string", "pattern": "^[0-9a-f]{16}$" } }]);
        }
        if route.needs_auth() {
            operation["security"] = json!([{ "bearer": [] }, { "cloudflareAccess": [] }]);
        }
        let item = paths
            .entry(route.path().to_owned())
            .or_insert_with(|| json!({}));
        item[route.method().to_ascii_lowercase()] = operation;
    }
    let cors = CorsError::OriginNotAllowed;
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Mimecast SSO helper API",
            "version": crate::VERSION,
            "description": format!(
                "Values for Microsoft Entra ID and Mimecast SAML single sign-on, certificate checks, Entra's federation metadata, and a Mimecast API proxy whose secrets stay in the Worker. Every error is {{\"error\":{{code,message,field?,retryable,details?}}}}; a cross-origin request from an origin not in ALLOWED_ORIGINS is refused with {} ({}).",
                cors.code(),
                cors.status()
            )
        },
        "paths": paths,
        "components": {
            "schemas": components.schemas,
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "The Worker's PROXY_TOKEN secret." },
                "cloudflareAccess": { "type": "apiKey", "in": "header", "name": "Cf-Access-Jwt-Assertion", "description": "A Cloudflare Access token for the application (ACCESS_TEAM_DOMAIN, ACCESS_AUD)." }
            }
        }
    })
}

/// The document as the pretty JSON text `worker/openapi.json` holds.
pub fn document_text() -> String {
    let mut text = serde_json::to_string_pretty(&document()).unwrap_or_default();
    text.push('\n');
    text
}
