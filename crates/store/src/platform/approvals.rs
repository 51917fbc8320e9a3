//! Approval chains and their runs (migration 0036): chains and their steps; approvals with
//! the steps copied from their chain, who is asked in each and what they said; the links
//! sent by mail (only each token's SHA-256); delegations. A decision is recorded by a
//! conditional update (only an undecided approver of a pending step), in the caller's
//! transaction, which first locks the approval ([`Store::lock_approval`]).

use crate::platform::users::push_in;
use crate::{Backend, On, Sql, Store, StoreError, Tx};

/// An approval chain.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChainRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub description: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A step's definition: in a chain, and copied into each approval's steps.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StepDefinitionRow {
    pub position: i64,
    pub name: String,
    pub approver: String,
    pub approver_id: Option<i64>,
    pub rule: String,
    pub condition_fact: Option<String>,
    pub condition_op: Option<String>,
    pub condition_value: Option<String>,
    pub time_limit_hours: Option<i64>,
    pub reminder_hours: Option<i64>,
}

/// A run of a chain for one record.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovalRow {
    pub id: i64,
    pub organisation_id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub title: String,
    pub link: String,
    pub requester_id: i64,
    pub department_id: Option<i64>,
    pub cost_centre_id: Option<i64>,
    /// The record's facts as a JSON object (what conditions read).
    pub facts: String,
    pub chain_id: Option<i64>,
    pub chain_name: String,
    pub state: String,
    pub comment: String,
    pub decided_job: String,
    pub created_at: i64,
    pub ended_at: Option<i64>,
}

/// An approval to record (its steps follow with [`Store::insert_approval_steps`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewApprovalRow {
    pub organisation_id: i64,
    pub subject_kind: String,
    pub subject_id: i64,
    pub title: String,
    pub link: String,
    pub requester_id: i64,
    pub department_id: Option<i64>,
    pub cost_centre_id: Option<i64>,
    pub facts: String,
    pub chain_id: Option<i64>,
    pub chain_name: String,
    pub decided_job: String,
}

/// One step of an approval.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StepRow {
    pub id: i64,
    pub approval_id: i64,
    pub position: i64,
    pub name: String,
    pub approver: String,
    pub approver_id: Option<i64>,
    pub rule: String,
    pub condition_fact: Option<String>,
    pub condition_op: Option<String>,
    pub condition_value: Option<String>,
    pub time_limit_hours: Option<i64>,
    pub reminder_hours: Option<i64>,
    pub state: String,
    /// Why it was skipped, or who was asked instead of nobody.
    pub note: String,
    pub started_at: Option<i64>,
    pub due_at: Option<i64>,
    pub remind_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// Someone asked in a step, and their answer once given.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApproverRow {
    pub step_id: i64,
    pub user_id: i64,
    pub decision: Option<String>,
    pub comment: String,
    pub decided_by: Option<i64>,
    pub via: Option<String>,
    pub decided_at: Option<i64>,
}

/// A link sent by mail.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApprovalLinkRow {
    pub token_hash: String,
    pub step_id: i64,
    pub user_id: i64,
    pub created_at: i64,
    pub used_at: Option<i64>,
}

/// Someone letting another decide for them from `starts_at` to `ends_at`.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DelegationRow {
    pub id: i64,
    pub user_id: i64,
    pub delegate_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub created_at: i64,
}

/// A step's changed times and state.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepTimes {
    pub started_at: Option<i64>,
    pub due_at: Option<i64>,
    pub remind_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// An answer to record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionRecord<'a> {
    pub step_id: i64,
    pub user_id: i64,
    pub decision: &'a str,
    pub comment: &'a str,
    pub decided_by: i64,
    pub via: &'a str,
    pub at: i64,
}

impl Store {
    /// Every chain, by organisation then name.
    pub async fn list_approval_chains(&self) -> Result<Vec<ChainRow>, StoreError> {
        Sql::new("SELECT * FROM approval_chains ORDER BY organisation_id, name").fetch_all(self.db()).await
    }

