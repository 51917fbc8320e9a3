//! Assignment rules, and what routing reads and writes about a team's members.
//!
//! Rules keep their keywords as one comma-separated text (read and written whole,
//! validated by `app`). Positions run 1, 2, 3 ... in the order rules are tried;
//! [`Store::place_assignment_rule`] moves one rule and renumbers the rest in the same
//! transaction. The members of a team are read with their open-ticket counts in one
//! statement (served by the `tickets_open_assignee` partial index), and the time a member
//! was last given a ticket ([`MemberStamp`]) is written with the ticket itself.

use crate::{Sql, Store, StoreError, Tx};

/// An assignment rule as stored.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub active: bool,
    pub kind: Option<String>,
    pub category_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// Comma-separated, lower-case.
    pub keywords: String,
    pub team_id: i64,
    /// `team`, `round_robin` or `least_loaded`.
    pub method: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A member of a team as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CandidateRow {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub active: bool,
    pub away: bool,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    pub last_assigned_at: Option<i64>,
    /// Open tickets assigned to them (0 unless counted).
    pub open_tickets: i64,
}

/// Routing gave `user_id` of team `team_id` a ticket at `at`: written with the ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberStamp {
    pub team_id: i64,
    pub user_id: i64,
    pub at: i64,
}

/// The open statuses, as the `tickets_open_assignee` index (migration 0007) states them.
const OPEN_ASSIGNED: &str = "t.status IN ('new', 'assigned', 'in_progress', 'pending')";

impl Store {
    /// Every rule, in the order they are tried.
    pub async fn list_assignment_rules(&self) -> Result<Vec<RuleRow>, StoreError> {
        Sql::new("SELECT * FROM assignment_rules ORDER BY position, id").fetch_all(self.db()).await
    }

