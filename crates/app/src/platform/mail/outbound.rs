//! Mail out: messages queued with their own `mail.send` job in one transaction, and sent
//! through the configured SMTP server with retries. Modules compose the messages (the
//! service desk's notifications in `service_desk::notify_mail`) and decide, just before a
//! message is sent, whether it may still go.

use helmdesk_domain::platform::mail::OutboundStatus;
use helmdesk_mail::outbound::{Outgoing, SmtpAccount};
use helmdesk_store::StoreError;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::mail::{NewOutbound, OutboundRow};
use serde::Serialize;

use super::{ATTEMPTS, MailSettings, SEND_JOB};
use crate::{App, AppError, ts};

/// A message sent or waiting, as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboundMail {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub event: String,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub status: OutboundStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl TryFrom<OutboundRow> for OutboundMail {
    type Error = AppError;

    fn try_from(r: OutboundRow) -> Result<Self, AppError> {
        Ok(OutboundMail {
            id: r.id,
            ticket_id: r.ticket_id,
            event: r.event,
            recipient: r.recipient,
            subject: r.subject,
            message_id: r.message_id,
            status: r.status.parse().map_err(AppError::stored)?,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: ts(r.created_at),
            sent_at: r.sent_at.map(ts),
        })
    }
}

pub(crate) fn send_job(id: i64, now: i64) -> NewJob {
    NewJob { max_attempts: ATTEMPTS, ..NewJob::now(SEND_JOB, serde_json::json!({ "id": id }), now) }
}

/// The domain message ids are made in: the sender's.
pub(crate) fn id_domain(settings: &MailSettings) -> String {
    let from = settings.outgoing.as_ref().map(|o| o.from_address.as_str()).unwrap_or("helmdesk.invalid");
    from.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_else(|| "helmdesk.invalid".into())
}

impl App {
    /// A message waiting to be sent (`None`: sent, failed or gone).
    pub async fn queued_outbound(&self, id: i64) -> Result<Option<OutboundRow>, AppError> {
        match self.store().outbound(id).await {
            Ok(row) if row.status == "queued" => Ok(Some(row)),
            Ok(_) | Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Marks a queued message failed without sending it, saying why.
    pub async fn refuse_outbound(&self, id: i64, reason: &str) -> Result<(), AppError> {
        self.store().outbound_attempted(id, Some(reason), true, self.now_micros()).await?;
        Ok(())
    }

    /// Queues messages, each with its `mail.send` job, in one transaction.
    pub async fn queue_outbound(&self, mails: &[NewOutbound]) -> Result<(), AppError> {
        if mails.is_empty() {
            return Ok(());
        }
        let now = self.now_micros();
        let mut tx = self.store().begin().await?;
        self.store().queue_outbound(&mut tx, mails, |id| send_job(id, now), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends one queued message. A server that cannot be reached makes the job retry; a
    /// refusal, or the last attempt, marks the message failed.
    pub async fn send_queued(&self, row: &OutboundRow) -> Result<(), AppError> {
        let id = row.id;
        let now = self.now_micros();
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
            extra_headers: ticket_header(row),
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
}

fn ticket_header(row: &OutboundRow) -> Vec<(String, String)> {
    let number = helmdesk_domain::platform::mail::ticket_number_in(&row.subject);
    number.map(|n| vec![("X-Helmdesk-Ticket".to_string(), n)]).unwrap_or_default()
}
