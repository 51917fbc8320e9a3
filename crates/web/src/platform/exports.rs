//! The download of any list's export, shared by every module's API and pages: CSV streamed
//! as it is read, XLSX written to a temporary file in constant memory, then streamed from
//! disk; never cached, named after the list and the time.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::{Stream, StreamExt, TryStreamExt, stream};
use helmdesk_app::platform::exports::{ExportFormat, ExportRow, csv_lines, xlsx_file};
use helmdesk_app::{App, AppError};
use serde::Deserialize;
use utoipa::IntoParams;

/// The file format of an export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (default) or `xlsx`.
    pub format: Option<ExportFormat>,
}

impl ExportParams {
    /// The format asked for, CSV by default.
    pub fn format(&self) -> ExportFormat {
        self.format.unwrap_or(ExportFormat::Csv)
    }
}

/// The file of `pages` in `format`, as a download.
pub async fn download<R: ExportRow>(
    app: &App,
    format: ExportFormat,
    pages: impl Stream<Item = Result<Vec<R>, AppError>> + Send + 'static,
) -> Result<Response, AppError> {
    let body = match format {
        ExportFormat::Csv => {
            let header = stream::once(async { csv_lines::<R>(&[], true) });
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
    let name = format!("{}-{}.{}", R::NAME, app.now().format("%Y%m%d-%H%M"), format.extension());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
