//! People who watch a ticket: they hear of its replies and changes like its requester.

use crate::platform::users::UserRow;
use crate::{Sql, Store, StoreError};

/// A watcher: the user, and since when they watch.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WatcherRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub watching_since: i64,
}

impl Store {
    /// The watchers of a ticket, by name.
    pub async fn watchers(&self, ticket_id: i64) -> Result<Vec<WatcherRow>, StoreError> {
        Sql::new(
            "SELECT u.*, w.created_at AS watching_since FROM ticket_watchers w JOIN users u ON u.id = w.user_id
             WHERE w.ticket_id = $1 ORDER BY u.name, u.id",
        )
        .bind(ticket_id)
        .fetch_all(self.db())
        .await
    }

    /// Adds a watcher; `false` when they already watch.
    pub async fn add_watcher(&self, ticket_id: i64, user_id: i64, now: i64) -> Result<bool, StoreError> {
        let n = Sql::new(
            "INSERT INTO ticket_watchers (ticket_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(ticket_id)
        .bind(user_id)
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(n > 0)
    }

    /// Removes a watcher; `false` when they did not watch.
    pub async fn remove_watcher(&self, ticket_id: i64, user_id: i64) -> Result<bool, StoreError> {
        let n = Sql::new("DELETE FROM ticket_watchers WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket_id)
            .bind(user_id)
            .execute(self.db())
            .await?;
        Ok(n > 0)
    }
}
