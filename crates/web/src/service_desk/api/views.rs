//! Saved views of the ticket list.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::views::{NewView, SavedView};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// Options of the view list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewListParams {
    /// Count the tickets of each view (counting stops at 10,000).
    pub counts: Option<bool>,
}

/// The caller's views and the shared ones.
#[utoipa::path(get, path = "/api/v1/views", tag = "tickets", params(ViewListParams), responses((status = 200, description = "Views", body = Vec<SavedView>)))]
pub async fn list_views(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(p): ApiQuery<ViewListParams>,
) -> Result<Json<Vec<SavedView>>, ApiError> {
    Ok(Json(s.app.list_views(&actor, p.counts.unwrap_or(false)).await?))
}

/// Saves a view; `shared` views (managers and administrators) are shown to all staff.
#[utoipa::path(post, path = "/api/v1/views", tag = "tickets", request_body = NewView, responses((status = 201, description = "The view", body = SavedView)))]
pub async fn create_view(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewView>,
) -> Result<(StatusCode, Json<SavedView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_view(&actor, input).await?)))
}

/// One view.
#[utoipa::path(get, path = "/api/v1/views/{id}", tag = "tickets", params(("id" = i64, Path, description = "View id")), responses((status = 200, description = "The view", body = SavedView)))]
pub async fn get_view(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SavedView>, ApiError> {
    Ok(Json(s.app.view(&actor, id).await?))
}

/// Replaces a view's name, query and sharing.
#[utoipa::path(patch, path = "/api/v1/views/{id}", tag = "tickets", request_body = NewView, params(("id" = i64, Path, description = "View id")), responses((status = 200, description = "The view", body = SavedView)))]
pub async fn update_view(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewView>,
) -> Result<Json<SavedView>, ApiError> {
    Ok(Json(s.app.update_view(&actor, id, input).await?))
}

/// Deletes a view.
#[utoipa::path(delete, path = "/api/v1/views/{id}", tag = "tickets", params(("id" = i64, Path, description = "View id")), responses((status = 204, description = "Deleted")))]
pub async fn delete_view(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_view(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
