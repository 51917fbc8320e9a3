//! Files attached to knowledge-base articles: like tickets' attachments, a row naming a
//! content-addressed blob ([`crate::blobs`]), written after the blob so that a committed
//! attachment always has its content. Removing an attachment removes its row only: the
//! blob may be shared with other rows (the same bytes are stored once).

use crate::{Sql, Store, StoreError};

/// An article's attachment as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct KbAttachmentRow {
    pub id: i64,
    pub article_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: i64,
    pub created_at: i64,
}

/// A new attachment's metadata; the content is passed beside it.
#[derive(Debug, Clone)]
pub struct NewKbAttachment {
    pub article_id: i64,
    pub filename: String,
    pub content_type: String,
    pub uploaded_by: i64,
}

impl Store {
    /// Stores the content, then records the attachment (in a transaction: the pool's
    /// reads go to the reader pool).
    pub async fn add_article_attachment(
        &self,
        new: &NewKbAttachment,
        data: &[u8],
        now: i64,
    ) -> Result<KbAttachmentRow, StoreError> {
        let sha = self.put_blob(data, now).await?;
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "INSERT INTO kb_article_attachments (article_id, filename, content_type, size, sha256, uploaded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
        )
        .bind(new.article_id)
        .bind(new.filename.as_str())
        .bind(new.content_type.as_str())
        .bind(data.len() as i64)
        .bind(sha)
        .bind(new.uploaded_by)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// An article's attachments, oldest first.
    pub async fn article_attachments(&self, article_id: i64) -> Result<Vec<KbAttachmentRow>, StoreError> {
        Sql::new("SELECT * FROM kb_article_attachments WHERE article_id = $1 ORDER BY id")
            .bind(article_id)
            .fetch_all(self.db())
            .await
    }

    /// One article attachment.
    pub async fn article_attachment(&self, id: i64) -> Result<KbAttachmentRow, StoreError> {
        Sql::new("SELECT * FROM kb_article_attachments WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Removes an article attachment; not found when it was already gone.
    pub async fn remove_article_attachment(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM kb_article_attachments WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
