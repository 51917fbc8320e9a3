//! The mail sent about a ticket.

use axum::Json;
use axum::extract::State;
use helmdesk_app::platform::mail::outbound::OutboundMail;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::platform::auth::ApiActor;

/// The messages sent about a ticket, newest first (staff who see it).
#[utoipa::path(get, path = "/api/v1/tickets/{id}/mail", tag = "mail", params(("id" = i64, Path, description = "Ticket id")),
    responses((status = 200, description = "Messages sent or queued about the ticket", body = Vec<OutboundMail>)))]
pub async fn ticket_mail(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<OutboundMail>>, ApiError> {
    Ok(Json(s.app.outbound_mail(&actor, Some(id)).await?))
}
