//! Satisfaction surveys: the links sent with "resolved" mail and the answers.

use crate::{Sql, Store, StoreError};

/// A requester's answer.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SurveyRow {
    pub ticket_id: i64,
    pub rating: i64,
    pub comment: String,
    pub answered_at: i64,
}

/// A link sent with a "resolved" mail.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SurveyLinkRow {
    pub token_hash: String,
    pub ticket_id: i64,
    pub created_at: i64,
    /// When it was answered: a link is answered once.
    pub answered_at: Option<i64>,
}

impl Store {
    /// Records a survey link (by its token's hash) for a ticket.
    pub async fn add_survey_link(&self, token_hash: &str, ticket_id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new("INSERT INTO survey_links (token_hash, ticket_id, created_at) VALUES ($1, $2, $3)")
            .bind(token_hash)
            .bind(ticket_id)
            .bind(now)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// The link with this token hash, if any.
    pub async fn survey_link(&self, token_hash: &str) -> Result<Option<SurveyLinkRow>, StoreError> {
        Sql::new("SELECT * FROM survey_links WHERE token_hash = $1").bind(token_hash).fetch_optional(self.db()).await
    }

    /// Saves the answer given through a link, once: `false` (nothing saved) when the link
    /// was answered already or made before `made_after` (it expired). The answer replaces
    /// an earlier one of the ticket (given through an earlier link).
    pub async fn answer_survey(
        &self,
        token_hash: &str,
        made_after: i64,
        answer: &SurveyRow,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let claimed = Sql::new(
            "UPDATE survey_links SET answered_at = $1
             WHERE token_hash = $2 AND ticket_id = $3 AND answered_at IS NULL AND created_at > $4",
        )
        .bind(answer.answered_at)
        .bind(token_hash)
        .bind(answer.ticket_id)
        .bind(made_after)
        .execute(&mut tx)
        .await?;
        if claimed == 0 {
            return Ok(false);
        }
        Sql::new(
            "INSERT INTO ticket_surveys (ticket_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
                 answered_at = excluded.answered_at",
        )
        .bind(answer.ticket_id)
        .bind(answer.rating)
        .bind(answer.comment.as_str())
        .bind(answer.answered_at)
        .execute(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A ticket's answer, if the requester gave one.
    pub async fn survey(&self, ticket_id: i64) -> Result<Option<SurveyRow>, StoreError> {
        Sql::new("SELECT * FROM ticket_surveys WHERE ticket_id = $1").bind(ticket_id).fetch_optional(self.db()).await
    }
}
