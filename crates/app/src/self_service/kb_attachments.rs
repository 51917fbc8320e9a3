//! Files attached to knowledge-base articles, kept like tickets' attachments (a row naming
//! a content-addressed blob; the size limit, names and content types of
//! `platform::files`). The article's writers (`WriteArticles` within its organisation)
//! add and remove them; whoever may read the article lists and downloads them, and
//! nobody else learns they exist (not found). Attachments are not versions of the
//! article: adding or removing one leaves its state and version as they were.

use chrono::{DateTime, Utc};
use helmdesk_store::self_service::kb_attachments::{KbAttachmentRow, NewKbAttachment};
use serde::Serialize;

use crate::platform::files::{NewFile, check_size, sanitize_content_type, sanitize_filename};
use crate::{Actor, App, AppError, ts};

/// A file attached to an article.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ArticleAttachment {
    pub id: i64,
    pub article_id: i64,
    /// The name it was uploaded with, without its path or characters unsafe in a file name.
    pub filename: String,
    /// `type/subtype` as uploaded, or `application/octet-stream`.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    pub uploaded_by: i64,
    pub created_at: DateTime<Utc>,
}

impl From<KbAttachmentRow> for ArticleAttachment {
    fn from(a: KbAttachmentRow) -> Self {
        ArticleAttachment {
            id: a.id,
            article_id: a.article_id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            created_at: ts(a.created_at),
        }
    }
}

impl App {
    /// Attaches a file to an article the actor may change.
    pub async fn add_article_attachment(
        &self,
        actor: &Actor,
        article_id: i64,
        file: &NewFile,
    ) -> Result<ArticleAttachment, AppError> {
        let article = actor.writable_article(self.readable_article_view(actor, article_id).await?.article)?;
        check_size(file.data.len(), self.settings().max_attachment_bytes)?;
        let new = NewKbAttachment {
            article_id: article.id,
            filename: sanitize_filename(&file.filename),
            content_type: sanitize_content_type(&file.content_type),
            uploaded_by: actor.id,
        };
        Ok(self.store().add_article_attachment(&new, &file.data, self.now_micros()).await?.into())
    }

    /// The attachments of an article the actor may read, oldest first.
    pub async fn article_attachments(
        &self,
        actor: &Actor,
        article_id: i64,
    ) -> Result<Vec<ArticleAttachment>, AppError> {
        self.readable_article_view(actor, article_id).await?;
        let rows = self.store().article_attachments(article_id).await?;
        Ok(rows.into_iter().map(ArticleAttachment::from).collect())
    }

    /// An attachment the actor may read, with the article it belongs to checked.
    async fn readable_article_attachment(&self, actor: &Actor, id: i64) -> Result<KbAttachmentRow, AppError> {
        let row = self.store().article_attachment(id).await?;
        self.readable_article_view(actor, row.article_id).await?;
        Ok(row)
    }

    /// An attachment and its bytes, if the actor may read its article.
    pub async fn article_attachment_content(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(ArticleAttachment, Vec<u8>), AppError> {
        let row = self.readable_article_attachment(actor, id).await?;
        let data = self.store().blob(&row.sha256).await?;
        Ok((row.into(), data))
    }

    /// Removes an attachment from an article the actor may change; returns what was removed.
    pub async fn remove_article_attachment(&self, actor: &Actor, id: i64) -> Result<ArticleAttachment, AppError> {
        let row = self.readable_article_attachment(actor, id).await?;
        actor.writable_article(self.readable_article_view(actor, row.article_id).await?.article)?;
        self.store().remove_article_attachment(id).await?;
        Ok(row.into())
    }
}
