//! The software catalogue, what is installed on each device, and the naming rules.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::Page;
use helmdesk_app::assets::software::{
    Installation, InstallationQuery, NamingRule, NewInstallation, NewNamingRule, Renamed, SoftwareDetail,
    SoftwareProduct, SoftwareQuery,
};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// The catalogue by name, a page at a time, with how many installations and devices the
/// caller sees of each product.
#[utoipa::path(get, path = "/api/v1/software", tag = "software", params(SoftwareQuery),
    responses((status = 200, description = "A page of products", body = Page<SoftwareProduct>)))]
pub async fn list_software(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<SoftwareQuery>,
) -> Result<Json<Page<SoftwareProduct>>, ApiError> {
    Ok(Json(s.app.software(&actor, &q).await?))
}

/// One product, its versions and the spellings counted as it.
#[utoipa::path(get, path = "/api/v1/software/{id}", tag = "software", params(("id" = i64, Path, description = "Product id")),
    responses((status = 200, description = "The product", body = SoftwareDetail)))]
pub async fn get_software(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SoftwareDetail>, ApiError> {
    Ok(Json(s.app.software_product(&actor, id).await?))
}

/// The devices a product is installed on (those the caller sees), newest device first.
#[utoipa::path(get, path = "/api/v1/software/{id}/installations", tag = "software",
    params(("id" = i64, Path, description = "Product id"), InstallationQuery),
    responses((status = 200, description = "A page of installations", body = Page<Installation>)))]
pub async fn product_installations(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<InstallationQuery>,
) -> Result<Json<Page<Installation>>, ApiError> {
    Ok(Json(s.app.product_installations(&actor, id, &q).await?))
}

/// What is installed on a device.
#[utoipa::path(get, path = "/api/v1/assets/{id}/software", tag = "software", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "Its installations", body = Vec<Installation>)))]
pub async fn asset_software(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Installation>>, ApiError> {
    Ok(Json(s.app.installations_on(&actor, id).await?))
}

/// Records software on a device by hand (staff); the catalogue names the product it counts as.
#[utoipa::path(post, path = "/api/v1/assets/{id}/software", tag = "software", request_body = NewInstallation,
    params(("id" = i64, Path, description = "Asset id")),
    responses((status = 201, description = "The installation", body = Installation)))]
pub async fn add_installation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewInstallation>,
) -> Result<(StatusCode, Json<Installation>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_installation(&actor, id, &input).await?)))
}

/// Removes software recorded on a device (staff).
#[utoipa::path(delete, path = "/api/v1/assets/{id}/software/{installation_id}", tag = "software",
    params(("id" = i64, Path, description = "Asset id"), ("installation_id" = i64, Path, description = "Installation id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_installation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, installation_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_installation(&actor, id, installation_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The naming rules, in the order they are tried.
#[utoipa::path(get, path = "/api/v1/software-rules", tag = "software",
    responses((status = 200, description = "The rules", body = Vec<NamingRule>)))]
pub async fn list_rules(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<NamingRule>>, ApiError> {
    Ok(Json(s.app.naming_rules(&actor).await?))
}

/// A naming rule added after the others, and how many spellings it renamed.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RuleAdded {
    pub rule: NamingRule,
    pub renamed: Renamed,
}

/// Adds a naming rule (managers and administrators of every organisation); every
/// spelling is named again.
#[utoipa::path(post, path = "/api/v1/software-rules", tag = "software", request_body = NewNamingRule,
    responses((status = 201, description = "The rule and what it renamed", body = RuleAdded)))]
pub async fn add_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewNamingRule>,
) -> Result<(StatusCode, Json<RuleAdded>), ApiError> {
    let (rule, renamed) = s.app.add_naming_rule(&actor, &input).await?;
    Ok((StatusCode::CREATED, Json(RuleAdded { rule, renamed })))
}

/// Removes a naming rule; every spelling is named again.
#[utoipa::path(delete, path = "/api/v1/software-rules/{id}", tag = "software", params(("id" = i64, Path, description = "Rule id")),
    responses((status = 200, description = "What removing it renamed", body = Renamed)))]
pub async fn remove_rule(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Renamed>, ApiError> {
    Ok(Json(s.app.remove_naming_rule(&actor, id).await?))
}
