//! Notification e-mail templates (administrators) and each person's notification settings.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::platform::mail::templates::{
    NotificationPreferences, NotificationTemplate, TemplateInput, TemplatePreview,
};
use helmdesk_domain::platform::templates::{Language, TemplateEvent};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// Every event's template in English (written or built in) and every other language
/// written, with the placeholders they may use described in the docs.
#[utoipa::path(get, path = "/api/v1/notification-templates", tag = "notifications",
    responses((status = 200, description = "Templates", body = Vec<NotificationTemplate>)))]
pub async fn list(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<NotificationTemplate>>, ApiError> {
    Ok(Json(s.app.notification_templates(&actor).await?))
}

/// One event's template in a language: the one written, or the built-in text.
#[utoipa::path(get, path = "/api/v1/notification-templates/{event}/{language}", tag = "notifications",
    params(("event" = TemplateEvent, Path, description = "Event, e.g. reply"), ("language" = Language, Path, description = "Language tag, e.g. en")),
    responses((status = 200, description = "The template", body = NotificationTemplate)))]
pub async fn get(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((event, language)): ApiPath<(String, String)>,
) -> Result<Json<NotificationTemplate>, ApiError> {
    Ok(Json(s.app.notification_template(&actor, &event, &language).await?))
}

/// Writes an event's template in a language.
#[utoipa::path(put, path = "/api/v1/notification-templates/{event}/{language}", tag = "notifications", request_body = TemplateInput,
    params(("event" = TemplateEvent, Path, description = "Event, e.g. reply"), ("language" = Language, Path, description = "Language tag, e.g. en")),
    responses((status = 200, description = "The template saved", body = NotificationTemplate)))]
pub async fn put(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((event, language)): ApiPath<(String, String)>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Json<NotificationTemplate>, ApiError> {
    Ok(Json(s.app.set_notification_template(&actor, &event, &language, input).await?))
}

/// Removes a written template; the built-in one serves again.
#[utoipa::path(delete, path = "/api/v1/notification-templates/{event}/{language}", tag = "notifications",
    params(("event" = TemplateEvent, Path, description = "Event, e.g. reply"), ("language" = Language, Path, description = "Language tag, e.g. en")),
    responses((status = 204, description = "Removed")))]
pub async fn reset(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath((event, language)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    s.app.reset_notification_template(&actor, &event, &language).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which ticket a preview is filled in with.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    /// Default: the newest ticket.
    pub ticket_id: Option<i64>,
}

/// A template (as given, not yet saved) filled in for a ticket (the password reset mail:
/// for a sample person and link).
#[utoipa::path(post, path = "/api/v1/notification-templates/{event}/preview", tag = "notifications", request_body = TemplateInput,
    params(("event" = TemplateEvent, Path, description = "Event, e.g. reply"), PreviewQuery),
    responses((status = 200, description = "The message as it would be sent", body = TemplatePreview)))]
pub async fn preview(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(event): ApiPath<String>,
    ApiQuery(q): ApiQuery<PreviewQuery>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Json<TemplatePreview>, ApiError> {
    Ok(Json(s.app.preview_notification_template(&actor, &event, &input, q.ticket_id).await?))
}

/// The caller's notification settings: which events they get by e-mail, in which language.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "notifications",
    responses((status = 200, description = "The caller's settings", body = NotificationPreferences)))]
pub async fn preferences(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<NotificationPreferences>, ApiError> {
    Ok(Json(s.app.notification_preferences(&actor).await?))
}

/// Changes the caller's notification settings.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "notifications", request_body = NotificationPreferences,
    responses((status = 200, description = "The settings saved", body = NotificationPreferences)))]
pub async fn set_preferences(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NotificationPreferences>,
) -> Result<Json<NotificationPreferences>, ApiError> {
    Ok(Json(s.app.set_notification_preferences(&actor, input).await?))
}
