//! Time spent on tickets: one entry per piece of work, summed on the ticket.

use crate::service_desk::tickets::Effects;
use crate::{Sql, Store, StoreError};

/// A time entry, with the name of who spent the time.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TimeEntryRow {
    pub id: i64,
    pub ticket_id: i64,
    pub user_id: i64,
    pub minutes: i64,
    pub note: String,
    pub created_at: i64,
    pub user_name: String,
}

const SELECT: &str = "SELECT e.*, u.name AS user_name FROM time_entries e JOIN users u ON u.id = e.user_id";

impl Store {
    /// A ticket's time entries, oldest first.
    pub async fn time_entries(&self, ticket_id: i64) -> Result<Vec<TimeEntryRow>, StoreError> {
        Sql::new(format!("{SELECT} WHERE e.ticket_id = $1 ORDER BY e.id")).bind(ticket_id).fetch_all(self.db()).await
    }

    /// Records time on a ticket: the entry, the ticket's new total (and version), and the
    /// effects, in one transaction. Returns the entry.
    pub async fn add_time_entry(
        &self,
        ticket_id: i64,
        user_id: i64,
        minutes: i64,
        note: &str,
        now: i64,
        effects: &Effects,
    ) -> Result<TimeEntryRow, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = Sql::new(
            "INSERT INTO time_entries (ticket_id, user_id, minutes, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(ticket_id)
        .bind(user_id)
        .bind(minutes)
        .bind(note)
        .bind(now)
        .scalar(&mut tx)
        .await?;
        let n = Sql::new(
            "UPDATE tickets SET time_spent_minutes = time_spent_minutes + $1, updated_at = $2, version = version + 1
             WHERE id = $3",
        )
        .bind(minutes)
        .bind(now)
        .bind(ticket_id)
        .execute(&mut tx)
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.write_effects(&mut tx, ticket_id, Some(user_id), effects, now).await?;
        let row = Sql::new(format!("{SELECT} WHERE e.id = $1")).bind(id).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(row)
    }
}
