//! Exports of a ticket list as CSV (streamed as it is read) or XLSX (written to a
//! temporary file in constant memory, then streamed from disk).

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::{StreamExt, TryStreamExt, stream};
use helmdesk_app::service_desk::exports::{ExportFormat, csv_lines, xlsx_file};
use helmdesk_app::service_desk::search::TicketListParams;
use helmdesk_app::{Actor, App, AppError};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::platform::auth::ApiActor;

/// The file format of an export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (default) or `xlsx`.
    pub format: Option<ExportFormat>,
}

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
    let pages = app.export_pages(actor, &query);
    let body = match format {
        ExportFormat::Csv => {
            let header = stream::once(async { csv_lines(&[], true) });
            let rows = pages.and_then(|page| async move { csv_lines(&page, false) });
            Body::from_stream(header.chain(rows).map_ok(Bytes::from).inspect_err(|e| {
                tracing::error!(error = %e, "the export stopped");
            }))
        }
        ExportFormat::Xlsx => {
            let file = tokio::fs::File::from_std(xlsx_file(pages).await?);
            Body::from_stream(tokio_util::io::ReaderStream::new(file))
        }
    };
    let name = format!("tickets-{}.{}", app.now().format("%Y%m%d-%H%M"), format.extension());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
