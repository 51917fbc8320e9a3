//! CSV imports: `POST /api/v1/imports/{kind}` with the file as the body, or with
//! `dry_run=true` what it would do (nothing written).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use helmdesk_app::assets::imports::{ImportKind, ImportReport};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// The largest body of an import: the largest file and some room.
pub const BODY_MAX: usize = helmdesk_app::platform::csv_files::FILE_MAX + 64 * 1024;

/// Whether to write.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true`: check every row and say what would happen, writing nothing.
    pub dry_run: Option<bool>,
}

/// Imports a CSV file (UTF-8, or Windows-1252; `,` or `;`; at most 10 MiB and 50,000
/// rows) of assets, installations, licences or people (people: administrators). Each row
/// is written whole or not at all; a second run of the same file creates nothing. The
/// answer lists each row's outcome with its errors by column (docs/import.md).
#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "imports",
    params(("kind" = ImportKind, Path, description = "What the file holds"), ImportParams),
    request_body(content = String, content_type = "text/csv", description = "The file, its first line naming the columns"),
    responses(
        (status = 200, description = "What was done (or would be, on a dry run), row by row", body = ImportReport),
        (status = 413, description = "The file is larger than 10 MiB"),
        (status = 422, description = "The file cannot be read: no known column, a required one missing, too many rows")))]
pub async fn import(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(kind): ApiPath<ImportKind>,
    ApiQuery(p): ApiQuery<ImportParams>,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let dry_run = p.dry_run.unwrap_or(false);
    let source = format!("CSV import through the API by {}", actor.name);
    Ok(Json(s.app.import_csv(&actor, kind, &body, dry_run, &source).await?))
}
