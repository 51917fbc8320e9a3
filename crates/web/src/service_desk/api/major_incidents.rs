//! Stakeholder updates of major incidents.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::major_incidents::{MajorUpdate, NewMajorUpdate};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The ticket's stakeholder updates, oldest first (everyone who sees the ticket).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/major-updates", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "Stakeholder updates", body = Vec<MajorUpdate>)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<MajorUpdate>>, ApiError> {
    Ok(Json(s.app.major_updates(&actor, id).await?))
}

/// Posts a stakeholder update (staff) on a ticket flagged `major_incident` (422
/// otherwise); its requester and watchers are notified.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/major-updates", tag = "tickets", request_body = NewMajorUpdate,
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 201, description = "The update", body = MajorUpdate)))]
pub async fn add(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewMajorUpdate>,
) -> Result<(StatusCode, Json<MajorUpdate>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_major_update(&actor, id, input).await?)))
}
