//! Mail: the mailboxes polled, every message received (stored raw before it is processed),
//! the message ids that thread replies onto tickets, and every message sent. Also the
//! admin-edited settings documents (`app_settings`).

use crate::jobs::NewJob;
use crate::{Arg, Sql, Store, StoreError, Tx};

/// An IMAP mailbox as stored; the password is a secret only `app` can open.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MailboxRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub host: String,
    pub port: i64,
    pub security: String,
    pub username: String,
    pub password_secret: String,
    pub folder: String,
    pub poll_secs: i64,
    pub active: bool,
    pub next_poll_at: i64,
    pub last_polled_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The fields of a mailbox an administrator sets.
#[derive(Debug, Clone, PartialEq)]
pub struct MailboxFields {
    pub name: String,
    pub address: String,
    pub host: String,
    pub port: i64,
    pub security: String,
    pub username: String,
    pub password_secret: String,
    pub folder: String,
    pub poll_secs: i64,
    pub active: bool,
}

/// A received message as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct InboundRow {
    pub id: i64,
    pub mailbox_id: Option<i64>,
    pub source_key: Option<String>,
    pub raw_sha256: Option<String>,
    pub size_bytes: i64,
    pub envelope_from: Option<String>,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub ticket_id: Option<i64>,
    pub attempts: i64,
    pub received_at: i64,
    pub processed_at: Option<i64>,
}

/// A message just received.
#[derive(Debug, Clone, Default)]
pub struct NewInbound {
    pub mailbox_id: Option<i64>,
    pub source_key: Option<String>,
    pub envelope_from: Option<String>,
    pub size_bytes: i64,
}

/// How processing a message ended.
#[derive(Debug, Clone, Default)]
pub struct InboundOutcome {
    /// `processed`, `ignored`, `rejected` or `failed`.
    pub status: String,
    pub outcome: String,
    pub ticket_id: Option<i64>,
    pub sender: Option<String>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
}

/// A message to send.
#[derive(Debug, Clone, Default)]
pub struct NewOutbound {
    pub ticket_id: Option<i64>,
    pub event: String,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub refs: String,
    pub body_text: String,
    pub body_html: Option<String>,
}

/// A message sent or waiting to be.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OutboundRow {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub event: String,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub refs: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

