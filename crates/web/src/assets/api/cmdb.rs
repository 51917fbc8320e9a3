//! Configuration items: the list, one item with its ETag, changes, relationships, a
//! business service's users, the history, and impact analysis.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use helmdesk_app::Page;
use helmdesk_app::assets::cmdb::{Ci, CiPatch, CiQuery, Consumer, Impact, NewCi, NewConsumer, NewRelation, Relation};
use helmdesk_app::assets::history::AssetHistoryEntry;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

fn ci_response(ci: Ci) -> Response {
    let version = ci.version;
    with_etag(ci, version)
}

/// The configuration items the caller may see (staff and auditors of their
/// organisations), newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/cis", tag = "cmdb", params(CiQuery),
    responses((status = 200, description = "A page of configuration items", body = Page<Ci>)))]
pub async fn list_cis(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<CiQuery>,
) -> Result<Json<Page<Ci>>, ApiError> {
    Ok(Json(s.app.list_cis(&actor, &q).await?))
}

/// Adds a configuration item (staff). Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/cis", tag = "cmdb", request_body = NewCi,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new item", body = Ci, headers(("ETag" = String, description = "The item's version"), ("Location" = String, description = "The item's URL")))))]
pub async fn create_ci(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewCi>,
) -> Result<Response, ApiError> {
    let ci = s.app.create_ci(&actor, &input).await?;
    let (id, version) = (ci.id, ci.version);
    Ok(created(ci, version, &format!("/api/v1/cis/{id}")))
}

/// One configuration item, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/cis/{id}", tag = "cmdb", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "The item", body = Ci, headers(("ETag" = String, description = "The item's version")))))]
pub async fn get_ci(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(ci_response(s.app.ci(&actor, id).await?))
}

/// Changes a configuration item (staff). With `If-Match`, an item changed since is refused
/// with 412.
#[utoipa::path(patch, path = "/api/v1/cis/{id}", tag = "cmdb", request_body = CiPatch,
    params(("id" = i64, Path, description = "Item id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed item", body = Ci, headers(("ETag" = String, description = "The item's new version"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_ci(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<CiPatch>,
) -> Result<Response, ApiError> {
    Ok(ci_response(s.app.update_ci(&actor, id, &patch, if_match(&headers)).await?))
}

/// An item's relationships, both ways: "source kind target".
#[utoipa::path(get, path = "/api/v1/cis/{id}/relations", tag = "cmdb", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "Its relationships", body = Vec<Relation>)))]
pub async fn list_relations(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Relation>>, ApiError> {
    Ok(Json(s.app.ci_relations(&actor, id).await?))
}

/// Relates the item to another (staff): "this item `kind` target".
#[utoipa::path(post, path = "/api/v1/cis/{id}/relations", tag = "cmdb", request_body = NewRelation,
    params(("id" = i64, Path, description = "Item id (the source)")),
    responses((status = 201, description = "The new relationship", body = Relation)))]
pub async fn add_relation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewRelation>,
) -> Result<(StatusCode, Json<Relation>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_ci_relation(&actor, id, &input).await?)))
}

/// Removes one of the item's relationships (staff); both items' histories say so.
#[utoipa::path(delete, path = "/api/v1/cis/{id}/relations/{relation_id}", tag = "cmdb",
    params(("id" = i64, Path, description = "Item id"), ("relation_id" = i64, Path, description = "Relationship id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_relation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, relation_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_ci_relation(&actor, id, relation_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The departments and people who use a business service.
#[utoipa::path(get, path = "/api/v1/cis/{id}/consumers", tag = "cmdb", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "Its users", body = Vec<Consumer>)))]
pub async fn list_consumers(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Consumer>>, ApiError> {
    Ok(Json(s.app.ci_consumers(&actor, id).await?))
}

/// Adds a department or a person to a business service's users (staff).
#[utoipa::path(post, path = "/api/v1/cis/{id}/consumers", tag = "cmdb", request_body = NewConsumer,
    params(("id" = i64, Path, description = "Item id (a business service)")),
    responses((status = 201, description = "The new user of the service", body = Consumer)))]
pub async fn add_consumer(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewConsumer>,
) -> Result<(StatusCode, Json<Consumer>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_ci_consumer(&actor, id, &input).await?)))
}

/// Removes one of a business service's users (staff).
#[utoipa::path(delete, path = "/api/v1/cis/{id}/consumers/{consumer_id}", tag = "cmdb",
    params(("id" = i64, Path, description = "Item id"), ("consumer_id" = i64, Path, description = "The user's entry id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_consumer(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, consumer_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_ci_consumer(&actor, id, consumer_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An item's history, oldest first: its changes, relationships and users added and removed.
#[utoipa::path(get, path = "/api/v1/cis/{id}/history", tag = "cmdb", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "The history", body = Vec<AssetHistoryEntry>)))]
pub async fn history(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AssetHistoryEntry>>, ApiError> {
    Ok(Json(s.app.ci_history(&actor, id).await?))
}

/// Impact analysis: everything that depends on the item, directly or through others (cycles
/// included), nearest first, up to the business services and the departments and people
/// who use them; with the dependencies between them to draw the graph.
#[utoipa::path(get, path = "/api/v1/cis/{id}/impact", tag = "cmdb", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "What fails with it", body = Impact)))]
pub async fn impact(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Impact>, ApiError> {
    Ok(Json(s.app.ci_impact(&actor, id).await?))
}
