//! Finding tickets: the filters, order and keyset pages of ticket lists, bounded counts,
//! and the full-text search index: one document per ticket, derived from its subject,
//! description and comments, kept in the backend's own machinery (SQLite FTS5, PostgreSQL
//! tsvector with GIN indexes).
//!
//! The index is derived data: it is written in the same transaction as the ticket or
//! comment it follows, left out of backups, and rebuilt by [`Store::reindex_all`] after a
//! restore or a bulk import. Requesters may only search the public part (subject,
//! description, public replies); staff search internal notes too.

use helmdesk_domain::TicketStatus;
use helmdesk_domain::service_desk::search::{LastWord, Sort, SortKey, fts5_query, tsquery};

use crate::platform::users::push_in;
use crate::service_desk::tickets::{TicketRow, TicketView, VIEW_SELECT, Visibility, push_visibility};
use crate::{Arg, Backend, Sql, Store, StoreError, Tx};

/// Which SLA state a listed ticket must be in, judged at [`TicketFilter::now`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaFilter {
    /// A clock ran or runs past its due time.
    Breached,
    /// A running clock passed its warning time but not its due time.
    Warning,
    /// A running clock, not breached, whose warning time has come or that is due by
    /// `until` (microseconds): the "breaching soon" view.
    BreachingSoon { until: i64 },
    /// The clocks stand still (pending).
    Paused,
    /// Resolved or closed with no clock breached.
    Met,
    /// No SLA policy applies.
    NoPolicy,
}

/// A half-open time range `[from, to)` in microseconds; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// Where a keyset page starts: after the row with this sort key and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub key: i64,
    pub id: i64,
}

/// Filters, order and page of a ticket list. Every filter narrows; empty means any.
#[derive(Debug, Clone)]
pub struct TicketFilter {
    pub visibility: Visibility,
    /// Search words (see `domain::search::search_words`); every one must occur.
    pub words: Vec<String>,
    /// Whether the words may match internal notes (staff) or only the public text.
    pub search_internal: bool,
    pub statuses: Vec<String>,
    pub priorities: Vec<i64>,
    pub kind: Option<String>,
    pub team_id: Option<i64>,
    /// `Some(None)`: unassigned only.
    pub assignee_id: Option<Option<i64>>,
    pub requester_id: Option<i64>,
    /// Tickets of these organisations (an organisation and its sub-organisations).
    pub organisation_ids: Option<Vec<i64>>,
    pub category_id: Option<i64>,
    /// Tickets naming this configuration item.
    pub ci_id: Option<i64>,
    pub sla: Option<SlaFilter>,
    pub created: Range,
    pub updated: Range,
    pub resolved: Range,
    /// The instant SLA states are judged at.
    pub now: i64,
    pub sort: Sort,
    pub after: Option<After>,
    pub limit: i64,
}

impl TicketFilter {
    /// Everything the reader may see, newest first.
    pub fn visible(visibility: Visibility, limit: i64) -> TicketFilter {
        TicketFilter {
            visibility,
            words: Vec::new(),
            search_internal: false,
            statuses: Vec::new(),
            priorities: Vec::new(),
            kind: None,
            team_id: None,
            assignee_id: None,
            requester_id: None,
            organisation_ids: None,
            category_id: None,
            ci_id: None,
            sla: None,
            created: Range::default(),
            updated: Range::default(),
            resolved: Range::default(),
            now: 0,
            sort: Sort::default(),
            after: None,
            limit,
        }
    }
}

/// The value a ticket is sorted by under `sort` (the cursor's key).
pub fn sort_key(sort: Sort, t: &TicketRow) -> i64 {
    match sort.key {
        SortKey::Created => t.id,
        SortKey::Updated => t.updated_at,
        SortKey::Priority => t.priority,
        SortKey::Due => t.resolution_due.unwrap_or(if sort.descending { i64::MIN } else { i64::MAX }),
    }
}

