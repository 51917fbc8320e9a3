//! Ticket categories: everyone reads them, managers and administrators write them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::categories::{Category, CategoryInput};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// Every category.
#[utoipa::path(get, path = "/api/v1/categories", tag = "directory", responses((status = 200, description = "Categories", body = Vec<Category>)))]
pub async fn list_categories(State(s): State<AppState>, _caller: ApiActor) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(s.app.list_categories().await?))
}

/// Creates a category (managers and administrators).
#[utoipa::path(post, path = "/api/v1/categories", tag = "directory", request_body = CategoryInput, responses((status = 201, description = "The new category", body = Category)))]
pub async fn create_category(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<Category>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_category(&actor, input).await?)))
}

/// Replaces a category (managers and administrators).
#[utoipa::path(patch, path = "/api/v1/categories/{id}", tag = "directory", params(("id" = i64, Path, description = "Category id")), request_body = CategoryInput, responses((status = 200, description = "The category", body = Category)))]
pub async fn update_category(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<Category>, ApiError> {
    Ok(Json(s.app.update_category(&actor, id, input).await?))
}
