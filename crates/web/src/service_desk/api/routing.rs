//! Assignment rules: how tickets filed without a team are routed.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::routing::{AssignmentRule, AssignmentRuleInput, AssignmentRulePatch};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The rules in the order they are tried (staff and auditors).
#[utoipa::path(get, path = "/api/v1/assignment-rules", tag = "routing", responses((status = 200, description = "Rules, first tried first", body = Vec<AssignmentRule>)))]
pub async fn list_rules(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<AssignmentRule>>, ApiError> {
    Ok(Json(s.app.list_assignment_rules(&actor).await?))
}

/// Creates a rule (managers and administrators), last unless `position` says otherwise.
#[utoipa::path(post, path = "/api/v1/assignment-rules", tag = "routing", request_body = AssignmentRuleInput, responses((status = 201, description = "The new rule", body = AssignmentRule)))]
pub async fn create_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<AssignmentRuleInput>,
) -> Result<(StatusCode, Json<AssignmentRule>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_assignment_rule(&actor, input).await?)))
}

/// One rule.
#[utoipa::path(get, path = "/api/v1/assignment-rules/{id}", tag = "routing", params(("id" = i64, Path, description = "Rule id")), responses((status = 200, description = "The rule", body = AssignmentRule)))]
pub async fn get_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AssignmentRule>, ApiError> {
    Ok(Json(s.app.assignment_rule(&actor, id).await?))
}

/// Changes a rule, or moves it in the order with `position` (managers and administrators).
#[utoipa::path(patch, path = "/api/v1/assignment-rules/{id}", tag = "routing", request_body = AssignmentRulePatch, params(("id" = i64, Path, description = "Rule id")), responses((status = 200, description = "The rule", body = AssignmentRule)))]
pub async fn update_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<AssignmentRulePatch>,
) -> Result<Json<AssignmentRule>, ApiError> {
    Ok(Json(s.app.update_assignment_rule(&actor, id, patch).await?))
}

/// Deletes a rule; the rules after it move up (managers and administrators).
#[utoipa::path(delete, path = "/api/v1/assignment-rules/{id}", tag = "routing", params(("id" = i64, Path, description = "Rule id")), responses((status = 204, description = "Deleted")))]
pub async fn delete_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_assignment_rule(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
