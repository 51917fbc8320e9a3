//! The service catalog: its items (offered to the caller, or managed by them) and the
//! requests ordered from it.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use helmdesk_app::Page;
use helmdesk_app::self_service::catalog::{
    CatalogCategory, CatalogCategoryQuery, CatalogItem, CatalogItemPatch, CatalogItemQuery, NewCatalogCategory,
    NewCatalogItem,
};
use helmdesk_app::self_service::requests::{CatalogRequest, CatalogRequestQuery, NewCatalogRequest};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, created_unversioned, if_match, with_etag};
use crate::platform::auth::ApiActor;

fn item_response(item: CatalogItem) -> Response {
    let version = item.version;
    with_etag(item, version)
}

/// The items offered to the caller (or, with `managed=true`, those they manage), by name,
/// in one page.
#[utoipa::path(get, path = "/api/v1/catalog/items", tag = "catalog", params(CatalogItemQuery),
    responses((status = 200, description = "The items, in one page", body = Page<CatalogItem>)))]
pub async fn list_items(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<CatalogItemQuery>,
) -> Result<Json<Page<CatalogItem>>, ApiError> {
    Ok(Json(Page { items: s.app.catalog_items(&actor, &q).await?, next_cursor: None }))
}

/// Adds an item to the catalog of one of the caller's organisations (managers and
/// administrators). Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/catalog/items", tag = "catalog", request_body = NewCatalogItem,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new item", body = CatalogItem, headers(("ETag" = String, description = "The item's version"), ("Location" = String, description = "The item's URL")))))]
pub async fn create_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewCatalogItem>,
) -> Result<Response, ApiError> {
    let item = s.app.create_catalog_item(&actor, &input).await?;
    let (id, version) = (item.id, item.version);
    Ok(created(item, version, &format!("/api/v1/catalog/items/{id}")))
}

/// One item, offered to the caller or managed by them, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/catalog/items/{id}", tag = "catalog", params(("id" = i64, Path, description = "Item id")),
    responses((status = 200, description = "The item", body = CatalogItem, headers(("ETag" = String, description = "The item's version")))))]
pub async fn get_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(item_response(s.app.catalog_item(&actor, id).await?))
}

/// Changes an item (managers and administrators). With `If-Match`, an item changed since
/// is refused with 412.
#[utoipa::path(patch, path = "/api/v1/catalog/items/{id}", tag = "catalog", request_body = CatalogItemPatch,
    params(("id" = i64, Path, description = "Item id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed item", body = CatalogItem, headers(("ETag" = String, description = "The item's new version"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<CatalogItemPatch>,
) -> Result<Response, ApiError> {
    Ok(item_response(s.app.update_catalog_item(&actor, id, &patch, if_match(&headers)).await?))
}

/// The categories of the catalogs offered to the caller (their organisation's and those
/// above it) or, with `managed=true`, those they manage, by name, in one page.
#[utoipa::path(get, path = "/api/v1/catalog/categories", tag = "catalog", params(CatalogCategoryQuery),
    responses((status = 200, description = "The categories, in one page", body = Page<CatalogCategory>)))]
pub async fn list_catalog_categories(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<CatalogCategoryQuery>,
) -> Result<Json<Page<CatalogCategory>>, ApiError> {
    Ok(Json(Page { items: s.app.list_catalog_categories(&actor, &q).await?, next_cursor: None }))
}

/// Adds a category to the catalog of one of the caller's organisations (managers and
/// administrators); a name is used once in an organisation.
#[utoipa::path(post, path = "/api/v1/catalog/categories", tag = "catalog", request_body = NewCatalogCategory,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new category", body = CatalogCategory, headers(("Location" = String, description = "The category's URL")))))]
pub async fn create_catalog_category(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewCatalogCategory>,
) -> Result<Response, ApiError> {
    let category = s.app.create_catalog_category(&actor, &input).await?;
    let location = format!("/api/v1/catalog/categories/{}", category.id);
    Ok(created_unversioned(category, &location))
}

/// One category, of a catalog offered to the caller or managed by them.
#[utoipa::path(get, path = "/api/v1/catalog/categories/{id}", tag = "catalog", params(("id" = i64, Path, description = "Category id")),
    responses((status = 200, description = "The category", body = CatalogCategory)))]
pub async fn get_catalog_category(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CatalogCategory>, ApiError> {
    Ok(Json(s.app.catalog_category(&actor, id).await?))
}

/// Requests, newest first, a page at a time: the caller's own, or for staff their
/// organisations' (`mine=true`: their own).
#[utoipa::path(get, path = "/api/v1/catalog/requests", tag = "catalog", params(CatalogRequestQuery),
    responses((status = 200, description = "A page of requests", body = Page<CatalogRequest>)))]
pub async fn list_requests(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<CatalogRequestQuery>,
) -> Result<Json<Page<CatalogRequest>>, ApiError> {
    Ok(Json(s.app.catalog_requests(&actor, &q).await?))
}

/// Orders an item offered to the caller with the answers to its form, checked like the
/// form (422 and nothing filed when one is wrong). Send `Idempotency-Key` to make retries
/// safe.
#[utoipa::path(post, path = "/api/v1/catalog/requests", tag = "catalog", request_body = NewCatalogRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and orders nothing")),
    responses((status = 201, description = "The request", body = CatalogRequest, headers(("ETag" = String, description = "The request's version"), ("Location" = String, description = "The request's URL"))),
        (status = 404, description = "No such item is offered to the caller", body = crate::error::ErrorBody)))]
pub async fn create_request(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewCatalogRequest>,
) -> Result<Response, ApiError> {
    let request = s.app.order_catalog_item(&actor, &input).await?;
    let (id, version) = (request.id, request.version);
    Ok(created(request, version, &format!("/api/v1/catalog/requests/{id}")))
}

/// One request with its tasks: the caller's own, or one of their organisations' for
/// staff.
#[utoipa::path(get, path = "/api/v1/catalog/requests/{id}", tag = "catalog", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The request", body = CatalogRequest)))]
pub async fn get_request(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CatalogRequest>, ApiError> {
    Ok(Json(s.app.catalog_request(&actor, id).await?))
}
