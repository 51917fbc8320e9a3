//! Outbound webhooks (administrators): the webhooks, their delivery logs, a test ping,
//! and the hosts allowed to be internal.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::Page;
use helmdesk_app::platform::webhooks::{Webhook, WebhookDelivery, WebhookInput, WebhookPatch, WebhookSettings};
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::platform::auth::ApiActor;

/// Every webhook, by name. Secrets are never shown: `secret_set` says whether one is
/// stored.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, description = "The webhooks", body = Vec<Webhook>)))]
pub async fn list(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<Vec<Webhook>>, ApiError> {
    Ok(Json(s.app.webhooks(&actor).await?))
}

/// Adds a webhook. Its URL must be `http` or `https` without user info, and its host must
/// resolve to public addresses only, unless the host is in the allowed hosts (422 says
/// which address was refused and why).
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = WebhookInput,
    responses((status = 201, description = "The new webhook", body = Webhook)))]
pub async fn create(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<WebhookInput>,
) -> Result<(StatusCode, Json<Webhook>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_webhook(&actor, input).await?)))
}

/// One webhook.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, description = "The webhook", body = Webhook)))]
pub async fn get(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Webhook>, ApiError> {
    Ok(Json(s.app.webhook(&actor, id).await?))
}

/// Changes a webhook; absent fields stay. A new URL is checked like a new webhook's. An
/// empty `secret` removes the stored one.
#[utoipa::path(patch, path = "/api/v1/webhooks/{id}", tag = "webhooks", request_body = WebhookPatch,
    params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, description = "The changed webhook", body = Webhook)))]
pub async fn update(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<WebhookPatch>,
) -> Result<Json<Webhook>, ApiError> {
    Ok(Json(s.app.update_webhook(&actor, id, patch).await?))
}

/// Removes a webhook and its delivery log; deliveries still waiting are dropped.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 204, description = "Removed")))]
pub async fn delete(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.delete_webhook(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a `ping` event to the webhook now, once (even when it is inactive), and returns
/// the logged delivery: `delivered`, or `failed` with the reason.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", params(("id" = i64, Path, description = "Webhook id")),
    responses((status = 200, description = "The test delivery", body = WebhookDelivery)))]
pub async fn test(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<WebhookDelivery>, ApiError> {
    Ok(Json(s.app.test_webhook(&actor, id).await?))
}

/// Which deliveries to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1 to 200; default 50.
    pub limit: Option<i64>,
}

/// A webhook's deliveries, newest first, with each one's last attempt.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = i64, Path, description = "Webhook id"), DeliveriesQuery),
    responses((status = 200, description = "A page of deliveries", body = Page<WebhookDelivery>)))]
pub async fn deliveries(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<DeliveriesQuery>,
) -> Result<Json<Page<WebhookDelivery>>, ApiError> {
    Ok(Json(s.app.webhook_deliveries(&actor, id, q.cursor.as_deref(), q.limit.unwrap_or(50)).await?))
}

/// The webhook settings: the hosts whose webhooks may reach internal addresses.
#[utoipa::path(get, path = "/api/v1/webhooks/settings", tag = "webhooks",
    responses((status = 200, description = "The webhook settings", body = WebhookSettings)))]
pub async fn settings(State(s): State<AppState>, ApiActor(actor): ApiActor) -> Result<Json<WebhookSettings>, ApiError> {
    Ok(Json(s.app.webhook_settings(&actor).await?))
}

/// Replaces the webhook settings.
#[utoipa::path(put, path = "/api/v1/webhooks/settings", tag = "webhooks", request_body = WebhookSettings,
    responses((status = 200, description = "The webhook settings saved", body = WebhookSettings)))]
pub async fn set_settings(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<WebhookSettings>,
) -> Result<Json<WebhookSettings>, ApiError> {
    Ok(Json(s.app.set_webhook_settings(&actor, input).await?))
}
