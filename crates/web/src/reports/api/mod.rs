//! The reports' JSON API: its handlers, their OpenAPI paths and its routes, each with the access
//! it needs. `crate::api` merges every module's routes and documents.

pub mod kpis;

use helmdesk_app::reports::access::ReportPermission;
use utoipa::OpenApi;
use utoipa_axum::routes;

use crate::AppState;
use crate::routes::Routes;

/// The module's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    tags(
        (name = "reports", description = "KPIs of the service desk"),
    )
)]
pub struct Doc;

/// The module's API routes (authenticated by `crate::api`).
pub(crate) fn routes(_state: &AppState) -> Routes {
    Routes::new().describe(Doc::openapi()).api(routes!(kpis::get_kpis)).requires(ReportPermission::ReadReports)
}
