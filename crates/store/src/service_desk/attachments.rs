//! Tickets' attachments: a row naming a blob ([`crate::blobs`]), written after the blob so
//! that a committed attachment always has its content, with its history line.

use crate::service_desk::tickets::NewHistory;
use crate::{Sql, Store, StoreError};

/// An attachment as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: i64,
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: i64,
    pub created_at: i64,
}

/// A new attachment's metadata; the content is passed beside it.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub uploaded_by: i64,
    /// Attached to an internal note: its history line is internal too.
    pub internal: bool,
}

impl Store {
    /// Stores the content, then records the attachment, a history line and a new ticket
    /// version in one transaction.
    pub async fn add_attachment(
        &self,
        new: &NewAttachment,
        data: &[u8],
        now: i64,
    ) -> Result<AttachmentRow, StoreError> {
        let sha = self.put_blob(data, now).await?;
        let mut tx = self.begin().await?;
        let row: AttachmentRow = Sql::new(
            "INSERT INTO attachments (ticket_id, comment_id, filename, content_type, size, sha256, uploaded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(new.ticket_id)
        .bind(new.comment_id)
        .bind(&new.filename)
        .bind(&new.content_type)
        .bind(data.len() as i64)
        .bind(sha)
        .bind(new.uploaded_by)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        let line = NewHistory {
            field: if new.internal { "internal_attachment" } else { "attachment" }.into(),
            old_value: None,
            new_value: Some(new.filename.clone()),
        };
        self.insert_history(&mut tx, new.ticket_id, Some(new.uploaded_by), &[line], now).await?;
        self.touch_ticket(&mut tx, new.ticket_id, now).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A ticket's attachments, oldest first.
    pub async fn attachments(&self, ticket_id: i64) -> Result<Vec<AttachmentRow>, StoreError> {
        Sql::new("SELECT * FROM attachments WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket_id)
            .fetch_all(self.db())
            .await
    }

    /// One attachment.
    pub async fn attachment(&self, id: i64) -> Result<AttachmentRow, StoreError> {
        Sql::new("SELECT * FROM attachments WHERE id = $1").bind(id).fetch_one(self.db()).await
    }
}
