//! Canned responses: reply texts kept for reuse, shared with all staff or personal.

use crate::{Sql, Store, StoreError};

/// A canned response as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CannedRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// `None`: shared with all staff; otherwise the one person who uses it.
    pub owner_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// A shared response is for staff of this organisation and its subsidiaries, and of
    /// those above (`None`: for all staff).
    pub organisation_id: Option<i64>,
}

impl Store {
    /// The shared responses and those of `owner_id`, by title.
    pub async fn canned_responses(&self, owner_id: i64) -> Result<Vec<CannedRow>, StoreError> {
        Sql::new("SELECT * FROM canned_responses WHERE owner_id IS NULL OR owner_id = $1 ORDER BY title, id")
            .bind(owner_id)
            .fetch_all(self.db())
            .await
    }

    /// One canned response.
    pub async fn canned_response(&self, id: i64) -> Result<CannedRow, StoreError> {
        Sql::new("SELECT * FROM canned_responses WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a canned response: personal (`owner_id`), or shared with the staff of
    /// `organisation_id` (`None`: all staff).
    pub async fn create_canned_response(
        &self,
        title: &str,
        body: &str,
        owner_id: Option<i64>,
        organisation_id: Option<i64>,
        now: i64,
    ) -> Result<CannedRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO canned_responses (title, body, owner_id, created_at, updated_at, organisation_id)
                 VALUES ($1, $2, $3, $4, $4, $5) RETURNING *",
            )
            .bind(title)
            .bind(body)
            .bind(owner_id)
            .bind(now)
            .bind(organisation_id),
        )
        .await
    }

    /// Replaces a canned response's title and body.
    pub async fn update_canned_response(
        &self,
        id: i64,
        title: &str,
        body: &str,
        now: i64,
    ) -> Result<CannedRow, StoreError> {
        self.write_returning(
            Sql::new("UPDATE canned_responses SET title = $1, body = $2, updated_at = $3 WHERE id = $4 RETURNING *")
                .bind(title)
                .bind(body)
                .bind(now)
                .bind(id),
        )
        .await
    }

    /// Deletes a canned response.
    pub async fn delete_canned_response(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM canned_responses WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
