//! Tickets, their comments and their history.

use crate::jobs::NewJob;
use crate::platform::notifications::{NewNotification, excerpt};
use crate::platform::users::push_in;
use crate::service_desk::routing::MemberStamp;
use crate::{Arg, Backend, Sql, Store, StoreError, Tx};

/// A ticket as stored.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub number: Option<String>,
    pub kind: String,
    pub subject: String,
    pub description: String,
    pub requester_id: i64,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    pub category_id: Option<i64>,
    pub impact: String,
    pub urgency: String,
    pub priority: i64,
    pub status: String,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub version: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The SLA policy that matched when the clocks were last computed.
    pub sla_policy_id: Option<i64>,
    /// The first public reply by staff (or the resolution, if that came first).
    pub first_response_at: Option<i64>,
    pub response_due: Option<i64>,
    pub response_warn_at: Option<i64>,
    pub resolution_due: Option<i64>,
    pub resolution_warn_at: Option<i64>,
    /// Set while the clocks stand still (the ticket is pending).
    pub sla_paused_at: Option<i64>,
    /// Whether the clock stopped (or ran) past its due time; `None` while undecided.
    pub response_breached: Option<bool>,
    pub resolution_breached: Option<bool>,
    /// When the escalation sweep must next look at the ticket.
    pub sla_next_check_at: Option<i64>,
    pub resolution_code: Option<String>,
    pub resolution_note: Option<String>,
    pub major_incident: bool,
    /// The ticket this one was merged into (and closed for).
    pub merged_into_id: Option<i64>,
    pub reopen_count: i64,
    pub time_spent_minutes: i64,
    /// Where an imported ticket came from (e.g. `servicenow`), and the source's version.
    pub import_source: Option<String>,
    pub import_version: Option<i64>,
    /// The configuration item it affects.
    pub ci_id: Option<i64>,
    /// The configuration item that caused it.
    pub caused_by_ci_id: Option<i64>,
}

/// A ticket with the names of what it refers to, for display.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TicketView {
    #[sqlx(flatten)]
    pub ticket: TicketRow,
    pub requester_name: String,
    pub requester_email: String,
    pub organisation_name: String,
    pub assignee_name: Option<String>,
    pub team_name: Option<String>,
    pub category_name: Option<String>,
    pub ci_name: Option<String>,
    pub caused_by_ci_name: Option<String>,
}

pub(crate) const VIEW_SELECT: &str = "SELECT t.*, r.name AS requester_name, r.email AS requester_email,
        o.name AS organisation_name, a.name AS assignee_name, tm.name AS team_name, c.name AS category_name,
        ci.name AS ci_name, cb.name AS caused_by_ci_name
    FROM tickets t
    JOIN users r ON r.id = t.requester_id
    JOIN organisations o ON o.id = t.organisation_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    LEFT JOIN categories c ON c.id = t.category_id
    LEFT JOIN cis ci ON ci.id = t.ci_id
    LEFT JOIN cis cb ON cb.id = t.caused_by_ci_id";

/// Which tickets a reader may see.
#[derive(Debug, Clone, PartialEq)]
pub enum Visibility {
    /// Every ticket.
    All,
    /// Tickets of these organisations.
    Organisations(Vec<i64>),
    /// A requester's own tickets and those of their department.
    Requester { user_id: i64, department_id: Option<i64> },
}

/// A line of a ticket's history.
#[derive(Debug, Clone, PartialEq)]
pub struct NewHistory {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// A stored history line, with who made it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct HistoryRow {
    pub id: i64,
    pub ticket_id: i64,
    pub actor_id: Option<i64>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: i64,
    pub actor_name: Option<String>,
}

/// A stored comment, with its author's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    pub internal: bool,
    pub created_at: i64,
    pub author_name: String,
}

