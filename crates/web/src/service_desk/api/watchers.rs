//! Watchers of a ticket.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::watchers::{NewWatcher, Watcher};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The ticket's watchers (a requester sees only themselves).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/watchers", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "Watchers, by name", body = Vec<Watcher>)))]
pub async fn list_watchers(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Watcher>>, ApiError> {
    Ok(Json(s.app.watchers(&actor, id).await?))
}

/// Starts someone watching the ticket: the caller themselves, or (staff) anyone who can
/// see it. 201 when new, 200 when they already watched.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/watchers", tag = "tickets", request_body = NewWatcher,
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 201, description = "Now watching", body = Watcher), (status = 200, description = "Was already watching", body = Watcher)))]
pub async fn add_watcher(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewWatcher>,
) -> Result<(StatusCode, Json<Watcher>), ApiError> {
    let (watcher, added) = s.app.add_watcher(&actor, id, input.user_id).await?;
    Ok((if added { StatusCode::CREATED } else { StatusCode::OK }, Json(watcher)))
}

/// Stops someone watching the ticket: the caller themselves, or (staff) anyone.
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/watchers/{user_id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id"), ("user_id" = i64, Path, description = "The watcher's user id")),
    responses((status = 204, description = "No longer watching")))]
pub async fn remove_watcher(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, user_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_watcher(&actor, id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
