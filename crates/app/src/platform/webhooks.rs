//! Outbound webhooks (administrators): events (of tickets today) posted to a URL as Helmdesk's signed
//! JSON, or as a Slack or Microsoft Teams message, by the job queue with retries.
//!
//! Rules:
//! - A target is `http` or `https`, without user info. Its host is resolved and every
//!   address must be public (`domain::webhooks::forbidden_reason`) unless an
//!   administrator allowed the host by name (the `webhooks` settings document). The check
//!   runs when a webhook is saved and again before every attempt, and the attempt connects
//!   to exactly the addresses checked, so a DNS answer that changes in between (rebinding)
//!   cannot redirect it. Redirects are never followed; an attempt lasts at most 10 s.
//! - A delivery's body is written when it is queued (what the ticket was then) and sent
//!   unchanged by every attempt; the Helmdesk format is signed at each attempt with the
//!   attempt's time. 2xx is delivered; anything else, or no answer, is retried with the
//!   queue's backoff (10 s, 20 s, 40 s ...) up to [`ATTEMPTS`], then failed. A target the
//!   check refuses fails at once.
//! - Secrets are sealed ([`crate::secrets`]) and never shown again: `secret_set` says
//!   whether one is stored.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use helmdesk_domain::platform::webhooks::{self as rules, ChatMessage, DeliveryStatus, WebhookEvent, WebhookFormat};
use helmdesk_domain::validate;
use helmdesk_store::StoreError;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::webhooks::{Attempt, DeliveryRow, NewDelivery, WebhookFields, WebhookRow};
use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::platform::access::Permission;
use crate::{Actor, App, AppError, Page, decode_cursor, encode_cursor, ts};

/// The job that makes one attempt at a delivery (payload `{"id": N}`).
pub const DELIVER_JOB: &str = "webhook.deliver";
/// Attempts at a delivery before it is marked failed.
pub const ATTEMPTS: i64 = 8;
/// The settings document's name in `app_settings`.
const SETTINGS_NAME: &str = "webhooks";
/// How long one attempt may take, connecting and answering.
const TIMEOUT: Duration = Duration::from_secs(10);
/// How much of a response is kept in the log, in bytes.
const RESPONSE_KEEP: usize = 2048;
/// The longest URL accepted.
const URL_MAX: usize = 2000;
/// The longest secret accepted.
const SECRET_MAX: usize = 500;

helmdesk_domain::document_as!(
    /// A webhook's address: `http` or `https`, at most 2,000 characters.
    WebhookUrl => helmdesk_domain::validate::schema::at_most(URL_MAX)
);
helmdesk_domain::document_as!(
    /// The key a webhook's bodies are signed with, at most 500 characters.
    WebhookSecret => helmdesk_domain::validate::schema::at_most(SECRET_MAX)
);
/// Most hosts the allowlist holds.
const ALLOWED_HOSTS_MAX: usize = 100;
/// Deliveries shown per page, at most.
const PAGE_MAX: i64 = 200;

/// A webhook, as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: i64,
    pub name: String,
    /// Where events are posted.
    pub url: String,
    pub format: WebhookFormat,
    /// The events posted.
    pub events: Vec<WebhookEvent>,
    /// Whether a signing secret is stored (used by the `helmdesk` format).
    pub secret_set: bool,
    pub active: bool,
    /// Events of tickets of this organisation and its subsidiaries only; null: of every
    /// organisation.
    pub organisation_id: Option<i64>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
}

impl Webhook {
    fn of(row: WebhookRow) -> Result<Webhook, AppError> {
        Ok(Webhook {
            id: row.id,
            format: row.format.parse()?,
            events: events_of(&row)?,
            secret_set: row.secret_secret.is_some(),
            name: row.name,
            url: row.url,
            active: row.active,
            organisation_id: row.organisation_id,
            created_at: ts(row.created_at),
            updated_at: ts(row.updated_at),
        })
    }
}

