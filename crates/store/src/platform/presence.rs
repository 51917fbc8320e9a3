//! Who has a record open right now (the `presence` table): one row a person and record,
//! renewed by their open page; rows not renewed in time are read as gone and deleted by
//! housekeeping.

use crate::{Sql, Store, StoreError};

/// Someone who has a record open.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PresenceRow {
    pub user_id: i64,
    pub name: String,
    /// Whether they are writing on it (a reply, a note).
    pub writing: bool,
    pub seen_at: i64,
}

impl Store {
    /// Records that `user_id` has `subject` `record_id` open at `now`, writing or not.
    /// `true` when that is news to the others: they were not there since `gone_before`,
    /// or they started or stopped writing.
    pub async fn mark_present(
        &self,
        subject: &str,
        record_id: i64,
        user_id: i64,
        writing: bool,
        now: i64,
        gone_before: i64,
    ) -> Result<bool, StoreError> {
        let before: Option<(bool, i64)> =
            Sql::new("SELECT writing, seen_at FROM presence WHERE subject = $1 AND record_id = $2 AND user_id = $3")
                .bind(subject)
                .bind(record_id)
                .bind(user_id)
                .fetch_optional(self.db())
                .await?;
        Sql::new(
            "INSERT INTO presence (subject, record_id, user_id, writing, seen_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (subject, record_id, user_id) DO UPDATE SET writing = excluded.writing, seen_at = excluded.seen_at",
        )
        .bind(subject)
        .bind(record_id)
        .bind(user_id)
        .bind(writing)
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(!matches!(before, Some((was_writing, seen)) if was_writing == writing && seen >= gone_before))
    }

    /// Records that `user_id` closed `subject` `record_id`; `true` when they had it open.
    pub async fn mark_absent(&self, subject: &str, record_id: i64, user_id: i64) -> Result<bool, StoreError> {
        let n = Sql::new("DELETE FROM presence WHERE subject = $1 AND record_id = $2 AND user_id = $3")
            .bind(subject)
            .bind(record_id)
            .bind(user_id)
            .execute(self.db())
            .await?;
        Ok(n > 0)
    }

    /// Who has `subject` `record_id` open, seen since `since`, by name.
    pub async fn present(&self, subject: &str, record_id: i64, since: i64) -> Result<Vec<PresenceRow>, StoreError> {
        Sql::new(
            "SELECT p.user_id, u.name, p.writing, p.seen_at FROM presence p JOIN users u ON u.id = p.user_id
             WHERE p.subject = $1 AND p.record_id = $2 AND p.seen_at >= $3 ORDER BY u.name, u.id",
        )
        .bind(subject)
        .bind(record_id)
        .bind(since)
        .fetch_all(self.db())
        .await
    }

    /// Deletes what was last seen before `before`.
    pub async fn purge_presence(&self, before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM presence WHERE seen_at < $1").bind(before).execute(self.db()).await
    }
}
