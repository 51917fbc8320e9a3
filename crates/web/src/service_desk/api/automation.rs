//! Automation rules and their run log (managers and administrators).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::automation::{AutomationRule, AutomationRuleInput, AutomationRun};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The rules, in the order they run.
#[utoipa::path(get, path = "/api/v1/automation-rules", tag = "automation",
    responses((status = 200, description = "Automation rules", body = Vec<AutomationRule>)))]
pub async fn list(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<AutomationRule>>, ApiError> {
    Ok(Json(s.app.automation_rules(&actor).await?))
}

/// Adds a rule after the others.
#[utoipa::path(post, path = "/api/v1/automation-rules", tag = "automation", request_body = AutomationRuleInput,
    responses((status = 201, description = "The new rule", body = AutomationRule)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<AutomationRuleInput>,
) -> Result<(StatusCode, Json<AutomationRule>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_automation_rule(&actor, input).await?)))
}

/// One rule.
#[utoipa::path(get, path = "/api/v1/automation-rules/{id}", tag = "automation", params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, description = "The rule", body = AutomationRule)))]
pub async fn get(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AutomationRule>, ApiError> {
    Ok(Json(s.app.automation_rule(&actor, id).await?))
}

/// Replaces a rule (its place in the order stays).
#[utoipa::path(put, path = "/api/v1/automation-rules/{id}", tag = "automation", request_body = AutomationRuleInput,
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, description = "The changed rule", body = AutomationRule)))]
pub async fn update(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AutomationRuleInput>,
) -> Result<Json<AutomationRule>, ApiError> {
    Ok(Json(s.app.update_automation_rule(&actor, id, input).await?))
}

/// Where to move a rule.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveRule {
    /// 1 runs first; beyond the end means last.
    #[schema(minimum = 1)]
    pub position: i64,
}

/// Moves a rule in the order rules run.
#[utoipa::path(post, path = "/api/v1/automation-rules/{id}/move", tag = "automation", request_body = MoveRule,
    params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, description = "The rule at its new place", body = AutomationRule)))]
pub async fn move_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MoveRule>,
) -> Result<Json<AutomationRule>, ApiError> {
    Ok(Json(s.app.move_automation_rule(&actor, id, input.position).await?))
}

/// Deletes a rule and its log.
#[utoipa::path(delete, path = "/api/v1/automation-rules/{id}", tag = "automation", params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Deleted")))]
pub async fn delete(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_automation_rule(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What one rule did, newest first: which ticket, what it changed, what failed.
#[utoipa::path(get, path = "/api/v1/automation-rules/{id}/runs", tag = "automation", params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, description = "The rule's runs", body = Vec<AutomationRun>)))]
pub async fn rule_runs(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AutomationRun>>, ApiError> {
    s.app.automation_rule(&actor, id).await?;
    Ok(Json(s.app.automation_runs(&actor, Some(id)).await?))
}

/// What every rule did, newest first.
#[utoipa::path(get, path = "/api/v1/automation-runs", tag = "automation",
    responses((status = 200, description = "The latest runs", body = Vec<AutomationRun>)))]
pub async fn runs(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<AutomationRun>>, ApiError> {
    Ok(Json(s.app.automation_runs(&actor, None).await?))
}
