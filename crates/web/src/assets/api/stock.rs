//! Consumables and accessories: the list, one item with its ETag, changes, its movements
//! (a page of them, and recording one) and who holds it.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use helmdesk_app::Page;
use helmdesk_app::assets::stock::{
    Holding, Movement, MovementDone, MovementQuery, NewStockItem, StockItem, StockItemPatch, StockMove, StockQuery,
};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

fn item_response(item: StockItem) -> Response {
    let version = item.version;
    with_etag(item, version)
}

/// The stock items of the caller's organisations, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/stock-items", tag = "assets", params(StockQuery),
    responses((status = 200, description = "A page of stock items", body = Page<StockItem>)))]
pub async fn list_stock(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<StockQuery>,
) -> Result<Json<Page<StockItem>>, ApiError> {
    Ok(Json(s.app.list_stock(&actor, &q).await?))
}

/// Adds a consumable or an accessory (staff), its opening stock as its first receipt. Send
/// `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/stock-items", tag = "assets", request_body = NewStockItem,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new stock item", body = StockItem, headers(("ETag" = String, description = "The item's version"), ("Location" = String, description = "The item's URL")))))]
pub async fn create_stock_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewStockItem>,
) -> Result<Response, ApiError> {
    let item = s.app.create_stock_item(&actor, &input).await?;
    let (id, version) = (item.id, item.version);
    Ok(created(item, version, &format!("/api/v1/stock-items/{id}")))
}

/// One stock item, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/stock-items/{id}", tag = "assets", params(("id" = i64, Path, description = "Stock item id")),
    responses((status = 200, description = "The stock item", body = StockItem, headers(("ETag" = String, description = "The item's version")))))]
pub async fn get_stock_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(item_response(s.app.stock_item(&actor, id).await?))
}

/// Changes a stock item's description (staff). With `If-Match`, an item changed since (a
/// movement changes it too) is refused with 412.
#[utoipa::path(patch, path = "/api/v1/stock-items/{id}", tag = "assets", request_body = StockItemPatch,
    params(("id" = i64, Path, description = "Stock item id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed stock item", body = StockItem, headers(("ETag" = String, description = "The item's new version"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_stock_item(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<StockItemPatch>,
) -> Result<Response, ApiError> {
    Ok(item_response(s.app.update_stock_item(&actor, id, &patch, if_match(&headers)).await?))
}

/// A stock item's movements, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/stock-items/{id}/movements", tag = "assets",
    params(("id" = i64, Path, description = "Stock item id"), MovementQuery),
    responses((status = 200, description = "A page of movements", body = Page<Movement>)))]
pub async fn list_movements(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<MovementQuery>,
) -> Result<Json<Page<Movement>>, ApiError> {
    Ok(Json(s.app.stock_movements(&actor, id, &q).await?))
}

/// Records a movement (staff): a receipt, an issue to a person, a return of an accessory,
/// or an adjustment with its reason. One that would leave less than nothing in stock, or
/// return more than the person holds, is refused with 422 and changes nothing. Send
/// `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/stock-items/{id}/movements", tag = "assets", request_body = StockMove,
    params(("id" = i64, Path, description = "Stock item id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and moves nothing")),
    responses((status = 201, description = "The movement, and the item as it now is", body = MovementDone)))]
pub async fn create_movement(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StockMove>,
) -> Result<Response, ApiError> {
    let done = s.app.move_stock(&actor, id, &input).await?;
    Ok((StatusCode::CREATED, Json(done)).into_response())
}

/// Who holds a stock item (an accessory handed out), by name.
#[utoipa::path(get, path = "/api/v1/stock-items/{id}/holders", tag = "assets", params(("id" = i64, Path, description = "Stock item id")),
    responses((status = 200, description = "Who holds how many", body = Vec<Holding>)))]
pub async fn list_holders(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Holding>>, ApiError> {
    Ok(Json(s.app.stock_holders(&actor, id).await?))
}

/// The accessories the caller holds.
#[utoipa::path(get, path = "/api/v1/me/stock", tag = "assets",
    responses((status = 200, description = "The caller's accessories", body = Vec<Holding>)))]
pub async fn my_stock(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<Holding>>, ApiError> {
    Ok(Json(s.app.my_stock(&actor).await?))
}