    /// One rule.
    pub async fn assignment_rule(&self, id: i64) -> Result<RuleRow, StoreError> {
        Sql::new("SELECT * FROM assignment_rules WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a rule (`id` is ignored) at `position` (1 is tried first; beyond the end
    /// goes last), moving the rules from there one down.
    pub async fn create_assignment_rule(&self, r: &RuleRow) -> Result<RuleRow, StoreError> {
        let mut tx = self.begin().await?;
        let last: i64 = Sql::new("SELECT COALESCE(MAX(position), 0) FROM assignment_rules").scalar(&mut tx).await?;
        let row: RuleRow = bind_rule(Sql::new(
            "INSERT INTO assignment_rules (name, active, kind, category_id, organisation_id, keywords, team_id, method, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *",
        ), r)
        .bind(last + 1)
        .bind(r.created_at)
        .fetch_one(&mut tx)
        .await?;
        let row = self.place_assignment_rule(&mut tx, row.id, r.position).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Replaces a rule's fields and moves it to `position`, renumbering the others.
    pub async fn update_assignment_rule(&self, r: &RuleRow) -> Result<RuleRow, StoreError> {
        let mut tx = self.begin().await?;
        let n = bind_rule(
            Sql::new(
                "UPDATE assignment_rules SET name = $1, active = $2, kind = $3, category_id = $4, organisation_id = $5,
                 keywords = $6, team_id = $7, method = $8, updated_at = $9 WHERE id = $10",
            ),
            r,
        )
        .bind(r.updated_at)
        .bind(r.id)
        .execute(&mut tx)
        .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let row = self.place_assignment_rule(&mut tx, r.id, r.position).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Puts rule `id` at `position` (clamped to 1 ..= the number of rules) and numbers
    /// every rule 1, 2, 3 ... in order, inside a transaction. Returns the rule.
    pub async fn place_assignment_rule(&self, tx: &mut Tx, id: i64, position: i64) -> Result<RuleRow, StoreError> {
        place(tx, Ordered::AssignmentRules, id, position).await?;
        Sql::new("SELECT * FROM assignment_rules WHERE id = $1").bind(id).fetch_one(&mut *tx).await
    }

    /// Deletes a rule and closes the gap in the positions.
    pub async fn delete_assignment_rule(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let gone: Option<(i64,)> = Sql::new("DELETE FROM assignment_rules WHERE id = $1 RETURNING position")
            .bind(id)
            .fetch_optional(&mut tx)
            .await?;
        let (position,) = gone.ok_or(StoreError::NotFound)?;
        Sql::new("UPDATE assignment_rules SET position = position - 1 WHERE position > $1")
            .bind(position)
            .execute(&mut tx)
            .await?;
        tx.commit().await
    }

    /// The members of a team with what routing needs, by user id; with `count_open`, the
    /// open tickets assigned to each (one statement, index-only per member).
    pub async fn routing_candidates(&self, team_id: i64, count_open: bool) -> Result<Vec<CandidateRow>, StoreError> {
        let open = if count_open {
            format!("(SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = m.user_id AND {OPEN_ASSIGNED})")
        } else {
            // BIGINT, like COUNT(*): PostgreSQL types a bare 0 as a 4-byte integer.
            "CAST(0 AS BIGINT)".to_string()
        };
        Sql::new(format!(
            "SELECT m.user_id, u.name, u.role, u.active, u.away, u.organisation_id, u.department_id,
                    m.last_assigned_at,
                    {open} AS open_tickets
             FROM team_members m JOIN users u ON u.id = m.user_id
             WHERE m.team_id = $1 ORDER BY m.user_id"
        ))
        .bind(team_id)
        .fetch_all(self.db())
        .await
    }

    /// Records when routing last gave members a ticket (the latest per member wins).
    pub async fn stamp_members(&self, tx: &mut Tx, stamps: &[MemberStamp]) -> Result<(), StoreError> {
        let mut latest: Vec<MemberStamp> = Vec::new();
        for s in stamps {
            match latest.iter_mut().find(|l| l.team_id == s.team_id && l.user_id == s.user_id) {
                Some(l) => l.at = l.at.max(s.at),
                None => latest.push(*s),
            }
        }
        for s in latest {
            // Never back in time: another node may have stamped a later assignment.
            Sql::new(
                "UPDATE team_members SET last_assigned_at = $1
                 WHERE team_id = $2 AND user_id = $3 AND (last_assigned_at IS NULL OR last_assigned_at < $1)",
            )
            .bind(s.at)
            .bind(s.team_id)
            .bind(s.user_id)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }
}

/// Binds name, active, kind, category, organisation, keywords, team and method, in order.
fn bind_rule(sql: Sql, r: &RuleRow) -> Sql {
    sql.bind(&r.name)
        .bind(r.active)
        .bind(r.kind.clone())
        .bind(r.category_id)
        .bind(r.organisation_id)
        .bind(&r.keywords)
        .bind(r.team_id)
        .bind(&r.method)
}

/// A table whose rows run in the order of their `position`.
#[derive(Debug, Clone, Copy)]
pub enum Ordered {
    AssignmentRules,
    AutomationRules,
}

impl Ordered {
    fn table(self) -> &'static str {
        match self {
            Ordered::AssignmentRules => "assignment_rules",
            Ordered::AutomationRules => "automation_rules",
        }
    }
}

/// Puts row `id` of `table` at `position` (clamped to 1 ..= the number of rows) and
/// numbers every row 1, 2, 3 ... in order, inside a transaction.
pub(crate) async fn place(tx: &mut Tx, table: Ordered, id: i64, position: i64) -> Result<(), StoreError> {
    let table = table.table();
    let rows: Vec<(i64, i64)> =
        Sql::new(format!("SELECT id, position FROM {table} ORDER BY position, id")).fetch_all(&mut *tx).await?;
    if !rows.iter().any(|(r, _)| *r == id) {
        return Err(StoreError::NotFound);
    }
    let mut order: Vec<i64> = rows.iter().map(|(r, _)| *r).filter(|r| *r != id).collect();
    let index = usize::try_from(position.saturating_sub(1)).unwrap_or(0).min(order.len());
    order.insert(index, id);
    for (i, row) in order.iter().enumerate() {
        let wanted = i as i64 + 1;
        if rows.iter().any(|(r, p)| r == row && *p != wanted) {
            Sql::new(format!("UPDATE {table} SET position = $1 WHERE id = $2"))
                .bind(wanted)
                .bind(*row)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}
