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

    /// The ticket a survey link is for.
    pub async fn survey_link_ticket(&self, token_hash: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = Sql::new("SELECT ticket_id FROM survey_links WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.db())
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// Saves an answer; a later one replaces it.
    pub async fn answer_survey(&self, answer: &SurveyRow) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO ticket_surveys (ticket_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
                 answered_at = excluded.answered_at",
        )
        .bind(answer.ticket_id)
        .bind(answer.rating)
        .bind(answer.comment.as_str())
        .bind(answer.answered_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// A ticket's answer, if the requester gave one.
    pub async fn survey(&self, ticket_id: i64) -> Result<Option<SurveyRow>, StoreError> {
        Sql::new("SELECT * FROM ticket_surveys WHERE ticket_id = $1").bind(ticket_id).fetch_optional(self.db()).await
    }
}
