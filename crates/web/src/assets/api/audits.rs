//! Physical audits: rounds (list, start, one with its report), confirmations of assets
//! found, closing a round.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::Page;
use helmdesk_app::assets::audits::{Audit, AuditQuery, AuditReport, Confirmation, Confirmed, NewAudit};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created_unversioned};
use crate::platform::auth::ApiActor;

/// The rounds the caller may read (staff and auditors of their organisations), newest
/// first, a page at a time.
#[utoipa::path(get, path = "/api/v1/audits", tag = "assets", params(AuditQuery),
    responses((status = 200, description = "A page of rounds", body = Page<Audit>)))]
pub async fn list_audits(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Page<Audit>>, ApiError> {
    Ok(Json(s.app.list_audits(&actor, &q).await?))
}

/// Starts a round (staff): of an organisation of the caller's and its subsidiaries, or of a
/// location and the places in it. It expects the assets there that are not on order or
/// disposed of. Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/audits", tag = "assets", request_body = NewAudit,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The round", body = Audit, headers(("Location" = String, description = "The round's URL")))))]
pub async fn start_audit(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewAudit>,
) -> Result<Response, ApiError> {
    let audit = s.app.start_audit(&actor, &input).await?;
    let location = format!("/api/v1/audits/{}", audit.id);
    Ok(created_unversioned(audit, &location))
}

/// A round with its report: the assets found, found elsewhere, and not found (yet).
#[utoipa::path(get, path = "/api/v1/audits/{id}", tag = "assets", params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "The round and its report", body = AuditReport)))]
pub async fn get_audit(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AuditReport>, ApiError> {
    Ok(Json(s.app.audit_report(&actor, id).await?))
}

/// Confirms an asset found (staff), by its tag, serial number or label's address (`code`)
/// or its `asset_id`. Found, found elsewhere (not expected in the round: recorded as
/// such), or already confirmed; an unknown code, an asset outside the round's
/// organisation, one on order or disposed of, and a closed round are refused (422),
/// changing nothing.
#[utoipa::path(post, path = "/api/v1/audits/{id}/confirmations", tag = "assets", request_body = Confirmation,
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "What was found", body = Confirmed)))]
pub async fn confirm(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<Confirmation>,
) -> Result<Json<Confirmed>, ApiError> {
    Ok(Json(s.app.confirm_in_audit(&actor, id, &input).await?))
}

/// Closes a round (staff); its report is then final.
#[utoipa::path(post, path = "/api/v1/audits/{id}/close", tag = "assets", params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, description = "The closed round and its report", body = AuditReport)))]
pub async fn close_audit(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AuditReport>, ApiError> {
    Ok(Json(s.app.close_audit(&actor, id).await?))
}
