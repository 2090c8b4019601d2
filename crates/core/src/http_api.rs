//! What only the Worker needs, above the domain modules: its routes and request limits, CORS,
//! caller authentication (a bearer token, Cloudflare Access JWTs), the security headers of every
//! answer, the caching and compression of static files, and the metadata route's fetch policy.
//! Each concern has its own error codes, with their HTTP status; every answer's error has the one
//! shape of [`crate::api_error::ApiError`].
//!
//! Nothing in the domain modules imports this module.

pub mod access;
pub mod auth;
pub mod cors;
pub mod metadata_fetch;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod routes;
pub mod security_headers;
pub mod signon;
pub mod static_files;
pub mod watch;

pub use access::AccessError;
pub use auth::AuthError;
pub use cors::CorsError;
pub use metadata_fetch::MetadataFetchError;
pub use routes::RouteError;
