//! Links between tickets, and the merge of a duplicate.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::service_desk::links::{MergeInput, NewLink, TicketLink};
use helmdesk_app::service_desk::tickets::Ticket;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// The ticket's links, both ways (staff and auditors): its parent and children, what it
/// duplicates and what duplicates it, related tickets, the change that caused it.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/links", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "Links whose other ticket the caller may see", body = Vec<TicketLink>)))]
pub async fn list_links(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<TicketLink>>, ApiError> {
    Ok(Json(s.app.links(&actor, id).await?))
}

/// Links the ticket to another ticket the caller may see, or to a change reference
/// (staff). A self-link or a loop of parents or duplicates is 422; a link made before, or a
/// second parent, 409.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/links", tag = "tickets", request_body = NewLink,
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 201, description = "The link, read from this ticket", body = TicketLink)))]
pub async fn add_link(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewLink>,
) -> Result<(StatusCode, Json<TicketLink>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_link(&actor, id, input).await?)))
}

/// Removes a link, from either of its tickets (staff).
#[utoipa::path(delete, path = "/api/v1/tickets/{id}/links/{link_id}", tag = "tickets",
    params(("id" = i64, Path, description = "Ticket id"), ("link_id" = i64, Path, description = "Link id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove_link(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((id, link_id)): ApiPath<(i64, i64)>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_link(&actor, id, link_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merges the ticket into another of the same organisation (staff): its comments,
/// attachments and watchers move there, and it is closed pointing at it. Returns the
/// merged (closed) ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/merge", tag = "tickets", request_body = MergeInput,
    params(("id" = i64, Path, description = "The ticket to merge (it is closed)")),
    responses((status = 200, description = "The merged ticket", body = Ticket)))]
pub async fn merge(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MergeInput>,
) -> Result<Json<Ticket>, ApiError> {
    Ok(Json(s.app.merge_ticket(&actor, id, input.into_id).await?))
}