fn events_of(row: &WebhookRow) -> Result<Vec<WebhookEvent>, AppError> {
    serde_json::from_str(&row.events).map_err(|e| AppError::Internal(format!("events of webhook {}: {e}", row.id)))
}

/// A webhook as the administrator writes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// `http` or `https`, without user info; the host must resolve to public addresses
    /// unless it is in the allowed hosts.
    #[schema(value_type = WebhookUrl)]
    pub url: String,
    /// Default `helmdesk`.
    #[serde(default)]
    pub format: Option<WebhookFormat>,
    /// The events to post (not `ping`); may be empty for a webhook only automation
    /// rules call.
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
    /// Write-only: the key `helmdesk` bodies are signed with.
    #[serde(default)]
    #[schema(value_type = Option<WebhookSecret>)]
    pub secret: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    /// Post only events of tickets of this organisation and its subsidiaries (default:
    /// every organisation).
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

fn yes() -> bool {
    true
}

/// Changes to a webhook; absent fields stay.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookPatch {
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    #[schema(value_type = Option<WebhookUrl>)]
    pub url: Option<String>,
    pub format: Option<WebhookFormat>,
    pub events: Option<Vec<WebhookEvent>>,
    /// Write-only: a new secret; an empty one removes the stored one.
    #[schema(value_type = Option<WebhookSecret>)]
    pub secret: Option<String>,
    pub active: Option<bool>,
    /// `null`: every organisation.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

/// One delivery of an event to a webhook, with how its last attempt went.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WebhookDelivery {
    pub id: i64,
    pub webhook_id: i64,
    pub event: WebhookEvent,
    /// The body, exactly as sent.
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i64,
    /// The HTTP status of the last response, if one came.
    pub response_status: Option<i64>,
    /// The first 2 KB of the last response.
    pub response_body: Option<String>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub delivered_at: Option<DateTime<Utc>>,
}

impl TryFrom<DeliveryRow> for WebhookDelivery {
    type Error = AppError;

    fn try_from(r: DeliveryRow) -> Result<Self, AppError> {
        Ok(WebhookDelivery {
            id: r.id,
            webhook_id: r.webhook_id,
            event: r.event.parse().map_err(AppError::stored)?,
            payload: r.payload,
            status: r.status.parse().map_err(AppError::stored)?,
            attempts: r.attempts,
            response_status: r.response_status,
            response_body: r.response_body,
            last_error: r.last_error,
            created_at: ts(r.created_at),
            delivered_at: r.delivered_at.map(ts),
        })
    }
}

/// The webhook settings: hosts whose targets skip the address check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WebhookSettings {
    /// Host names or IP addresses (as written in webhook URLs, without port) that may be
    /// private, loopback or link-local, e.g. an intranet chat server. At most 100.
    pub allowed_hosts: Vec<String>,
}

/// Why a target may not be posted to, or could not be checked.
#[derive(Debug, Clone, PartialEq)]
enum TargetError {
    /// The URL or an address of its host is not allowed; trying again will not help.
    Refused(String),
    /// The host could not be resolved now.
    Unresolved(String),
}

impl TargetError {
    fn text(&self) -> &str {
        match self {
            TargetError::Refused(t) | TargetError::Unresolved(t) => t,
        }
    }
}

/// A target that passed the check: the URL, and the addresses its host resolved to.
#[derive(Debug)]
struct Target {
    url: Url,
    addrs: Vec<SocketAddr>,
}

/// The URL rules that need no lookup: scheme, user info, host, length.
fn parse_url(text: &str) -> Result<Url, TargetError> {
    let refused = |why: &str| Err(TargetError::Refused(why.to_string()));
    let text = text.trim();
    if text.is_empty() {
        return refused("must not be empty");
    }
    if text.len() > URL_MAX {
        return refused(&format!("must be at most {URL_MAX} characters"));
    }
    let Ok(url) = Url::parse(text) else { return refused("is not a URL") };
    if !matches!(url.scheme(), "http" | "https") {
        return refused("must start with http:// or https://");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refused("must not contain a user name or password");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return refused("must name a host");
    }
    Ok(url)
}

