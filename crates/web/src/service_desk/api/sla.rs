//! Business-hours calendars, SLA policies, and the explanation of a ticket's due times.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::sla::{CalendarDoc, CalendarInput, SlaExplanation, SlaPolicyDoc, SlaPolicyInput};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// Every calendar (staff and auditors).
#[utoipa::path(get, path = "/api/v1/calendars", tag = "sla", responses((status = 200, description = "Calendars", body = Vec<CalendarDoc>)))]
pub async fn list_calendars(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<CalendarDoc>>, ApiError> {
    Ok(Json(s.app.list_calendars(&actor).await?))
}

/// Creates a calendar (managers and administrators).
#[utoipa::path(post, path = "/api/v1/calendars", tag = "sla", request_body = CalendarInput, responses((status = 201, description = "The new calendar", body = CalendarDoc)))]
pub async fn create_calendar(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CalendarInput>,
) -> Result<(StatusCode, Json<CalendarDoc>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_calendar(&actor, input).await?)))
}

/// One calendar.
#[utoipa::path(get, path = "/api/v1/calendars/{id}", tag = "sla", params(("id" = i64, Path, description = "Calendar id")), responses((status = 200, description = "The calendar", body = CalendarDoc)))]
pub async fn get_calendar(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CalendarDoc>, ApiError> {
    Ok(Json(s.app.calendar(&actor, id).await?))
}

/// Replaces a calendar; the due times of open tickets are recomputed in the background.
#[utoipa::path(patch, path = "/api/v1/calendars/{id}", tag = "sla", request_body = CalendarInput, params(("id" = i64, Path, description = "Calendar id")), responses((status = 200, description = "The calendar", body = CalendarDoc)))]
pub async fn update_calendar(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CalendarInput>,
) -> Result<Json<CalendarDoc>, ApiError> {
    Ok(Json(s.app.update_calendar(&actor, id, input).await?))
}

/// Deletes a calendar no policy counts in.
#[utoipa::path(delete, path = "/api/v1/calendars/{id}", tag = "sla", params(("id" = i64, Path, description = "Calendar id")), responses((status = 204, description = "Deleted")))]
pub async fn delete_calendar(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_calendar(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every SLA policy, active or not (staff and auditors).
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "sla", responses((status = 200, description = "Policies", body = Vec<SlaPolicyDoc>)))]
pub async fn list_policies(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<SlaPolicyDoc>>, ApiError> {
    Ok(Json(s.app.list_sla_policies(&actor).await?))
}

/// Creates an SLA policy (managers and administrators); open tickets are recomputed in the
/// background.
#[utoipa::path(post, path = "/api/v1/sla-policies", tag = "sla", request_body = SlaPolicyInput, responses((status = 201, description = "The new policy", body = SlaPolicyDoc)))]
pub async fn create_policy(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<SlaPolicyInput>,
) -> Result<(StatusCode, Json<SlaPolicyDoc>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_sla_policy(&actor, input).await?)))
}

/// One SLA policy.
#[utoipa::path(get, path = "/api/v1/sla-policies/{id}", tag = "sla", params(("id" = i64, Path, description = "Policy id")), responses((status = 200, description = "The policy", body = SlaPolicyDoc)))]
pub async fn get_policy(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SlaPolicyDoc>, ApiError> {
    Ok(Json(s.app.sla_policy(&actor, id).await?))
}

/// Replaces an SLA policy; open tickets are recomputed in the background.
#[utoipa::path(patch, path = "/api/v1/sla-policies/{id}", tag = "sla", request_body = SlaPolicyInput, params(("id" = i64, Path, description = "Policy id")), responses((status = 200, description = "The policy", body = SlaPolicyDoc)))]
pub async fn update_policy(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SlaPolicyInput>,
) -> Result<Json<SlaPolicyDoc>, ApiError> {
    Ok(Json(s.app.update_sla_policy(&actor, id, input).await?))
}

/// Deletes an SLA policy no ticket was measured against (deactivate a used one instead).
#[utoipa::path(delete, path = "/api/v1/sla-policies/{id}", tag = "sla", params(("id" = i64, Path, description = "Policy id")), responses((status = 204, description = "Deleted")))]
pub async fn delete_policy(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_sla_policy(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How the ticket's due times were computed: the policy and why it applies, the calendar,
/// and for each clock the working time counted, holidays skipped and pauses left out.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/sla", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")), responses((status = 200, description = "The explanation", body = SlaExplanation)))]
pub async fn explain(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SlaExplanation>, ApiError> {
    Ok(Json(s.app.explain_sla(&actor, id).await?))
}