/// What a ticket write brings with it, written in the same transaction: history lines,
/// jobs, in-app notifications and the assignment times routing keeps per team member.
#[derive(Debug, Clone, Default)]
pub struct Effects {
    pub history: Vec<NewHistory>,
    pub jobs: Vec<NewJob>,
    pub notifications: Vec<NewNotification>,
    pub stamps: Vec<MemberStamp>,
}

impl Effects {
    /// Effects of history lines alone.
    pub fn history(history: Vec<NewHistory>) -> Effects {
        Effects { history, ..Default::default() }
    }
}

/// The human-readable number of a new ticket, e.g. `INC-000123`.
pub(crate) fn number_of(kind: &str, id: i64) -> String {
    let prefix = if kind == "service_request" { "REQ" } else { "INC" };
    format!("{prefix}-{id:06}")
}

impl Store {
    /// Files a ticket: inserts it with its number, indexes it, records its creation in the
    /// history, and writes the effects `effects_for` makes from the saved ticket (at
    /// position 0), all in one transaction.
    pub async fn create_ticket(
        &self,
        new: &TicketRow,
        effects_for: impl Fn(usize, &TicketRow) -> Effects,
    ) -> Result<TicketRow, StoreError> {
        let mut saved = self.create_tickets(std::slice::from_ref(new), effects_for).await?;
        saved.pop().ok_or(StoreError::NotFound)
    }

