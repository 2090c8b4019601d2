//! The routes over the core that need no credential: health, regions, plan, certificate, SAML
//! response, Entra error.

use mimecast_sso_core::api_error::ApiError;
use mimecast_sso_core::certificate;
use mimecast_sso_core::http_api::RouteError;
use mimecast_sso_core::http_api::routes::{Health, Route, region_summaries};
use mimecast_sso_core::http_api::signon::{EntraExplainRequest, SamlInspectRequest};
use mimecast_sso_core::plan::{self, PlanInput};
use serde::Deserialize;
use worker::{Env, Request};

use crate::http::{Answer, Outcome, now, read_request_body, setting};

/// `{"certificate": "…"}`, the JSON form of the certificate route's body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificateBody {
    certificate: String,
}

/// `GET /api/v1/health`.
pub fn health(env: &Env) -> Answer {
    Answer::ok(&Health::new(setting(env, "MIMECAST_BASE_URL").is_some()))
}

/// `GET /api/v1/openapi.json`: the API as OpenAPI 3.1, generated from the core's route table and
/// types by `cargo xtask openapi` (the tidy check keeps it current).
pub fn openapi() -> Answer {
    Answer::Json(200, include_str!("../openapi.json").to_owned())
}

/// `GET /api/v1/regions`: the same list as the page's `regions()`.
pub fn regions() -> Answer {
    Answer::ok(&region_summaries())
}

/// `POST /api/v1/plan`: a `PlanInput` in, the plan out (findings, never an error, for bad fields).
pub async fn plan(mut req: Request, route: Route, outcome: &mut Outcome) -> Answer {
    let body = match read_request_body(&mut req, route.body(), outcome).await {
        Ok(body) => body,
        Err(failure) => return Answer::Error(failure),
    };
    let text = String::from_utf8_lossy(&body);
    match PlanInput::from_json(&text) {
        Ok(input) => Answer::ok(&plan::build_plan(&input, now())),
        Err(error) => Answer::Error(ApiError::from_coded(&error).into()),
    }
}

/// `POST /api/v1/certificate/inspect`: PEM or base64 text, DER bytes, or `{"certificate": "…"}`.
pub async fn inspect_certificate(mut req: Request, route: Route, outcome: &mut Outcome) -> Answer {
    let body = match read_request_body(&mut req, route.body(), outcome).await {
        Ok(body) => body,
        Err(failure) => return Answer::Error(failure),
    };
    let is_json = req
        .headers()
        .get("Content-Type")
        .ok()
        .flatten()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/json"));
    let input = if is_json {
        match serde_json::from_slice::<CertificateBody>(&body) {
            Ok(json) => json.certificate.into_bytes(),
            Err(_) => {
                return Answer::Error(
                    ApiError::new(
                        RouteError::InvalidJson,
                        "Send {\"certificate\": \"<PEM or base64>\"}, or the certificate itself as text/plain or application/pkix-cert.",
                    )
                    .with_field("certificate")
                    .into(),
                );
            }
        }
    } else {
        body
    };
    match certificate::inspect(&input, now()) {
        Ok(report) => Answer::ok(&report),
        Err(error) => Answer::Error(
            ApiError::from_coded(&error)
                .with_field(certificate::FIELD)
                .into(),
        ),
    }
}

/// `POST /api/v1/saml/inspect`: a captured SAML response read, verified and compared with the
/// plan. The response is neither kept nor logged (the log line names the route only).
pub async fn inspect_saml(mut req: Request, route: Route, outcome: &mut Outcome) -> Answer {
    let body = match read_request_body(&mut req, route.body(), outcome).await {
        Ok(body) => body,
        Err(failure) => return Answer::Error(failure),
    };
    match SamlInspectRequest::from_json(&body).and_then(|request| request.run(now())) {
        Ok(report) => Answer::ok(&report),
        Err(error) => Answer::Error(error.into()),
    }
}

/// `POST /api/v1/entra/explain`: an AADSTS code or Entra's error page explained.
pub async fn explain_entra_error(mut req: Request, route: Route, outcome: &mut Outcome) -> Answer {
    let body = match read_request_body(&mut req, route.body(), outcome).await {
        Ok(body) => body,
        Err(failure) => return Answer::Error(failure),
    };
    match EntraExplainRequest::from_json(&body).and_then(|request| request.run()) {
        Ok(explanation) => Answer::ok(&explanation),
        Err(error) => Answer::Error(error.into()),
    }
}
