//! Messages received, by IMAP polling or the SMTP receiver: stored, listed, retried.
//!
//! A message is stored raw with its `mail.process` job in one transaction before anything
//! else happens (an SMTP client hears `250` only then; an IMAP message is marked seen only
//! then). The service desk processes it (`service_desk::inbound_mail`); a message whose
//! processing failed [`ATTEMPTS`] times is `failed` and can be retried here.

use helmdesk_domain::platform::mail::InboundStatus;
use helmdesk_mail::Security;
use helmdesk_mail::imap::{Fetched, ImapAccount};
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::mail::{InboundRow, NewInbound};
use serde::Serialize;

use crate::platform::access::Permission;
use crate::platform::mail::{ATTEMPTS, PROCESS_JOB};
use crate::{Actor, App, AppError, ts};

/// Messages fetched from one mailbox in one poll, at most.
const POLL_BATCH: usize = 200;

/// Where a message came from.
#[derive(Debug, Clone, Default)]
pub struct MailSource {
    pub mailbox_id: Option<i64>,
    /// Identifies the message at its source for good (an IMAP mailbox's UID), so that a
    /// message fetched twice is stored once.
    pub source_key: Option<String>,
    pub envelope_from: Option<String>,
}

/// A received message, as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InboundMail {
    pub id: i64,
    pub mailbox_id: Option<i64>,
    pub size_bytes: i64,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub status: InboundStatus,
    /// What processing did, or why it did not.
    pub outcome: Option<String>,
    pub ticket_id: Option<i64>,
    pub attempts: i64,
    /// Whether the raw message is kept (it can be downloaded and retried).
    pub raw_kept: bool,
    #[schema(value_type = String, format = DateTime)]
    pub received_at: chrono::DateTime<chrono::Utc>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub processed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl TryFrom<InboundRow> for InboundMail {
    type Error = AppError;

    fn try_from(r: InboundRow) -> Result<Self, AppError> {
        Ok(InboundMail {
            id: r.id,
            mailbox_id: r.mailbox_id,
            size_bytes: r.size_bytes,
            sender: r.sender.or(r.envelope_from),
            subject: r.subject,
            message_id: r.message_id,
            status: r.status.parse().map_err(AppError::stored)?,
            outcome: r.outcome,
            ticket_id: r.ticket_id,
            attempts: r.attempts,
            raw_kept: r.raw_sha256.is_some(),
            received_at: ts(r.received_at),
            processed_at: r.processed_at.map(ts),
        })
    }
}

fn process_job(id: i64, now: i64) -> NewJob {
    NewJob { max_attempts: ATTEMPTS, ..NewJob::now(PROCESS_JOB, serde_json::json!({ "id": id }), now) }
}

impl App {
    /// The largest message accepted, in bytes.
    pub async fn max_message_bytes(&self) -> Result<usize, AppError> {
        Ok(self.stored_mail_settings().await?.0.max_message_mib as usize * 1024 * 1024)
    }

    /// What the SMTP receiver hands each message to: [`App::receive_mail`], with the
    /// envelope's sender.
    pub fn smtp_delivery(&self) -> helmdesk_mail::receiver::Deliver {
        let app = self.clone();
        std::sync::Arc::new(move |received| {
            let app = app.clone();
            Box::pin(async move {
                let source = MailSource { envelope_from: Some(received.envelope_from), ..Default::default() };
                app.receive_mail(source, &received.raw).await.map(|_| ()).map_err(|e| e.to_string())
            })
        })
    }

    /// Stores a received message and queues its processing. `None` when the same message
    /// from the same source was stored before. A message larger than the limit is recorded
    /// as failed, without its content.
    pub async fn receive_mail(&self, source: MailSource, raw: &[u8]) -> Result<Option<i64>, AppError> {
        let max = self.max_message_bytes().await?;
        self.store_received(source, raw.len(), (raw.len() <= max).then_some(raw), max).await
    }

    async fn store_received(
        &self,
        source: MailSource,
        size: usize,
        raw: Option<&[u8]>,
        max: usize,
    ) -> Result<Option<i64>, AppError> {
        let new = NewInbound {
            mailbox_id: source.mailbox_id,
            source_key: source.source_key,
            envelope_from: source.envelope_from.map(|f| helmdesk_mail::inbound::one_line(&f, 320)),
            size_bytes: size as i64,
        };
        let refusal = raw.is_none().then(|| format!("larger than the limit of {} MiB", max / (1024 * 1024)));
        let now = self.now_micros();
        Ok(self.store().receive_mail(&new, raw, |id| process_job(id, now), refusal.as_deref(), now).await?)
    }