    /// Files several tickets in one transaction (the group commit of concurrent filings):
    /// ids are allocated first so that every row, its number, its search document, its
    /// history and its effects go in with one multi-row statement each. Returns the saved
    /// tickets in the order given. `effects_for` gets each saved ticket with its position.
    /// All or nothing.
    pub async fn create_tickets(
        &self,
        new: &[TicketRow],
        effects_for: impl Fn(usize, &TicketRow) -> Effects,
    ) -> Result<Vec<TicketRow>, StoreError> {
        if new.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin().await?;
        let saved = self.insert_new_tickets(&mut tx, new).await?;
        let mut effects = Effects::default();
        let mut history = Vec::new();
        for (i, t) in saved.iter().enumerate() {
            let created = NewHistory { field: "created".into(), old_value: None, new_value: t.number.clone() };
            let extra = effects_for(i, t);
            history.extend(
                std::iter::once(created).chain(extra.history).map(|h| (t.id, Some(t.created_by), h, t.created_at)),
            );
            effects.jobs.extend(extra.jobs);
            effects.notifications.extend(extra.notifications);
            effects.stamps.extend(extra.stamps);
        }
        self.insert_history_rows(&mut tx, history).await?;
        let now = saved.iter().map(|t| t.created_at).max().unwrap_or_default();
        self.enqueue(&mut tx, &effects.jobs, now).await?;
        self.insert_notifications(&mut tx, &effects.notifications, now).await?;
        self.stamp_members(&mut tx, &effects.stamps).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Inserts new tickets inside a transaction, with ids allocated first so that the rows
    /// and their search documents go in with one multi-row statement each; a ticket without
    /// a number gets `PREFIX-00000N` from its id. Returns the saved tickets in the order
    /// given. Writes no history.
    pub(crate) async fn insert_new_tickets(
        &self,
        tx: &mut Tx,
        new: &[TicketRow],
    ) -> Result<Vec<TicketRow>, StoreError> {
        let ids = self.allocate_ticket_ids(&mut *tx, new.len()).await?;
        let rows: Vec<TicketRow> = new
            .iter()
            .zip(&ids)
            .map(|(t, &id)| TicketRow {
                id,
                number: t.number.clone().or_else(|| Some(number_of(&t.kind, id))),
                ..t.clone()
            })
            .collect();
        let columns: Vec<&str> =
            ["id", "number", "created_by", "created_at", "version"].iter().chain(WRITABLE).copied().collect();
        let args = rows
            .iter()
            .map(|t| {
                let mut args = vec![
                    Arg::from(t.id),
                    Arg::from(t.number.clone()),
                    Arg::from(t.created_by),
                    Arg::from(t.created_at),
                    Arg::from(1i64),
                ];
                args.extend(writable_args(t));
                args
            })
            .collect();
        let mut saved: Vec<TicketRow> = Vec::with_capacity(rows.len());
        for sql in Sql::insert_many("tickets", &columns, args, "RETURNING *") {
            saved.extend(sql.fetch_all::<TicketRow>(&mut *tx).await?);
        }
        // RETURNING promises no order: put the rows back in the order given.
        saved.sort_by_key(|t| ids.iter().position(|id| *id == t.id));
        for t in saved.iter().filter(|t| t.sla_paused_at.is_some()) {
            self.follow_pause(&mut *tx, t).await?;
        }
        self.index_new_tickets(&mut *tx, &saved).await?;
        Ok(saved)
    }

    /// Reserves `n` ticket ids inside a write transaction. SQLite has one writer, so the
    /// ids after the largest are free until this transaction ends (a second process that
    /// wrote meanwhile makes the insert fail, and nothing is saved); PostgreSQL draws them
    /// from the identity's sequence.
    pub(crate) async fn allocate_ticket_ids(&self, tx: &mut Tx, n: usize) -> Result<Vec<i64>, StoreError> {
        let n = n as i64;
        match tx.backend() {
            Backend::Sqlite => {
                let last: i64 = Sql::new("SELECT COALESCE(MAX(id), 0) FROM tickets").scalar(&mut *tx).await?;
                Ok((last + 1..=last + n).collect())
            }
            Backend::Postgres => {
                let rows: Vec<(i64,)> =
                    Sql::new("SELECT nextval(pg_get_serial_sequence('tickets', 'id')) FROM generate_series(1, $1)")
                        .bind(n)
                        .fetch_all(&mut *tx)
                        .await?;
                Ok(rows.into_iter().map(|r| r.0).collect())
            }
        }
    }

    /// Inserts a ticket; a ticket without a number gets `PREFIX-00000N` from its id.
    pub async fn insert_ticket(&self, tx: &mut Tx, t: &TicketRow) -> Result<TicketRow, StoreError> {
        let columns = ["number", "created_by", "created_at"].iter().chain(WRITABLE).copied().collect::<Vec<_>>();
        let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
        let sql = Sql::new(format!(
            "INSERT INTO tickets ({}, version) VALUES ({}, 1) RETURNING *",
            columns.join(", "),
            placeholders.join(", ")
        ))
        .bind(t.number.clone())
        .bind(t.created_by)
        .bind(t.created_at);
        let row: TicketRow = bind_writable(sql, t).fetch_one(&mut *tx).await?;
        if row.sla_paused_at.is_some() {
            self.follow_pause(tx, &row).await?;
        }
        if row.number.is_some() {
            return Ok(row);
        }
        let prefix = if row.kind == "service_request" { "REQ" } else { "INC" };
        let number = format!("{prefix}-{:06}", row.id);
        Sql::new("UPDATE tickets SET number = $1 WHERE id = $2 RETURNING *")
            .bind(number)
            .bind(row.id)
            .fetch_one(tx)
            .await
    }

    /// Saves a ticket's new state if it is still at `expected_version`, with its effects,
    /// in one transaction. A changed ticket is [`StoreError::Stale`].
    pub async fn save_ticket(
        &self,
        t: &TicketRow,
        expected_version: i64,
        actor_id: Option<i64>,
        effects: &Effects,
    ) -> Result<TicketRow, StoreError> {
        let mut tx = self.begin().await?;
        let saved = self.update_ticket(&mut tx, t, expected_version).await?;
        if effects.history.iter().any(|h| h.field == "subject" || h.field == "description") {
            self.index_ticket(&mut tx, t.id).await?;
        }
        self.write_effects(&mut tx, t.id, actor_id, effects, t.updated_at).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Writes a ticket's effects inside a transaction.
    pub async fn write_effects(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        actor_id: Option<i64>,
        effects: &Effects,
        at: i64,
    ) -> Result<(), StoreError> {
        self.insert_history(tx, ticket_id, actor_id, &effects.history, at).await?;
        self.enqueue(tx, &effects.jobs, at).await?;
        self.insert_notifications(tx, &effects.notifications, at).await?;
        self.stamp_members(tx, &effects.stamps).await
    }

    /// Writes a ticket's new state inside a transaction if it is still at
    /// `expected_version`; a changed ticket is [`StoreError::Stale`]. The ticket's pauses
    /// follow its `sla_paused_at` (opened when set, closed when cleared).
    pub async fn update_ticket(
        &self,
        tx: &mut Tx,
        t: &TicketRow,
        expected_version: i64,
    ) -> Result<TicketRow, StoreError> {
        let sets: Vec<String> = WRITABLE.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
        let n = WRITABLE.len();
        let sql = Sql::new(format!(
            "UPDATE tickets SET {}, version = version + 1 WHERE id = ${} AND version = ${} RETURNING *",
            sets.join(", "),
            n + 1,
            n + 2
        ));
        let saved: Option<TicketRow> =
            bind_writable(sql, t).bind(t.id).bind(expected_version).fetch_optional(&mut *tx).await?;
        let saved = saved.ok_or(StoreError::Stale)?;
        self.follow_pause(tx, &saved).await?;
        Ok(saved)
    }

    /// Appends history lines.
    pub async fn insert_history(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        actor_id: Option<i64>,
        lines: &[NewHistory],
        at: i64,
    ) -> Result<(), StoreError> {
        let rows = lines.iter().map(|line| (ticket_id, actor_id, line.clone(), at)).collect();
        self.insert_history_rows(tx, rows).await
    }

    /// Appends history lines of several tickets: (ticket, actor, line, time).
    pub(crate) async fn insert_history_rows(
        &self,
        tx: &mut Tx,
        rows: Vec<(i64, Option<i64>, NewHistory, i64)>,
    ) -> Result<(), StoreError> {
        let args = rows
            .into_iter()
            .map(|(ticket, actor, line, at)| {
                vec![
                    Arg::from(ticket),
                    Arg::from(actor),
                    Arg::from(line.field),
                    Arg::from(line.old_value),
                    Arg::from(line.new_value),
                    Arg::from(at),
                ]
            })
            .collect();
        let columns = ["ticket_id", "actor_id", "field", "old_value", "new_value", "created_at"];
        for sql in Sql::insert_many("ticket_history", &columns, args, "") {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// One ticket with its names.
    pub async fn ticket(&self, id: i64) -> Result<TicketView, StoreError> {
        Sql::new(format!("{VIEW_SELECT} WHERE t.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// The id of the newest ticket, if there is one.
    pub async fn newest_ticket_id(&self) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> =
            Sql::new("SELECT id FROM tickets ORDER BY id DESC LIMIT 1").fetch_optional(self.db()).await?;
        Ok(row.map(|r| r.0))
    }

    /// The id of the ticket with a number, if there is one.
    pub async fn ticket_id_by_number(&self, number: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> =
            Sql::new("SELECT id FROM tickets WHERE number = $1").bind(number).fetch_optional(self.db()).await?;
        Ok(row.map(|r| r.0))
    }

    /// Tickets resolved before `cutoff`, the oldest first (for the automatic close).
    pub async fn resolved_before(&self, cutoff: i64, limit: i64) -> Result<Vec<TicketRow>, StoreError> {
        Sql::new(
            "SELECT * FROM tickets WHERE status = 'resolved' AND resolved_at < $1 ORDER BY resolved_at, id LIMIT $2",
        )
        .bind(cutoff)
        .bind(limit)
        .fetch_all(self.db())
        .await
    }

    /// Number of tickets in each status (for metrics).
    pub async fn ticket_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Sql::new("SELECT status, COUNT(*) FROM tickets GROUP BY status ORDER BY status").fetch_all(self.db()).await
    }

    /// Adds a comment and bumps the ticket's version, with its effects, in one
    /// transaction.
    pub async fn add_comment(
        &self,
        ticket_id: i64,
        author_id: i64,
        body: &str,
        internal: bool,
        now: i64,
        effects: &Effects,
    ) -> Result<CommentRow, StoreError> {
        let mut tx = self.begin().await?;
        let id = self.insert_comment(&mut tx, ticket_id, author_id, body, internal, now).await?;
        self.touch_ticket(&mut tx, ticket_id, now).await?;
        self.finish_comment(tx, ticket_id, id, author_id, effects, now).await
    }

    /// Adds a comment and saves the ticket's new state in the same transaction (a reply
    /// that reopens the ticket or stops its response clock), if the ticket is still at
    /// `expected_version` ([`StoreError::Stale`] otherwise).
    pub async fn add_comment_and_save(
        &self,
        comment: (i64, &str, bool),
        ticket: &TicketRow,
        expected_version: i64,
        effects: &Effects,
    ) -> Result<CommentRow, StoreError> {
        let (author_id, body, internal) = comment;
        let now = ticket.updated_at;
        let mut tx = self.begin().await?;
        let id = self.insert_comment(&mut tx, ticket.id, author_id, body, internal, now).await?;
        self.update_ticket(&mut tx, ticket, expected_version).await?;
        self.finish_comment(tx, ticket.id, id, author_id, effects, now).await
    }

    pub(crate) async fn insert_comment(
        &self,
        tx: &mut Tx,
        ticket_id: i64,
        author_id: i64,
        body: &str,
        internal: bool,
        now: i64,
    ) -> Result<i64, StoreError> {
        Sql::new(
            "INSERT INTO ticket_comments (ticket_id, author_id, body, internal, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(ticket_id)
        .bind(author_id)
        .bind(body)
        .bind(internal)
        .bind(now)
        .scalar(tx)
        .await
    }

    /// Indexes the ticket, writes the effects, commits, and returns the comment.
    async fn finish_comment(
        &self,
        mut tx: Tx,
        ticket_id: i64,
        comment_id: i64,
        author_id: i64,
        effects: &Effects,
        now: i64,
    ) -> Result<CommentRow, StoreError> {
        self.index_ticket(&mut tx, ticket_id).await?;
        let comment: CommentRow =
            Sql::new(format!("{COMMENT_SELECT} WHERE c.id = $1")).bind(comment_id).fetch_one(&mut tx).await?;
        let mut effects = effects.clone();
        let excerpt = excerpt(&comment.body);
        for n in &mut effects.notifications {
            n.comment_id = Some(comment_id);
            n.excerpt = Some(excerpt.clone());
        }
        self.write_effects(&mut tx, ticket_id, Some(author_id), &effects, now).await?;
        tx.commit().await?;
        Ok(comment)
    }

    /// Marks a ticket as changed (new version, new updated time).
    pub async fn touch_ticket(&self, tx: &mut Tx, ticket_id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new("UPDATE tickets SET updated_at = $1, version = version + 1 WHERE id = $2")
            .bind(now)
            .bind(ticket_id)
            .execute(tx)
            .await?;
        Ok(())
    }

    /// A ticket's comments, oldest first; internal notes only when `include_internal`.
    pub async fn comments(&self, ticket_id: i64, include_internal: bool) -> Result<Vec<CommentRow>, StoreError> {
        let filter = if include_internal { "" } else { " AND c.internal = FALSE" };
        Sql::new(format!("{COMMENT_SELECT} WHERE c.ticket_id = $1{filter} ORDER BY c.id"))
            .bind(ticket_id)
            .fetch_all(self.db())
            .await
    }

    /// A ticket's history, oldest first.
    pub async fn history(&self, ticket_id: i64) -> Result<Vec<HistoryRow>, StoreError> {
        Sql::new(
            "SELECT h.*, u.name AS actor_name FROM ticket_history h LEFT JOIN users u ON u.id = h.actor_id
             WHERE h.ticket_id = $1 ORDER BY h.id",
        )
        .bind(ticket_id)
        .fetch_all(self.db())
        .await
    }
}

/// The columns a save writes, in the order [`bind_writable`] binds them.
pub(crate) const WRITABLE: &[&str] = &[
    "kind",
    "subject",
    "description",
    "requester_id",
    "organisation_id",
    "department_id",
    "category_id",
    "impact",
    "urgency",
    "priority",
    "status",
    "team_id",
    "assignee_id",
    "updated_at",
    "resolved_at",
    "closed_at",
    "sla_policy_id",
    "first_response_at",
    "response_due",
    "response_warn_at",
    "resolution_due",
    "resolution_warn_at",
    "sla_paused_at",
    "response_breached",
    "resolution_breached",
    "sla_next_check_at",
    "resolution_code",
    "resolution_note",
    "major_incident",
    "merged_into_id",
    "reopen_count",
    "time_spent_minutes",
    "import_source",
    "import_version",
    "ci_id",
    "caused_by_ci_id",
];

/// The values of the [`WRITABLE`] columns of `t`, in order.
pub(crate) fn writable_args(t: &TicketRow) -> Vec<Arg> {
    vec![
        Arg::from(t.kind.as_str()),
        Arg::from(t.subject.as_str()),
        Arg::from(t.description.as_str()),
        Arg::from(t.requester_id),
        Arg::from(t.organisation_id),
        Arg::from(t.department_id),
        Arg::from(t.category_id),
        Arg::from(t.impact.as_str()),
        Arg::from(t.urgency.as_str()),
        Arg::from(t.priority),
        Arg::from(t.status.as_str()),
        Arg::from(t.team_id),
        Arg::from(t.assignee_id),
        Arg::from(t.updated_at),
        Arg::from(t.resolved_at),
        Arg::from(t.closed_at),
        Arg::from(t.sla_policy_id),
        Arg::from(t.first_response_at),
        Arg::from(t.response_due),
        Arg::from(t.response_warn_at),
        Arg::from(t.resolution_due),
        Arg::from(t.resolution_warn_at),
        Arg::from(t.sla_paused_at),
        Arg::from(t.response_breached),
        Arg::from(t.resolution_breached),
        Arg::from(t.sla_next_check_at),
        Arg::from(t.resolution_code.clone()),
        Arg::from(t.resolution_note.clone()),
        Arg::from(t.major_incident),
        Arg::from(t.merged_into_id),
        Arg::from(t.reopen_count),
        Arg::from(t.time_spent_minutes),
        Arg::from(t.import_source.clone()),
        Arg::from(t.import_version),
        Arg::from(t.ci_id),
        Arg::from(t.caused_by_ci_id),
    ]
}

/// Binds the [`WRITABLE`] columns of `t`, in order.
fn bind_writable(sql: Sql, t: &TicketRow) -> Sql {
    writable_args(t).into_iter().fold(sql, Sql::bind)
}

const COMMENT_SELECT: &str =
    "SELECT c.*, u.name AS author_name FROM ticket_comments c JOIN users u ON u.id = c.author_id";

/// Appends the visibility condition of a reader.
pub fn push_visibility(sql: &mut Sql, visibility: &Visibility) {
    match visibility {
        Visibility::All => {}
        Visibility::Organisations(orgs) => push_in(sql, "t.organisation_id", orgs),
        Visibility::Requester { user_id, department_id } => {
            let me = sql.arg(*user_id);
            match department_id {
                Some(d) => {
                    let dept = sql.arg(*d);
                    sql.push(&format!(" AND (t.requester_id = {me} OR t.department_id = {dept})"));
                }
                None => {
                    sql.push(&format!(" AND t.requester_id = {me}"));
                }
            }
        }
    }
}
