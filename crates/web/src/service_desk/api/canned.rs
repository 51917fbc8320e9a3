//! Canned responses, and their expansion for a ticket.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::canned::{CannedPatch, CannedResponse, NewCannedResponse, RenderedResponse};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The shared canned responses and the caller's own, by title (staff).
#[utoipa::path(get, path = "/api/v1/canned-responses", tag = "canned responses",
    responses((status = 200, description = "Canned responses", body = Vec<CannedResponse>)))]
pub async fn list(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<CannedResponse>>, ApiError> {
    Ok(Json(s.app.canned_responses(&actor).await?))
}

/// Creates a personal canned response, or a shared one (managers and administrators).
#[utoipa::path(post, path = "/api/v1/canned-responses", tag = "canned responses", request_body = NewCannedResponse,
    responses((status = 201, description = "The new canned response", body = CannedResponse)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewCannedResponse>,
) -> Result<(StatusCode, Json<CannedResponse>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_canned_response(&actor, input).await?)))
}

/// One canned response: shared, or the caller's own.
#[utoipa::path(get, path = "/api/v1/canned-responses/{id}", tag = "canned responses", params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 200, description = "The canned response", body = CannedResponse)))]
pub async fn get(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CannedResponse>, ApiError> {
    Ok(Json(s.app.canned_response(&actor, id).await?))
}

/// Changes a canned response: the caller's own, or a shared one (managers and
/// administrators).
#[utoipa::path(patch, path = "/api/v1/canned-responses/{id}", tag = "canned responses", request_body = CannedPatch,
    params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 200, description = "The changed canned response", body = CannedResponse)))]
pub async fn update(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<CannedPatch>,
) -> Result<Json<CannedResponse>, ApiError> {
    Ok(Json(s.app.update_canned_response(&actor, id, patch).await?))
}

/// Deletes a canned response: the caller's own, or a shared one (managers and
/// administrators).
#[utoipa::path(delete, path = "/api/v1/canned-responses/{id}", tag = "canned responses", params(("id" = i64, Path, description = "Canned response id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_canned_response(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A canned response with its placeholders filled in for the ticket (staff); unknown
/// placeholders are left as written. The text is plain: escape it where it is shown.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/canned-responses/{canned_id}", tag = "canned responses",
    params(("id" = i64, Path, description = "Ticket id"), ("canned_id" = i64, Path, description = "Canned response id")),
    responses((status = 200, description = "The expanded text", body = RenderedResponse)))]
pub async fn render(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, canned_id)): ApiPath<(i64, i64)>,
) -> Result<Json<RenderedResponse>, ApiError> {
    Ok(Json(s.app.render_canned_response(&actor, id, canned_id).await?))
}
