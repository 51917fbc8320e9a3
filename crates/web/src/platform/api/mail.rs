//! Mail: the settings and mailboxes (administrators), the messages received and their
//! outcomes with a retry, the messages sent.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use helmdesk_app::platform::mail::inbound::InboundMail;
use helmdesk_app::platform::mail::outbound::OutboundMail;
use helmdesk_app::platform::mail::{MailSettings, Mailbox, MailboxInput};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// The mail settings (administrators). The SMTP password is never shown: `password_set`
/// says whether one is stored.
#[utoipa::path(get, path = "/api/v1/mail/settings", tag = "mail",
    responses((status = 200, description = "The mail settings", body = MailSettings)))]
pub async fn settings(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<MailSettings>, ApiError> {
    Ok(Json(s.app.mail_settings(&actor).await?))
}

/// Replaces the mail settings (administrators). Leave `outgoing.password` out to keep the
/// stored one; an empty one removes it.
#[utoipa::path(put, path = "/api/v1/mail/settings", tag = "mail", request_body = MailSettings,
    responses((status = 200, description = "The mail settings saved", body = MailSettings)))]
pub async fn set_settings(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<MailSettings>,
) -> Result<Json<MailSettings>, ApiError> {
    Ok(Json(s.app.set_mail_settings(&actor, input).await?))
}

/// The IMAP mailboxes polled for new messages (administrators).
#[utoipa::path(get, path = "/api/v1/mail/mailboxes", tag = "mail",
    responses((status = 200, description = "The mailboxes", body = Vec<Mailbox>)))]
pub async fn mailboxes(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<Mailbox>>, ApiError> {
    Ok(Json(s.app.mailboxes(&actor).await?))
}

/// Adds an IMAP mailbox, polled at once (administrators).
#[utoipa::path(post, path = "/api/v1/mail/mailboxes", tag = "mail", request_body = MailboxInput,
    responses((status = 201, description = "The new mailbox", body = Mailbox)))]
pub async fn create_mailbox(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<MailboxInput>,
) -> Result<(StatusCode, Json<Mailbox>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_mailbox(&actor, input).await?)))
}

/// Replaces a mailbox's settings; it is polled at once (administrators). Leave `password`
/// out to keep the stored one.
#[utoipa::path(put, path = "/api/v1/mail/mailboxes/{id}", tag = "mail", request_body = MailboxInput,
    params(("id" = i64, Path, description = "Mailbox id")),
    responses((status = 200, description = "The changed mailbox", body = Mailbox)))]
pub async fn update_mailbox(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MailboxInput>,
) -> Result<Json<Mailbox>, ApiError> {
    Ok(Json(s.app.update_mailbox(&actor, id, input).await?))
}

/// Removes a mailbox; the messages it brought stay on record (administrators).
#[utoipa::path(delete, path = "/api/v1/mail/mailboxes/{id}", tag = "mail", params(("id" = i64, Path, description = "Mailbox id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete_mailbox(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_mailbox(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which received messages to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InboundQuery {
    /// `received`, `processed`, `ignored`, `rejected` or `failed`; all when left out.
    pub status: Option<String>,
    /// Only messages with a smaller id (the next page).
    pub before: Option<i64>,
    /// 1 to 200; default 50.
    pub limit: Option<i64>,
}

/// Messages received, newest first, with what became of each (administrators).
#[utoipa::path(get, path = "/api/v1/mail/inbound", tag = "mail", params(InboundQuery),
    responses((status = 200, description = "Received messages", body = Vec<InboundMail>)))]
pub async fn inbound(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<InboundQuery>,
) -> Result<Json<Vec<InboundMail>>, ApiError> {
    Ok(Json(s.app.inbound_mail(&actor, q.status.as_deref(), q.before, q.limit.unwrap_or(50)).await?))
}

/// Processes a received message again: one that failed, or was rejected or ignored, once
/// the cause is fixed (administrators).
#[utoipa::path(post, path = "/api/v1/mail/inbound/{id}/retry", tag = "mail", params(("id" = i64, Path, description = "Received message id")),
    responses((status = 200, description = "The message, waiting to be processed", body = InboundMail)))]
pub async fn retry(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<InboundMail>, ApiError> {
    Ok(Json(s.app.retry_inbound(&actor, id).await?))
}

/// A received message as it arrived, as an `.eml` download (administrators).
#[utoipa::path(get, path = "/api/v1/mail/inbound/{id}/raw", tag = "mail", params(("id" = i64, Path, description = "Received message id")),
    responses((status = 200, description = "The raw message", content_type = "message/rfc822", body = Vec<u8>)))]
pub async fn raw(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let bytes = s.app.inbound_raw(&actor, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "message/rfc822".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"message-{id}.eml\"")),
        ],
        bytes,
    ))
}

/// Messages sent or waiting to be, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/mail/outbound", tag = "mail",
    responses((status = 200, description = "Messages sent or queued", body = Vec<OutboundMail>)))]
pub async fn outbound(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<OutboundMail>>, ApiError> {
    Ok(Json(s.app.outbound_mail(&actor, None).await?))
}
