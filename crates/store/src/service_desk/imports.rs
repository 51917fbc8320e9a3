//! Imports from other service desks (`helmdesk import servicenow`): finding what an
//! earlier import created, creating the people, teams and categories an import names in
//! a few multi-row statements, and writing a batch of imported tickets with their history
//! and search documents in one transaction.
//!
//! Reference records are matched by their unique key (a user's e-mail, a team's or
//! category's name) and created with `ON CONFLICT DO NOTHING`, so running an import twice,
//! or two at once, creates each record once.

use std::collections::HashMap;

use crate::db::{IN_CHUNK, ids_by_key};
use crate::service_desk::tickets::{NewHistory, TicketRow};
use crate::{Arg, Sql, Store, StoreError, Tx};

/// A ticket found by its number, with the names of what it refers to: what an import
/// compares its rows with.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NumberedTicket {
    #[sqlx(flatten)]
    pub ticket: TicketRow,
    pub requester_name: String,
    pub assignee_name: Option<String>,
    pub team_name: Option<String>,
    pub category_name: Option<String>,
}

/// A person an import needs: found by e-mail, or created without a password (so they
/// cannot sign in until an administrator sets one).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedPerson {
    pub email: String,
    pub name: String,
    pub role: String,
    /// Inactive people appear in history but are not offered for assignment.
    pub active: bool,
}

/// A history line of an imported ticket, with its own time and author.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedHistory {
    pub actor_id: Option<i64>,
    pub at: i64,
    pub line: NewHistory,
}

/// One transaction's worth of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    /// Tickets to create (with their `number`), each with its history.
    pub new: Vec<(TicketRow, Vec<ImportedHistory>)>,
    /// Tickets to overwrite, each with the version it was read at and the history to
    /// append.
    pub changed: Vec<(TicketRow, i64, Vec<ImportedHistory>)>,
}

impl Store {
    /// The tickets that carry these numbers, whatever their source.
    pub async fn tickets_by_number(&self, numbers: &[String]) -> Result<Vec<NumberedTicket>, StoreError> {
        let mut found = Vec::new();
        for chunk in numbers.chunks(IN_CHUNK) {
            let mut sql = Sql::new(
                "SELECT t.*, r.name AS requester_name, a.name AS assignee_name, tm.name AS team_name,
                        c.name AS category_name
                 FROM tickets t
                 JOIN users r ON r.id = t.requester_id
                 LEFT JOIN users a ON a.id = t.assignee_id
                 LEFT JOIN teams tm ON tm.id = t.team_id
                 LEFT JOIN categories c ON c.id = t.category_id
                 WHERE t.number IN (",
            );
            let params: Vec<String> = chunk.iter().map(|n| sql.arg(n.as_str())).collect();
            sql.push(&params.join(", ")).push(")");
            found.extend(sql.fetch_all::<NumberedTicket>(self.db()).await?);
        }
        Ok(found)
    }

    /// The organisation with this name, created when missing; returns its id.
    pub async fn ensure_organisation(&self, name: &str, now: i64) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let rows = vec![vec![Arg::from(name), Arg::from(now)]];
        let ids = ensure_named(&mut tx, "organisations", &["name", "created_at"], rows, &[name.to_string()]).await?;
        tx.commit().await?;
        ids.get(name).copied().ok_or(StoreError::NotFound)
    }

    /// Ids by e-mail of these people in `organisation_id`, creating those who are missing
    /// (existing users are left as they are, whatever their organisation or role).
    pub async fn ensure_people(
        &self,
        people: &[ImportedPerson],
        organisation_id: i64,
        now: i64,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let rows = people
            .iter()
            .map(|p| {
                vec![
                    Arg::from(p.email.as_str()),
                    Arg::from(p.name.as_str()),
                    Arg::from(p.role.as_str()),
                    Arg::from(organisation_id),
                    Arg::from(p.active),
                    Arg::from(now),
                    Arg::from(now),
                ]
            })
            .collect();
        let keys: Vec<String> = people.iter().map(|p| p.email.clone()).collect();
        let columns = ["email", "name", "role", "organisation_id", "active", "created_at", "updated_at"];
        let mut tx = self.begin().await?;
        let ids = ensure_named(&mut tx, "users", &columns, rows, &keys).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Ids by name of these teams, creating those that are missing.
    pub async fn ensure_teams(&self, names: &[String], now: i64) -> Result<HashMap<String, i64>, StoreError> {
        let rows = names.iter().map(|n| vec![Arg::from(n.as_str()), Arg::from(now)]).collect();
        let mut tx = self.begin().await?;
        let ids = ensure_named(&mut tx, "teams", &["name", "created_at"], rows, names).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Ids by name of these categories, creating those that are missing.
    pub async fn ensure_categories(&self, names: &[String], now: i64) -> Result<HashMap<String, i64>, StoreError> {
        let rows = names.iter().map(|n| vec![Arg::from(n.as_str()), Arg::from(now)]).collect();
        let mut tx = self.begin().await?;
        let ids = ensure_named(&mut tx, "categories", &["name", "created_at"], rows, names).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Makes each (team, user) pair a membership, keeping those that exist.
    pub async fn ensure_team_members(&self, pairs: &[(i64, i64)]) -> Result<(), StoreError> {
        let rows = pairs.iter().map(|(team, user)| vec![Arg::from(*team), Arg::from(*user)]).collect();
        let mut tx = self.begin().await?;
        for sql in Sql::insert_many("team_members", &["team_id", "user_id"], rows, "ON CONFLICT DO NOTHING") {
            sql.execute(&mut tx).await?;
        }
        tx.commit().await
    }

    /// Writes a batch of imported tickets in one transaction: creates the new ones (their
    /// rows, search documents and history each in multi-row statements) and overwrites the
    /// changed ones if they are still at the version read ([`StoreError::Stale`]
    /// otherwise, and nothing is written), appending their history and reindexing them.
    /// Returns the created tickets in the order given.
    pub async fn save_imported_tickets(&self, batch: ImportBatch) -> Result<Vec<TicketRow>, StoreError> {
        let mut tx = self.begin().await?;
        let (rows, lines): (Vec<TicketRow>, Vec<Vec<ImportedHistory>>) = batch.new.into_iter().unzip();
        let saved = if rows.is_empty() { Vec::new() } else { self.insert_new_tickets(&mut tx, &rows).await? };
        let mut history = Vec::new();
        let mut push = |ticket_id: i64, lines: Vec<ImportedHistory>| {
            history.extend(lines.into_iter().map(|h| (ticket_id, h.actor_id, h.line, h.at)));
        };
        for (t, lines) in saved.iter().zip(lines) {
            push(t.id, lines);
        }
        for (t, expected_version, lines) in batch.changed {
            self.update_ticket(&mut tx, &t, expected_version).await?;
            self.index_ticket(&mut tx, t.id).await?;
            push(t.id, lines);
        }
        self.insert_history_rows(&mut tx, history).await?;
        tx.commit().await?;
        Ok(saved)
    }
}

/// Inserts `rows` into `table` (skipping those whose unique key, the first column, exists)
/// and returns the ids of the records whose key is among `keys`.
async fn ensure_named(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Arg>>,
    keys: &[String],
) -> Result<HashMap<String, i64>, StoreError> {
    let key = columns[0];
    for sql in Sql::insert_many(table, columns, rows, &format!("ON CONFLICT ({key}) DO NOTHING")) {
        sql.execute(&mut *tx).await?;
    }
    ids_by_key(tx, table, key, keys).await
}
