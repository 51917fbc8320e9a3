//! Ticket events for outbound webhooks ([`crate::platform::webhooks`]): the ticket as a
//! webhook body shows it and the chat message that announces it.

use chrono::SecondsFormat;
use helmdesk_domain::TicketStatus;
use helmdesk_domain::platform::webhooks::ChatMessage;
use helmdesk_domain::platform::webhooks::WebhookEvent;
use helmdesk_domain::service_desk::tickets::priority_label;
use helmdesk_store::StoreError;
use helmdesk_store::platform::webhooks::WebhookRow;
use helmdesk_store::service_desk::tickets::TicketView;
use serde_json::{Value, json};

use crate::platform::webhooks::EventSubject;
use crate::{App, AppError, ts};

/// The ticket as a webhook body shows it.
fn ticket_json(v: &TicketView, url: &str) -> Value {
    let t = &v.ticket;
    let named = |id: Option<i64>, name: &Option<String>| match (id, name) {
        (Some(id), Some(name)) => json!({ "id": id, "name": name }),
        _ => Value::Null,
    };
    json!({
        "id": t.id,
        "number": t.number,
        "kind": t.kind,
        "subject": t.subject,
        "status": t.status,
        "priority": t.priority,
        "requester": { "id": t.requester_id, "name": v.requester_name, "email": v.requester_email },
        "organisation": { "id": t.organisation_id, "name": v.organisation_name },
        "assignee": named(t.assignee_id, &v.assignee_name),
        "team": named(t.team_id, &v.team_name),
        "created_at": ts(t.created_at).to_rfc3339_opts(SecondsFormat::Secs, true),
        "updated_at": ts(t.updated_at).to_rfc3339_opts(SecondsFormat::Secs, true),
        "url": url,
    })
}

/// The chat message of a ticket event (its headline and detail come from the event).
fn ticket_chat(v: &TicketView, url: &str) -> ChatMessage {
    let t = &v.ticket;
    let number = t.number.clone().unwrap_or_else(|| format!("#{}", t.id));
    let status = t.status.parse::<TicketStatus>().map(|s| s.label().to_string()).unwrap_or_else(|_| t.status.clone());
    let mut facts = vec![
        priority_label(u8::try_from(t.priority).unwrap_or(5)).to_string(),
        format!("Status: {status}"),
        match &v.assignee_name {
            Some(a) => format!("Assignee: {a}"),
            None => "Unassigned".to_string(),
        },
    ];
    if let Some(team) = &v.team_name {
        facts.push(format!("Team: {team}"));
    }
    facts.push(format!("Requester: {}", v.requester_name));
    ChatMessage {
        title: format!("{number} {}", t.subject),
        url: Some(url.to_string()),
        facts,
        ..ChatMessage::default()
    }
}

impl App {
    /// Queues the deliveries of ticket event `event` (one of
    /// `domain::webhooks::WebhookEvent`'s names) to every active webhook subscribed to it
    /// whose organisations hold the ticket's. Without a subscribed webhook this is one
    /// small read.
    pub async fn webhook_event(&self, event: &str, ticket_id: i64, data: Value) -> Result<(), AppError> {
        let (event, hooks) = self.webhooks_hearing(event).await?;
        self.tell_webhooks(&hooks, event, ticket_id, data).await
    }

    /// Queues the delivery of a ticket event to one webhook, whatever it subscribes to (an
    /// automation rule's "call webhook" action); nothing when it is inactive.
    pub async fn call_webhook(
        &self,
        webhook_id: i64,
        event: &str,
        ticket_id: i64,
        data: Value,
    ) -> Result<(), AppError> {
        let (event, hooks) = self.webhook_called(webhook_id, event).await?;
        self.tell_webhooks(&hooks, event, ticket_id, data).await
    }

    async fn tell_webhooks(
        &self,
        hooks: &[WebhookRow],
        event: WebhookEvent,
        ticket_id: i64,
        data: Value,
    ) -> Result<(), AppError> {
        if hooks.is_empty() {
            return Ok(());
        }
        let view = match self.store().ticket(ticket_id).await {
            Ok(v) => v,
            Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let url = format!("{}/tickets/{}", self.settings().public_url.trim_end_matches('/'), ticket_id);
        let subject = EventSubject {
            key: "ticket",
            organisation_id: view.ticket.organisation_id,
            record: ticket_json(&view, &url),
            chat: ticket_chat(&view, &url),
        };
        self.queue_webhook_event(hooks, event, subject, data).await
    }
}
