//! Automation rules and their run log; the tickets a time rule may be due on.

use crate::{Sql, Store, StoreError};

/// A rule as stored (conditions and actions as JSON).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub active: bool,
    pub trigger_event: String,
    pub conditions: String,
    pub actions: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The rule applies to tickets of this organisation and its subsidiaries (`None`:
    /// of every organisation).
    pub organisation_id: Option<i64>,
}

/// The fields of a rule its writer sets.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleFields {
    pub name: String,
    pub active: bool,
    pub trigger_event: String,
    pub conditions: String,
    pub actions: String,
    pub organisation_id: Option<i64>,
}

/// One time a rule acted on a ticket.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub rule_id: i64,
    pub ticket_id: i64,
    pub trigger_event: String,
    pub occasion: Option<i64>,
    pub changes: String,
    pub error: Option<String>,
    pub created_at: i64,
}

/// A run to record.
#[derive(Debug, Clone, Default)]
pub struct NewRun {
    pub rule_id: i64,
    pub ticket_id: i64,
    pub trigger_event: String,
    pub occasion: Option<i64>,
    pub changes: String,
    pub error: Option<String>,
}

/// An open ticket a time rule looks at: when it last changed and when it took its status.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct IdleTicket {
    pub id: i64,
    pub updated_at: i64,
    pub status_since: i64,
}

impl Store {
    /// Every rule, in the order they run.
    pub async fn automation_rules(&self) -> Result<Vec<RuleRow>, StoreError> {
        Sql::new("SELECT * FROM automation_rules ORDER BY position, id").fetch_all(self.db()).await
    }