/// A host as the allowlist compares it: lower case, IP addresses in their usual form,
/// without brackets or a final dot.
fn normal_host(host: &str) -> Option<String> {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_lowercase();
    if let Ok(ip) = h.parse::<IpAddr>() {
        return Some(ip.to_string());
    }
    if h.is_empty() || h.len() > 253 || h.contains(|c: char| c.is_whitespace() || "/@?#:\\%".contains(c)) {
        return None;
    }
    let url = Url::parse(&format!("http://{h}/")).ok()?;
    Some(url_host(&url))
}

/// The URL's host as the allowlist compares it: a name lower case without a final dot,
/// an address in its usual form (the URL parser has read `0x7f.1` as `127.0.0.1`).
fn url_host(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => host.trim_end_matches('.').to_lowercase(),
    }
}

/// The URL's host when it is a name (not an address), as DNS is asked.
fn url_domain(url: &Url) -> Option<&str> {
    let host = url.host_str()?;
    (!host.starts_with('[') && host.parse::<IpAddr>().is_err()).then_some(host)
}

/// Refuses `addrs` (what `host` resolved to) when any of them is forbidden.
fn check_addresses(host: &str, addrs: &[SocketAddr]) -> Result<(), TargetError> {
    let allow = "; an administrator can allow this host in the webhook settings";
    for a in addrs {
        if let Some(why) = rules::forbidden_reason(a.ip()) {
            let ip = a.ip().to_string();
            let text = if ip == host {
                format!("{ip} is {why}{allow}")
            } else {
                format!("{host} resolves to {ip}, {why}{allow}")
            };
            return Err(TargetError::Refused(text));
        }
    }
    Ok(())
}

/// Checks a target: its URL, then every address its host resolves to, unless the host is
/// allowed by name.
async fn check_target(text: &str, allowed: &[String]) -> Result<Target, TargetError> {
    let url = parse_url(text)?;
    let host = url_host(&url);
    let port = url.port_or_known_default().unwrap_or(80);
    let lookup_host = url_domain(&url).map(str::to_string).unwrap_or_else(|| host.clone());
    let addrs: Vec<SocketAddr> =
        match tokio::time::timeout(TIMEOUT, tokio::net::lookup_host((lookup_host.as_str(), port))).await {
            Ok(Ok(found)) => found.collect(),
            Ok(Err(e)) => return Err(TargetError::Unresolved(format!("{host} could not be resolved: {e}"))),
            Err(_) => return Err(TargetError::Unresolved(format!("{host} could not be resolved in time"))),
        };
    if addrs.is_empty() {
        return Err(TargetError::Unresolved(format!("{host} has no addresses")));
    }
    if !allowed.contains(&host) {
        check_addresses(&host, &addrs)?;
    }
    Ok(Target { url, addrs })
}

/// An error and its causes, in one line ("error sending request: ... connection refused").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

/// How one attempt went, and whether another may follow.
struct Tried {
    attempt: Attempt,
    retry: bool,
}

impl Tried {
    fn failed(error: String, retry: bool) -> Tried {
        Tried { attempt: Attempt { error: Some(error), ..Attempt::default() }, retry }
    }
}

