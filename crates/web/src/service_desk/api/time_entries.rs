//! Time spent on tickets.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::time_entries::{NewTimeEntry, TimeEntry, TimeSheet};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The time recorded on the ticket and its total (staff and auditors).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/time-entries", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "Entries, oldest first, and the total", body = TimeSheet)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<TimeSheet>, ApiError> {
    Ok(Json(s.app.time_entries(&actor, id).await?))
}

/// Records time spent on the ticket (staff): `minutes` or a `duration` like `1h 30m`. The
/// ticket's `time_spent_minutes` (and version) change with it.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/time-entries", tag = "tickets", request_body = NewTimeEntry,
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 201, description = "The entry", body = TimeEntry)))]
pub async fn add(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewTimeEntry>,
) -> Result<(StatusCode, Json<TimeEntry>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_time_entry(&actor, id, input).await?)))
}
