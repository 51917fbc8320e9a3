//! Tickets, their comments, history and attachments.

use crate::platform::download::file_response;
use crate::platform::upload::read_one_file;
use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use helmdesk_app::service_desk::bulk::{BulkChange, BulkOutcome};
use helmdesk_app::service_desk::search::{TicketCount, TicketListParams};
use helmdesk_app::service_desk::tickets::{
    Attachment, Comment, HistoryEntry, NewComment, NewTicket, Ticket, TicketPatch,
};
use helmdesk_app::{AppError, Page};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

/// Tickets the caller may see that match the filters and the search text, in the
/// requested order, a page at a time.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketListParams), responses((status = 200, description = "A page of tickets", body = Page<Ticket>)))]
pub async fn list_tickets(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<TicketListParams>,
) -> Result<Json<Page<Ticket>>, ApiError> {
    Ok(Json(s.app.list_tickets(&actor, &q.to_query()?).await?))
}

/// How many tickets match the filters (counting stops at 10,000).
#[utoipa::path(get, path = "/api/v1/tickets/count", tag = "tickets", params(TicketListParams), responses((status = 200, description = "The count", body = TicketCount)))]
pub async fn count_tickets(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<TicketListParams>,
) -> Result<Json<TicketCount>, ApiError> {
    Ok(Json(s.app.count_tickets(&actor, &q.to_query()?).await?))
}

/// Applies one change to many tickets (staff): a patch (assign, move to a team, change
/// the status...) or a merge. Each ticket succeeds or fails on its own.
#[utoipa::path(post, path = "/api/v1/tickets/bulk", tag = "tickets", request_body = BulkChange,
    responses((status = 200, description = "What happened to each ticket", body = BulkOutcome)))]
pub async fn bulk_change(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(change): ApiJson<BulkChange>,
) -> Result<Json<BulkOutcome>, ApiError> {
    Ok(Json(s.app.bulk_change(&actor, change).await?))
}

/// Files a ticket. Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = NewTicket,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replaying the same key and body returns the first answer and creates nothing")),
    responses((status = 201, description = "The new ticket", body = Ticket, headers(("ETag" = String, description = "The ticket's version"), ("Location" = String, description = "The ticket's URL")))))]
pub async fn create_ticket(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewTicket>,
) -> Result<Response, ApiError> {
    let ticket = s.app.create_ticket(&actor, input).await?;
    let (id, version) = (ticket.id, ticket.version);
    Ok(created(ticket, version, &format!("/api/v1/tickets/{id}")))
}

/// One ticket, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "The ticket", body = Ticket, headers(("ETag" = String, description = "The ticket's version")))))]
pub async fn get_ticket(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let ticket = s.app.ticket(&actor, id).await?;
    let version = ticket.version;
    Ok(with_etag(ticket, version))
}

/// Changes a ticket (staff). With `If-Match`, a ticket changed since is refused with 412.
#[utoipa::path(patch, path = "/api/v1/tickets/{id}", tag = "tickets", request_body = TicketPatch,
    params(("id" = i64, Path, description = "Ticket id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The changed ticket", body = Ticket, headers(("ETag" = String, description = "The ticket's new version")))))]
pub async fn update_ticket(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<TicketPatch>,
) -> Result<Response, ApiError> {
    let ticket = s.app.update_ticket(&actor, id, patch, if_match(&headers)).await?;
    let version = ticket.version;
    Ok(with_etag(ticket, version))
}

/// The ticket's comments, oldest first (requesters see public replies only).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/comments", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")), responses((status = 200, description = "Comments", body = Vec<Comment>)))]
pub async fn list_comments(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Comment>>, ApiError> {
    Ok(Json(s.app.comments(&actor, id).await?))
}

/// Adds a public reply, or an internal note (staff).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/comments", tag = "tickets", request_body = NewComment,
    params(("id" = i64, Path, description = "Ticket id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses((status = 201, description = "The comment", body = Comment)))]
pub async fn add_comment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.add_comment(&actor, id, input).await?)))
}

/// Every recorded change of the ticket, oldest first.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/history", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")), responses((status = 200, description = "History", body = Vec<HistoryEntry>)))]
pub async fn history(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    Ok(Json(s.app.history(&actor, id).await?))
}

/// The ticket's attachments.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/attachments", tag = "tickets", params(("id" = i64, Path, description = "Ticket id")), responses((status = 200, description = "Attachments", body = Vec<Attachment>)))]
pub async fn list_attachments(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Attachment>>, ApiError> {
    Ok(Json(s.app.attachments(&actor, id).await?))
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Upload {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Attach to this comment of the ticket instead of the ticket itself.
    comment_id: Option<i64>,
}

/// Uploads an attachment (multipart field `file`).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "tickets",
    request_body(content = Upload, content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 201, description = "The attachment", body = Attachment)))]
pub async fn upload_attachment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let (file, fields) = read_one_file(multipart).await?;
    let comment_id = match fields.iter().find(|(k, _)| k == "comment_id").map(|(_, v)| v.trim()) {
        None | Some("") => None,
        Some(v) => Some(v.parse().map_err(|_| AppError::invalid("comment_id", "must be a comment id"))?),
    };
    let attachment =
        s.app.add_attachment(&actor, id, comment_id, &file.filename, &file.content_type, &file.data).await?;
    Ok((StatusCode::CREATED, Json(attachment)))
}

/// Downloads an attachment. Always as a download, never rendered inline.
#[utoipa::path(get, path = "/api/v1/attachments/{id}/content", tag = "tickets", params(("id" = i64, Path, description = "Attachment id")),
    responses((status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>)))]
pub async fn download_attachment(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let (attachment, data) = s.app.attachment_content(&actor, id).await?;
    Ok(attachment_response(&attachment, data))
}

/// A ticket's attachment as a download (`platform::download`).
pub fn attachment_response(a: &Attachment, data: Vec<u8>) -> Response {
    file_response(&a.filename, &a.content_type, data)
}
