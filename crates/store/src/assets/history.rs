//! The history of assets and configuration items: one line per field changed, as text,
//! with who changed it and when. Each record kind has its own table of the same shape.

use crate::db::Arg;
use crate::{Sql, Store, StoreError, Tx};

/// Which records' history: the table and the column naming the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryOf {
    Asset,
    Ci,
}

impl HistoryOf {
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            HistoryOf::Asset => ("asset_history", "asset_id"),
            HistoryOf::Ci => ("ci_history", "ci_id"),
        }
    }
}

/// A line of history to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

impl Change {
    /// A line saying the record was made, in `state` (or of a class).
    pub fn created(state: &str) -> Change {
        Change { field: "created".into(), old_value: None, new_value: Some(state.into()) }
    }
}

/// A stored history line, with who made it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub record_id: i64,
    pub actor_id: Option<i64>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: i64,
    pub actor_name: Option<String>,
}

/// Writes `changes` of record `id` made by `actor_id` at `at`, within `tx`.
pub async fn insert_history(
    tx: &mut Tx,
    of: HistoryOf,
    id: i64,
    actor_id: Option<i64>,
    changes: &[Change],
    at: i64,
) -> Result<(), StoreError> {
    insert_history_lines(tx, of, changes.iter().map(|c| (id, actor_id, c, at))).await
}

/// Writes history lines of many records, each `(record id, actor id, change, at)`, within
/// `tx`, in as few statements as the argument limits allow.
pub async fn insert_history_lines<'a>(
    tx: &mut Tx,
    of: HistoryOf,
    lines: impl IntoIterator<Item = (i64, Option<i64>, &'a Change, i64)>,
) -> Result<(), StoreError> {
    let (table, key) = of.table_and_key();
    let rows = lines
        .into_iter()
        .map(|(id, actor_id, c, at)| {
            vec![
                Arg::from(id),
                Arg::from(actor_id),
                Arg::from(&c.field),
                Arg::from(c.old_value.clone()),
                Arg::from(c.new_value.clone()),
                Arg::from(at),
            ]
        })
        .collect();
    for sql in Sql::insert_many(table, &[key, "actor_id", "field", "old_value", "new_value", "created_at"], rows, "") {
        sql.execute(&mut *tx).await?;
    }
    Ok(())
}

impl Store {
    /// A record's history, oldest first.
    pub async fn record_history(&self, of: HistoryOf, id: i64) -> Result<Vec<HistoryRow>, StoreError> {
        let (table, key) = of.table_and_key();
        Sql::new(format!(
            "SELECT h.id, h.{key} AS record_id, h.actor_id, h.field, h.old_value, h.new_value, h.created_at,
                    u.name AS actor_name
             FROM {table} h LEFT JOIN users u ON u.id = h.actor_id WHERE h.{key} = $1 ORDER BY h.id"
        ))
        .bind(id)
        .fetch_all(self.db())
        .await
    }
}
