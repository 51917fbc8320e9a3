//! Discovery: enrolment tokens, a device's last inventory, and the endpoint FusionInventory
//! agents report to.
//!
//! `POST /api/v1/inventory/fusioninventory` speaks the agent's XML protocol. The agent
//! first sends without credentials, and on a 401 with a `Basic` challenge sends again
//! with its `--user` and `--password`: any user name, the password being an enrolment
//! token. The body may be zlib- or gzip-compressed or plain XML; it is read up to
//! [`BODY_MAX`] bytes and inflated up to [`XML_MAX`], so a compression bomb stops there.
//! Each device reports at most [`DEVICE_REPORTS`] times in [`DEVICE_WINDOW`] (a run is
//! two requests), and wrong tokens are throttled per address.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use helmdesk_app::AppError;
use helmdesk_app::assets::discovery::{
    AgentKind, AgentReport, AgentToken, DeviceReport, Inventory, IssuedAgentToken, NewAgentToken,
};
use helmdesk_app::assets::fusioninventory::{INVENTORY_REPLY, Message, PROLOG_REPLY, read_message};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::{ApiActor, ClientAddress};

/// Largest request body read, compressed.
pub const BODY_MAX: usize = 8 * 1024 * 1024;
/// Largest message once inflated.
pub const XML_MAX: u64 = 32 * 1024 * 1024;
/// Requests one device may send within [`DEVICE_WINDOW`].
pub const DEVICE_REPORTS: u32 = 12;
/// The window [`DEVICE_REPORTS`] counts over.
pub const DEVICE_WINDOW: Duration = Duration::from_secs(600);

/// How often each device reported lately, on this node.
#[derive(Debug, Default)]
pub struct DeviceLimiter(Mutex<HashMap<(i64, String), (Instant, u32)>>);

impl DeviceLimiter {
    /// Counts a request of `device` with `token`; `Err(seconds)` when it must wait.
    fn take(&self, token: i64, device: &str) -> Result<(), i64> {
        let now = Instant::now();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 200_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < DEVICE_WINDOW);
        }
        let entry = seen.entry((token, device.to_string())).or_insert((now, 0));
        if now.duration_since(entry.0) >= DEVICE_WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > DEVICE_REPORTS {
            let wait = DEVICE_WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1) as i64);
        }
        Ok(())
    }
}

/// Every enrolment token of the caller's organisations (never the tokens themselves).
#[utoipa::path(get, path = "/api/v1/agent-tokens", tag = "discovery",
    responses((status = 200, description = "The tokens", body = Vec<AgentToken>)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<AgentToken>>, ApiError> {
    Ok(Json(s.app.agent_tokens(&actor).await?))
}

/// Makes an enrolment token; the answer is the only time `token` is shown.
#[utoipa::path(post, path = "/api/v1/agent-tokens", tag = "discovery", request_body = NewAgentToken,
    responses((status = 201, description = "The token, shown this once", body = IssuedAgentToken)))]
pub async fn create_token(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewAgentToken>,
) -> Result<(StatusCode, Json<IssuedAgentToken>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.create_agent_token(&actor, &input).await?)))
}

/// Revokes an enrolment token: its agents' next reports are refused; their devices stay.
#[utoipa::path(delete, path = "/api/v1/agent-tokens/{id}", tag = "discovery", params(("id" = i64, Path, description = "Token id")),
    responses((status = 200, description = "The revoked token", body = AgentToken)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AgentToken>, ApiError> {
    Ok(Json(s.app.revoke_agent_token(&actor, id).await?))
}

/// A device's last inventory: its hardware and system as its agent reported them.
#[utoipa::path(get, path = "/api/v1/assets/{id}/inventory", tag = "discovery", params(("id" = i64, Path, description = "Asset id")),
    responses((status = 200, description = "The inventory", body = Inventory),
        (status = 404, description = "No such asset, or no agent reports it", body = crate::error::ErrorBody)))]
pub async fn inventory(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Inventory>, ApiError> {
    Ok(Json(s.app.inventory(&actor, id).await?.ok_or(AppError::NotFound)?))
}

/// Receives a FusionInventory agent's `PROLOG` and `INVENTORY` messages.
#[utoipa::path(post, path = "/api/v1/inventory/fusioninventory", tag = "discovery",
    security(("agent" = [])),
    request_body(content = Vec<u8>, description = "The agent's XML message, zlib- or gzip-compressed (the agent sends `Content-Type: application/x-compress-zlib`) or plain; the body is read by its first bytes, whatever its type",
        content_type = "application/octet-stream"),
    responses((status = 200, description = "The reply to the agent", body = String, content_type = "application/xml"),
        (status = 401, description = "No enrolment token, or a wrong or revoked one", body = crate::error::ErrorBody),
        (status = 413, description = "The message is too large", body = crate::error::ErrorBody),
        (status = 422, description = "The message is not one this server reads; nothing was changed", body = crate::error::ErrorBody),
        (status = 429, description = "Too many reports from this device, or wrong tokens from this address", body = crate::error::ErrorBody)))]
pub async fn fusioninventory(
    State(s): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match receive(&s, client, &headers, &body).await {
        Ok(reply) => ([(header::CONTENT_TYPE, "application/xml")], reply).into_response(),
        Err(AppError::Unauthenticated) => {
            let mut response = ApiError(AppError::Unauthenticated).into_response();
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"Helmdesk inventory\""));
            response
        }
        Err(e) => ApiError(e).into_response(),
    }
}

/// What the server answers Helmdesk's own agent.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AgentReply {
    /// The asset the report was recorded on.
    pub asset_id: i64,
    /// Whether the device was new.
    pub created: bool,
    /// When to report again, in seconds.
    pub report_every_secs: u64,
}

