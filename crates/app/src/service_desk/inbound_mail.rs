//! Received messages turned into tickets and replies (the `mail.process` job).
//!
//! Processing reads a stored message ([`crate::platform::mail::inbound`]), and either files
//! a ticket, adds a public reply to the ticket it answers, or records why it did neither:
//! machine mail (auto-replies, bounces, lists) and mail from Helmdesk's own addresses is
//! `ignored`, as is a sender over the hourly limit; a sender the policy does not admit is
//! `rejected`; a message that is not mail, or whose processing failed [`ATTEMPTS`] times,
//! is `failed`.

use helmdesk_domain::platform::mail::{floods, reply_text, ticket_number_in};
use helmdesk_domain::{Role, TicketStatus};
use helmdesk_mail::inbound::{Inbound, Limits};
use helmdesk_store::StoreError;
use helmdesk_store::platform::mail::{InboundOutcome, InboundRow};
use helmdesk_store::platform::users::{NewUser, UserRow};

use crate::platform::mail::{ATTEMPTS, MailSettings};
use crate::service_desk::tickets::{NewComment, NewTicket};
use crate::{Actor, App, AppError};

/// How far back the flood limit counts.
const HOUR_MICROS: i64 = 3_600_000_000;
/// The longest ticket description or reply kept from a message, in characters.
const TEXT_MAX: usize = 100_000;
/// Files left out that a ticket's text names one by one.
const SKIPPED_NAMED: usize = 10;

/// How a message was handled: its outcome, and the message ids that now thread onto its
/// ticket.
struct Handled {
    outcome: InboundOutcome,
    thread_ids: Vec<String>,
}

impl Handled {
    fn with(status: &str, outcome: impl Into<String>, message: &Inbound) -> Handled {
        Handled {
            outcome: InboundOutcome {
                status: status.into(),
                outcome: outcome.into(),
                ticket_id: None,
                sender: message.sender.as_ref().map(|s| s.address.clone()),
                subject: Some(message.subject.clone()).filter(|s| !s.is_empty()),
                message_id: message.message_id.clone(),
            },
            thread_ids: Vec::new(),
        }
    }

    fn on_ticket(mut self, ticket_id: i64, message: &Inbound) -> Handled {
        self.outcome.ticket_id = Some(ticket_id);
        self.thread_ids.extend(message.message_id.clone());
        self
    }
}

impl App {
    /// Processes a stored message (the `mail.process` job). An error makes the job retry;
    /// after [`ATTEMPTS`] the message is marked failed with the reason.
    pub async fn process_inbound(&self, id: i64) -> Result<(), AppError> {
        let row = match self.store().inbound(id).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let Some(sha) = row.raw_sha256.clone().filter(|_| row.status == "received") else { return Ok(()) };
        let attempts = self.store().inbound_attempted(id).await?;
        match self.handle_message(&row, &sha).await {
            Ok(handled) => {
                self.store().finish_inbound(id, &handled.outcome, &handled.thread_ids, self.now_micros()).await?;
                Ok(())
            }
            Err(e) if attempts < ATTEMPTS && e.is_transient() => Err(e),
            Err(e) => {
                let outcome = InboundOutcome { status: "failed".into(), outcome: e.to_string(), ..Default::default() };
                self.store().finish_inbound(id, &outcome, &[], self.now_micros()).await?;
                Ok(())
            }
        }
    }

