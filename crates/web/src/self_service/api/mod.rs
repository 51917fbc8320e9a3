//! Self-service's JSON API: its handlers, their OpenAPI paths and its routes, each with the
//! access it needs. `crate::api` merges every module's routes and documents.

use utoipa::OpenApi;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(tags(
    (name = "articles", description = "The knowledge base"),
    (name = "catalog", description = "The service catalog and its requests"),
))]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new().describe(Doc::openapi())
}
