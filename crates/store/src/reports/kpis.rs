//! The reads behind the KPIs. Each is one range of a covering index of migration 0005:
//! the open backlog reads open tickets only (`tickets_kpi_open`), and the period's figures
//! read the tickets created, first answered or resolved in the period
//! (`tickets_kpi_created`, `tickets_kpi_first_response`, `tickets_kpi_resolved`). Counts
//! are grouped in SQL; only the durations needed for medians come back one row per
//! ticket, as two integers.

use helmdesk_domain::reports::kpis::QUARTER_HOUR_MICROS;

use crate::platform::users::push_in;
use crate::service_desk::tickets::{Visibility, push_visibility};

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
    /// Per ticket, microseconds from creation to resolution.
    #[sqlx(try_from = "String")]
    pub durations: IntList,
    /// Per ticket, the UTC quarter hour it was resolved in.
    #[sqlx(try_from = "String")]
    pub quarters: IntList,
}

/// Satisfaction survey answers of one team, assignee, category and rating, given in one
/// UTC quarter hour.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CsatGroup {
    pub team_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub category_id: Option<i64>,
    /// 1 to 5.
    pub rating: i64,
    /// The UTC quarter hour the answers were given in (`answered_at / QUARTER_HOUR_MICROS`).
    pub quarter: i64,
    pub count: i64,
}

/// Integers read from a comma-separated list (SQL `string_agg`, SQLite 3.44 and later;
/// the bundled SQLite is newer). One list per group instead of one row per ticket: a
/// long period has a hundred thousand tickets, and decoding a row costs more than reading
/// its index entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntList(pub Vec<i64>);

impl TryFrom<String> for IntList {
    type Error = std::num::ParseIntError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.split(',').filter(|v| !v.is_empty()).map(|v| v.trim().parse()).collect::<Result<_, _>>().map(IntList)
    }
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

/// The open statuses: the backlog. Written as literals, not parameters, because the
/// partial index `tickets_kpi_open` repeats this list and serves only queries that do.
const OPEN_SQL: &str = "t.status IN ('new', 'assigned', 'in_progress', 'pending')";

impl KpiScope {
    /// Appends the scope's conditions (to a statement whose tickets are `t`).
    /// The unary plus on organisation and team keeps SQLite, which has no statistics
    /// unless someone runs ANALYZE, from preferring their single-column indexes to the
    /// covering ones; PostgreSQL reads it as the same number.
    fn push(&self, sql: &mut Sql) {
        let organisations = match &self.visibility {
            Visibility::Requester { .. } => {
                push_visibility(sql, &self.visibility);
                self.organisations.clone()
            }
            _ => self.counted_organisations(),
        };
        if let Some(orgs) = organisations {
            push_in(sql, "+t.organisation_id", &orgs);
        }
        if let Some(team) = self.team_id {
            let p = sql.arg(team);
            sql.push(&format!(" AND +t.team_id = {p}"));
        }
        if let Some(kind) = &self.kind {
            let p = sql.arg(kind.as_str());
            sql.push(&format!(" AND t.kind = {p}"));
        }
    }

    /// The organisations whose records count (`None`: every one): those the reader sees,
    /// narrowed by the filter. A requester sees tickets one by one, not organisations, so
    /// for them no organisation counts.
    pub fn counted_organisations(&self) -> Option<Vec<i64>> {
        match (&self.visibility, &self.organisations) {
            (Visibility::Organisations(seen), Some(wanted)) => {
                Some(wanted.iter().filter(|o| seen.contains(o)).copied().collect())
            }
            (Visibility::Organisations(seen), None) => Some(seen.clone()),
            (Visibility::All, wanted) => wanted.clone(),
            (Visibility::Requester { .. }, _) => Some(Vec::new()),
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
        backlog_sql(scope, bands).fetch_all(self.db()).await
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
        per_quarter_hour_sql(scope, moment, start, end).fetch_all(self.db()).await
    }

    /// For every ticket first answered in `[start, end)`: its priority and the microseconds
    /// from its creation to that moment.
    pub async fn kpi_response_times(
        &self,
        scope: &KpiScope,
        start: i64,
        end: i64,
    ) -> Result<Vec<(i64, i64)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Times {
            priority: i64,
            #[sqlx(try_from = "String")]
            micros: IntList,
        }
        let lists: Vec<Times> = response_times_sql(scope, start, end).fetch_all(self.db()).await?;
        Ok(lists.into_iter().flat_map(|t| t.micros.0.into_iter().map(move |v| (t.priority, v))).collect())
    }

    /// The tickets resolved in `[start, end)`, counted by priority and assignee, with how
    /// many were reopened, had a decided SLA, and met it, and each one's time to resolve
    /// and quarter hour of resolution: one read of the range for all of it.
    pub async fn kpi_resolved(&self, scope: &KpiScope, start: i64, end: i64) -> Result<Vec<ResolvedGroup>, StoreError> {
        resolved_sql(scope, start, end).fetch_all(self.db()).await
    }

