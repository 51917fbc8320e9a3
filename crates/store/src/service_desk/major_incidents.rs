//! The stakeholder update log of major incidents.

use crate::service_desk::tickets::Effects;
use crate::{Sql, Store, StoreError};

/// A stakeholder update, with its author's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MajorUpdateRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: i64,
    pub author_name: String,
}

const SELECT: &str =
    "SELECT m.*, u.name AS author_name FROM major_incident_updates m JOIN users u ON u.id = m.author_id";

impl Store {
    /// A ticket's stakeholder updates, oldest first.
    pub async fn major_updates(&self, ticket_id: i64) -> Result<Vec<MajorUpdateRow>, StoreError> {
        Sql::new(format!("{SELECT} WHERE m.ticket_id = $1 ORDER BY m.id")).bind(ticket_id).fetch_all(self.db()).await
    }

    /// Adds a stakeholder update with its effects (history, notifications) in one
    /// transaction.
    pub async fn add_major_update(
        &self,
        ticket_id: i64,
        author_id: i64,
        body: &str,
        now: i64,
        effects: &Effects,
    ) -> Result<MajorUpdateRow, StoreError> {
        let mut tx = self.begin().await?;
        let id: i64 = Sql::new(
            "INSERT INTO major_incident_updates (ticket_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(ticket_id)
        .bind(author_id)
        .bind(body)
        .bind(now)
        .scalar(&mut tx)
        .await?;
        self.write_effects(&mut tx, ticket_id, Some(author_id), effects, now).await?;
        let row = Sql::new(format!("{SELECT} WHERE m.id = $1")).bind(id).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(row)
    }
}
