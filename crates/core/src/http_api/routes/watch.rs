//! The watch routes (`/api/v1/watch`, `/api/v1/watch/{id}`, `/api/v1/watch/{id}/check`), which
//! share paths between methods, unlike the other routes.

use super::{Route, RouteError};
use crate::api_error::ApiError;
use crate::watch;

/// Path of the watch routes.
const WATCH_PATH: &str = "/api/v1/watch";

/// The watch route for `method` and `path`; `None` for other paths, `method.not_allowed` (405)
/// for a watch path with another method. The ID is checked by the route (a bad one is 404).
pub(super) fn resolve(method: &str, path: &str) -> Option<Result<Route, ApiError>> {
    let rest = path.strip_prefix(WATCH_PATH)?;
    let routes: &[Route] = match rest.strip_prefix('/') {
        None if rest.is_empty() => &[Route::WatchList, Route::WatchCreate],
        None => return None,
        Some(id) if !id.is_empty() && !id.contains('/') => {
            &[Route::WatchGet, Route::WatchUpdate, Route::WatchDelete]
        }
        Some(item) => match item.split_once('/') {
            Some((id, "check")) if !id.is_empty() => &[Route::WatchCheck],
            _ => return None,
        },
    };
    Some(
        routes
            .iter()
            .copied()
            .find(|r| r.method() == method)
            .ok_or_else(|| {
                let methods: Vec<&str> = routes.iter().map(|r| r.method()).collect();
                ApiError::new(
                    RouteError::MethodNotAllowed,
                    format!("This route answers {} only.", methods.join(", ")),
                )
            }),
    )
}

/// The watch ID a watch route's `path` names (`/api/v1/watch/{id}` or `…/{id}/check`).
///
/// # Errors
/// `watch.not_found` (404) when the path names no ID of a watch's form.
pub fn id_in_path(path: &str) -> Result<String, ApiError> {
    let item = path
        .strip_prefix(WATCH_PATH)
        .and_then(|rest| rest.strip_prefix('/'))
        .ok_or_else(watch::not_found)?;
    watch::watch_id(item.strip_suffix("/check").unwrap_or(item))
}