impl Store {
    /// A settings document, if one was saved.
    pub async fn app_setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        Sql::new("SELECT value FROM app_settings WHERE name = $1")
            .bind(name)
            .fetch_optional(self.db())
            .await
            .map(|row: Option<(String,)>| row.map(|r| r.0))
    }

    /// Saves a settings document.
    pub async fn put_app_setting(&self, name: &str, value: &str, now: i64) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO app_settings (name, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(name)
        .bind(value)
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Every mailbox, by name.
    pub async fn mailboxes(&self) -> Result<Vec<MailboxRow>, StoreError> {
        Sql::new("SELECT * FROM mailboxes ORDER BY name, id").fetch_all(self.db()).await
    }

    /// One mailbox.
    pub async fn mailbox(&self, id: i64) -> Result<MailboxRow, StoreError> {
        Sql::new("SELECT * FROM mailboxes WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a mailbox, polled at once.
    pub async fn create_mailbox(&self, m: &MailboxFields, now: i64) -> Result<MailboxRow, StoreError> {
        let sql = Sql::new(
            "INSERT INTO mailboxes (name, address, host, port, security, username, password_secret, folder,
                 poll_secs, active, next_poll_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $11) RETURNING *",
        );
        self.write_returning(bind_mailbox(sql, m).bind(now)).await
    }

    /// Replaces a mailbox's fields; it is polled at once.
    pub async fn update_mailbox(&self, id: i64, m: &MailboxFields, now: i64) -> Result<MailboxRow, StoreError> {
        let sql = Sql::new(
            "UPDATE mailboxes SET name = $1, address = $2, host = $3, port = $4, security = $5, username = $6,
                 password_secret = $7, folder = $8, poll_secs = $9, active = $10, next_poll_at = 0, updated_at = $11
             WHERE id = $12 RETURNING *",
        );
        self.write_returning(bind_mailbox(sql, m).bind(now).bind(id)).await
    }

    /// Deletes a mailbox; the messages it brought keep their record.
    pub async fn delete_mailbox(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM mailboxes WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Active mailboxes due for a poll at `now`.
    pub async fn due_mailboxes(&self, now: i64) -> Result<Vec<MailboxRow>, StoreError> {
        Sql::new("SELECT * FROM mailboxes WHERE active = TRUE AND next_poll_at <= $1 ORDER BY next_poll_at, id")
            .bind(now)
            .fetch_all(self.db())
            .await
    }

    /// Records a poll: when, how it went, and when the next one is due.
    pub async fn mailbox_polled(
        &self,
        id: i64,
        now: i64,
        next_poll_at: i64,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        Sql::new("UPDATE mailboxes SET last_polled_at = $1, next_poll_at = $2, last_error = $3 WHERE id = $4")
            .bind(now)
            .bind(next_poll_at)
            .bind(error)
            .bind(id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Stores a received message and the job that processes it, in one transaction. The
    /// raw bytes go in first; `None` when a message with the same source key is stored
    /// already (fetched twice). Without `raw` (too large to keep) the message is recorded as
    /// failed with `refusal`, and no job is queued.
    pub async fn receive_mail(
        &self,
        new: &NewInbound,
        raw: Option<&[u8]>,
        job: impl FnOnce(i64) -> NewJob,
        refusal: Option<&str>,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let sha = match raw {
            Some(raw) => Some(self.put_blob(raw, now).await?),
            None => None,
        };
        let status = if sha.is_some() { "received" } else { "failed" };
        let mut tx = self.begin().await?;
        let id: Option<(i64,)> = Sql::new(
            "INSERT INTO inbound_mail (mailbox_id, source_key, raw_sha256, size_bytes, envelope_from, status, outcome,
                 received_at, processed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source_key) DO NOTHING RETURNING id",
        )
        .bind(new.mailbox_id)
        .bind(new.source_key.as_deref())
        .bind(sha.as_deref())
        .bind(new.size_bytes)
        .bind(new.envelope_from.as_deref())
        .bind(status)
        .bind(refusal)
        .bind(now)
        .bind(sha.is_none().then_some(now))
        .fetch_optional(&mut tx)
        .await?;
        let Some((id,)) = id else { return Ok(None) };
        if sha.is_some() {
            self.enqueue(&mut tx, &[job(id)], now).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    /// One received message.
    pub async fn inbound(&self, id: i64) -> Result<InboundRow, StoreError> {
        Sql::new("SELECT * FROM inbound_mail WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Received messages, newest first, of one status or all, before id `before`.
    pub async fn inbound_list(
        &self,
        status: Option<&str>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<InboundRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM inbound_mail WHERE 1 = 1");
        if let Some(s) = status {
            let p = sql.arg(s);
            sql.push(&format!(" AND status = {p}"));
        }
        if let Some(b) = before {
            let p = sql.arg(b);
            sql.push(&format!(" AND id < {p}"));
        }
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY id DESC LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// How many messages of each status there are.
    pub async fn inbound_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Sql::new("SELECT status, COUNT(*) FROM inbound_mail GROUP BY status ORDER BY status").fetch_all(self.db()).await
    }

    /// Counts one more processing attempt of a message; returns how many there were.
    pub async fn inbound_attempted(&self, id: i64) -> Result<i64, StoreError> {
        let (attempts,): (i64,) = self
            .write_returning(
                Sql::new("UPDATE inbound_mail SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts").bind(id),
            )
            .await?;
        Ok(attempts)
    }

    /// Records how processing a message ended, with the ids that thread onto its ticket,
    /// inside the caller's transaction (or its own when `tx` is `None`).
    pub async fn finish_inbound(
        &self,
        id: i64,
        outcome: &InboundOutcome,
        thread_ids: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        Sql::new(
            "UPDATE inbound_mail SET status = $1, outcome = $2, ticket_id = $3, sender = $4, subject = $5,
                 message_id = $6, processed_at = $7 WHERE id = $8",
        )
        .bind(outcome.status.as_str())
        .bind(outcome.outcome.as_str())
        .bind(outcome.ticket_id)
        .bind(outcome.sender.as_deref())
        .bind(outcome.subject.as_deref())
        .bind(outcome.message_id.as_deref())
        .bind(now)
        .bind(id)
        .execute(&mut tx)
        .await?;
        if let Some(ticket) = outcome.ticket_id {
            self.add_thread_ids(&mut tx, ticket, thread_ids, now).await?;
        }
        tx.commit().await
    }

    /// Puts a message back to be processed again, with its job.
    pub async fn retry_inbound(&self, id: i64, job: NewJob, now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let n = Sql::new(
            "UPDATE inbound_mail SET status = 'received', outcome = NULL, attempts = 0, processed_at = NULL
             WHERE id = $1 AND raw_sha256 IS NOT NULL AND status <> 'received'",
        )
        .bind(id)
        .execute(&mut tx)
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.enqueue(&mut tx, &[job], now).await?;
        tx.commit().await
    }

    /// How many messages from `sender` turned into tickets or replies since `since`.
    pub async fn processed_from_since(&self, sender: &str, since: i64) -> Result<i64, StoreError> {
        Sql::new("SELECT COUNT(*) FROM inbound_mail WHERE sender = $1 AND received_at >= $2 AND status = 'processed'")
            .bind(sender)
            .bind(since)
            .scalar(self.db())
            .await
    }

    /// Records message ids as belonging to a ticket (a known id keeps its ticket).
    pub async fn add_thread_ids(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        ids: &[String],
        now: i64,
    ) -> Result<(), StoreError> {
        let rows = ids.iter().map(|id| vec![Arg::from(id.as_str()), Arg::from(ticket_id), Arg::from(now)]).collect();
        for sql in Sql::insert_many(
            "mail_threads",
            &["message_id", "ticket_id", "created_at"],
            rows,
            " ON CONFLICT (message_id) DO NOTHING",
        ) {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// The ticket of the first of `ids` that belongs to one.
    pub async fn ticket_of_thread(&self, ids: &[String]) -> Result<Option<i64>, StoreError> {
        if ids.is_empty() {
            return Ok(None);
        }
        let mut sql = Sql::new("SELECT message_id, ticket_id FROM mail_threads WHERE message_id IN (");
        let params: Vec<String> = ids.iter().map(|id| sql.arg(id.as_str())).collect();
        sql.push(&params.join(", ")).push(")");
        let found: Vec<(String, i64)> = sql.fetch_all(self.db()).await?;
        Ok(ids.iter().find_map(|id| found.iter().find(|(m, _)| m == id).map(|(_, t)| *t)))
    }

    /// The message ids of a ticket's thread, oldest first (at most `limit`).
    pub async fn thread_ids(&self, ticket_id: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = Sql::new(
            "SELECT message_id FROM mail_threads WHERE ticket_id = $1 ORDER BY created_at, message_id LIMIT $2",
        )
        .bind(ticket_id)
        .bind(limit)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Queues messages to send, each with its `mail.send` job, in the caller's transaction;
    /// a message whose id is queued already is left alone (a job run twice).
    pub async fn queue_outbound(
        &self,
        tx: &mut Tx,
        mails: &[NewOutbound],
        job: impl Fn(i64) -> NewJob,
        now: i64,
    ) -> Result<(), StoreError> {
        for m in mails {
            let id: Option<(i64,)> = Sql::new(
                "INSERT INTO outbound_mail (ticket_id, event, recipient, subject, message_id, in_reply_to, refs,
                     body_text, body_html, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10)
                 ON CONFLICT (message_id) DO NOTHING RETURNING id",
            )
            .bind(m.ticket_id)
            .bind(m.event.as_str())
            .bind(m.recipient.as_str())
            .bind(m.subject.as_str())
            .bind(m.message_id.as_str())
            .bind(m.in_reply_to.as_deref())
            .bind(m.refs.as_str())
            .bind(m.body_text.as_str())
            .bind(m.body_html.as_deref())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((id,)) = id {
                self.enqueue(tx, &[job(id)], now).await?;
                if let Some(ticket) = m.ticket_id {
                    self.add_thread_ids(tx, ticket, std::slice::from_ref(&m.message_id), now).await?;
                }
            }
        }
        Ok(())
    }

    /// One message sent or waiting.
    pub async fn outbound(&self, id: i64) -> Result<OutboundRow, StoreError> {
        Sql::new("SELECT * FROM outbound_mail WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Messages sent or waiting, newest first: of one ticket, or all.
    pub async fn outbound_list(&self, ticket_id: Option<i64>, limit: i64) -> Result<Vec<OutboundRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM outbound_mail");
        if let Some(t) = ticket_id {
            let p = sql.arg(t);
            sql.push(&format!(" WHERE ticket_id = {p}"));
        }
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY id DESC LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// Records a sending attempt: sent (`error` None), or failed for now or for good.
    pub async fn outbound_attempted(
        &self,
        id: i64,
        error: Option<&str>,
        gave_up: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let status = match (error, gave_up) {
            (None, _) => "sent",
            (Some(_), true) => "failed",
            (Some(_), false) => "queued",
        };
        Sql::new(
            "UPDATE outbound_mail SET status = $1, attempts = attempts + 1, last_error = $2,
                 sent_at = CASE WHEN $1 = 'sent' THEN $3 ELSE sent_at END WHERE id = $4",
        )
        .bind(status)
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(self.db())
        .await?;
        Ok(())
    }
}

fn bind_mailbox(sql: Sql, m: &MailboxFields) -> Sql {
    sql.bind(m.name.as_str())
        .bind(m.address.as_str())
        .bind(m.host.as_str())
        .bind(m.port)
        .bind(m.security.as_str())
        .bind(m.username.as_str())
        .bind(m.password_secret.as_str())
        .bind(m.folder.as_str())
        .bind(m.poll_secs)
        .bind(m.active)
}
