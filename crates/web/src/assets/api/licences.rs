//! Licences: the list, one licence with its ETag, changes, the devices behind its figure,
//! the seats people hold, and the compliance of every licensed product.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use helmdesk_app::Page;
use helmdesk_app::assets::licences::{ComplianceReport, Licence, LicenceSeat, NewLicence, NewLicenceSeat};
use helmdesk_app::assets::software::{Installation, InstallationQuery};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

fn licence_response(licence: Licence) -> Response {
    let version = licence.version;
    with_etag(licence, version)
}

/// Which licences to list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LicenceQuery {
    /// Only this product's.
    pub product_id: Option<i64>,
}

/// The licences of the caller's organisations, by product.
#[utoipa::path(get, path = "/api/v1/licences", tag = "software", params(LicenceQuery),
    responses((status = 200, description = "The licences", body = Vec<Licence>)))]
pub async fn list_licences(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<LicenceQuery>,
) -> Result<Json<Vec<Licence>>, ApiError> {
    Ok(Json(s.app.licences(&actor, q.product_id).await?))
}

/// Records a licence (staff); its product's use is counted at once. Send
/// `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/licences", tag = "software", request_body = NewLicence,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The licence", body = Licence, headers(("ETag" = String, description = "The licence's version"), ("Location" = String, description = "The licence's URL")))))]
pub async fn create_licence(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewLicence>,
) -> Result<Response, ApiError> {
    let licence = s.app.create_licence(&actor, &input).await?;
    let (id, version) = (licence.id, licence.version);
    Ok(created(licence, version, &format!("/api/v1/licences/{id}")))
}

/// Every licensed product of the caller's organisations set against its use: entitled,
/// used, shortfall and unused seats, money at risk and wasted, with totals per currency.
#[utoipa::path(get, path = "/api/v1/licences/compliance", tag = "software",
    responses((status = 200, description = "The compliance of every licensed product", body = ComplianceReport)))]
pub async fn compliance(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<ComplianceReport>, ApiError> {
    Ok(Json(s.app.licence_compliance(&actor).await?))
}

/// One licence, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/licences/{id}", tag = "software", params(("id" = i64, Path, description = "Licence id")),
    responses((status = 200, description = "The licence", body = Licence, headers(("ETag" = String, description = "The licence's version")))))]
pub async fn get_licence(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(licence_response(s.app.licence(&actor, id).await?))
}

/// Replaces a licence's description (staff). With `If-Match`, a licence changed since is
/// refused with 412.
#[utoipa::path(put, path = "/api/v1/licences/{id}", tag = "software", request_body = NewLicence,
    params(("id" = i64, Path, description = "Licence id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The licence", body = Licence, headers(("ETag" = String, description = "The licence's new version"))),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_licence(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<NewLicence>,
) -> Result<Response, ApiError> {
    Ok(licence_response(s.app.update_licence(&actor, id, &input, if_match(&headers)).await?))
}

/// Removes a licence (staff).
#[utoipa::path(delete, path = "/api/v1/licences/{id}", tag = "software", params(("id" = i64, Path, description = "Licence id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete_licence(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_licence(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The devices behind a licence's figure: those of its organisations where its product is
/// installed, newest device first.
#[utoipa::path(get, path = "/api/v1/licences/{id}/devices", tag = "software",
    params(("id" = i64, Path, description = "Licence id"), InstallationQuery),
    responses((status = 200, description = "A page of installations", body = Page<Installation>)))]
pub async fn licence_devices(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<InstallationQuery>,
) -> Result<Json<Page<Installation>>, ApiError> {
    Ok(Json(s.app.licence_devices(&actor, id, &q).await?))
}

/// The seats of a per-seat or per-user licence that people hold or have reserved, by
/// holder's name.
#[utoipa::path(get, path = "/api/v1/licences/{id}/seats", tag = "software",
    params(("id" = i64, Path, description = "Licence id")),
    responses((status = 200, description = "The seats", body = Vec<LicenceSeat>)))]
pub async fn list_seats(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<LicenceSeat>>, ApiError> {
    Ok(Json(s.app.licence_seats(&actor, id).await?))
}

/// Gives a person a seat of a per-seat or per-user licence (staff who manage assets). A
/// person of an organisation the licence does not cover is refused (422); a licence with
/// every seat taken is refused (409). A person who holds a seat keeps it, assigned.
#[utoipa::path(post, path = "/api/v1/licences/{id}/seats", tag = "software", request_body = NewLicenceSeat,
    params(("id" = i64, Path, description = "Licence id")),
    responses((status = 201, description = "The seat", body = LicenceSeat,
        headers(("Location" = String, description = "The licence's seats"))),
        (status = 409, description = "Every seat is taken", body = crate::error::ErrorBody)))]
pub async fn assign_seat(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewLicenceSeat>,
) -> Result<Response, ApiError> {
    let seat = s.app.assign_licence_seat(&actor, id, &input).await?;
    let location = format!("/api/v1/licences/{id}/seats");
    Ok((StatusCode::CREATED, [(axum::http::header::LOCATION, location)], Json(seat)).into_response())
}

/// Takes a seat back from its holder (staff who manage assets): it is free again.
#[utoipa::path(delete, path = "/api/v1/licence-seats/{id}", tag = "software",
    params(("id" = i64, Path, description = "Seat id")),
    responses((status = 204, description = "Released")))]
pub async fn release_seat(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.release_licence_seat(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
