//! Links between tickets (parent, duplicate of, related, caused by change), and the merge
//! of a duplicate into the ticket it duplicates.
//!
//! A link is stored once, on the ticket it was made on (`ticket_id`), and read from both
//! ends. The rules (no self-links, no loops in parent and duplicate chains, one parent)
//! are checked by `app` inside the transaction that inserts the link, after
//! [`Store::lock_tickets`], so two links made at once cannot close a loop together.

use crate::service_desk::tickets::{Effects, TicketRow};
use crate::{Backend, Sql, Store, StoreError, Tx};

/// A link as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LinkRow {
    pub id: i64,
    /// The ticket the link was made on.
    pub ticket_id: i64,
    pub kind: String,
    /// The other ticket; `None` for a change named by `change_ref`.
    pub target_id: Option<i64>,
    pub change_ref: Option<String>,
    pub created_by: i64,
    pub created_at: i64,
}

/// A link read from one of its tickets, with what is needed to show the other end and to
/// decide whether the reader may see it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LinkView {
    #[sqlx(flatten)]
    pub link: LinkRow,
    pub created_by_name: String,
    /// The ticket at the other end; `None` for a change reference.
    pub other_id: Option<i64>,
    pub other_number: Option<String>,
    pub other_subject: Option<String>,
    pub other_status: Option<String>,
    pub other_organisation_id: Option<i64>,
    pub other_requester_id: Option<i64>,
    pub other_department_id: Option<i64>,
}

/// A link to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct NewLink {
    pub ticket_id: i64,
    pub kind: String,
    pub target_id: Option<i64>,
    pub change_ref: Option<String>,
    pub created_by: i64,
}

/// A merge of ticket `source` (in its new, closed state) into ticket `target_id`.
#[derive(Debug, Clone)]
pub struct Merge<'a> {
    pub source: &'a TicketRow,
    /// The version `source` was read at; a ticket changed since is [`StoreError::Stale`].
    pub source_version: i64,
    pub target_id: i64,
    /// Who merges; the author of the pointer note on the target.
    pub actor_id: i64,
    /// The internal note left on the target.
    pub pointer: String,
    pub source_effects: Effects,
    pub target_effects: Effects,
}

const LINK_VIEW_SELECT: &str = "SELECT l.*, u.name AS created_by_name, o.id AS other_id, o.number AS other_number,
        o.subject AS other_subject, o.status AS other_status, o.organisation_id AS other_organisation_id,
        o.requester_id AS other_requester_id, o.department_id AS other_department_id
    FROM ticket_links l
    JOIN users u ON u.id = l.created_by
    LEFT JOIN tickets o ON o.id = CASE WHEN l.ticket_id = $1 THEN l.target_id ELSE l.ticket_id END";

impl Store {
    /// The links of a ticket, made on it or pointing at it, oldest first.
    pub async fn links(&self, ticket_id: i64) -> Result<Vec<LinkView>, StoreError> {
        Sql::new(format!("{LINK_VIEW_SELECT} WHERE l.ticket_id = $1 OR l.target_id = $1 ORDER BY l.id"))
            .bind(ticket_id)
            .fetch_all(self.db())
            .await
    }

    /// One link, read from ticket `ticket_id` (which it must be made on or point at).
    pub async fn link(&self, ticket_id: i64, link_id: i64) -> Result<LinkView, StoreError> {
        Sql::new(format!("{LINK_VIEW_SELECT} WHERE l.id = $2 AND (l.ticket_id = $1 OR l.target_id = $1)"))
            .bind(ticket_id)
            .bind(link_id)
            .fetch_one(self.db())
            .await
    }

    /// Holds the rows of these tickets until the transaction ends (PostgreSQL; SQLite's
    /// single writer already serialises write transactions), in id order so that two
    /// transactions locking the same tickets never wait for each other in a circle.
    pub async fn lock_tickets(&self, tx: &mut Tx, ids: &[i64]) -> Result<(), StoreError> {
        if tx.backend() == Backend::Sqlite || ids.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new("SELECT id FROM tickets WHERE 1 = 1");
        crate::platform::users::push_in(&mut sql, "id", ids);
        sql.push(" ORDER BY id FOR UPDATE");
        sql.fetch_all::<(i64,)>(tx).await?;
        Ok(())
    }