/// The SQL expression of a sort key; tickets without a due time sort last both ways.
fn sort_expression(sort: Sort) -> &'static str {
    match (sort.key, sort.descending) {
        (SortKey::Created, _) => "t.id",
        (SortKey::Updated, _) => "t.updated_at",
        (SortKey::Priority, _) => "t.priority",
        (SortKey::Due, false) => DUE_ORDER,
        (SortKey::Due, true) => "COALESCE(t.resolution_due, -9223372036854775808)",
    }
}

/// Due times in ascending order, tickets without one last; the expression of the
/// `tickets_running_due` index.
const DUE_ORDER: &str = "COALESCE(t.resolution_due, 9223372036854775807)";

/// A clock runs: the ticket is open and not pending.
const RUNNING: &str = "(t.status IN ('new', 'assigned', 'in_progress') AND t.sla_paused_at IS NULL)";
/// The response clock still counts (no first response yet).
const RESPONSE_OPEN: &str = "(t.first_response_at IS NULL AND t.response_due IS NOT NULL)";

/// The condition of an SLA state; `$now`/`$until` are the placeholders of the instants.
fn sla_condition(filter: SlaFilter, now: &str, until: &str) -> String {
    let breached = format!(
        "(COALESCE(t.response_breached, FALSE) OR COALESCE(t.resolution_breached, FALSE)
          OR ({RUNNING} AND (({RESPONSE_OPEN} AND t.response_due <= {now}) OR COALESCE(t.resolution_due <= {now}, FALSE))))"
    );
    match filter {
        SlaFilter::Breached => breached,
        SlaFilter::Warning => format!(
            "({RUNNING} AND NOT {breached} AND (({RESPONSE_OPEN} AND t.response_warn_at <= {now})
              OR COALESCE(t.resolution_warn_at <= {now}, FALSE)))"
        ),
        // Not breached means not yet due, written out as a range of the running tickets'
        // due-time index (migration 0009) so that the view reads from now onwards.
        SlaFilter::BreachingSoon { .. } => format!(
            "({RUNNING} AND {DUE_ORDER} > {now} AND NOT {breached}
              AND (({RESPONSE_OPEN} AND (t.response_warn_at <= {now} OR t.response_due <= {until}))
              OR COALESCE(t.resolution_warn_at <= {now} OR t.resolution_due <= {until}, FALSE)))"
        ),
        SlaFilter::Paused => "(t.sla_paused_at IS NOT NULL)".into(),
        SlaFilter::Met => "(t.status IN ('resolved', 'closed') AND t.sla_policy_id IS NOT NULL
              AND NOT COALESCE(t.response_breached, FALSE) AND NOT COALESCE(t.resolution_breached, FALSE))"
            .into(),
        SlaFilter::NoPolicy => "(t.sla_policy_id IS NULL)".into(),
    }
}

/// Appends every filter of `f` but its words.
fn push_conditions(sql: &mut Sql, f: &TicketFilter) {
    push_visibility(sql, &f.visibility);
    if !f.statuses.is_empty() {
        let list = status_list(sql, &f.statuses);
        sql.push(&format!(" AND t.status IN ({list})"));
    }
    if !f.priorities.is_empty() {
        let params: Vec<String> = f.priorities.iter().map(|p| sql.arg(*p)).collect();
        sql.push(&format!(" AND t.priority IN ({})", params.join(", ")));
    }
    let eq = |sql: &mut Sql, column: &str, value: Arg| {
        let p = sql.arg(value);
        sql.push(&format!(" AND {column} = {p}"));
    };
    if let Some(k) = &f.kind {
        eq(sql, "t.kind", k.as_str().into());
    }
    if let Some(team) = f.team_id {
        eq(sql, "t.team_id", team.into());
    }
    match f.assignee_id {
        Some(Some(a)) => eq(sql, "t.assignee_id", a.into()),
        Some(None) => {
            sql.push(" AND t.assignee_id IS NULL");
        }
        None => {}
    }
    if let Some(r) = f.requester_id {
        eq(sql, "t.requester_id", r.into());
    }
    if let Some(orgs) = &f.organisation_ids {
        push_in(sql, "t.organisation_id", orgs);
    }
    if let Some(c) = f.ci_id {
        eq(sql, "t.ci_id", c.into());
    }
    if let Some(c) = f.category_id {
        eq(sql, "t.category_id", c.into());
    }
    for (column, range) in [("t.created_at", f.created), ("t.updated_at", f.updated), ("t.resolved_at", f.resolved)] {
        if let Some(from) = range.from {
            let p = sql.arg(from);
            sql.push(&format!(" AND {column} >= {p}"));
        }
        if let Some(to) = range.to {
            let p = sql.arg(to);
            sql.push(&format!(" AND {column} < {p}"));
        }
    }
    if let Some(state) = f.sla {
        let now = sql.arg(f.now);
        let until = match state {
            SlaFilter::BreachingSoon { until } => sql.arg(until),
            _ => now.clone(),
        };
        sql.push(&format!(" AND {}", sla_condition(state, &now, &until)));
    }
}