    /// Polls every active mailbox that is due; a mailbox that fails records why and is
    /// tried again at its next turn. Returns how many messages were stored.
    pub async fn poll_mailboxes(&self) -> Result<usize, AppError> {
        let now = self.now_micros();
        let mut stored = 0;
        for mailbox in self.store().due_mailboxes(now).await? {
            let next = now + mailbox.poll_secs * 1_000_000;
            let result = self.poll_mailbox(&mailbox).await;
            let error = result.as_ref().err().map(|e| e.to_string());
            if let Some(e) = &error {
                tracing::warn!(mailbox = %mailbox.name, error = %e, "polling a mailbox failed");
            }
            self.store().mailbox_polled(mailbox.id, self.now_micros(), next, error.as_deref()).await?;
            stored += result.unwrap_or(0);
        }
        Ok(stored)
    }

    async fn poll_mailbox(&self, mailbox: &helmdesk_store::platform::mail::MailboxRow) -> Result<usize, AppError> {
        let account = ImapAccount {
            host: mailbox.host.clone(),
            port: u16::try_from(mailbox.port).map_err(|_| AppError::Internal("bad port".into()))?,
            security: Security::parse(&mailbox.security).unwrap_or(Security::Tls),
            username: mailbox.username.clone(),
            password: self.secret_key().open(&mailbox.password_secret)?,
            folder: mailbox.folder.clone(),
        };
        let tls = helmdesk_mail::tls::client_config(self.mail_ca_pem().await?.as_deref()).map_err(mail_error)?;
        let max = self.max_message_bytes().await?;
        let keep = |fetched: Fetched| {
            let source = MailSource {
                mailbox_id: Some(mailbox.id),
                source_key: Some(format!("imap:{}:{}", mailbox.id, fetched.key)),
                envelope_from: None,
            };
            async move {
                self.store_received(source, fetched.size, fetched.raw.as_deref(), max)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        };
        helmdesk_mail::imap::fetch_unseen(&account, tls, max, POLL_BATCH, keep).await.map_err(mail_error)
    }

    /// The PEM of the private CA that mail servers' certificates may be signed by.
    pub(crate) async fn mail_ca_pem(&self) -> Result<Option<Vec<u8>>, AppError> {
        match &self.settings().mail_ca_file {
            Some(path) => tokio::fs::read(path)
                .await
                .map(Some)
                .map_err(|e| AppError::Internal(format!("cannot read mail_ca_file {}: {e}", path.display()))),
            None => Ok(None),
        }
    }

    /// Received messages, newest first, for an administrator.
    pub async fn inbound_mail(
        &self,
        actor: &Actor,
        status: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<InboundMail>, AppError> {
        actor.require(Permission::Administer)?;
        if let Some(s) = status
            && !["received", "processed", "ignored", "rejected", "failed"].contains(&s)
        {
            return Err(AppError::invalid("status", "must be received, processed, ignored, rejected or failed"));
        }
        let rows = self.store().inbound_list(status, before, limit.clamp(1, 200)).await?;
        rows.into_iter().map(InboundMail::try_from).collect()
    }

    /// How many received messages there are of each status.
    pub async fn inbound_counts(&self, actor: &Actor) -> Result<Vec<(String, i64)>, AppError> {
        actor.require(Permission::Administer)?;
        Ok(self.store().inbound_counts().await?)
    }

    /// Processes a message again (one that failed, was rejected or ignored, once the cause
    /// is fixed).
    pub async fn retry_inbound(&self, actor: &Actor, id: i64) -> Result<InboundMail, AppError> {
        actor.require(Permission::Administer)?;
        let row = self.store().inbound(id).await?;
        if row.raw_sha256.is_none() {
            return Err(AppError::Conflict(
                "this message was not kept (it was too large), so it cannot be retried".into(),
            ));
        }
        if row.status == "received" {
            return Err(AppError::Conflict("this message is waiting to be processed already".into()));
        }
        let now = self.now_micros();
        self.store().retry_inbound(id, process_job(id, now), now).await?;
        self.store().inbound(id).await?.try_into()
    }

    /// A received message's raw bytes, for an administrator.
    pub async fn inbound_raw(&self, actor: &Actor, id: i64) -> Result<Vec<u8>, AppError> {
        actor.require(Permission::Administer)?;
        let row = self.store().inbound(id).await?;
        let sha = row.raw_sha256.ok_or(AppError::NotFound)?;
        Ok(self.store().blob(&sha).await?)
    }

    /// The node's secret key for sealing passwords.
    pub(crate) fn secret_key(&self) -> &crate::secrets::SecretKey {
        &self.secret_key
    }
}

fn mail_error(e: helmdesk_mail::MailError) -> AppError {
    AppError::Internal(e.to_string())
}
