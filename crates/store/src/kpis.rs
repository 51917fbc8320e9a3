//! The reads behind the KPIs. Each query is bounded by an index: the open backlog reads
//! open tickets only (`tickets_status`), and the period's figures read the tickets created,
//! first answered or resolved in the period (`tickets_created`, `tickets_first_response`,
//! `tickets_resolved`). Counts are grouped in SQL; only the durations needed for medians
//! come back one row per ticket, as two integers.

use crate::tickets::{Visibility, push_visibility};
use crate::users::push_in;
use helmdesk_domain::kpis::QUARTER_HOUR_MICROS;

use crate::{Sql, Store, StoreError};

/// Which tickets the figures count: what the reader may see, narrowed by the filters.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiScope {
    pub visibility: Visibility,
    /// Only tickets of these organisations (an organisation and its subsidiaries).
    pub organisations: Option<Vec<i64>>,
    pub team_id: Option<i64>,
    pub kind: Option<String>,
}

/// The open tickets of one priority, team, assignee and age band.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BacklogGroup {
    pub priority: i64,
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// 0 to 3: the index of the age band (see `domain::kpis::AGE_BANDS`).
    pub age_band: i64,
    pub count: i64,
}

/// The tickets resolved in a period, of one priority and assignee.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ResolvedGroup {
    pub priority: i64,
    pub assignee_id: Option<i64>,
    pub resolved: i64,
    /// Reopened at least once (`reopen_count > 0`).
    pub reopened: i64,
    /// With a decided SLA: `response_breached` or `resolution_breached` not NULL.
    pub sla_decided: i64,
    /// Decided, and neither clock breached.
    pub sla_met: i64,
}

/// A timestamp column the period can be read by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Created,
    FirstResponse,
    Resolved,
}

impl Moment {
    fn column(self) -> &'static str {
        match self {
            Moment::Created => "t.created_at",
            Moment::FirstResponse => "t.first_response_at",
            Moment::Resolved => "t.resolved_at",
        }
    }
}

/// The open statuses: the backlog.
const OPEN: &[&str] = &["new", "assigned", "in_progress", "pending"];

impl KpiScope {
    /// Appends the scope's conditions (to a statement whose tickets are `t`).
    fn push(&self, sql: &mut Sql) {
        push_visibility(sql, &self.visibility);
        if let Some(orgs) = &self.organisations {
            push_in(sql, "t.organisation_id", orgs);
        }
        if let Some(team) = self.team_id {
            let p = sql.arg(team);
            sql.push(&format!(" AND t.team_id = {p}"));
        }
        if let Some(kind) = &self.kind {
            let p = sql.arg(kind.as_str());
            sql.push(&format!(" AND t.kind = {p}"));
        }
    }

    /// `FROM tickets t WHERE` the moment lies in `[start, end)` and the scope holds.
    fn period(&self, sql: &mut Sql, moment: Moment, start: i64, end: i64) {
        let (a, b) = (sql.arg(start), sql.arg(end));
        let column = moment.column();
        sql.push(&format!(" FROM tickets t WHERE {column} >= {a} AND {column} < {b}"));
        self.push(sql);
    }
}

impl Store {
    /// The open tickets now, counted by priority, team, assignee and age band. A ticket is
    /// in band 0 if created after `bands[0]`, 1 if after `bands[1]`, 2 if after `bands[2]`,
    /// else 3.
    pub async fn kpi_backlog(&self, scope: &KpiScope, bands: [i64; 3]) -> Result<Vec<BacklogGroup>, StoreError> {
        let mut sql = Sql::new("");
        let (b0, b1, b2) = (sql.arg(bands[0]), sql.arg(bands[1]), sql.arg(bands[2]));
        sql.push(&format!(
            "SELECT t.priority, t.team_id, t.assignee_id,
                CAST(CASE WHEN t.created_at > {b0} THEN 0 WHEN t.created_at > {b1} THEN 1
                          WHEN t.created_at > {b2} THEN 2 ELSE 3 END AS BIGINT) AS age_band,
                COUNT(*) AS count
             FROM tickets t WHERE 1 = 1"
        ));
        let statuses: Vec<String> = OPEN.iter().map(|s| sql.arg(*s)).collect();
        sql.push(&format!(" AND t.status IN ({})", statuses.join(", ")));
        scope.push(&mut sql);
        sql.push(" GROUP BY t.priority, t.team_id, t.assignee_id, 4");
        sql.fetch_all(self.db()).await
    }

    /// How many tickets reached `moment` in each UTC quarter hour of `[start, end)`:
    /// (quarter hour = microseconds / 900,000,000, count).
    pub async fn kpi_per_quarter_hour(
        &self,
        scope: &KpiScope,
        moment: Moment,
        start: i64,
        end: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let column = moment.column();
        let mut sql =
            Sql::new(format!("SELECT CAST({column} / {QUARTER_HOUR_MICROS} AS BIGINT) AS quarter, COUNT(*) AS count"));
        scope.period(&mut sql, moment, start, end);
        sql.push(" GROUP BY 1");
        sql.fetch_all(self.db()).await
    }

    /// For every ticket that reached `moment` in `[start, end)`: its priority and the
    /// microseconds from its creation to that moment.
    pub async fn kpi_durations(
        &self,
        scope: &KpiScope,
        moment: Moment,
        start: i64,
        end: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        let column = moment.column();
        let mut sql = Sql::new(format!("SELECT t.priority, {column} - t.created_at AS micros"));
        scope.period(&mut sql, moment, start, end);
        sql.fetch_all(self.db()).await
    }

    /// The tickets resolved in `[start, end)`, counted by priority and assignee, with how
    /// many were reopened, had a decided SLA, and met it.
    pub async fn kpi_resolved(&self, scope: &KpiScope, start: i64, end: i64) -> Result<Vec<ResolvedGroup>, StoreError> {
        let decided = "(t.response_breached IS NOT NULL OR t.resolution_breached IS NOT NULL)";
        let breached = "(COALESCE(t.response_breached, FALSE) OR COALESCE(t.resolution_breached, FALSE))";
        let mut sql = Sql::new(format!(
            "SELECT t.priority, t.assignee_id, COUNT(*) AS resolved,
                CAST(SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END) AS BIGINT) AS reopened,
                CAST(SUM(CASE WHEN {decided} THEN 1 ELSE 0 END) AS BIGINT) AS sla_decided,
                CAST(SUM(CASE WHEN {decided} AND NOT {breached} THEN 1 ELSE 0 END) AS BIGINT) AS sla_met"
        ));
        scope.period(&mut sql, Moment::Resolved, start, end);
        sql.push(" GROUP BY t.priority, t.assignee_id");
        sql.fetch_all(self.db()).await
    }

    /// The names of these users, by id.
    pub async fn user_names(&self, ids: &[i64]) -> Result<Vec<(i64, String)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new("SELECT id, name FROM users WHERE 1 = 1");
        push_in(&mut sql, "id", ids);
        sql.fetch_all(self.db()).await
    }
}
