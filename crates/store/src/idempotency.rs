//! Idempotency keys of API `POST`s: a key is reserved before the work, and the answer
//! saved after it, so a replay gets the same answer and a concurrent duplicate is refused.

use crate::{Sql, Store, StoreError};

/// A reserved or answered key. `status` 0 means the first request is still running.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct IdempotencyRow {
    pub user_id: i64,
    pub key: String,
    pub request_hash: String,
    pub status: i64,
    pub response: String,
    pub created_at: i64,
    /// The headers of the answer that a replay repeats (`ETag`, `Location`), as a JSON
    /// object.
    pub headers: String,
}

impl Store {
    /// Reserves a key; returns the existing row instead when the key was used before.
    pub async fn reserve_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        request_hash: &str,
        now: i64,
    ) -> Result<Option<IdempotencyRow>, StoreError> {
        let inserted = Sql::new(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at)
             VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (user_id, key) DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(self.db())
        .await?;
        if inserted == 1 {
            return Ok(None);
        }
        Sql::new("SELECT * FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(key)
            .fetch_optional(self.db())
            .await
    }

    /// Saves the answer given under a reserved key: its status, body and the headers a
    /// replay repeats (a JSON object).
    pub async fn answer_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        status: i64,
        response: &str,
        headers: &str,
    ) -> Result<(), StoreError> {
        Sql::new(
            "UPDATE idempotency_keys SET status = $1, response = $2, headers = $3 WHERE user_id = $4 AND key = $5",
        )
        .bind(status)
        .bind(response)
        .bind(headers)
        .bind(user_id)
        .bind(key)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Frees a reserved key whose request failed, so it may be tried again.
    pub async fn release_idempotency_key(&self, user_id: i64, key: &str) -> Result<(), StoreError> {
        Sql::new("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 0")
            .bind(user_id)
            .bind(key)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Forgets keys older than `before`.
    pub async fn purge_idempotency_keys(&self, before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM idempotency_keys WHERE created_at < $1").bind(before).execute(self.db()).await
    }
}
