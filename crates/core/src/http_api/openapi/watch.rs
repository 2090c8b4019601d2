//! The watch routes' part of the OpenAPI document: their bodies, answers and error codes.

use serde_json::Value;

use super::{Components, Shape, json_body};
use crate::Coded;
use crate::entra::EntraCode;
use crate::http_api::routes::Route;
use crate::http_api::{AccessError, AuthError};
use crate::watch::{CheckAnswer, Deleted, WatchCode, WatchInput, WatchList, WatchView};

/// The request and answer of watch route `route`.
pub(super) fn shape(route: Route, c: &mut Components) -> Shape {
    match route {
        Route::WatchList => Shape {
            summary: "The watched applications, with their last check, state and next expiry.",
            request: None,
            answer: c.reference::<WatchList>(),
        },
        Route::WatchCreate => Shape {
            summary: "Watches an application: its certificate in Mimecast is checked against Entra's metadata every day.",
            request: Some(json_body(c.reference::<WatchInput>())),
            answer: c.reference::<WatchView>(),
        },
        Route::WatchGet => Shape {
            summary: "One watched application.",
            request: None,
            answer: c.reference::<WatchView>(),
        },
        Route::WatchUpdate => Shape {
            summary: "Changes a watched application (a new thumbprint once the new certificate is in Mimecast); without notifyUrl, the stored one is kept.",
            request: Some(json_body(c.reference::<WatchInput>())),
            answer: c.reference::<WatchView>(),
        },
        Route::WatchDelete => Shape {
            summary: "Stops watching an application.",
            request: None,
            answer: c.reference::<Deleted>(),
        },
        Route::WatchCheck => Shape {
            summary: "Checks a watched application now, notifying as the daily check does.",
            request: None,
            answer: c.reference::<CheckAnswer>(),
        },
        _ => Shape {
            summary: "Not a watch route.",
            request: None,
            answer: Value::Null,
        },
    }
}

/// The error codes watch route `route` answers, with their statuses.
pub(super) fn errors(route: Route) -> Vec<(&'static str, u16)> {
    fn all<C: Coded>(codes: &[C]) -> impl Iterator<Item = (&'static str, u16)> + '_ {
        codes.iter().map(|c| (c.code(), c.status()))
    }
    let item = !matches!(route, Route::WatchList | Route::WatchCreate);
    let input = matches!(route, Route::WatchCreate | Route::WatchUpdate);
    let mut watch = vec![WatchCode::NotConfigured];
    if item {
        watch.push(WatchCode::NotFound);
    }
    if route == Route::WatchCreate {
        watch.push(WatchCode::TooMany);
    }
    if input {
        watch.extend([
            WatchCode::InvalidInput,
            WatchCode::LabelInvalid,
            WatchCode::ThumbprintInvalid,
            WatchCode::NotifyUrlInvalid,
        ]);
    }
    let mut list: Vec<(&'static str, u16)> = all(AuthError::ALL).collect();
    list.extend(all(AccessError::ALL));
    list.extend(all(&watch));
    if input {
        list.extend(all(EntraCode::ALL));
    }
    list
}
