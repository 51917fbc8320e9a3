//! Assets: the list, one asset with its ETag, changes, the lifecycle (check out, check in,
//! other moves), the holder's acceptance and the history.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use helmdesk_app::Page;
use helmdesk_app::assets::hardware::{Asset, AssetHistoryEntry, AssetPatch, AssetQuery, CheckOut, NewAsset, StateMove};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

fn asset_response(asset: Asset) -> Response {
    let version = asset.version;
    with_etag(asset, version)
}

/// The assets the caller may see (staff and auditors of their organisations), newest
/// first, a page at a time.
#[utoipa::path(get, path = "/api/v1/assets", tag = "assets", params(AssetQuery),
    responses((status = 200, description = "A page of assets", body = Page<Asset>)))]
pub async fn list_assets(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AssetQuery>,
) -> Result<Json<Page<Asset>>, ApiError> {
    Ok(Json(s.app.list_assets(&actor, &q).await?))
}

/// Adds an asset (staff). Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/assets", tag = "assets", request_body = NewAsset,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new asset", body = Asset, headers(("ETag" = String, description = "The asset's version"), ("Location" = String, description = "The asset's URL")))))]
pub async fn create_asset(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewAsset>,
) -> Result<Response, ApiError> {
    let asset = s.app.create_asset(&actor, &input).await?;
    let (id, version) = (asset.id, asset.version);
    Ok(created(asset, version, &format!("/api/v1/assets/{id}")))
}

/// One asset, with its `ETag`: for staff of its organisation, and for the person holding it.
#[utoipa::path(get, path = "/api/v1/assets/{id}", tag = "assets", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "The asset", body = Asset, headers(("ETag" = String, description = "The asset's version")))))]
pub async fn get_asset(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.asset(&actor, id).await?))
}

/// Changes an asset's description (staff). With `If-Match`, an asset changed since is
/// refused with 412.
#[utoipa::path(patch, path = "/api/v1/assets/{id}", tag = "assets", request_body = AssetPatch,
    params(("id" = i64, Path, description = "Asset id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed asset", body = Asset, headers(("ETag" = String, description = "The asset's new version")))))]
pub async fn update_asset(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<AssetPatch>,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.update_asset(&actor, id, &patch, if_match(&headers)).await?))
}

/// Hands an asset out to a person, a location or another asset (staff); it becomes
/// deployed. Only an asset in stock or back from repair can be checked out.
#[utoipa::path(post, path = "/api/v1/assets/{id}/checkout", tag = "assets", request_body = CheckOut,
    params(("id" = i64, Path, description = "Asset id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The deployed asset", body = Asset),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn check_out(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(to): ApiJson<CheckOut>,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.check_out(&actor, id, &to, if_match(&headers)).await?))
}

/// Takes a deployed asset back into stock (staff).
#[utoipa::path(post, path = "/api/v1/assets/{id}/checkin", tag = "assets",
    params(("id" = i64, Path, description = "Asset id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The asset, in stock", body = Asset),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn check_in(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.check_in(&actor, id, if_match(&headers)).await?))
}

/// Moves an asset to another lifecycle state (staff): received (in stock), to repair,
/// retired, disposed. Deploying is a check-out.
#[utoipa::path(post, path = "/api/v1/assets/{id}/state", tag = "assets", request_body = StateMove,
    params(("id" = i64, Path, description = "Asset id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The asset in its new state", body = Asset),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn move_state(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(to): ApiJson<StateMove>,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.move_asset(&actor, id, to.state, if_match(&headers)).await?))
}

/// The person holding an asset confirms they received it.
#[utoipa::path(post, path = "/api/v1/assets/{id}/accept", tag = "assets", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "The accepted asset", body = Asset)))]
pub async fn accept(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(asset_response(s.app.accept_asset(&actor, id).await?))
}

/// An asset's history, oldest first (staff and auditors).
#[utoipa::path(get, path = "/api/v1/assets/{id}/history", tag = "assets", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "The history", body = Vec<AssetHistoryEntry>)))]
pub async fn history(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AssetHistoryEntry>>, ApiError> {
    Ok(Json(s.app.asset_history(&actor, id).await?))
}

/// The assets the caller holds.
#[utoipa::path(get, path = "/api/v1/me/assets", tag = "assets",
    responses((status = 200, description = "The caller's assets", body = Vec<Asset>)))]
pub async fn my_assets(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<Asset>>, ApiError> {
    Ok(Json(s.app.my_assets(&actor).await?))
}
