//! In-app notifications, written by background jobs.

use crate::{Arg, Sql, Store, StoreError, Tx};

/// A notification to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
}

/// A notification as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

impl Store {
    /// Writes notifications inside the transaction of the change they tell of.
    pub async fn insert_notifications(
        &self,
        tx: &mut Tx,
        notes: &[NewNotification],
        now: i64,
    ) -> Result<(), StoreError> {
        let rows = notes
            .iter()
            .map(|n| vec![Arg::from(n.user_id), Arg::from(n.ticket_id), Arg::from(n.message.as_str()), Arg::from(now)])
            .collect();
        for sql in Sql::insert_many("notifications", &["user_id", "ticket_id", "message", "created_at"], rows, "") {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Notifies each of `users` once.
    pub async fn notify(
        &self,
        users: &[i64],
        ticket_id: Option<i64>,
        message: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        for user in users {
            Sql::new("INSERT INTO notifications (user_id, ticket_id, message, created_at) VALUES ($1, $2, $3, $4)")
                .bind(*user)
                .bind(ticket_id)
                .bind(message)
                .bind(now)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await
    }

    /// A user's latest notifications.
    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<NotificationRow>, StoreError> {
        Sql::new("SELECT * FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(user_id)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// How many notifications a user has not read, counting no further than `cap`.
    pub async fn unread_notifications(&self, user_id: i64, cap: i64) -> Result<i64, StoreError> {
        Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) AS unread")
            .bind(user_id)
            .bind(cap)
            .scalar(self.db())
            .await
    }

    /// Marks all of a user's notifications read.
    pub async fn mark_notifications_read(&self, user_id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(self.db())
            .await?;
        Ok(())
    }
}
