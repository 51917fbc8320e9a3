//! An asset's label as an image: the QR code of its page's address.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::assets::ui::labels::{asset_url, qr_svg};
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::platform::auth::ApiActor;

/// The QR code of an asset's page address, as SVG, for whoever may read the asset (staff
/// of its organisation, the person holding it). Scanned, it opens the asset's page.
#[utoipa::path(get, path = "/api/v1/assets/{id}/qr.svg", tag = "assets", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "The QR code", content((String = "image/svg+xml")))))]
pub async fn qr(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let asset = s.app.asset(&actor, id).await?;
    let mut response = qr_svg(&asset_url(&s, asset.id)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    Ok(response)
}
