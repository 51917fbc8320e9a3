//! Exports of the module's lists as CSV or XLSX: the same filters and scope as each list,
//! without pages (the platform's download, `platform::exports`).

use axum::extract::State;
use axum::response::Response;
use helmdesk_app::assets::cmdb::CiQuery;
use helmdesk_app::assets::hardware::AssetQuery;
use helmdesk_app::assets::software::SoftwareQuery;

use crate::AppState;
use crate::assets::api::licences::LicenceQuery;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::platform::auth::ApiActor;
use crate::platform::exports::{ExportParams, download};

/// Every asset of the list as a file: the same filters and order as `GET /api/v1/assets`
/// (its `limit` and `cursor` are ignored).
#[utoipa::path(get, path = "/api/v1/assets/export", tag = "assets", params(ExportParams, AssetQuery),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_assets(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<AssetQuery>,
) -> Result<Response, ApiError> {
    Ok(download(&s.app, f.format(), s.app.export_assets(&actor, &q)).await?)
}

/// Every product of the catalogue as a file: the same search as `GET /api/v1/software`.
#[utoipa::path(get, path = "/api/v1/software/export", tag = "software", params(ExportParams, SoftwareQuery),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_software(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<SoftwareQuery>,
) -> Result<Response, ApiError> {
    Ok(download(&s.app, f.format(), s.app.export_software(&actor, &q)).await?)
}

/// Every licence of the list as a file: the same filter as `GET /api/v1/licences`.
#[utoipa::path(get, path = "/api/v1/licences/export", tag = "software", params(ExportParams, LicenceQuery),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_licences(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<LicenceQuery>,
) -> Result<Response, ApiError> {
    Ok(download(&s.app, f.format(), s.app.export_licences(&actor, q.product_id)).await?)
}

/// Every configuration item of the list as a file: the same filters and order as
/// `GET /api/v1/cis` (its `limit` and `cursor` are ignored).
#[utoipa::path(get, path = "/api/v1/cis/export", tag = "cmdb", params(ExportParams, CiQuery),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_cis(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<CiQuery>,
) -> Result<Response, ApiError> {
    Ok(download(&s.app, f.format(), s.app.export_cis(&actor, &q)).await?)
}
