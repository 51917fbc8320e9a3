//! Exports of a ticket list as CSV or XLSX (the platform's download, `platform::exports`).

use axum::extract::State;
use axum::response::Response;
use helmdesk_app::service_desk::exports::ExportFormat;
use helmdesk_app::service_desk::search::TicketListParams;
use helmdesk_app::{Actor, App, AppError};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::platform::auth::ApiActor;
pub use crate::platform::exports::ExportParams;
use crate::platform::exports::download;

/// Every ticket of the list as a file: the same filters and order as
/// `GET /api/v1/tickets`, without pages.
#[utoipa::path(get, path = "/api/v1/tickets/export", tag = "tickets", params(ExportParams, TicketListParams),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_tickets(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(format): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<TicketListParams>,
) -> Result<Response, ApiError> {
    Ok(export_response(&s.app, &actor, &q, format.format.unwrap_or(ExportFormat::Csv)).await?)
}

/// The download of an export (shared by the API and the queue page).
pub async fn export_response(
    app: &App,
    actor: &Actor,
    params: &TicketListParams,
    format: ExportFormat,
) -> Result<Response, AppError> {
    let query = params.to_query()?;
    download(app, format, app.export_pages(actor, &query)).await
}
