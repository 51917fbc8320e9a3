//! The full-text search index: one document per ticket, derived from its subject,
//! description and comments, kept in the backend's own machinery (SQLite FTS5, PostgreSQL
//! tsvector with GIN indexes).
//!
//! The index is derived data: it is written in the same transaction as the ticket or
//! comment it follows, left out of backups, and rebuilt by [`Store::reindex_all`] after a
//! restore or a bulk import. Requesters may only search the public part (subject,
//! description, public replies); staff search internal notes too.

use crate::tickets::TicketRow;
use crate::{Arg, Backend, Sql, Store, StoreError, Tx};

/// The longest text indexed per part of a document; PostgreSQL refuses tsvectors over
/// 1 MiB, and nobody searches for the middle of a pasted log file.
const INDEXED_CHARS: i64 = 200_000;

/// The part of a text the index keeps.
fn indexed(text: &str) -> &str {
    match text.char_indices().nth(INDEXED_CHARS as usize) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

impl Store {
    /// Rewrites the search documents of tickets `from_id..=to_id` inside a transaction.
    pub async fn index_tickets(&self, tx: &mut Tx, from_id: i64, to_id: i64) -> Result<(), StoreError> {
        match tx.backend() {
            Backend::Sqlite => {
                Sql::new("DELETE FROM search_tickets WHERE rowid BETWEEN $1 AND $2")
                    .bind(from_id)
                    .bind(to_id)
                    .execute(&mut *tx)
                    .await?;
                Sql::new(format!(
                    "INSERT INTO search_tickets (rowid, subject, public_text, internal_text)
                     SELECT t.id, t.subject,
                        substr(t.description || ' ' || COALESCE((SELECT group_concat(c.body, ' ') FROM ticket_comments c
                            WHERE c.ticket_id = t.id AND c.internal = FALSE), ''), 1, {INDEXED_CHARS}),
                        substr(COALESCE((SELECT group_concat(c.body, ' ') FROM ticket_comments c
                            WHERE c.ticket_id = t.id AND c.internal = TRUE), ''), 1, {INDEXED_CHARS})
                     FROM tickets t WHERE t.id BETWEEN $1 AND $2"
                ))
                .bind(from_id)
                .bind(to_id)
                .execute(&mut *tx)
                .await?;
            }
            Backend::Postgres => {
                Sql::new(format!(
                    "WITH docs AS (
                        SELECT t.id,
                            setweight(to_tsvector('english', t.subject), 'A')
                              || to_tsvector('english', left(t.description || ' ' || COALESCE((SELECT string_agg(c.body, ' ')
                                  FROM ticket_comments c WHERE c.ticket_id = t.id AND NOT c.internal), ''), {INDEXED_CHARS})) AS public_doc,
                            to_tsvector('english', left(COALESCE((SELECT string_agg(c.body, ' ') FROM ticket_comments c
                                  WHERE c.ticket_id = t.id AND c.internal), ''), {INDEXED_CHARS})) AS internal_doc
                        FROM tickets t WHERE t.id BETWEEN $1 AND $2
                     )
                     INSERT INTO search_tickets (ticket_id, public_doc, all_doc)
                     SELECT id, public_doc, public_doc || internal_doc FROM docs
                     ON CONFLICT (ticket_id) DO UPDATE SET public_doc = EXCLUDED.public_doc, all_doc = EXCLUDED.all_doc"
                ))
                .bind(from_id)
                .bind(to_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        Ok(())
    }

    /// Indexes tickets just created (no comments yet), one statement for all of them.
    pub async fn index_new_tickets(&self, tx: &mut Tx, tickets: &[TicketRow]) -> Result<(), StoreError> {
        let rows = tickets
            .iter()
            .map(|t| vec![Arg::from(t.id), Arg::from(indexed(&t.subject)), Arg::from(indexed(&t.description))])
            .collect();
        let statements = match tx.backend() {
            Backend::Sqlite => Sql::insert_many("search_tickets", &["rowid", "subject", "public_text"], rows, ""),
            Backend::Postgres => Sql::values_many(
                "INSERT INTO search_tickets (ticket_id, public_doc, all_doc)
                 SELECT id, doc, doc FROM (
                     SELECT v.id, setweight(to_tsvector('english', v.subject), 'A') || to_tsvector('english', v.body) AS doc
                     FROM (",
                3,
                rows,
                ") AS v(id, subject, body)) d",
            ),
        };
        for sql in statements {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Rewrites one ticket's search document inside a transaction.
    pub async fn index_ticket(&self, tx: &mut Tx, ticket_id: i64) -> Result<(), StoreError> {
        self.index_tickets(tx, ticket_id, ticket_id).await
    }

    /// Rebuilds the whole index, a batch of tickets per transaction; `progress` hears
    /// (done, total) in ticket ids after each batch. Returns how many tickets were indexed.
    pub async fn reindex_all(&self, mut progress: impl FnMut(i64, i64)) -> Result<i64, StoreError> {
        const BATCH: i64 = 2_000;
        let (low, high): (Option<i64>, Option<i64>) =
            Sql::new("SELECT MIN(id), MAX(id) FROM tickets").fetch_one(self.db()).await?;
        let (Some(low), Some(high)) = (low, high) else {
            return Ok(0);
        };
        let mut tx = self.begin().await?;
        match self.backend() {
            Backend::Sqlite => Sql::new("DELETE FROM search_tickets").execute(&mut tx).await?,
            Backend::Postgres => Sql::new("TRUNCATE search_tickets").execute(&mut tx).await?,
        };
        tx.commit().await?;
        let mut from = low;
        while from <= high {
            let to = from + BATCH - 1;
            let mut tx = self.begin().await?;
            self.index_tickets(&mut tx, from, to).await?;
            tx.commit().await?;
            progress(to.min(high) - low + 1, high - low + 1);
            from = to + 1;
        }
        Sql::new("SELECT COUNT(*) FROM tickets").scalar(self.db()).await
    }
}
