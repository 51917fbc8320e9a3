//! `GET /api/v1/events`: an API client's live updates, as `crate::service_desk::live`
//! describes.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use crate::AppState;
use crate::platform::auth::ApiActor;
use crate::service_desk::live::{Recheck, events};

/// Live updates as server-sent events, for as long as the token holds (checked every
/// minute): `ticket` (`TicketChanged`: a ticket the caller may see was filed, updated or
/// commented on), `unread` (`Unread`: the caller's unread notifications; first, and after
/// each change), `presence` (`PresenceChanged`, staff and auditors only: who else has a
/// ticket open in the web console, or is writing on it, changed) and `reload` (something
/// may have been missed: read again what you follow). Ids and counts only: read the ticket itself through the API. The stream
/// does not end by itself; reconnect when it does.
#[utoipa::path(get, path = "/api/v1/events", tag = "tickets",
    responses((status = 200, description = "A stream of server-sent events (`ticket`, `unread`, `presence`, `reload`), each with a JSON `data` line", content_type = "text/event-stream", body = String)))]
pub async fn events_stream(State(s): State<AppState>, ApiActor(actor): ApiActor, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    let app = s.app.clone();
    let recheck: Recheck = Box::new(move || {
        let (app, token) = (app.clone(), token.clone());
        Box::pin(async move { app.authenticate_token(&token).await })
    });
    events(&s.app, actor, recheck)
}