    /// One chain.
    pub async fn approval_chain(&self, id: i64) -> Result<ChainRow, StoreError> {
        Sql::new("SELECT * FROM approval_chains WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// A chain's steps, in order.
    pub async fn approval_chain_steps(&self, chain_id: i64) -> Result<Vec<StepDefinitionRow>, StoreError> {
        Sql::new(
            "SELECT position, name, approver, approver_id, rule, condition_fact, condition_op, condition_value,
                    time_limit_hours, reminder_hours
             FROM approval_chain_steps WHERE chain_id = $1 ORDER BY position",
        )
        .bind(chain_id)
        .fetch_all(self.db())
        .await
    }

    /// Creates a chain with its steps.
    pub async fn create_approval_chain(
        &self,
        organisation_id: i64,
        name: &str,
        description: &str,
        steps: &[StepDefinitionRow],
        now: i64,
    ) -> Result<ChainRow, StoreError> {
        let mut tx = self.begin().await?;
        let row: ChainRow = Sql::new(
            "INSERT INTO approval_chains (organisation_id, name, description, version, created_at, updated_at)
             VALUES ($1, $2, $3, 1, $4, $4) RETURNING *",
        )
        .bind(organisation_id)
        .bind(name)
        .bind(description)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        write_chain_steps(&mut tx, row.id, steps).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Replaces a chain's name, description and steps if it is still at `version`
    /// (`Conflict` otherwise). Running approvals keep the steps they copied.
    pub async fn update_approval_chain(
        &self,
        id: i64,
        version: i64,
        name: &str,
        description: &str,
        steps: &[StepDefinitionRow],
        now: i64,
    ) -> Result<ChainRow, StoreError> {
        let mut tx = self.begin().await?;
        let row: Option<ChainRow> = Sql::new(
            "UPDATE approval_chains SET name = $1, description = $2, version = version + 1, updated_at = $3
             WHERE id = $4 AND version = $5 RETURNING *",
        )
        .bind(name)
        .bind(description)
        .bind(now)
        .bind(id)
        .bind(version)
        .fetch_optional(&mut tx)
        .await?;
        let Some(row) = row else { return Err(StoreError::Stale) };
        Sql::new("DELETE FROM approval_chain_steps WHERE chain_id = $1").bind(id).execute(&mut tx).await?;
        write_chain_steps(&mut tx, id, steps).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Records an approval (state pending) in the caller's transaction.
    pub async fn insert_approval(
        &self,
        tx: &mut Tx,
        new: &NewApprovalRow,
        now: i64,
    ) -> Result<ApprovalRow, StoreError> {
        Sql::new(
            "INSERT INTO approvals (organisation_id, subject_kind, subject_id, title, link, requester_id,
                 department_id, cost_centre_id, facts, chain_id, chain_name, state, comment, decided_job, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', '', $12, $13) RETURNING *",
        )
        .bind(new.organisation_id)
        .bind(&new.subject_kind)
        .bind(new.subject_id)
        .bind(&new.title)
        .bind(&new.link)
        .bind(new.requester_id)
        .bind(new.department_id)
        .bind(new.cost_centre_id)
        .bind(&new.facts)
        .bind(new.chain_id)
        .bind(&new.chain_name)
        .bind(&new.decided_job)
        .bind(now)
        .fetch_one(tx)
        .await
    }

    /// Copies `steps` into approval `approval_id`, each waiting.
    pub async fn insert_approval_steps(
        &self,
        tx: &mut Tx,
        approval_id: i64,
        steps: &[StepDefinitionRow],
    ) -> Result<(), StoreError> {
        for s in steps {
            Sql::new(
                "INSERT INTO approval_steps (approval_id, position, name, approver, approver_id, rule, condition_fact,
                     condition_op, condition_value, time_limit_hours, reminder_hours, state, note)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'waiting', '')",
            )
            .bind(approval_id)
            .bind(s.position)
            .bind(&s.name)
            .bind(&s.approver)
            .bind(s.approver_id)
            .bind(&s.rule)
            .bind(s.condition_fact.as_deref())
            .bind(s.condition_op.as_deref())
            .bind(s.condition_value.as_deref())
            .bind(s.time_limit_hours)
            .bind(s.reminder_hours)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }

    /// The approval, locked for the rest of the caller's transaction (PostgreSQL: a row
    /// lock; SQLite's single writer already serialises writers), so that two decisions at
    /// once are counted one after the other.
    pub async fn lock_approval(&self, tx: &mut Tx, id: i64) -> Result<ApprovalRow, StoreError> {
        let lock = if tx.backend() == Backend::Postgres { " FOR UPDATE" } else { "" };
        Sql::new(format!("SELECT * FROM approvals WHERE id = $1{lock}")).bind(id).fetch_one(tx).await
    }

    /// One approval.
    pub async fn approval(&self, id: i64) -> Result<ApprovalRow, StoreError> {
        Sql::new("SELECT * FROM approvals WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// The approval of a record, if it has one.
    pub async fn approval_of(&self, subject_kind: &str, subject_id: i64) -> Result<Option<ApprovalRow>, StoreError> {
        Sql::new("SELECT * FROM approvals WHERE subject_kind = $1 AND subject_id = $2")
            .bind(subject_kind)
            .bind(subject_id)
            .fetch_optional(self.db())
            .await
    }

    /// An approval's steps in order (in a transaction, or `self.db()`).
    pub async fn approval_steps<'a>(
        &self,
        on: impl Into<On<'a>>,
        approval_id: i64,
    ) -> Result<Vec<StepRow>, StoreError> {
        Sql::new("SELECT * FROM approval_steps WHERE approval_id = $1 ORDER BY position")
            .bind(approval_id)
            .fetch_all(on)
            .await
    }

    /// One step.
    pub async fn approval_step(&self, id: i64) -> Result<StepRow, StoreError> {
        Sql::new("SELECT * FROM approval_steps WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Who is asked in the steps of an approval (in a transaction, or `self.db()`).
    pub async fn approval_approvers<'a>(
        &self,
        on: impl Into<On<'a>>,
        approval_id: i64,
    ) -> Result<Vec<ApproverRow>, StoreError> {
        Sql::new(
            "SELECT a.* FROM approval_approvers a JOIN approval_steps s ON s.id = a.step_id
             WHERE s.approval_id = $1 ORDER BY a.step_id, a.user_id",
        )
        .bind(approval_id)
        .fetch_all(on)
        .await
    }

    /// Sets a step's state, note and times.
    pub async fn set_approval_step(
        &self,
        tx: &mut Tx,
        step_id: i64,
        state: &str,
        note: &str,
        times: StepTimes,
    ) -> Result<(), StoreError> {
        Sql::new(
            "UPDATE approval_steps SET state = $1, note = $2, started_at = COALESCE($3, started_at), due_at = $4,
                 remind_at = $5, ended_at = $6
             WHERE id = $7",
        )
        .bind(state)
        .bind(note)
        .bind(times.started_at)
        .bind(times.due_at)
        .bind(times.remind_at)
        .bind(times.ended_at)
        .bind(step_id)
        .execute(tx)
        .await?;
        Ok(())
    }

    /// Asks `user_ids` in a step.
    pub async fn add_approvers(&self, tx: &mut Tx, step_id: i64, user_ids: &[i64]) -> Result<(), StoreError> {
        for user_id in user_ids {
            Sql::new(
                "INSERT INTO approval_approvers (step_id, user_id, comment) VALUES ($1, $2, '')
                 ON CONFLICT (step_id, user_id) DO NOTHING",
            )
            .bind(step_id)
            .bind(*user_id)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }

    /// Records an answer if the approver has not answered yet; whether it was recorded.
    pub async fn record_decision(&self, tx: &mut Tx, d: DecisionRecord<'_>) -> Result<bool, StoreError> {
        let n = Sql::new(
            "UPDATE approval_approvers SET decision = $1, comment = $2, decided_by = $3, via = $4, decided_at = $5
             WHERE step_id = $6 AND user_id = $7 AND decision IS NULL",
        )
        .bind(d.decision)
        .bind(d.comment)
        .bind(d.decided_by)
        .bind(d.via)
        .bind(d.at)
        .bind(d.step_id)
        .bind(d.user_id)
        .execute(tx)
        .await?;
        Ok(n == 1)
    }

    /// Ends an approval (approved, rejected or cancelled) with its comment.
    pub async fn end_approval(
        &self,
        tx: &mut Tx,
        id: i64,
        state: &str,
        comment: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        Sql::new("UPDATE approvals SET state = $1, comment = $2, ended_at = $3 WHERE id = $4 AND state = 'pending'")
            .bind(state)
            .bind(comment)
            .bind(now)
            .bind(id)
            .execute(tx)
            .await?;
        Ok(())
    }

    /// The approvals with a pending step in which one of `user_ids` has not answered, newest
    /// first, with the user asked.
    pub async fn approvals_waiting_for(&self, user_ids: &[i64], limit: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut sql = Sql::new(
            "SELECT s.approval_id, a.user_id FROM approval_approvers a JOIN approval_steps s ON s.id = a.step_id
             WHERE a.decision IS NULL AND s.state = 'pending'",
        );
        push_in(&mut sql, "a.user_id", user_ids);
        let limit = sql.arg(limit);
        sql.push(&format!(" ORDER BY s.approval_id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// The approvals `user_id` was asked in or asked for, newest first, that are not
    /// pending for them any more.
    pub async fn approvals_involving(&self, user_id: i64, limit: i64) -> Result<Vec<ApprovalRow>, StoreError> {
        Sql::new(
            "SELECT * FROM approvals WHERE requester_id = $1 OR id IN (
                 SELECT s.approval_id FROM approval_approvers a JOIN approval_steps s ON s.id = a.step_id
                 WHERE a.user_id = $1 OR a.decided_by = $1)
             ORDER BY id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.db())
        .await
    }

    /// The approvals of organisations `organisation_ids`, newest first (staff's list).
    pub async fn approvals_of_organisations(
        &self,
        organisation_ids: &[i64],
        state: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ApprovalRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM approvals WHERE 1 = 1");
        push_in(&mut sql, "organisation_id", organisation_ids);
        if let Some(state) = state {
            let p = sql.arg(state);
            sql.push(&format!(" AND state = {p}"));
        }
        let limit = sql.arg(limit);
        sql.push(&format!(" ORDER BY id DESC LIMIT {limit}"));
        sql.fetch_all(self.db()).await
    }

    /// Pending steps whose time ran out by `now`, oldest first.
    pub async fn approval_steps_expired(&self, now: i64, limit: i64) -> Result<Vec<StepRow>, StoreError> {
        Sql::new("SELECT * FROM approval_steps WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// Pending steps whose reminder is due by `now`, oldest first.
    pub async fn approval_steps_to_remind(&self, now: i64, limit: i64) -> Result<Vec<StepRow>, StoreError> {
        Sql::new("SELECT * FROM approval_steps WHERE state = 'pending' AND remind_at <= $1 ORDER BY remind_at LIMIT $2")
            .bind(now)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// Moves a step's next reminder on, if it is still `from` (one node reminds once).
    pub async fn move_approval_reminder(
        &self,
        tx: &mut Tx,
        step_id: i64,
        from: i64,
        to: i64,
    ) -> Result<bool, StoreError> {
        let n =
            Sql::new("UPDATE approval_steps SET remind_at = $1 WHERE id = $2 AND remind_at = $3 AND state = 'pending'")
                .bind(to)
                .bind(step_id)
                .bind(from)
                .execute(tx)
                .await?;
        Ok(n == 1)
    }

    /// Records a link sent to `user_id` for a step.
    pub async fn insert_approval_link(
        &self,
        tx: &mut Tx,
        token_hash: &str,
        step_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        Sql::new("INSERT INTO approval_links (token_hash, step_id, user_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(step_id)
            .bind(user_id)
            .bind(now)
            .execute(tx)
            .await?;
        Ok(())
    }

    /// The link with this token hash (used ones included).
    pub async fn approval_link(&self, token_hash: &str) -> Result<Option<ApprovalLinkRow>, StoreError> {
        Sql::new("SELECT * FROM approval_links WHERE token_hash = $1").bind(token_hash).fetch_optional(self.db()).await
    }

    /// Marks a link used if it was not; whether this call used it.
    pub async fn use_approval_link(&self, tx: &mut Tx, token_hash: &str, now: i64) -> Result<bool, StoreError> {
        let n = Sql::new("UPDATE approval_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
            .bind(now)
            .bind(token_hash)
            .execute(tx)
            .await?;
        Ok(n == 1)
    }

    /// Records a delegation.
    pub async fn create_delegation(
        &self,
        user_id: i64,
        delegate_id: i64,
        starts_at: i64,
        ends_at: i64,
        now: i64,
    ) -> Result<DelegationRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "INSERT INTO approval_delegations (user_id, delegate_id, starts_at, ends_at, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(user_id)
        .bind(delegate_id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The delegations given by or to `user_id` that have not ended by `now`.
    pub async fn delegations_of(&self, user_id: i64, now: i64) -> Result<Vec<DelegationRow>, StoreError> {
        Sql::new(
            "SELECT * FROM approval_delegations WHERE (user_id = $1 OR delegate_id = $1) AND ends_at > $2
             ORDER BY starts_at, id",
        )
        .bind(user_id)
        .bind(now)
        .fetch_all(self.db())
        .await
    }

    /// One delegation.
    pub async fn delegation(&self, id: i64) -> Result<DelegationRow, StoreError> {
        Sql::new("SELECT * FROM approval_delegations WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Deletes a delegation.
    pub async fn delete_delegation(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        Sql::new("DELETE FROM approval_delegations WHERE id = $1").bind(id).execute(&mut tx).await?;
        tx.commit().await
    }

    /// The people `delegate_id` decides for at `now`.
    pub async fn delegators_of(&self, delegate_id: i64, now: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new(
            "SELECT DISTINCT user_id FROM approval_delegations WHERE delegate_id = $1 AND starts_at <= $2 AND ends_at > $2",
        )
        .bind(delegate_id)
        .bind(now)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The delegates deciding for any of `user_ids` at `now`, with whom they stand in for.
    pub async fn delegates_of(&self, user_ids: &[i64], now: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        let mut sql = Sql::new("SELECT user_id, delegate_id FROM approval_delegations WHERE 1 = 1");
        push_in(&mut sql, "user_id", user_ids);
        let now = sql.arg(now);
        sql.push(&format!(" AND starts_at <= {now} AND ends_at > {now} ORDER BY user_id, delegate_id"));
        sql.fetch_all(self.db()).await
    }
}

/// Writes a chain's steps.
async fn write_chain_steps(tx: &mut Tx, chain_id: i64, steps: &[StepDefinitionRow]) -> Result<(), StoreError> {
    for s in steps {
        Sql::new(
            "INSERT INTO approval_chain_steps (chain_id, position, name, approver, approver_id, rule, condition_fact,
                 condition_op, condition_value, time_limit_hours, reminder_hours)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(chain_id)
        .bind(s.position)
        .bind(&s.name)
        .bind(&s.approver)
        .bind(s.approver_id)
        .bind(&s.rule)
        .bind(s.condition_fact.as_deref())
        .bind(s.condition_op.as_deref())
        .bind(s.condition_value.as_deref())
        .bind(s.time_limit_hours)
        .bind(s.reminder_hours)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