/// How often agents are asked to report.
pub const REPORT_EVERY_SECS: u64 = 3600;

/// Receives a report of Helmdesk's own agent (`helmdesk-agent run`), authenticated by an
/// enrolment token: `Authorization: Bearer`, or as the password of basic credentials.
#[utoipa::path(post, path = "/api/v1/inventory/agent", tag = "discovery", security(("bearer" = [])),
    request_body = AgentReport,
    responses((status = 200, description = "Recorded", body = AgentReply),
        (status = 401, description = "No enrolment token, or a wrong or revoked one", body = crate::error::ErrorBody),
        (status = 413, description = "The report is too large", body = crate::error::ErrorBody),
        (status = 422, description = "The report is not one this server reads; nothing was changed", body = crate::error::ErrorBody),
        (status = 429, description = "Too many reports from this device, or wrong tokens from this address", body = crate::error::ErrorBody)))]
pub async fn agent_report(
    State(s): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<AgentReply>, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|t| t.trim().to_string());
    let Some(presented) = bearer.or_else(|| basic_password(&headers)) else {
        return Err(AppError::Unauthenticated.into());
    };
    let token = s.app.agent_token_of(Some(&presented), client).await?;
    let report: AgentReport = serde_json::from_slice(&body)
        .map_err(|e| AppError::invalid("body", format!("the report is not one this server reads: {e}")))?;
    s.devices
        .take(token.id, &report.device_id)
        .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
    let recorded = s.app.record_inventory(&token, AgentKind::HelmdeskAgent, &DeviceReport::from_agent(&report)).await?;
    Ok(Json(AgentReply {
        asset_id: recorded.asset_id,
        created: recorded.created,
        report_every_secs: REPORT_EVERY_SECS,
    }))
}

async fn receive(
    s: &AppState,
    client: Option<std::net::IpAddr>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<&'static str, AppError> {
    // The agent's first try carries no credentials: challenge it without counting.
    let Some(password) = basic_password(headers) else { return Err(AppError::Unauthenticated) };
    let token = s.app.agent_token_of(Some(&password), client).await?;
    let xml = inflate(body)?;
    let message = read_message(&xml)?;
    let device = match &message {
        Message::Prolog { device_id } => device_id,
        Message::Inventory(report) => &report.device_id,
    };
    s.devices.take(token.id, device).map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
    match message {
        Message::Prolog { .. } => Ok(PROLOG_REPLY),
        Message::Inventory(report) => {
            let recorded = s.app.record_inventory(&token, AgentKind::Fusioninventory, &report).await?;
            tracing::info!(asset = recorded.asset_id, created = recorded.created, device = %report.device_id, "inventory recorded");
            Ok(INVENTORY_REPLY)
        }
    }
}

/// The password of a `Basic` authorization (the user name is not looked at).
fn basic_password(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    text.split_once(':').map(|(_, password)| password.to_string())
}

/// The message, inflated when compressed, at most [`XML_MAX`] bytes.
fn inflate(body: &[u8]) -> Result<Vec<u8>, AppError> {
    let reader: Box<dyn Read + '_> = match body {
        [0x78, ..] => Box::new(flate2::read::ZlibDecoder::new(body)),
        [0x1f, 0x8b, ..] => Box::new(flate2::read::GzDecoder::new(body)),
        _ if body.trim_ascii_start().starts_with(b"<") => return Ok(body.to_vec()),
        _ => {
            return Err(AppError::invalid("body", "the body is neither XML nor zlib- or gzip-compressed XML"));
        }
    };
    let mut xml = Vec::new();
    reader
        .take(XML_MAX + 1)
        .read_to_end(&mut xml)
        .map_err(|e| AppError::invalid("body", format!("the compressed body cannot be inflated: {e}")))?;
    if xml.len() as u64 > XML_MAX {
        return Err(AppError::TooLarge(format!("the message inflates to more than {} MiB", XML_MAX >> 20)));
    }
    Ok(xml)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_compression_bomb_stops_at_the_limit() {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b'<'; 1 << 20];
        for _ in 0..40 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 100_000, "40 MiB in {} bytes", bomb.len());
        assert!(matches!(inflate(&bomb), Err(AppError::TooLarge(_))));
    }

    #[test]
    fn bodies_are_read_plain_or_inflated() {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"<REQUEST/>").unwrap();
        assert_eq!(inflate(&encoder.finish().unwrap()).unwrap(), b"<REQUEST/>");
        assert_eq!(inflate(b"  <REQUEST/>").unwrap(), b"  <REQUEST/>");
        assert!(matches!(inflate(b"\x78garbage"), Err(AppError::Invalid(_))));
        assert!(matches!(inflate(b"PK\x03\x04"), Err(AppError::Invalid(_))));
    }

    #[test]
    fn the_password_of_basic_credentials_is_the_token() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic aGVsbWRlc2s6czNjcjN0OndpdGg6Y29sb25z"));
        assert_eq!(basic_password(&headers).as_deref(), Some("s3cr3t:with:colons"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        assert_eq!(basic_password(&headers), None);
    }

    #[test]
    fn a_device_waits_after_its_share_of_reports() {
        let limiter = DeviceLimiter::default();
        for _ in 0..DEVICE_REPORTS {
            limiter.take(1, "pc-1").unwrap();
        }
        assert!(limiter.take(1, "pc-1").is_err());
        assert!(limiter.take(2, "pc-1").is_ok(), "another token's device of the same name");
        assert!(limiter.take(1, "pc-2").is_ok());
    }
}
