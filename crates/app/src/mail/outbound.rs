//! Notifications sent as e-mail. Every notification written is offered to this channel by
//! a `notifications.mail` job; the people whose role hears of that event by mail get a
//! message, queued with its own `mail.send` job in one transaction. Each message's id is
//! derived from its notification, so a job run twice queues nothing twice. Messages carry
//! `Message-ID`, `In-Reply-To` and `References` from the ticket's thread and the ticket
//! number in the subject, so that replies come back to the ticket.

use helmdesk_domain::{Role, TicketStatus};
use helmdesk_mail::outbound::{Outgoing, SmtpAccount};
use helmdesk_store::StoreError;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::mail::{NewOutbound, OutboundRow};
use helmdesk_store::notifications::NotificationRow;
use serde::Serialize;

use super::templates::Values;
use super::{ATTEMPTS, MailSettings, SEND_JOB};
use crate::access::Permission;
use crate::notifications::TicketEvent;
use crate::{Actor, App, AppError, ts};

/// The thread ids a message refers to, at most (the first and the latest).
const REFERENCES_MAX: i64 = 20;

/// A message sent or waiting, as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboundMail {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub event: String,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    /// `queued`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<OutboundRow> for OutboundMail {
    fn from(r: OutboundRow) -> Self {
        OutboundMail {
            id: r.id,
            ticket_id: r.ticket_id,
            event: r.event,
            recipient: r.recipient,
            subject: r.subject,
            message_id: r.message_id,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: ts(r.created_at),
            sent_at: r.sent_at.map(ts),
        }
    }
}

/// Whether someone of `role` hears of `event` by mail: requesters of what is done to
/// their tickets, staff of what asks them to act.
pub fn mails_by_default(role: Role, event: TicketEvent) -> bool {
    match role {
        Role::Requester => {
            matches!(event, TicketEvent::Created | TicketEvent::Reply | TicketEvent::Status | TicketEvent::MajorUpdate)
        }
        Role::Agent | Role::Manager | Role::Admin => matches!(
            event,
            TicketEvent::Assigned | TicketEvent::Reply | TicketEvent::SlaWarning | TicketEvent::Escalation
        ),
        Role::Auditor => false,
    }
}

fn send_job(id: i64, now: i64) -> NewJob {
    NewJob { max_attempts: ATTEMPTS, ..NewJob::now(SEND_JOB, serde_json::json!({ "id": id }), now) }
}

/// The domain message ids are made in: the sender's.
fn id_domain(settings: &MailSettings) -> String {
    let from = settings.outgoing.as_ref().map(|o| o.from_address.as_str()).unwrap_or("helmdesk.invalid");
    from.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_else(|| "helmdesk.invalid".into())
}