/// Statuses as an SQL list: the known ones as literals in their canonical order, for a
/// partial index over open tickets (migration 0010) serves only a query that repeats its
/// predicate, and a parameter repeats nothing; anything else as a parameter.
fn status_list(sql: &mut Sql, statuses: &[String]) -> String {
    let position = |s: &TicketStatus| TicketStatus::ALL.iter().position(|a| a == s);
    let mut known: Vec<TicketStatus> = statuses.iter().filter_map(|s| s.parse().ok()).collect();
    known.sort_by_key(position);
    known.dedup();
    let mut items: Vec<String> = known.iter().map(|s| format!("'{}'", s.as_str())).collect();
    for unknown in statuses.iter().filter(|s| s.parse::<TicketStatus>().is_err()) {
        items.push(sql.arg(unknown.as_str()));
    }
    items.join(", ")
}

/// The SQLite full-text query of `f`'s words, if it has any.
fn sqlite_match(f: &TicketFilter, last_word: LastWord) -> Option<String> {
    fts5_query(&f.words, last_word, (!f.search_internal).then_some("{subject public_text}"))
}

/// The full-text condition on `search_tickets` (every word in the ticket's document) and
/// the column naming the ticket, if `f` has words.
fn words_condition(
    sql: &mut Sql,
    f: &TicketFilter,
    last_word: LastWord,
    backend: Backend,
) -> Option<(String, &'static str)> {
    match backend {
        Backend::Sqlite => {
            let p = sql.arg(sqlite_match(f, last_word)?);
            Some((format!("search_tickets MATCH {p}"), "rowid"))
        }
        Backend::Postgres => {
            let p = sql.arg(tsquery(&f.words, last_word)?);
            let doc = if f.search_internal { "all_doc" } else { "public_doc" };
            Some((format!("{doc} @@ to_tsquery('english', {p})"), "ticket_id"))
        }
    }
}

/// Tickets read in the order SQLite's FTS5 yields their matches (rowid order), so that a
/// page or a capped count stops after its last row.
const FTS_LED_FROM: &str = "FROM search_tickets JOIN tickets t ON t.id = search_tickets.rowid";

/// Up to this many tickets holding the search words are read from the index first and
/// handed to the ticket statement as a list of ids. Planners cannot tell a rare word from a
/// frequent one: PostgreSQL walked a million tickets newest first looking for a word that
/// five of them hold (3.4 s), and SQLite collected every ticket holding a frequent word
/// before the first row. Reading at most this many ids costs a few milliseconds.
const FEW_MATCHES: i64 = 1000;

/// Matches PostgreSQL must estimate before a search skips reading the first thousand:
/// ten times [`FEW_MATCHES`], so that an estimate ten times too high still decides right.
const PLAINLY_MANY: i64 = 10 * FEW_MATCHES;

