//! SLA persistence: business-hours calendars, SLA policies, the pauses of ticket clocks
//! and the record of warnings and escalations applied.
//!
//! Calendars keep their week and holidays, and policies their targets and escalation
//! levels, as JSON text (read and written whole, validated by `app`). A ticket's pauses
//! follow its `sla_paused_at` column: [`Store::update_ticket`] opens and closes them, so the
//! two never disagree. `ticket_escalations` has one row per (ticket, clock, level) applied;
//! its unique key is what makes each escalation happen once, even with several nodes.

use crate::service_desk::tickets::{Effects, TicketRow};
use crate::{Sql, Store, StoreError, Tx};

/// A calendar as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub name: String,
    pub time_zone: String,
    /// JSON: seven lists of `HH:MM-HH:MM`, Monday first.
    pub week: String,
    /// JSON: the holidays.
    pub holidays: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Policies of this organisation and its subsidiaries may count in it (`None`: every
    /// policy may).
    pub organisation_id: Option<i64>,
}

/// A policy as stored.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct PolicyRow {
    pub id: i64,
    pub name: String,
    pub calendar_id: i64,
    pub priority: Option<i64>,
    pub kind: Option<String>,
    pub category_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// JSON: the targets per priority.
    pub targets: String,
    pub warn_percent: i64,
    /// JSON: the escalation levels.
    pub escalations: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An interval in which a ticket's clocks stood still; open while `ended_at` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct PauseRow {
    pub ticket_id: i64,
    pub started_at: i64,
    pub ended_at: Option<i64>,
}

/// A warning (level 0) or escalation level applied to a ticket.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EscalationRow {
    pub ticket_id: i64,
    pub clock: String,
    pub level: i64,
    pub applied_at: i64,
}

/// What one pass of the escalation sweep does to one ticket, in one transaction.
#[derive(Debug, Clone)]
pub struct SweepChange<'a> {
    /// The ticket's new state, saved if it is still at `expected_version`.
    pub ticket: &'a TicketRow,
    pub expected_version: i64,
    /// (clock, level) pairs applied now.
    pub escalations: &'a [(String, i64)],
    /// History lines (written as the system's), jobs and notifications.
    pub effects: &'a Effects,
    pub now: i64,
}

impl Store {
    /// Every calendar, by name.
    pub async fn list_calendars(&self) -> Result<Vec<CalendarRow>, StoreError> {
        Sql::new("SELECT * FROM calendars ORDER BY name, id").fetch_all(self.db()).await
    }

