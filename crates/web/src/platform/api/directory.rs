//! Users (read), teams, organisations and departments.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::Page;
use helmdesk_app::platform::orgs::{CostCentre, CostCentreInput, Department, DepartmentUpdate, Organisation};
use helmdesk_app::platform::teams::{Team, TeamInput};
use helmdesk_app::platform::users::{User, UserUpdate};
use helmdesk_domain::Role;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;
use crate::platform::exports::{ExportParams, download};

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", tag = "directory", responses((status = 200, description = "The caller", body = User)))]
pub async fn me(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<User>, ApiError> {
    Ok(Json(s.app.user(&actor, actor.id).await?))
}

/// Filters and page of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Only users with this role.
    pub role: Option<Role>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// Users of the caller's organisations (staff and auditors).
#[utoipa::path(get, path = "/api/v1/users", tag = "directory", params(UserListParams), responses((status = 200, description = "A page of users", body = Page<User>)))]
pub async fn list_users(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<UserListParams>,
) -> Result<Json<Page<User>>, ApiError> {
    Ok(Json(s.app.list_users(&actor, q.role, q.cursor.as_deref(), q.limit.unwrap_or(100)).await?))
}

/// Who to export: the directory's filter.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserExportParams {
    /// Only users with this role.
    pub role: Option<Role>,
}

/// The users of the caller's organisations as a file (name, e-mail, role, organisation,
/// department: the people import's columns).
#[utoipa::path(get, path = "/api/v1/users/export", tag = "directory", params(ExportParams, UserExportParams),
    responses((status = 200, description = "The file", content(
        (String = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))))]
pub async fn export_users(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(f): ApiQuery<ExportParams>,
    ApiQuery(q): ApiQuery<UserExportParams>,
) -> Result<axum::response::Response, ApiError> {
    Ok(download(&s.app, f.format(), s.app.export_users(&actor, q.role)).await?)
}

/// One user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "directory", params(("id" = i64, Path, description = "User id")), responses((status = 200, description = "The user", body = User)))]
pub async fn get_user(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(s.app.user(&actor, id).await?))
}

/// Changes a user (administrators), or marks them away or back: `{"away": true}` by
/// agents for themselves, by managers for anyone in their organisations.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "directory", params(("id" = i64, Path, description = "User id")), request_body = UserUpdate, responses((status = 200, description = "The user", body = User)))]
pub async fn update_user(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(update): ApiJson<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(s.app.update_user(&actor, id, update).await?))
}

/// Every team.
#[utoipa::path(get, path = "/api/v1/teams", tag = "directory", responses((status = 200, description = "Teams", body = Vec<Team>)))]
pub async fn list_teams(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<Team>>, ApiError> {
    Ok(Json(s.app.list_teams(&actor).await?))
}

/// Creates a team (managers and administrators).
#[utoipa::path(post, path = "/api/v1/teams", tag = "directory", request_body = TeamInput, responses((status = 201, description = "The new team", body = Team)))]
pub async fn create_team(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<(StatusCode, Json<Team>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_team(&actor, input).await?)))
}

/// One team.
#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "directory", params(("id" = i64, Path, description = "Team id")), responses((status = 200, description = "The team", body = Team)))]
pub async fn get_team(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Team>, ApiError> {
    Ok(Json(s.app.team(&actor, id).await?))
}

/// Replaces a team's name, description and members, and names its lead when `lead_id` is
/// given (managers and administrators).
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "directory", params(("id" = i64, Path, description = "Team id")), request_body = TeamInput, responses((status = 200, description = "The team", body = Team)))]
pub async fn update_team(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<Json<Team>, ApiError> {
    Ok(Json(s.app.update_team(&actor, id, input).await?))
}

/// The organisations the caller may see.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "directory", responses((status = 200, description = "Organisations", body = Vec<Organisation>)))]
pub async fn list_organisations(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    Ok(Json(s.app.list_organisations(&actor).await?))
}

/// The departments of the organisations the caller may see.
#[utoipa::path(get, path = "/api/v1/departments", tag = "directory", responses((status = 200, description = "Departments", body = Vec<Department>)))]
pub async fn list_departments(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<Department>>, ApiError> {
    Ok(Json(s.app.list_departments(&actor).await?))
}

/// Renames a department, or sets its head or cost centre (administrators).
#[utoipa::path(patch, path = "/api/v1/departments/{id}", tag = "directory", params(("id" = i64, Path, description = "Department id")),
    request_body = DepartmentUpdate, responses((status = 200, description = "The department", body = Department)))]
pub async fn update_department(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(update): ApiJson<DepartmentUpdate>,
) -> Result<Json<Department>, ApiError> {
    Ok(Json(s.app.update_department(&actor, id, update).await?))
}

/// The cost centres of the organisations the caller may see.
#[utoipa::path(get, path = "/api/v1/cost-centres", tag = "directory", responses((status = 200, description = "Cost centres", body = Vec<CostCentre>)))]
pub async fn list_cost_centres(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<CostCentre>>, ApiError> {
    Ok(Json(s.app.list_cost_centres(&actor).await?))
}

/// Creates a cost centre with its owner (administrators).
#[utoipa::path(post, path = "/api/v1/cost-centres", tag = "directory", request_body = CostCentreInput,
    responses((status = 201, description = "The new cost centre", body = CostCentre)))]
pub async fn create_cost_centre(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<CostCentreInput>,
) -> Result<(StatusCode, Json<CostCentre>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_cost_centre(&actor, input).await?)))
}

/// Changes a cost centre's code, name or owner (administrators).
#[utoipa::path(put, path = "/api/v1/cost-centres/{id}", tag = "directory", params(("id" = i64, Path, description = "Cost centre id")),
    request_body = CostCentreInput, responses((status = 200, description = "The cost centre", body = CostCentre)))]
pub async fn update_cost_centre(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CostCentreInput>,
) -> Result<Json<CostCentre>, ApiError> {
    Ok(Json(s.app.update_cost_centre(&actor, id, input).await?))
}