/// Reads at most [`RESPONSE_KEEP`] bytes of a response.
async fn response_start(mut response: reqwest::Response) -> String {
    let mut bytes = Vec::new();
    while bytes.len() < RESPONSE_KEEP {
        match response.chunk().await {
            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
            _ => break,
        }
    }
    bytes.truncate(RESPONSE_KEEP);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A deliver job, with as many attempts as a delivery has.
fn deliver_job(id: i64, now: i64) -> NewJob {
    NewJob { max_attempts: ATTEMPTS, ..NewJob::now(DELIVER_JOB, json!({ "id": id }), now) }
}

/// What an event is about, as the module it belongs to tells it: its record's JSON (under
/// `key` in Helmdesk bodies), the organisation the record belongs to (a webhook hears only
/// of its organisations' records), and the chat message that announces it.
pub struct EventSubject {
    pub key: &'static str,
    pub organisation_id: i64,
    pub record: Value,
    pub chat: ChatMessage,
}

/// One event as every format tells it: its record's JSON under `key` (`ticket`: null for
/// `ping`), the chat message, and the caller's data.
struct EventBody {
    event: WebhookEvent,
    occurred_at: String,
    key: &'static str,
    record: Value,
    chat: ChatMessage,
    data: Value,
}

impl EventBody {
    /// The delivery of this event to `hook`, its body written once its id is known.
    fn delivery(&self, hook: &WebhookRow) -> Result<NewDelivery, AppError> {
        let format: WebhookFormat = hook.format.parse()?;
        let body: Box<dyn FnOnce(i64) -> String + Send> = match format {
            WebhookFormat::Helmdesk => {
                let mut doc = json!({
                    "event": self.event.as_str(),
                    "occurred_at": self.occurred_at,
                    "data": self.data,
                });
                doc[self.key] = self.record.clone();
                Box::new(move |id| {
                    doc["id"] = json!(id);
                    doc.to_string()
                })
            }
            WebhookFormat::Slack => {
                let text = json!(rules::slack(&self.chat)).to_string();
                Box::new(move |_| text)
            }
            WebhookFormat::Teams => {
                let text = json!(rules::teams(&self.chat)).to_string();
                Box::new(move |_| text)
            }
        };
        Ok(NewDelivery { webhook_id: hook.id, event: self.event.as_str().into(), payload: body })
    }
}

impl App {
    /// The webhook settings in force (none allowed until an administrator saves some).
    async fn stored_webhook_settings(&self) -> Result<WebhookSettings, AppError> {
        match self.store().app_setting(SETTINGS_NAME).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| AppError::Internal(format!("webhook settings: {e}"))),
            None => Ok(WebhookSettings::default()),
        }
    }

    /// The webhook settings (administrators).
    pub async fn webhook_settings(&self, actor: &Actor) -> Result<WebhookSettings, AppError> {
        actor.require(Permission::Administer)?;
        self.stored_webhook_settings().await
    }

    /// Replaces the webhook settings (administrators). Hosts are kept lower case, IP
    /// addresses in their usual form, each once.
    pub async fn set_webhook_settings(
        &self,
        actor: &Actor,
        input: WebhookSettings,
    ) -> Result<WebhookSettings, AppError> {
        actor.require(Permission::Administer)?;
        let mut hosts: Vec<String> = Vec::new();
        for h in input.allowed_hosts.iter().filter(|h| !h.trim().is_empty()) {
            let host = normal_host(h).ok_or_else(|| {
                AppError::invalid(
                    "allowed_hosts",
                    format!("{:?} is not a host name or an IP address (no port)", h.trim()),
                )
            })?;
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
        if hosts.len() > ALLOWED_HOSTS_MAX {
            return Err(AppError::invalid("allowed_hosts", format!("at most {ALLOWED_HOSTS_MAX} hosts")));
        }
        let settings = WebhookSettings { allowed_hosts: hosts };
        let json = serde_json::to_string(&settings).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store().put_app_setting(SETTINGS_NAME, &json, self.now_micros()).await?;
        Ok(settings)
    }

    /// Every webhook, by name (administrators).
    pub async fn webhooks(&self, actor: &Actor) -> Result<Vec<Webhook>, AppError> {
        actor.require(Permission::Administer)?;
        self.store().webhooks().await?.into_iter().map(Webhook::of).collect()
    }

    /// One webhook (administrators).
    pub async fn webhook(&self, actor: &Actor, id: i64) -> Result<Webhook, AppError> {
        actor.require(Permission::Administer)?;
        Webhook::of(self.store().webhook(id).await?)
    }

    /// Adds a webhook (administrators); its target must pass the address check.
    pub async fn create_webhook(&self, actor: &Actor, input: WebhookInput) -> Result<Webhook, AppError> {
        actor.require(Permission::Administer)?;
        let secret = match input.secret.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(self.seal_webhook_secret(s)?),
            None => None,
        };
        let fields = self
            .webhook_fields(
                actor,
                WebhookDraft {
                    name: &input.name,
                    url: &input.url,
                    format: input.format.unwrap_or(WebhookFormat::Helmdesk),
                    events: &input.events,
                    secret_secret: secret,
                    active: input.active,
                    organisation_id: input.organisation_id,
                },
            )
            .await?;
        let saved = self.store().create_webhook(&fields, self.now_micros()).await;
        self.forget_listeners();
        match saved {
            Err(StoreError::Conflict(_)) => Err(AppError::invalid("name", "another webhook has this name")),
            other => Webhook::of(other?),
        }
    }

    /// Changes a webhook (administrators); a changed target must pass the address check.
    pub async fn update_webhook(&self, actor: &Actor, id: i64, patch: WebhookPatch) -> Result<Webhook, AppError> {
        actor.require(Permission::Administer)?;
        let row = self.store().webhook(id).await?;
        let secret = match patch.secret.as_deref() {
            Some("") => None,
            Some(s) => Some(self.seal_webhook_secret(s)?),
            None => row.secret_secret.clone(),
        };
        let events = match patch.events {
            Some(e) => e,
            None => events_of(&row)?,
        };
        let fields = self
            .webhook_fields(
                actor,
                WebhookDraft {
                    name: patch.name.as_deref().unwrap_or(&row.name),
                    url: patch.url.as_deref().unwrap_or(&row.url),
                    format: patch.format.map(Ok).unwrap_or_else(|| row.format.parse())?,
                    events: &events,
                    secret_secret: secret,
                    active: patch.active.unwrap_or(row.active),
                    organisation_id: patch.organisation_id.unwrap_or(row.organisation_id),
                },
            )
            .await?;
        let saved = self.store().update_webhook(id, &fields, self.now_micros()).await;
        self.forget_listeners();
        match saved {
            Err(StoreError::Conflict(_)) => Err(AppError::invalid("name", "another webhook has this name")),
            other => Webhook::of(other?),
        }
    }

    /// Removes a webhook and its delivery log (administrators).
    pub async fn delete_webhook(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(Permission::Administer)?;
        self.store().delete_webhook(id).await?;
        self.forget_listeners();
        Ok(())
    }

    /// A webhook's deliveries, newest first, a page at a time (administrators). `limit` is
    /// 1 to 200.
    pub async fn webhook_deliveries(
        &self,
        actor: &Actor,
        webhook_id: i64,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<WebhookDelivery>, AppError> {
        actor.require(Permission::Administer)?;
        self.store().webhook(webhook_id).await?;
        if !(1..=PAGE_MAX).contains(&limit) {
            return Err(AppError::invalid("limit", format!("must be between 1 and {PAGE_MAX}")));
        }
        let before = cursor.map(decode_cursor).transpose()?;
        let mut rows = self.store().deliveries(webhook_id, before, limit + 1).await?;
        let next_cursor = if rows.len() as i64 > limit {
            rows.truncate(limit as usize);
            rows.last().map(|r| encode_cursor(r.id))
        } else {
            None
        };
        let items = rows.into_iter().map(WebhookDelivery::try_from).collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// Sends a `ping` to a webhook now, once, whether it is active or not (administrators);
    /// the attempt is logged like any delivery and returned.
    pub async fn test_webhook(&self, actor: &Actor, id: i64) -> Result<WebhookDelivery, AppError> {
        actor.require(Permission::Administer)?;
        let hook = self.store().webhook(id).await?;
        let base = self.settings().public_url.trim_end_matches('/').to_string();
        let body = EventBody {
            event: WebhookEvent::Ping,
            occurred_at: self.now().to_rfc3339_opts(SecondsFormat::Secs, true),
            key: "ticket",
            record: Value::Null,
            chat: ChatMessage {
                headline: WebhookEvent::Ping.label().into(),
                title: format!("Helmdesk can reach the webhook “{}”", hook.name),
                url: Some(base),
                ..ChatMessage::default()
            },
            data: json!({ "webhook_id": hook.id, "name": hook.name }),
        };
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        let delivery_id = self.store().insert_delivery(&mut tx, body.delivery(&hook)?, now).await?;
        tx.commit().await?;
        let delivery = self.store().delivery(delivery_id).await?;
        let tried = self.attempt(&hook, &delivery).await;
        let attempt = Attempt { gave_up: true, ..tried.attempt };
        self.store().delivery_attempted(delivery_id, &attempt, self.now_micros()).await?.try_into()
    }

    /// The active webhooks subscribed to `event` (one of `domain::webhooks::WebhookEvent`'s
    /// names). Without one, this is one small read, and the module need not build the
    /// event's subject.
    pub async fn webhooks_hearing(&self, event: &str) -> Result<(WebhookEvent, Vec<WebhookRow>), AppError> {
        let event: WebhookEvent = event.parse()?;
        let hooks = self
            .store()
            .active_webhooks_for(event.as_str())
            .await?
            .into_iter()
            .filter(|h| events_of(h).is_ok_and(|e| e.contains(&event)))
            .collect();
        Ok((event, hooks))
    }

    /// The webhook `id` when it is active, whatever it subscribes to (an automation rule's
    /// "call webhook" action), with the event named.
    pub async fn webhook_called(&self, id: i64, event: &str) -> Result<(WebhookEvent, Vec<WebhookRow>), AppError> {
        let event: WebhookEvent = event.parse()?;
        let hook = self.store().webhook(id).await?;
        Ok((event, if hook.active { vec![hook] } else { Vec::new() }))
    }

    /// Queues the deliveries of an event about `subject` to those of `hooks` whose
    /// organisations hold the subject's, in one transaction. `data` is added to Helmdesk
    /// bodies as it is, and its `summary` (a string, if any) becomes the detail line of
    /// chat messages.
    pub async fn queue_webhook_event(
        &self,
        hooks: &[WebhookRow],
        event: WebhookEvent,
        subject: EventSubject,
        data: Value,
    ) -> Result<(), AppError> {
        let above = self.ticket_above(subject.organisation_id).await?;
        let hooks: Vec<&WebhookRow> =
            hooks.iter().filter(|h| h.organisation_id.is_none_or(|o| above.contains(&o))).collect();
        if hooks.is_empty() {
            return Ok(());
        }
        let mut chat = subject.chat;
        chat.headline = event.label().into();
        chat.detail = data.get("summary").and_then(Value::as_str).map(str::to_string);
        let body = EventBody {
            event,
            occurred_at: self.now().to_rfc3339_opts(SecondsFormat::Secs, true),
            key: subject.key,
            record: subject.record,
            chat,
            data,
        };
        let deliveries = hooks.into_iter().map(|h| body.delivery(h)).collect::<Result<Vec<_>, _>>()?;
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        self.store().queue_deliveries(&mut tx, deliveries, |id| deliver_job(id, now), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes one attempt at a queued delivery (the `webhook.deliver` job). An error makes
    /// the job retry; the last attempt, a refused target or a webhook switched off mark
    /// the delivery failed.
    pub async fn deliver_webhook(&self, delivery_id: i64) -> Result<(), AppError> {
        let delivery = match self.store().delivery(delivery_id).await {
            Ok(d) if d.status == "queued" => d,
            Ok(_) | Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let hook = match self.store().webhook(delivery.webhook_id).await {
            Ok(h) => h,
            Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let tried = if hook.active {
            self.attempt(&hook, &delivery).await
        } else {
            Tried::failed("the webhook is switched off".into(), false)
        };
        let retry = tried.retry && delivery.attempts + 1 < ATTEMPTS;
        let attempt = Attempt { gave_up: !retry, ..tried.attempt };
        let error = attempt.error.clone();
        self.store().delivery_attempted(delivery_id, &attempt, self.now_micros()).await?;
        match error {
            Some(e) if retry => {
                Err(AppError::Internal(format!("webhook delivery {delivery_id} failed, will retry: {e}")))
            }
            _ => Ok(()),
        }
    }

    /// One attempt at posting a delivery's body to its webhook. Something broken on our
    /// side (a secret sealed under another key) is logged with the attempt, like a failure
    /// of the target, so that the delivery never waits for a job that gave up.
    async fn attempt(&self, hook: &WebhookRow, delivery: &DeliveryRow) -> Tried {
        match self.try_attempt(hook, delivery).await {
            Ok(tried) => tried,
            Err(e) => {
                tracing::warn!(delivery = delivery.id, error = %e, "webhook delivery could not be attempted");
                Tried::failed(e.to_string(), true)
            }
        }
    }

    /// One attempt: the target checked again, the connection pinned to the addresses
    /// checked, no redirects, signed when the webhook speaks Helmdesk JSON and has a
    /// secret.
    async fn try_attempt(&self, hook: &WebhookRow, delivery: &DeliveryRow) -> Result<Tried, AppError> {
        let allowed = self.stored_webhook_settings().await?.allowed_hosts;
        let target = match check_target(&hook.url, &allowed).await {
            Ok(t) => t,
            Err(e @ TargetError::Refused(_)) => return Ok(Tried::failed(e.text().to_string(), false)),
            Err(e @ TargetError::Unresolved(_)) => return Ok(Tried::failed(e.text().to_string(), true)),
        };
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static("Helmdesk-Webhooks"));
        let header = |v: &str| HeaderValue::from_str(v).map_err(|e| AppError::Internal(e.to_string()));
        headers.insert("x-helmdesk-event", header(&delivery.event)?);
        headers.insert("x-helmdesk-delivery", header(&delivery.id.to_string())?);
        if let (Ok(WebhookFormat::Helmdesk), Some(sealed)) = (hook.format.parse(), &hook.secret_secret) {
            let secret = self.secret_key().open(sealed)?;
            let timestamp = self.now().timestamp();
            headers.insert("x-helmdesk-timestamp", header(&timestamp.to_string())?);
            let signature = rules::signature_header(&secret, timestamp, &delivery.payload);
            headers.insert("x-helmdesk-signature", header(&signature)?);
        }
        let mut client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .no_proxy()
            .default_headers(headers);
        if let Some(domain) = url_domain(&target.url) {
            client = client.resolve_to_addrs(domain, &target.addrs);
        }
        let client = client.build().map_err(|e| AppError::Internal(format!("webhook client: {e}")))?;
        let response = match client.post(target.url).body(delivery.payload.clone()).send().await {
            Ok(r) => r,
            Err(e) => return Ok(Tried::failed(error_chain(&e), true)),
        };
        let status = response.status();
        let body = response_start(response).await;
        let attempt = Attempt {
            response_status: Some(i64::from(status.as_u16())),
            response_body: Some(body),
            error: (!status.is_success()).then(|| format!("the target answered {status}")),
            gave_up: false,
        };
        Ok(Tried { retry: !status.is_success(), attempt })
    }

    /// A secret sealed for storage, once checked.
    fn seal_webhook_secret(&self, secret: &str) -> Result<String, AppError> {
        if secret.chars().count() > SECRET_MAX {
            return Err(AppError::invalid("secret", format!("must be at most {SECRET_MAX} characters")));
        }
        if secret.chars().any(char::is_control) {
            return Err(AppError::invalid("secret", "must not contain control characters"));
        }
        Ok(self.secret_key().seal(secret))
    }

    /// Checks what an administrator wrote, the target's addresses included.
    async fn webhook_fields(&self, actor: &Actor, draft: WebhookDraft<'_>) -> Result<WebhookFields, AppError> {
        let WebhookDraft { name, url, format, events, secret_secret, active, organisation_id } = draft;
        let organisation_id = self.checked_scope(actor, organisation_id).await?;
        let name = validate::name("name", name)?;
        if events.contains(&WebhookEvent::Ping) {
            return Err(AppError::invalid("events", "ping is sent by the test button only"));
        }
        let mut list: Vec<WebhookEvent> = Vec::new();
        for e in events {
            if !list.contains(e) {
                list.push(*e);
            }
        }
        let allowed = self.stored_webhook_settings().await?.allowed_hosts;
        let target = check_target(url, &allowed).await.map_err(|e| AppError::invalid("url", e.text()))?;
        Ok(WebhookFields {
            name,
            url: target.url.to_string(),
            format: format.as_str().into(),
            events: serde_json::to_string(&list).map_err(|e| AppError::Internal(e.to_string()))?,
            secret_secret,
            active,
            organisation_id,
        })
    }
}

/// A webhook as written, before it is checked.
struct WebhookDraft<'a> {
    name: &'a str,
    url: &'a str,
    format: WebhookFormat,
    events: &'a [WebhookEvent],
    secret_secret: Option<String>,
    active: bool,
    organisation_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(r: Result<Url, TargetError>) -> String {
        match r {
            Err(TargetError::Refused(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn only_plain_http_urls_with_a_host_and_no_user_info_are_targets() {
        assert_eq!(parse_url("https://hooks.example.com/a?b=1").unwrap().as_str(), "https://hooks.example.com/a?b=1");
        assert!(refused(parse_url("file:///etc/passwd")).contains("http"));
        assert!(refused(parse_url("gopher://example.com:70/_x")).contains("http"));
        assert!(refused(parse_url("ftp://example.com/")).contains("http"));
        assert!(refused(parse_url("https://user:pw@example.com/")).contains("user name"));
        assert!(refused(parse_url("https://user@example.com/")).contains("user name"));
        assert!(refused(parse_url("not a url")).contains("URL"));
        assert!(refused(parse_url("")).contains("empty"));
        assert!(refused(parse_url(&format!("https://example.com/{}", "a".repeat(2000)))).contains("2000"));
    }

    #[test]
    fn odd_spellings_of_an_address_are_read_as_the_address() {
        assert_eq!(url_host(&parse_url("http://0x7f.1/").unwrap()), "127.0.0.1");
        assert_eq!(url_host(&parse_url("http://2130706433/").unwrap()), "127.0.0.1");
        assert_eq!(url_host(&parse_url("http://[::FFFF:7f00:1]/").unwrap()), "::ffff:127.0.0.1");
        assert_eq!(url_host(&parse_url("http://Hooks.Example.COM./x").unwrap()), "hooks.example.com");
    }

    #[test]
    fn allowed_hosts_are_compared_in_one_form() {
        assert_eq!(normal_host(" Intranet.Example. ").as_deref(), Some("intranet.example"));
        assert_eq!(normal_host("[::1]").as_deref(), Some("::1"));
        assert_eq!(normal_host("0:0:0:0:0:0:0:1").as_deref(), Some("::1"));
        assert_eq!(normal_host("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(normal_host("0x7f.1").as_deref(), Some("127.0.0.1"));
        for bad in ["", "host:8080", "a b", "user@host", "host/path", "http://host"] {
            assert_eq!(normal_host(bad), None, "{bad}");
        }
    }

    #[test]
    fn any_forbidden_address_of_a_host_refuses_it_and_says_why() {
        let a = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert!(check_addresses("hooks.example.com", &[a("93.184.216.34:443")]).is_ok());
        let mixed = check_addresses("hooks.example.com", &[a("93.184.216.34:443"), a("10.0.0.7:443")]);
        let Err(TargetError::Refused(why)) = mixed else { panic!("{mixed:?}") };
        assert!(why.starts_with("hooks.example.com resolves to 10.0.0.7, a private address"), "{why}");
        let Err(TargetError::Refused(why)) = check_addresses("169.254.169.254", &[a("169.254.169.254:80")]) else {
            panic!()
        };
        assert!(why.starts_with("169.254.169.254 is a cloud metadata address"), "{why}");
    }
}