    /// The tickets reached from `from` by following links of `kind` (from the ticket a
    /// link is made on to its target), `from` included.
    pub async fn linked_chain(&self, tx: &mut Tx, kind: &str, from: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new(
            "WITH RECURSIVE chain (id) AS (
                SELECT CAST($1 AS BIGINT)
                UNION
                SELECT l.target_id FROM ticket_links l JOIN chain c ON l.ticket_id = c.id
                WHERE l.kind = $2 AND l.target_id IS NOT NULL
             )
             SELECT id FROM chain",
        )
        .bind(from)
        .bind(kind)
        .fetch_all(tx)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// The links of `kind` made on a ticket.
    pub async fn links_made_on(&self, tx: &mut Tx, ticket_id: i64, kind: &str) -> Result<Vec<LinkRow>, StoreError> {
        Sql::new("SELECT * FROM ticket_links WHERE ticket_id = $1 AND kind = $2 ORDER BY id")
            .bind(ticket_id)
            .bind(kind)
            .fetch_all(tx)
            .await
    }

    /// Inserts a link and its effects (history) inside a transaction.
    pub async fn insert_link(
        &self,
        tx: &mut Tx,
        new: &NewLink,
        effects: &Effects,
        now: i64,
    ) -> Result<LinkRow, StoreError> {
        let row = Sql::new(
            "INSERT INTO ticket_links (ticket_id, kind, target_id, change_ref, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
        )
        .bind(new.ticket_id)
        .bind(new.kind.as_str())
        .bind(new.target_id)
        .bind(new.change_ref.clone())
        .bind(new.created_by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        self.write_effects(tx, new.ticket_id, Some(new.created_by), effects, now).await?;
        Ok(row)
    }

    /// Deletes a link, writing its effects (history on the ticket it was made on).
    pub async fn delete_link(
        &self,
        link: &LinkRow,
        actor_id: i64,
        effects: &Effects,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let n = Sql::new("DELETE FROM ticket_links WHERE id = $1").bind(link.id).execute(&mut tx).await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        self.write_effects(&mut tx, link.ticket_id, Some(actor_id), effects, now).await?;
        tx.commit().await
    }

    /// Merges a ticket into another in one transaction: saves the source in its new state
    /// (if still at its version), moves its comments, attachments and watchers to the
    /// target, links it as a duplicate of the target, leaves the pointer note on the
    /// target, reindexes both and writes both tickets' effects. A target that was closed
    /// or merged meanwhile is [`StoreError::Stale`], and nothing changes.
    pub async fn merge_tickets(&self, m: &Merge<'_>) -> Result<(), StoreError> {
        let (source, target) = (m.source.id, m.target_id);
        let now = m.source.updated_at;
        let mut tx = self.begin().await?;
        self.lock_tickets(&mut tx, &[source, target]).await?;
        self.update_ticket(&mut tx, m.source, m.source_version).await?;
        let open = Sql::new(
            "UPDATE tickets SET updated_at = $1, version = version + 1
             WHERE id = $2 AND merged_into_id IS NULL AND status NOT IN ('closed', 'cancelled')",
        )
        .bind(now)
        .bind(target)
        .execute(&mut tx)
        .await?;
        if open == 0 {
            return Err(StoreError::Stale);
        }
        for table in ["ticket_comments", "attachments"] {
            Sql::new(format!("UPDATE {table} SET ticket_id = $1 WHERE ticket_id = $2"))
                .bind(target)
                .bind(source)
                .execute(&mut tx)
                .await?;
        }
        Sql::new(
            "INSERT INTO ticket_watchers (ticket_id, user_id, created_at)
             SELECT $1, user_id, created_at FROM ticket_watchers WHERE ticket_id = $2
             ON CONFLICT DO NOTHING",
        )
        .bind(target)
        .bind(source)
        .execute(&mut tx)
        .await?;
        Sql::new("DELETE FROM ticket_watchers WHERE ticket_id = $1").bind(source).execute(&mut tx).await?;
        Sql::new(
            "INSERT INTO ticket_links (ticket_id, kind, target_id, change_ref, created_by, created_at)
             VALUES ($1, 'duplicate_of', $2, NULL, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(source)
        .bind(target)
        .bind(m.actor_id)
        .bind(now)
        .execute(&mut tx)
        .await?;
        self.insert_comment(&mut tx, target, m.actor_id, &m.pointer, true, now).await?;
        self.index_ticket(&mut tx, source).await?;
        self.index_ticket(&mut tx, target).await?;
        self.write_effects(&mut tx, source, Some(m.actor_id), &m.source_effects, now).await?;
        self.write_effects(&mut tx, target, Some(m.actor_id), &m.target_effects, now).await?;
        tx.commit().await
    }
}
