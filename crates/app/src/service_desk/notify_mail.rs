//! The service desk's notifications sent as e-mail. Every notification written is offered
//! to this channel by a `notifications.mail` job; the people who hear of that event by
//! mail get a message (queued by [`crate::platform::mail::outbound`]). Each message's id is
//! derived from its notification, so a job run twice queues nothing twice. Messages carry
//! `Message-ID`, `In-Reply-To` and `References` from the ticket's thread and the ticket
//! number in the subject, so that replies come back to the ticket. Just before a message
//! is sent, its recipient must still be allowed to read the ticket.

use helmdesk_domain::platform::templates::{self, DEFAULT_LANGUAGE, Template};
use helmdesk_domain::{Role, TicketStatus};
use helmdesk_store::StoreError;
use helmdesk_store::platform::mail::{NewOutbound, OutboundRow};
use helmdesk_store::platform::notifications::NotificationRow;
use helmdesk_store::service_desk::tickets::TicketView;

use crate::platform::access::Permission;
use crate::platform::mail::MailSettings;
use crate::platform::mail::outbound::{OutboundMail, id_domain};
use crate::platform::mail::templates::{TemplateInput, TemplatePreview, check_event_and_language};
use crate::service_desk::access::DeskPermission;
use crate::service_desk::notify::TicketEvent;
use crate::{Actor, App, AppError};

/// The thread ids a message refers to, at most (the first and the latest).
const REFERENCES_MAX: i64 = 20;

/// The values of a template's placeholders for one message.
pub(crate) struct Values<'a> {
    pub view: &'a TicketView,
    pub message: &'a str,
    pub details: &'a str,
    pub url: &'a str,
    pub recipient: &'a str,
    /// The satisfaction survey's link (resolved tickets, to their requester), or "".
    pub survey: &'a str,
}

impl Values<'_> {
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        let t = &self.view.ticket;
        Some(match name {
            "event.message" => self.message.to_string(),
            "event.details" => self.details.to_string(),
            "ticket.number" => t.number.clone().unwrap_or_default(),
            "ticket.subject" => t.subject.clone(),
            "ticket.status" => t.status.parse::<TicketStatus>().map(|s| s.label().to_string()).unwrap_or_default(),
            "ticket.priority" => {
                helmdesk_domain::service_desk::tickets::priority_label(u8::try_from(t.priority).unwrap_or(5)).into()
            }
            "ticket.url" => self.url.to_string(),
            "requester.name" => self.view.requester_name.clone(),
            "assignee.name" => self.view.assignee_name.clone().unwrap_or_default(),
            "recipient.name" => self.recipient.to_string(),
            "survey.url" => self.survey.to_string(),
            _ => return None,
        })
    }

    pub(crate) fn render(&self, t: &Template) -> Template {
        templates::render(t, |name| self.get(name), helmdesk_mail::escape_html)
    }
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
        self.queue_outbound(&mails).await
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

    /// Sends one queued message (the `mail.send` job), unless its recipient may no longer
    /// read its ticket.
    pub async fn send_outbound(&self, id: i64) -> Result<(), AppError> {
        let Some(row) = self.queued_outbound(id).await? else { return Ok(()) };
        if !self.recipient_may_read(&row).await? {
            return self.refuse_outbound(id, "the recipient may no longer read this ticket").await;
        }
        self.send_queued(&row).await
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
                actor.require(DeskPermission::WorkTicket)?;
                self.visible_ticket(actor, t).await?;
            }
            None => actor.require(Permission::Administer)?,
        }
        self.store().outbound_list(ticket_id, 200).await?.into_iter().map(OutboundMail::try_from).collect()
    }

    /// A template filled in for a ticket the administrator sees (by default the newest),
    /// as the event's recipient would get it; the account's mail (which names no ticket)
    /// with a sample person and link.
    pub async fn preview_notification_template(
        &self,
        actor: &Actor,
        event: &str,
        input: &TemplateInput,
        ticket_id: Option<i64>,
    ) -> Result<TemplatePreview, AppError> {
        actor.require(Permission::Administer)?;
        check_event_and_language(event, DEFAULT_LANGUAGE)?;
        let t = Template {
            subject: input.subject.clone(),
            body_text: input.body_text.clone(),
            body_html: input.body_html.clone(),
        };
        // The account's mail names no ticket: it is filled in with a sample person.
        if event == templates::APPROVAL_REQUEST {
            return Ok(self.preview_approval_template(&t));
        }
        if templates::is_account_event(event) {
            return Ok(self.preview_reset_template(&t));
        }
        let id = match ticket_id {
            Some(id) => id,
            None => self
                .store()
                .newest_ticket_id()
                .await?
                .ok_or_else(|| AppError::Conflict("there is no ticket yet to preview the template with".into()))?,
        };
        let view = self.visible_ticket(actor, id).await?;
        let message = format!("A sample of the {event} message for {}", view.ticket.number.clone().unwrap_or_default());
        let url = self.ticket_url(id);
        let values = Values {
            view: &view,
            message: &message,
            details: &view.ticket.description,
            url: &url,
            recipient: &view.requester_name,
            survey: "https://desk.example/survey/sample",
        };
        let r = values.render(&t);
        Ok(TemplatePreview { subject: r.subject, body_text: r.body_text, body_html: r.body_html })
    }

    /// A ticket's page, for links in messages.
    pub(crate) fn ticket_url(&self, id: i64) -> String {
        format!("{}/tickets/{id}", self.settings().public_url.trim_end_matches('/'))
    }
}