    /// One calendar.
    pub async fn calendar(&self, id: i64) -> Result<CalendarRow, StoreError> {
        Sql::new("SELECT * FROM calendars WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a calendar (`id` is ignored) and returns it.
    pub async fn create_calendar(&self, c: &CalendarRow) -> Result<CalendarRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO calendars (name, time_zone, week, holidays, created_at, updated_at, organisation_id)
             VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING *",
            )
            .bind(&c.name)
            .bind(&c.time_zone)
            .bind(&c.week)
            .bind(&c.holidays)
            .bind(c.created_at)
            .bind(c.organisation_id),
        )
        .await
    }

    /// Replaces a calendar's name, zone, week and holidays.
    pub async fn update_calendar(&self, c: &CalendarRow) -> Result<CalendarRow, StoreError> {
        self.write_returning(
            Sql::new(
                "UPDATE calendars SET name = $1, time_zone = $2, week = $3, holidays = $4, updated_at = $5,
                 organisation_id = $6
             WHERE id = $7 RETURNING *",
            )
            .bind(&c.name)
            .bind(&c.time_zone)
            .bind(&c.week)
            .bind(&c.holidays)
            .bind(c.updated_at)
            .bind(c.organisation_id)
            .bind(c.id),
        )
        .await
    }

    /// Deletes a calendar no policy uses ([`StoreError::Reference`] otherwise).
    pub async fn delete_calendar(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM calendars WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Every policy, active or not, by name.
    pub async fn list_sla_policies(&self) -> Result<Vec<PolicyRow>, StoreError> {
        Sql::new("SELECT * FROM sla_policies ORDER BY name, id").fetch_all(self.db()).await
    }

    /// One policy.
    pub async fn sla_policy(&self, id: i64) -> Result<PolicyRow, StoreError> {
        Sql::new("SELECT * FROM sla_policies WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a policy (`id` is ignored) and returns it.
    pub async fn create_sla_policy(&self, p: &PolicyRow) -> Result<PolicyRow, StoreError> {
        self.write_returning(
            bind_policy(Sql::new(
            "INSERT INTO sla_policies (name, calendar_id, priority, kind, category_id, organisation_id, targets,
                 warn_percent, escalations, active, updated_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *",
        ), p)
        .bind(p.created_at),
        )
        .await
    }

    /// Replaces a policy.
    pub async fn update_sla_policy(&self, p: &PolicyRow) -> Result<PolicyRow, StoreError> {
        self.write_returning(
            bind_policy(
                Sql::new(
                    "UPDATE sla_policies SET name = $1, calendar_id = $2, priority = $3, kind = $4, category_id = $5,
                 organisation_id = $6, targets = $7, warn_percent = $8, escalations = $9, active = $10, updated_at = $11
             WHERE id = $12 RETURNING *",
                ),
                p,
            )
            .bind(p.id),
        )
        .await
    }

    /// Deletes a policy no ticket refers to ([`StoreError::Reference`] otherwise).
    pub async fn delete_sla_policy(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM sla_policies WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// The pauses of a ticket, oldest first.
    pub async fn pauses(&self, ticket_id: i64) -> Result<Vec<PauseRow>, StoreError> {
        Sql::new("SELECT ticket_id, started_at, ended_at FROM ticket_pauses WHERE ticket_id = $1 ORDER BY id")
            .bind(ticket_id)
            .fetch_all(self.db())
            .await
    }

    /// The pauses of tickets `from_id..=to_id`, by ticket then oldest first.
    pub async fn pauses_between(&self, from_id: i64, to_id: i64) -> Result<Vec<PauseRow>, StoreError> {
        Sql::new(
            "SELECT ticket_id, started_at, ended_at FROM ticket_pauses WHERE ticket_id BETWEEN $1 AND $2
             ORDER BY ticket_id, id",
        )
        .bind(from_id)
        .bind(to_id)
        .fetch_all(self.db())
        .await
    }

    /// Opens a pause when the ticket's clocks stand still (`sla_paused_at` set) and none is
    /// open, or closes the open one at `updated_at` when they run again.
    pub(crate) async fn follow_pause(&self, tx: &mut Tx, t: &TicketRow) -> Result<(), StoreError> {
        match t.sla_paused_at {
            Some(since) => Sql::new(
                "INSERT INTO ticket_pauses (ticket_id, started_at)
                 SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM ticket_pauses WHERE ticket_id = $1 AND ended_at IS NULL)",
            )
            .bind(t.id)
            .bind(since),
            None => Sql::new("UPDATE ticket_pauses SET ended_at = $1 WHERE ticket_id = $2 AND ended_at IS NULL")
                .bind(t.updated_at)
                .bind(t.id),
        }
        .execute(tx)
        .await?;
        Ok(())
    }

    /// The warnings and escalation levels applied to a ticket.
    pub async fn escalations(&self, ticket_id: i64) -> Result<Vec<EscalationRow>, StoreError> {
        Sql::new(
            "SELECT ticket_id, clock, level, applied_at FROM ticket_escalations WHERE ticket_id = $1
             ORDER BY applied_at, id",
        )
        .bind(ticket_id)
        .fetch_all(self.db())
        .await
    }

    /// Ids of tickets the escalation sweep must look at by `now`, the most overdue first.
    pub async fn due_sla_checks(&self, now: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> =
            Sql::new("SELECT id FROM tickets WHERE sla_next_check_at <= $1 ORDER BY sla_next_check_at, id LIMIT $2")
                .bind(now)
                .bind(limit)
                .fetch_all(self.db())
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Applies one sweep pass to a ticket in one transaction: records the escalations,
    /// saves the ticket if unchanged since read, writes history and jobs. Another node
    /// having applied any of the escalations, or changed the ticket, is
    /// [`StoreError::Stale`] and nothing is written.
    pub async fn apply_sla_sweep(&self, change: &SweepChange<'_>) -> Result<TicketRow, StoreError> {
        let mut tx = self.begin().await?;
        for (clock, level) in change.escalations {
            let inserted = Sql::new(
                "INSERT INTO ticket_escalations (ticket_id, clock, level, applied_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (ticket_id, clock, level) DO NOTHING",
            )
            .bind(change.ticket.id)
            .bind(clock.as_str())
            .bind(*level)
            .bind(change.now)
            .execute(&mut tx)
            .await?;
            if inserted == 0 {
                return Err(StoreError::Stale);
            }
        }
        let saved = self.update_ticket(&mut tx, change.ticket, change.expected_version).await?;
        self.write_effects(&mut tx, change.ticket.id, None, change.effects, change.now).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// A page of open tickets (id order, after `after_id`), for recomputing their clocks.
    pub async fn open_tickets_after(&self, after_id: i64, limit: i64) -> Result<Vec<TicketRow>, StoreError> {
        Sql::new(
            "SELECT * FROM tickets WHERE id > $1 AND status IN ('new', 'assigned', 'in_progress', 'pending')
             ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(self.db())
        .await
    }

    /// The lead of a team, if it has one.
    pub async fn team_lead(&self, team_id: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(Option<i64>,)> =
            Sql::new("SELECT lead_id FROM teams WHERE id = $1").bind(team_id).fetch_optional(self.db()).await?;
        Ok(row.and_then(|r| r.0))
    }

    /// Active managers who can see an organisation's records: those of the organisation
    /// and of every organisation above it.
    pub async fn managers_seeing(&self, organisation_id: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new(
            "WITH RECURSIVE above(id, parent_id) AS (
                 SELECT id, parent_id FROM organisations WHERE id = $1
                 UNION SELECT o.id, o.parent_id FROM organisations o JOIN above a ON o.id = a.parent_id
             )
             SELECT u.id FROM users u JOIN above a ON u.organisation_id = a.id
             WHERE u.role = 'manager' AND u.active = TRUE ORDER BY u.id",
        )
        .bind(organisation_id)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// How many tickets are open.
    pub async fn count_open_tickets(&self) -> Result<i64, StoreError> {
        Sql::new("SELECT COUNT(*) FROM tickets WHERE status IN ('new', 'assigned', 'in_progress', 'pending')")
            .scalar(self.db())
            .await
    }
}

fn bind_policy(sql: Sql, p: &PolicyRow) -> Sql {
    sql.bind(&p.name)
        .bind(p.calendar_id)
        .bind(p.priority)
        .bind(p.kind.clone())
        .bind(p.category_id)
        .bind(p.organisation_id)
        .bind(&p.targets)
        .bind(p.warn_percent)
        .bind(&p.escalations)
        .bind(p.active)
        .bind(p.updated_at)
}