    /// The satisfaction survey answers given in `[start, end)` on the tickets of the scope,
    /// counted by the ticket's team, assignee and category, the rating and the UTC quarter
    /// hour of the answer. Read by the answers' time (`ticket_surveys_answered`, migration
    /// 0039), then joined to their tickets.
    pub async fn kpi_csat(&self, scope: &KpiScope, start: i64, end: i64) -> Result<Vec<CsatGroup>, StoreError> {
        csat_sql(scope, start, end).fetch_all(self.db()).await
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

fn backlog_sql(scope: &KpiScope, bands: [i64; 3]) -> Sql {
    let mut sql = Sql::new("");
    let (b0, b1, b2) = (sql.arg(bands[0]), sql.arg(bands[1]), sql.arg(bands[2]));
    sql.push(&format!(
        "SELECT t.priority, t.team_id, t.assignee_id,
                CAST(CASE WHEN t.created_at > {b0} THEN 0 WHEN t.created_at > {b1} THEN 1
                          WHEN t.created_at > {b2} THEN 2 ELSE 3 END AS BIGINT) AS age_band,
                COUNT(*) AS count
             FROM tickets t WHERE {OPEN_SQL}"
    ));
    scope.push(&mut sql);
    sql.push(" GROUP BY t.priority, t.team_id, t.assignee_id, 4");
    sql
}

fn per_quarter_hour_sql(scope: &KpiScope, moment: Moment, start: i64, end: i64) -> Sql {
    let column = moment.column();
    let mut sql =
        Sql::new(format!("SELECT CAST({column} / {QUARTER_HOUR_MICROS} AS BIGINT) AS quarter, COUNT(*) AS count"));
    scope.period(&mut sql, moment, start, end);
    sql.push(" GROUP BY 1");
    sql
}

fn response_times_sql(scope: &KpiScope, start: i64, end: i64) -> Sql {
    let mut sql =
        Sql::new("SELECT t.priority, string_agg(CAST(t.first_response_at - t.created_at AS TEXT), ',') AS micros");
    scope.period(&mut sql, Moment::FirstResponse, start, end);
    sql.push(" GROUP BY t.priority");
    sql
}

fn resolved_sql(scope: &KpiScope, start: i64, end: i64) -> Sql {
    let decided = "(t.response_breached IS NOT NULL OR t.resolution_breached IS NOT NULL)";
    let breached = "(COALESCE(t.response_breached, FALSE) OR COALESCE(t.resolution_breached, FALSE))";
    let mut sql = Sql::new(format!(
        "SELECT t.priority, t.assignee_id, COUNT(*) AS resolved,
                CAST(SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END) AS BIGINT) AS reopened,
                CAST(SUM(CASE WHEN {decided} THEN 1 ELSE 0 END) AS BIGINT) AS sla_decided,
                CAST(SUM(CASE WHEN {decided} AND NOT {breached} THEN 1 ELSE 0 END) AS BIGINT) AS sla_met,
                string_agg(CAST(t.resolved_at - t.created_at AS TEXT), ',') AS durations,
                string_agg(CAST(t.resolved_at / {QUARTER_HOUR_MICROS} AS TEXT), ',') AS quarters"
    ));
    scope.period(&mut sql, Moment::Resolved, start, end);
    sql.push(" GROUP BY t.priority, t.assignee_id");
    sql
}

fn csat_sql(scope: &KpiScope, start: i64, end: i64) -> Sql {
    let mut sql = Sql::new("");
    let (a, b) = (sql.arg(start), sql.arg(end));
    sql.push(&format!(
        "SELECT t.team_id, t.assignee_id, t.category_id, s.rating,
                CAST(s.answered_at / {QUARTER_HOUR_MICROS} AS BIGINT) AS quarter, COUNT(*) AS count
             FROM ticket_surveys s JOIN tickets t ON t.id = s.ticket_id
             WHERE s.answered_at >= {a} AND s.answered_at < {b}"
    ));
    scope.push(&mut sql);
    sql.push(" GROUP BY t.team_id, t.assignee_id, t.category_id, s.rating, 5");
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Backend;
    use crate::testing::TestDatabase;

    /// SQLite's plan for `sql`, one line per step.
    async fn plan(store: &Store, sql: &Sql) -> String {
        #[derive(sqlx::FromRow)]
        struct Step {
            detail: String,
        }
        let mut explain = Sql::new(format!("EXPLAIN QUERY PLAN {}", sql.text()));
        for arg in sql.args() {
            explain = explain.bind(arg.clone());
        }
        let steps: Vec<Step> = explain.fetch_all(store.db()).await.unwrap();
        steps.into_iter().map(|s| s.detail).collect::<Vec<_>>().join("\n")
    }

    /// A scope change (or a change of the open statuses) that stopped the queries from
    /// reading their covering index would make the dashboard read the whole table.
    #[tokio::test]
    async fn every_kpi_query_reads_only_its_covering_index() {
        let db = TestDatabase::new(Backend::Sqlite).await.unwrap();
        let store = db.store().await.unwrap();
        let scopes = [
            KpiScope { visibility: Visibility::All, organisations: None, team_id: None, kind: None },
            KpiScope {
                visibility: Visibility::Organisations(vec![1, 2]),
                organisations: Some(vec![2]),
                team_id: Some(3),
                kind: Some("incident".into()),
            },
        ];
        for scope in &scopes {
            let cases = [
                (backlog_sql(scope, [3, 2, 1]), "tickets_kpi_open"),
                (per_quarter_hour_sql(scope, Moment::Created, 0, 1), "tickets_kpi_created"),
                (response_times_sql(scope, 0, 1), "tickets_kpi_first_response"),
                (resolved_sql(scope, 0, 1), "tickets_kpi_resolved"),
                (csat_sql(scope, 0, 1), "ticket_surveys_answered"),
            ];
            for (sql, index) in cases {
                let plan = plan(&store, &sql).await;
                let covered = plan.contains(&format!("USING COVERING INDEX {index}"));
                assert!(covered, "{index}:\n{plan}\n{}", sql.text());
            }
        }
    }
}