    /// One rule.
    pub async fn automation_rule(&self, id: i64) -> Result<RuleRow, StoreError> {
        Sql::new("SELECT * FROM automation_rules WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Adds a rule after the others.
    pub async fn create_automation_rule(&self, r: &RuleFields, now: i64) -> Result<RuleRow, StoreError> {
        self.write_returning(
            Sql::new(
                "INSERT INTO automation_rules (name, position, active, trigger_event, conditions, actions, created_at,
                     updated_at, organisation_id)
                 VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM automation_rules), $2, $3, $4, $5, $6, $6, $7)
                 RETURNING *",
            )
            .bind(r.name.as_str())
            .bind(r.active)
            .bind(r.trigger_event.as_str())
            .bind(r.conditions.as_str())
            .bind(r.actions.as_str())
            .bind(now)
            .bind(r.organisation_id),
        )
        .await
    }

    /// Replaces a rule's fields (its place stays).
    pub async fn update_automation_rule(&self, id: i64, r: &RuleFields, now: i64) -> Result<RuleRow, StoreError> {
        self.write_returning(
            Sql::new(
                "UPDATE automation_rules SET name = $1, active = $2, trigger_event = $3, conditions = $4, actions = $5,
                     updated_at = $6, organisation_id = $7 WHERE id = $8 RETURNING *",
            )
            .bind(r.name.as_str())
            .bind(r.active)
            .bind(r.trigger_event.as_str())
            .bind(r.conditions.as_str())
            .bind(r.actions.as_str())
            .bind(now)
            .bind(r.organisation_id)
            .bind(id),
        )
        .await
    }

    /// Moves a rule to `position` (1 runs first), renumbering the others.
    pub async fn place_automation_rule(&self, id: i64, position: i64) -> Result<RuleRow, StoreError> {
        let mut tx = self.begin().await?;
        crate::service_desk::routing::place(
            &mut tx,
            crate::service_desk::routing::Ordered::AutomationRules,
            id,
            position,
        )
        .await?;
        let row = Sql::new("SELECT * FROM automation_rules WHERE id = $1").bind(id).fetch_one(&mut tx).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Deletes a rule and its log.
    pub async fn delete_automation_rule(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM automation_rules WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Records what a rule did; `false` when a time rule already acted on this occasion.
    pub async fn record_run(&self, run: &NewRun, now: i64) -> Result<bool, StoreError> {
        let n = Sql::new(
            "INSERT INTO automation_runs (rule_id, ticket_id, trigger_event, occasion, changes, error, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(run.rule_id)
        .bind(run.ticket_id)
        .bind(run.trigger_event.as_str())
        .bind(run.occasion)
        .bind(run.changes.as_str())
        .bind(run.error.as_deref())
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(n == 1)
    }

    /// Whether a time rule acted on this ticket on this occasion already.
    pub async fn ran_on(&self, rule_id: i64, ticket_id: i64, occasion: i64) -> Result<bool, StoreError> {
        let found: Option<(i64,)> =
            Sql::new("SELECT id FROM automation_runs WHERE rule_id = $1 AND ticket_id = $2 AND occasion = $3")
                .bind(rule_id)
                .bind(ticket_id)
                .bind(occasion)
                .fetch_optional(self.db())
                .await?;
        Ok(found.is_some())
    }

    /// The latest runs, of one rule or of all, on tickets of `organisations` (`None`: of
    /// every organisation), newest first.
    pub async fn automation_runs(
        &self,
        rule_id: Option<i64>,
        organisations: Option<&[i64]>,
        limit: i64,
    ) -> Result<Vec<RunRow>, StoreError> {
        let mut sql = Sql::new("SELECT r.* FROM automation_runs r JOIN tickets t ON t.id = r.ticket_id WHERE TRUE");
        if let Some(r) = rule_id {
            let p = sql.arg(r);
            sql.push(&format!(" AND r.rule_id = {p}"));
        }
        push_organisations(&mut sql, organisations);
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY r.id DESC LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// Whether any active event rule or any active webhook listens for ticket events.
    pub async fn has_event_listeners(&self) -> Result<bool, StoreError> {
        let n: i64 = Sql::new(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM automation_rules WHERE active = TRUE AND trigger_event <> 'time' LIMIT 1) r)
                  + (SELECT COUNT(*) FROM (SELECT 1 FROM webhooks WHERE active = TRUE LIMIT 1) w)",
        )
        .scalar(self.db())
        .await?;
        Ok(n > 0)
    }

    /// Tickets of `statuses` and `organisations` (`None`: of every organisation) that have
    /// not changed since `changed_before` and were filed before `created_before`, with when
    /// they took their status, least recently changed first, at most `limit`.
    pub async fn idle_tickets(
        &self,
        statuses: &[&str],
        organisations: Option<&[i64]>,
        changed_before: i64,
        created_before: i64,
        limit: i64,
    ) -> Result<Vec<IdleTicket>, StoreError> {
        let mut sql = Sql::new(
            "SELECT t.id, t.updated_at, COALESCE((SELECT MAX(h.created_at) FROM ticket_history h
                 WHERE h.ticket_id = t.id AND h.field IN ('status', 'created')), t.created_at) AS status_since
             FROM tickets t WHERE ",
        );
        let list: Vec<String> = statuses.iter().map(|s| sql.arg(*s)).collect();
        sql.push(&format!("t.status IN ({})", list.join(", ")));
        let p = sql.arg(changed_before);
        sql.push(&format!(" AND t.updated_at <= {p}"));
        let p = sql.arg(created_before);
        sql.push(&format!(" AND t.created_at <= {p}"));
        push_organisations(&mut sql, organisations);
        let p = sql.arg(limit);
        sql.push(&format!(" ORDER BY t.updated_at, t.id LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }
}

/// `AND t.organisation_id IN (...)` when the organisations are limited.
fn push_organisations(sql: &mut Sql, organisations: Option<&[i64]>) {
    if let Some(orgs) = organisations {
        if orgs.is_empty() {
            sql.push(" AND FALSE");
            return;
        }
        let list: Vec<String> = orgs.iter().map(|o| sql.arg(*o)).collect();
        sql.push(&format!(" AND t.organisation_id IN ({})", list.join(", ")));
    }
}