    async fn handle_message(&self, row: &InboundRow, sha: &str) -> Result<Handled, AppError> {
        let raw = self.store().blob(sha).await?;
        let limits = Limits { max_attachment_bytes: self.settings().max_attachment_bytes, max_attachments: 100 };
        let read = tokio::task::spawn_blocking(move || helmdesk_mail::inbound::read(&raw, limits))
            .await
            .map_err(|e| AppError::Internal(format!("reading the message crashed: {e}")))?;
        let message = match read {
            Ok(m) => m,
            Err(e) => return Ok(Handled::with("failed", e.to_string(), &Inbound::default())),
        };
        let (settings, _) = self.stored_mail_settings().await?;
        if let Some(why) = &message.automatic {
            return Ok(Handled::with("ignored", format!("{why}: no ticket, no reply"), &message));
        }
        let Some(sender) = message.sender.clone() else {
            return Ok(Handled::with("rejected", "the message names no usable sender address", &message));
        };
        if self.is_own_address(&sender.address, &settings).await? {
            return Ok(Handled::with("ignored", "sent by one of Helmdesk's own addresses (a mail loop)", &message));
        }
        if let Some(ticket) = self.ticket_of_duplicate(&message).await? {
            let handled = Handled::with("ignored", "a copy of a message already on this ticket", &message);
            return Ok(Handled {
                outcome: InboundOutcome { ticket_id: Some(ticket), ..handled.outcome },
                thread_ids: vec![],
            });
        }
        let since = self.now_micros() - HOUR_MICROS;
        let recent = self.store().processed_from_since(&sender.address, since).await?;
        if floods(recent, settings.flood_limit_per_hour) {
            let why = format!("throttled: {recent} messages from this sender in the last hour");
            return Ok(Handled::with("ignored", why, &message));
        }
        let Some(actor) = self.requester_for(&sender, &settings, &message).await? else {
            let why = format!(
                "the sender is not allowed to open tickets by mail (policy: {})",
                settings.requester_policy.as_str()
            );
            return Ok(Handled::with("rejected", why, &message));
        };
        if let Some(handled) = self.thread_reply(&actor, &message, row).await? {
            return Ok(handled);
        }
        self.file_from_mail(&actor, &message).await
    }

    async fn is_own_address(&self, address: &str, settings: &MailSettings) -> Result<bool, AppError> {
        if settings.outgoing.as_ref().is_some_and(|o| o.from_address.eq_ignore_ascii_case(address)) {
            return Ok(true);
        }
        Ok(self.store().mailboxes().await?.iter().any(|m| m.address.eq_ignore_ascii_case(address)))
    }

    /// The ticket a message with this Message-ID is on already (delivered twice).
    async fn ticket_of_duplicate(&self, message: &Inbound) -> Result<Option<i64>, AppError> {
        match &message.message_id {
            Some(id) => Ok(self.store().ticket_of_thread(std::slice::from_ref(id)).await?),
            None => Ok(None),
        }
    }

