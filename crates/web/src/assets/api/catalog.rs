//! The catalogue: asset types, models and locations.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::assets::catalog::{AssetModel, AssetType, Location, NewAssetModel, NewAssetType, NewLocation};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// Every asset type with its tag pattern and fields.
#[utoipa::path(get, path = "/api/v1/asset-types", tag = "assets",
    responses((status = 200, description = "Asset types", body = Vec<AssetType>)))]
pub async fn list_types(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<AssetType>>, ApiError> {
    Ok(Json(s.app.asset_types(&actor).await?))
}

/// Creates an asset type (managers and administrators of every organisation).
#[utoipa::path(post, path = "/api/v1/asset-types", tag = "assets", request_body = NewAssetType,
    responses((status = 201, description = "The new asset type", body = AssetType)))]
pub async fn create_type(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewAssetType>,
) -> Result<(StatusCode, Json<AssetType>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_asset_type(&actor, &input).await?)))
}

/// Replaces an asset type's name, tag pattern and fields.
#[utoipa::path(put, path = "/api/v1/asset-types/{id}", tag = "assets", request_body = NewAssetType,
    params(("id" = i64, Path, description = "Asset type id")),
    responses((status = 200, description = "The asset type", body = AssetType)))]
pub async fn update_type(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewAssetType>,
) -> Result<Json<AssetType>, ApiError> {
    Ok(Json(s.app.update_asset_type(&actor, id, &input).await?))
}

/// Every model, with its manufacturer and type.
#[utoipa::path(get, path = "/api/v1/asset-models", tag = "assets",
    responses((status = 200, description = "Models", body = Vec<AssetModel>)))]
pub async fn list_models(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<AssetModel>>, ApiError> {
    Ok(Json(s.app.asset_models(&actor).await?))
}

/// Creates a model, and its manufacturer when new.
#[utoipa::path(post, path = "/api/v1/asset-models", tag = "assets", request_body = NewAssetModel,
    responses((status = 201, description = "The new model", body = AssetModel)))]
pub async fn create_model(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewAssetModel>,
) -> Result<(StatusCode, Json<AssetModel>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_asset_model(&actor, &input).await?)))
}

/// The sites, buildings and rooms the caller may use.
#[utoipa::path(get, path = "/api/v1/locations", tag = "assets",
    responses((status = 200, description = "Locations", body = Vec<Location>)))]
pub async fn list_locations(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<Location>>, ApiError> {
    Ok(Json(s.app.locations(&actor).await?))
}

/// Creates a site, a building on a site or a room in a building.
#[utoipa::path(post, path = "/api/v1/locations", tag = "assets", request_body = NewLocation,
    responses((status = 201, description = "The new location", body = Location)))]
pub async fn create_location(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewLocation>,
) -> Result<(StatusCode, Json<Location>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_location(&actor, &input).await?)))
}