impl App {
    /// Queues the e-mails of new notifications (the `notifications.mail` job). Nothing is
    /// sent while no outgoing server is configured.
    pub async fn mail_notifications(&self, ids: &[i64]) -> Result<(), AppError> {
        let (settings, _) = self.stored_mail_settings().await?;
        if settings.outgoing.is_none() || ids.is_empty() {
            return Ok(());
        }
        let mut mails = Vec::new();
        for note in self.store().notifications_by_id(ids).await? {
            if let Some(mail) = self.mail_of(&note, &settings).await? {
                mails.push(mail);
            }
        }
        if mails.is_empty() {
            return Ok(());
        }
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        self.store().queue_outbound(&mut tx, &mails, |id| send_job(id, now), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The e-mail of one notification, if its person hears of its event by mail.
    async fn mail_of(&self, note: &NotificationRow, settings: &MailSettings) -> Result<Option<NewOutbound>, AppError> {
        let (Some(event), Some(ticket_id)) = (note.event.as_deref().and_then(TicketEvent::named), note.ticket_id)
        else {
            return Ok(None);
        };
        let user = self.store().user(note.user_id).await?;
        let role: Role = user.role.parse().map_err(|_| AppError::Internal(format!("bad role {}", user.role)))?;
        let preferences = self.preferences_of(user.id, role).await?;
        let wanted = preferences.email_events.iter().any(|e| e == event.as_str());
        if !user.active || !helmdesk_mail::inbound::is_address(&user.email) || !wanted {
            return Ok(None);
        }
        let view = match self.store().ticket(ticket_id).await {
            Ok(v) => v,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        // Whoever could read the ticket when the notification was written must still.
        if self.audience(&view.ticket, &[user.id], event.part()).await?.is_empty() {
            return Ok(None);
        }
        let comment = match note.comment_id {
            Some(c) => self.store().comments(ticket_id, role.sees_internal()).await?.into_iter().find(|x| x.id == c),
            None => None,
        };
        let thread = self.store().thread_ids(ticket_id, REFERENCES_MAX).await?;
        // The requester of a resolved ticket is asked how it went.
        let survey = if event == TicketEvent::Status
            && view.ticket.status == TicketStatus::Resolved.as_str()
            && user.id == view.ticket.requester_id
        {
            self.survey_url(ticket_id).await?
        } else {
            String::new()
        };
        let details = match (event, &comment) {
            (TicketEvent::Reply | TicketEvent::Note, Some(c)) => format!("{} wrote:\n\n{}", c.author_name, c.body),
            (TicketEvent::Created, _) => view.ticket.description.clone(),
            (TicketEvent::Status, _) if !survey.is_empty() => {
                let note = view.ticket.resolution_note.clone().map(|n| format!("{n}\n\n")).unwrap_or_default();
                format!("{note}How did we do? Rate the help you got: {survey}")
            }
            _ => String::new(),
        };
        let url = self.ticket_url(ticket_id);
        let values = Values {
            view: &view,
            message: &note.message,
            details: &details,
            url: &url,
            recipient: &user.name,
            survey: &survey,
        };
        let mail = values.render(&self.template_for(event.as_str(), &preferences.language).await?);
        Ok(Some(NewOutbound {
            ticket_id: Some(ticket_id),
            event: event.as_str().into(),
            recipient: user.email,
            subject: mail.subject,
            message_id: format!("notification-{}.{}@{}", note.id, ticket_id, id_domain(settings)),
            in_reply_to: thread.last().cloned(),
            refs: thread.join(" "),
            body_text: mail.body_text,
            body_html: Some(mail.body_html),
        }))
    }

    /// Sends one queued message (the `mail.send` job). A server that cannot be reached
    /// makes the job retry; a refusal, or the last attempt, marks the message failed.
    pub async fn send_outbound(&self, id: i64) -> Result<(), AppError> {
        let row = match self.store().outbound(id).await {
            Ok(row) if row.status == "queued" => row,
            Ok(_) | Err(StoreError::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let now = self.now_micros();
        if !self.recipient_may_read(&row).await? {
            self.store()
                .outbound_attempted(id, Some("the recipient may no longer read this ticket"), true, now)
                .await?;
            return Ok(());
        }
        let (settings, secret) = self.stored_mail_settings().await?;
        let Some(server) = settings.outgoing.clone() else {
            self.store().outbound_attempted(id, Some("no outgoing mail server is configured"), true, now).await?;
            return Ok(());
        };
        let account = SmtpAccount {
            host: server.host.clone(),
            port: server.port,
            security: server.security,
            username: server.username.clone(),
            password: match &secret {
                Some(s) => self.secret_key().open(s)?,
                None => String::new(),
            },
        };
        let mail = Outgoing {
            from_name: server.from_name.clone(),
            from_address: server.from_address.clone(),
            to: row.recipient.clone(),
            subject: row.subject.clone(),
            message_id: row.message_id.clone(),
            in_reply_to: row.in_reply_to.clone(),
            references: row.refs.split_whitespace().map(String::from).collect(),
            text: row.body_text.clone(),
            html: row.body_html.clone(),
            extra_headers: ticket_header(&row),
        };
        let ca = self.mail_ca_pem().await?;
        match helmdesk_mail::outbound::send(&account, ca.as_deref(), &mail).await {
            Ok(()) => {
                self.store().outbound_attempted(id, None, false, self.now_micros()).await?;
                Ok(())
            }
            Err(e) => {
                let retry = matches!(e, helmdesk_mail::MailError::Connection(_)) && row.attempts + 1 < ATTEMPTS;
                self.store().outbound_attempted(id, Some(&e.to_string()), !retry, self.now_micros()).await?;
                if retry { Err(AppError::Internal(format!("sending failed, will retry: {e}"))) } else { Ok(()) }
            }
        }
    }

    /// Whether the person a queued message goes to may still read its ticket (and, for an
    /// internal event, its internal parts): checked again just before it is sent.
    async fn recipient_may_read(&self, row: &OutboundRow) -> Result<bool, AppError> {
        let (Some(ticket_id), Some(event)) = (row.ticket_id, TicketEvent::named(&row.event)) else { return Ok(true) };
        let Some(user) = self.store().user_by_email(&row.recipient.to_lowercase()).await? else { return Ok(false) };
        let ticket = match self.store().ticket(ticket_id).await {
            Ok(v) => v.ticket,
            Err(StoreError::NotFound) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        Ok(!self.audience(&ticket, &[user.id], event.part()).await?.is_empty())
    }

    /// Messages sent or waiting, newest first: of one ticket (staff who see it), or all
    /// (administrators).
    pub async fn outbound_mail(&self, actor: &Actor, ticket_id: Option<i64>) -> Result<Vec<OutboundMail>, AppError> {
        match ticket_id {
            Some(t) => {
                actor.require(Permission::WorkTicket)?;
                self.visible_ticket(actor, t).await?;
            }
            None => actor.require(Permission::Administer)?,
        }
        Ok(self.store().outbound_list(ticket_id, 200).await?.into_iter().map(OutboundMail::from).collect())
    }
}

fn ticket_header(row: &OutboundRow) -> Vec<(String, String)> {
    let number = helmdesk_domain::mail::ticket_number_in(&row.subject);
    number.map(|n| vec![("X-Helmdesk-Ticket".to_string(), n)]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requesters_hear_of_their_tickets_and_staff_of_work_for_them() {
        assert!(mails_by_default(Role::Requester, TicketEvent::Reply));
        assert!(!mails_by_default(Role::Requester, TicketEvent::Note));
        assert!(!mails_by_default(Role::Requester, TicketEvent::Assigned));
        assert!(mails_by_default(Role::Agent, TicketEvent::Assigned));
        assert!(!mails_by_default(Role::Agent, TicketEvent::Created));
        assert!(!mails_by_default(Role::Auditor, TicketEvent::Reply));
    }
}