    /// The sender as an actor, `None` when their account is switched off; a database
    /// failure fails the message (to be retried), it does not refuse it.
    async fn active_sender(&self, user: &UserRow) -> Result<Option<Actor>, AppError> {
        match self.actor_for(user).await {
            Ok(actor) => Ok(Some(actor)),
            Err(AppError::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The sender as an actor: a known, active person, or a new requester when the policy
    /// admits them. `None` when the sender may not open tickets.
    async fn requester_for(
        &self,
        sender: &helmdesk_mail::inbound::Sender,
        settings: &MailSettings,
        message: &Inbound,
    ) -> Result<Option<Actor>, AppError> {
        if let Some(user) = self.store().user_by_email(&sender.address).await? {
            return self.active_sender(&user).await;
        }
        let domain = sender.address.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        if !settings.requester_policy.admits_unknown(domain, &settings.allowed_domains) {
            return Ok(None);
        }
        let organisation_id =
            match settings.new_requester_organisation_id {
                Some(org) => org,
                None => {
                    self.organisation_tree().await?.iter().find(|o| o.parent_id.is_none()).map(|o| o.id).ok_or_else(
                        || AppError::Internal("there is no organisation for new requesters to join".into()),
                    )?
                }
            };
        let name = if sender.name.is_empty() { sender.address.clone() } else { sender.name.clone() };
        let new = NewUser {
            email: sender.address.clone(),
            name: name.chars().take(100).collect(),
            role: Role::Requester.as_str().into(),
            organisation_id,
            department_id: None,
            password_hash: None,
            must_change_password: false,
        };
        let user = match self.store().create_user(&new, self.now_micros()).await {
            Ok(user) => user,
            // Two messages from a new sender at once: the other created them.
            Err(StoreError::Conflict(_)) => {
                self.store().user_by_email(&sender.address).await?.ok_or(AppError::NotFound)?
            }
            Err(e) => return Err(e.into()),
        };
        tracing::info!(email = %sender.address, subject = %message.subject, "a requester was created from an e-mail");
        self.active_sender(&user).await
    }

    /// Adds the message as a public reply to the ticket it answers (by its thread's
    /// message ids, then by the ticket number in its subject), if the sender may see and
    /// answer that ticket. `None` when it answers no such ticket.
    async fn thread_reply(
        &self,
        actor: &Actor,
        message: &Inbound,
        row: &InboundRow,
    ) -> Result<Option<Handled>, AppError> {
        let by_thread = self.store().ticket_of_thread(&message.answers).await?;
        let by_number = match ticket_number_in(&message.subject) {
            Some(number) if by_thread.is_none() => self.store().ticket_id_by_number(&number).await?,
            _ => None,
        };
        let Some(ticket_id) = by_thread.or(by_number) else { return Ok(None) };
        let Ok(view) = self.visible_ticket(actor, ticket_id).await else { return Ok(None) };
        let status: TicketStatus = view.ticket.status.parse()?;
        if matches!(status, TicketStatus::Closed | TicketStatus::Cancelled) && !actor.role.is_staff() {
            return Ok(None);
        }
        let body = compose(&reply_text(&message.text), "(no text)", message);
        let comment = self.add_comment(actor, ticket_id, NewComment { body, internal: false }).await?;
        self.attach_files(actor, ticket_id, Some(comment.id), message).await?;
        let number = view.ticket.number.unwrap_or_default();
        tracing::debug!(inbound = row.id, ticket = %number, "a reply by mail was threaded");
        Ok(Some(
            Handled::with("processed", format!("added as a reply to {number}"), message).on_ticket(ticket_id, message),
        ))
    }

    /// Files a new ticket from the message, its files attached.
    async fn file_from_mail(&self, actor: &Actor, message: &Inbound) -> Result<Handled, AppError> {
        let description = compose(&message.text, "(no text)", message);
        let subject = if message.subject.is_empty() { "(no subject)".into() } else { message.subject.clone() };
        let input = NewTicket::incident(subject, description);
        let ticket = self.create_ticket(actor, input).await?;
        self.attach_files(actor, ticket.id, None, message).await?;
        let outcome = format!("filed as {}", ticket.number);
        Ok(Handled::with("processed", outcome, message).on_ticket(ticket.id, message))
    }

    async fn attach_files(
        &self,
        actor: &Actor,
        ticket_id: i64,
        comment_id: Option<i64>,
        message: &Inbound,
    ) -> Result<(), AppError> {
        for file in &message.files {
            match self
                .add_attachment(actor, ticket_id, comment_id, &file.filename, &file.content_type, &file.data)
                .await
            {
                Ok(_) | Err(AppError::TooLarge(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// The text kept of a message: `text` (or `fallback` when it is empty), a line naming the
/// files left out, at most [`TEXT_MAX`] characters in all.
fn compose(text: &str, fallback: &str, message: &Inbound) -> String {
    let text = text.trim();
    let mut out = if text.is_empty() { fallback.to_string() } else { text.to_string() };
    if !message.skipped.is_empty() {
        let names: Vec<String> = message
            .skipped
            .iter()
            .take(SKIPPED_NAMED)
            .map(|(name, size)| format!("{name} ({:.1} MiB)", *size as f64 / 1_048_576.0))
            .collect();
        let more = message.skipped.len().saturating_sub(SKIPPED_NAMED);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        out.push_str(&format!("\n\n[Attachments skipped (too large, or too many): {}{more}.]", names.join(", ")));
    }
    out.chars().take(TEXT_MAX).collect()
}
