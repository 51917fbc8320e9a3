//! Bulk loading, for the benchmark's seed program (`bench/`): many finished tickets with
//! their comments, history and pauses in one transaction of multi-row statements, their
//! search documents written in the same transaction.
//!
//! Nothing here decides what a ticket looks like: the caller sets every column (status,
//! dates, SLA clocks) as if the ticket had lived its life through the application. Ids are
//! allocated like [`Store::create_tickets`] does, so the server can file tickets afterwards.

use crate::service_desk::tickets::{NewHistory, TicketRow, WRITABLE, number_of, writable_args};
use crate::{Arg, Backend, Sql, Store, StoreError};

/// Most arguments of one SQLite statement here. SQLite looks `$N` parameters up by name,
/// in time that grows with the square of their number in a statement (at prepare and at
/// bind time): 30,000 arguments cost about 0.3 s, 1,000 about 0.3 ms.
const SQLITE_ARGS: usize = 1000;

/// `INSERT` statements for `rows`, small enough for SQLite to bind quickly.
fn inserts(backend: Backend, table: &str, columns: &[&str], rows: Vec<Vec<Arg>>) -> Vec<Sql> {
    if backend == Backend::Postgres {
        return Sql::insert_many(table, columns, rows, "");
    }
    let per_statement = (SQLITE_ARGS / columns.len()).max(1);
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        out.extend(Sql::insert_many(table, columns, rows.by_ref().take(per_statement).collect(), ""));
    }
    out
}

/// A comment of a ticket in a [`SeedBatch`], which it names by position.
#[derive(Debug, Clone)]
pub struct SeedComment {
    /// The position of its ticket in [`SeedBatch::tickets`].
    pub ticket: usize,
    pub author_id: i64,
    pub body: String,
    pub internal: bool,
    pub created_at: i64,
}

/// A history line of a ticket in a [`SeedBatch`], which it names by position.
#[derive(Debug, Clone)]
pub struct SeedHistory {
    /// The position of its ticket in [`SeedBatch::tickets`].
    pub ticket: usize,
    pub actor_id: Option<i64>,
    pub line: NewHistory,
    pub created_at: i64,
}

/// Tickets (their `id` and, when `None`, `number` are assigned here) with what belongs to
/// them.
#[derive(Debug, Clone, Default)]
pub struct SeedBatch {
    pub tickets: Vec<TicketRow>,
    pub comments: Vec<SeedComment>,
    pub history: Vec<SeedHistory>,
}

impl Store {
    /// Gives the writer connection a large page cache for a bulk load (SQLite; nothing to
    /// do on PostgreSQL).
    pub async fn prepare_bulk_load(&self) -> Result<(), StoreError> {
        if self.backend() == Backend::Sqlite {
            let mut tx = self.begin().await?;
            // PRAGMA cache_size takes effect on the connection, not the transaction.
            Sql::new("PRAGMA cache_size = -262144").execute(&mut tx).await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Writes a batch in one transaction: the tickets, their comments, history lines,
    /// the open pauses of tickets whose clocks stand still, and their search documents.
    /// Returns the ids given to the tickets, in order.
    pub async fn seed_tickets(&self, batch: SeedBatch) -> Result<Vec<i64>, StoreError> {
        if batch.tickets.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin().await?;
        let ids = self.allocate_ticket_ids(&mut tx, batch.tickets.len()).await?;
        let columns: Vec<&str> =
            ["id", "number", "created_by", "created_at", "version"].iter().chain(WRITABLE).copied().collect();
        let mut pauses = Vec::new();
        let rows = batch
            .tickets
            .iter()
            .zip(&ids)
            .map(|(t, &id)| {
                if let Some(since) = t.sla_paused_at {
                    pauses.push(vec![Arg::from(id), Arg::from(since)]);
                }
                let number = t.number.clone().unwrap_or_else(|| number_of(&t.kind, id));
                let mut args = vec![
                    Arg::from(id),
                    Arg::from(number),
                    Arg::from(t.created_by),
                    Arg::from(t.created_at),
                    Arg::from(t.version.max(1)),
                ];
                args.extend(writable_args(t));
                args
            })
            .collect();
        let backend = self.backend();
        for sql in inserts(backend, "tickets", &columns, rows) {
            sql.execute(&mut tx).await?;
        }
        let comments = batch
            .comments
            .into_iter()
            .map(|c| {
                vec![
                    Arg::from(ids[c.ticket]),
                    Arg::from(c.author_id),
                    Arg::from(c.body),
                    Arg::from(c.internal),
                    Arg::from(c.created_at),
                ]
            })
            .collect();
        let columns = ["ticket_id", "author_id", "body", "internal", "created_at"];
        for sql in inserts(backend, "ticket_comments", &columns, comments) {
            sql.execute(&mut tx).await?;
        }
        let history = batch
            .history
            .into_iter()
            .map(|h| {
                vec![
                    Arg::from(ids[h.ticket]),
                    Arg::from(h.actor_id),
                    Arg::from(h.line.field),
                    Arg::from(h.line.old_value),
                    Arg::from(h.line.new_value),
                    Arg::from(h.created_at),
                ]
            })
            .collect();
        let columns = ["ticket_id", "actor_id", "field", "old_value", "new_value", "created_at"];
        for sql in inserts(backend, "ticket_history", &columns, history) {
            sql.execute(&mut tx).await?;
        }
        for sql in inserts(backend, "ticket_pauses", &["ticket_id", "started_at"], pauses) {
            sql.execute(&mut tx).await?;
        }
        let (low, high) = (ids.iter().min().copied().unwrap_or(0), ids.iter().max().copied().unwrap_or(0));
        self.index_tickets(&mut tx, low, high).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Ends a bulk load: PostgreSQL's tables vacuumed and analysed, as autovacuum leaves
    /// them in a steady state (its planner statistics, and the visibility map without which
    /// an index-only scan reads every row's page too: the KPIs' covering indexes read
    /// 19,000 table rows for a month's resolved tickets); SQLite's write-ahead log folded
    /// into the database file.
    pub async fn finish_bulk_load(&self) -> Result<(), StoreError> {
        match self.backend() {
            Backend::Sqlite => {
                let mut tx = self.begin().await?;
                Sql::new("PRAGMA cache_size = -32000").execute(&mut tx).await?;
                tx.commit().await?;
                Sql::new("PRAGMA wal_checkpoint(TRUNCATE)").execute(self.db()).await?;
                self.refresh_statistics().await?;
            }
            Backend::Postgres => {
                Sql::new("VACUUM (ANALYZE)").execute(self.db()).await?;
            }
        }
        Ok(())
    }
}