/// The rows the top node of a PostgreSQL plan expects (`... rows=27945 width=8)`).
fn estimated_rows(plan_line: &str) -> Option<i64> {
    let after = &plan_line[plan_line.find(" rows=")? + " rows=".len()..];
    after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// Which tickets hold the search words, as a statement reads them.
enum Matches {
    /// There are no words.
    Unsearched,
    /// The words occur in these tickets only (at most [`FEW_MATCHES`]).
    Few(Vec<i64>),
    /// The words occur in more tickets: the statement reads the index itself. When the
    /// last word is frequent as a whole word, it is searched as one: expanding a frequent
    /// word's prefix merges the lists of every word it starts (80 ms for "error" at a
    /// million tickets) and changes no more than which of thousands of matches come first.
    Many(LastWord),
}

impl Matches {
    /// Appends the condition that a ticket holds the words.
    fn push(&self, sql: &mut Sql, f: &TicketFilter, backend: Backend) {
        match self {
            Matches::Unsearched => {}
            Matches::Few(ids) => push_in(sql, "t.id", ids),
            Matches::Many(last_word) => {
                if let Some((condition, id)) = words_condition(sql, f, *last_word, backend) {
                    sql.push(&format!(" AND t.id IN (SELECT {id} FROM search_tickets WHERE {condition})"));
                }
            }
        }
    }
}

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
    /// A page of tickets in the filter's order, starting after its cursor.
    pub async fn list_tickets(&self, f: &TicketFilter) -> Result<Vec<TicketView>, StoreError> {
        let matches = self.matches(f).await?;
        if let Matches::Few(ids) = &matches
            && ids.is_empty()
        {
            return Ok(Vec::new());
        }
        if self.backend() == Backend::Sqlite
            && f.sort.key == SortKey::Created
            && let Matches::Many(last_word) = matches
            && let Some(q) = sqlite_match(f, last_word)
        {
            return self.list_matches_by_id(f, q).await;
        }
        let mut sql = Sql::new(format!("{VIEW_SELECT} WHERE 1 = 1"));
        push_conditions(&mut sql, f);
        matches.push(&mut sql, f, self.backend());
        let key = sort_expression(f.sort);
        let (cmp, dir) = if f.sort.descending { ("<", "DESC") } else { (">", "ASC") };
        if let Some(after) = f.after {
            let id = sql.arg(after.id);
            if f.sort.key == SortKey::Created {
                sql.push(&format!(" AND t.id {cmp} {id}"));
            } else {
                let k = sql.arg(after.key);
                sql.push(&format!(" AND ({key} {cmp} {k} OR ({key} = {k} AND t.id {cmp} {id}))"));
            }
        }
        let limit = sql.arg(f.limit);
        if f.sort.key == SortKey::Created {
            sql.push(&format!(" ORDER BY t.id {dir} LIMIT {limit}"));
        } else {
            sql.push(&format!(" ORDER BY {key} {dir}, t.id {dir} LIMIT {limit}"));
        }
        sql.fetch_all(self.db()).await
    }

    /// Which tickets hold the words of `f`: their ids if there are few.
    async fn matches(&self, f: &TicketFilter) -> Result<Matches, StoreError> {
        if f.words.is_empty() {
            return Ok(Matches::Unsearched);
        }
        if self.plainly_many(f).await? || self.few_matches(f, LastWord::Whole).await?.is_none() {
            return Ok(Matches::Many(LastWord::Whole));
        }
        Ok(match self.few_matches(f, LastWord::Prefix).await? {
            Some(ids) => Matches::Few(ids),
            None => Matches::Many(LastWord::Prefix),
        })
    }

    /// Whether PostgreSQL's statistics of the text index put the matches of the words of
    /// `f` (the last one whole) at more than [`PLAINLY_MANY`]. Reading even a thousand ids
    /// of a common word there builds the bitmap of all its matches first (10 to 40 ms for
    /// the 28,000 tickets holding "printer"), while the estimate of a single word comes
    /// from the word's own frequency and costs a millisecond. A word the statistics do not
    /// know is estimated as rare and probed as before. SQLite's index stops early anyway.
    async fn plainly_many(&self, f: &TicketFilter) -> Result<bool, StoreError> {
        if self.backend() != Backend::Postgres {
            return Ok(false);
        }
        let mut sql = Sql::new("");
        let Some((condition, id)) = words_condition(&mut sql, f, LastWord::Whole, self.backend()) else {
            return Ok(false);
        };
        sql.push(&format!("EXPLAIN SELECT {id} FROM search_tickets WHERE {condition}"));
        let plan: Vec<(String,)> = sql.fetch_all(self.db()).await?;
        Ok(plan.first().and_then(|line| estimated_rows(&line.0)).is_some_and(|rows| rows > PLAINLY_MANY))
    }

    /// The ids of the tickets holding the words of `f`, unless there are more than
    /// [`FEW_MATCHES`].
    async fn few_matches(&self, f: &TicketFilter, last_word: LastWord) -> Result<Option<Vec<i64>>, StoreError> {
        let mut sql = Sql::new("");
        let Some((condition, id)) = words_condition(&mut sql, f, last_word, self.backend()) else {
            return Ok(Some(Vec::new()));
        };
        let limit = sql.arg(FEW_MATCHES + 1);
        sql.push(&format!("SELECT {id} FROM search_tickets WHERE {condition} LIMIT {limit}"));
        let ids: Vec<(i64,)> = sql.fetch_all(self.db()).await?;
        Ok((ids.len() as i64 <= FEW_MATCHES).then(|| ids.into_iter().map(|r| r.0).collect()))
    }

    /// A page of SQLite full-text matches in id order. FTS5 hands its matches over in
    /// rowid order, so with the index leading the join a page stops after its last row;
    /// `id IN (matches)` would collect every match of a frequent word (hundreds of
    /// thousands at a million tickets) before the first row.
    async fn list_matches_by_id(&self, f: &TicketFilter, query: String) -> Result<Vec<TicketView>, StoreError> {
        let from = VIEW_SELECT.replacen("FROM tickets t", FTS_LED_FROM, 1);
        let mut sql = Sql::new(from);
        let q = sql.arg(query);
        sql.push(&format!(" WHERE search_tickets MATCH {q}"));
        push_conditions(&mut sql, f);
        let (cmp, dir) = if f.sort.descending { ("<", "DESC") } else { (">", "ASC") };
        if let Some(after) = f.after {
            let id = sql.arg(after.id);
            sql.push(&format!(" AND search_tickets.rowid {cmp} {id}"));
        }
        let limit = sql.arg(f.limit);
        sql.push(&format!(" ORDER BY search_tickets.rowid {dir} LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// How many tickets match the filter, counting no further than `cap` (so a count
    /// costs at most `cap` rows however large the database).
    pub async fn count_tickets(&self, f: &TicketFilter, cap: i64) -> Result<i64, StoreError> {
        let matches = self.matches(f).await?;
        let mut sql = Sql::new("SELECT COUNT(*) FROM (SELECT 1 ");
        match (&matches, self.backend()) {
            (Matches::Many(last_word), Backend::Sqlite) => {
                // Led by the index, the count stops after `cap` matches.
                let q = sql.arg(sqlite_match(f, *last_word).unwrap_or_default());
                sql.push(&format!("{FTS_LED_FROM} WHERE search_tickets MATCH {q}"));
                push_conditions(&mut sql, f);
            }
            _ => {
                sql.push("FROM tickets t WHERE 1 = 1");
                push_conditions(&mut sql, f);
                matches.push(&mut sql, f, self.backend());
            }
        }
        let cap = sql.arg(cap);
        sql.push(&format!(" LIMIT {cap}) AS matching"));
        sql.scalar(self.db()).await
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimated_rows_are_read_from_the_top_line_of_a_plan() {
        let line = "Bitmap Heap Scan on search_tickets  (cost=1552.57..77219.14 rows=27945 width=8)";
        assert_eq!(estimated_rows(line), Some(27945));
        assert_eq!(estimated_rows("Seq Scan on t  (cost=0.00..1.01 rows=1 width=8)"), Some(1));
        assert_eq!(estimated_rows("Result  (cost=0.00..0.01 width=0)"), None);
        assert_eq!(estimated_rows("Seq Scan on t  (cost=0.00..1.01 rows=oops width=8)"), None);
    }
}
