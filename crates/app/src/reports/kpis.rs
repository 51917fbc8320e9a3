//! The service desk's KPIs for a period: open backlog, created vs resolved per day, time to
//! first response and to resolution, SLA compliance, reopen rate, agent workload and
//! customer satisfaction (CSAT, from the satisfaction survey's answers), and self-service
//! (deflections, articles, catalog requests, approvals and fulfilment; see
//! [`crate::reports::self_service`]).
//!
//! Every figure counts only the tickets the actor may see ([`Actor::visibility`]), narrowed
//! by the optional team, organisation (with its subsidiaries) and kind. Days are calendar
//! days in `AppSettings::reports_time_zone`; the period runs from the start of `from` to
//! the end of `to` in that zone. Durations are wall-clock time (not business hours), in
//! seconds. Each definition is written on its field so the figures can be recomputed
//! independently from the `tickets` table.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use helmdesk_domain::TicketKind;
use helmdesk_domain::reports::kpis::{self, AGE_BANDS, MAX_PERIOD_DAYS, Ratings};
use helmdesk_store::StoreError;
use helmdesk_store::reports::kpis::{BacklogGroup, CsatGroup, KpiScope, Moment};

use crate::reports::access::ReportPermission;
use crate::reports::self_service::SelfServiceFigures;
use crate::{Actor, App, AppError, ts};

/// The priorities, most urgent first.
const PRIORITIES: [u8; 5] = [1, 2, 3, 4, 5];

/// The period and filters asked for, as text from a query string; absent or empty values
/// take their defaults.
#[derive(Debug, Clone, Default)]
pub struct KpiQuery {
    /// First day, `YYYY-MM-DD`; default 29 days before `to`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`; default today in the reports' time zone.
    pub to: Option<String>,
    pub team_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub kind: Option<String>,
}

/// The KPIs of a period: one document with every figure of the dashboard.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Kpis {
    /// The period and the filters the figures are for.
    pub period: KpiPeriod,
    /// The tickets open now (`status` in `new`, `assigned`, `in_progress`, `pending`). Not
    /// bounded by the period: it is the backlog at `period.as_of`.
    pub backlog: Backlog,
    /// Tickets created and resolved per day of the period.
    pub flow: Flow,
    /// Time to first response (`first_response_at - created_at`) of the tickets whose
    /// `first_response_at` lies in the period.
    pub first_response: Durations,
    /// Time to resolve (`resolved_at - created_at`) of the tickets whose `resolved_at`
    /// lies in the period.
    pub resolution: Durations,
    /// SLA compliance of the tickets resolved in the period, counted per ticket.
    pub sla: SlaCompliance,
    /// Reopen rate of the tickets resolved in the period.
    pub reopen: ReopenRate,
    /// Per assignee: open tickets now and tickets resolved in the period. Busiest first.
    pub workload: Vec<AgentWorkload>,
    /// Customer satisfaction: the satisfaction survey answers (`ticket_surveys`) whose
    /// `answered_at` lies in the period, on the tickets counted (scope and filters as above).
    pub csat: Csat,
    /// Self-service: deflections, article views and helpfulness, catalog requests by item,
    /// approval times per step and fulfilment times, of the records made in the period.
    /// Requests and approvals are counted by their organisation, views and answers by the
    /// article (one the reader may read) and the person's organisation; the team and kind
    /// filters do not apply.
    pub self_service: SelfServiceFigures,
}

/// Customer satisfaction (CSAT) overall, per team, agent, category and month. Every figure
/// counts survey answers (one per ticket: the requester's latest), by the ticket's team,
/// assignee and category as they are now.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Csat {
    /// Every answer of the period (`id` and `name` are null).
    pub overall: CsatFigures,
    /// Per team of the ticket (`id` null: tickets of no team), most answers first.
    pub by_team: Vec<CsatFigures>,
    /// Per agent: the ticket's assignee (who resolved it, unless it was reassigned since;
    /// `id` null: unassigned tickets), most answers first.
    pub by_agent: Vec<CsatFigures>,
    /// Per category of the ticket (`id` null: no category), most answers first.
    pub by_category: Vec<CsatFigures>,
    /// Per calendar month of `answered_at` in the reports' time zone, every month the
    /// period touches (zeros included), in order.
    pub by_month: Vec<CsatMonth>,
}

/// The satisfaction of a group of survey answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct CsatFigures {
    /// The team, user or category counted; null for "none" (and for `overall`).
    pub id: Option<i64>,
    /// Its name; null when `id` is null.
    pub name: Option<String>,
    /// Survey answers counted.
    pub answers: i64,
    /// Of those, answers rated 4 or 5.
    pub satisfied: i64,
    /// CSAT: `satisfied / answers` in percent, 0 to 100; null without answers.
    #[schema(minimum = 0, maximum = 100)]
    pub csat_percent: Option<f64>,
    /// The mean rating, 1 (poor) to 5 (excellent); null without answers.
    #[schema(minimum = 1, maximum = 5)]
    pub mean_rating: Option<f64>,
}

/// The satisfaction of the answers given in one month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct CsatMonth {
    /// The month's first day (`YYYY-MM-01`), in the reports' time zone. The first and last
    /// months count only the answers within the period.
    pub month: NaiveDate,
    /// Survey answers given in the month.
    pub answers: i64,
    /// Of those, answers rated 4 or 5.
    pub satisfied: i64,
    /// CSAT: `satisfied / answers` in percent, 0 to 100; null without answers.
    #[schema(minimum = 0, maximum = 100)]
    pub csat_percent: Option<f64>,
    /// The mean rating, 1 to 5; null without answers.
    #[schema(minimum = 1, maximum = 5)]
    pub mean_rating: Option<f64>,
}

/// The period and the filters.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct KpiPeriod {
    /// First day (included), in `time_zone`.
    pub from: NaiveDate,
    /// Last day (included), in `time_zone`.
    pub to: NaiveDate,
    /// Number of days, `to - from + 1` (1 to 366).
    pub days: i64,
    /// The IANA time zone days are counted in (the `reports_time_zone` setting).
    pub time_zone: String,
    /// The instant `from` starts in `time_zone` (included).
    pub start: DateTime<Utc>,
    /// The instant the day after `to` starts in `time_zone` (excluded).
    pub end: DateTime<Utc>,
    /// When the figures were computed: the backlog and its ages are as of this instant.
    pub as_of: DateTime<Utc>,
    /// Only tickets of this team.
    pub team_id: Option<i64>,
    /// Only tickets of this organisation and its subsidiaries.
    pub organisation_id: Option<i64>,
    /// Only tickets of this kind.
    pub kind: Option<TicketKind>,
}

/// How many tickets of one priority.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct PriorityCount {
    /// 1 (critical) to 5 (planning).
    #[schema(minimum = 1, maximum = 5)]
    pub priority: u8,
    pub count: i64,
}

/// The open backlog now.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Backlog {
    /// Open tickets.
    pub total: i64,
    /// Open tickets nobody is assigned to.
    pub unassigned: i64,
    /// Open tickets per priority, 1 to 5 (all five, zeros included).
    pub by_priority: Vec<PriorityCount>,
    /// Open tickets per team (`team_id` null: no team), most first.
    pub by_team: Vec<TeamBacklog>,
    /// Open tickets by age (`as_of - created_at`, 24-hour days), youngest band first.
    pub by_age: Vec<AgeCount>,
}

/// The open tickets of one team.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TeamBacklog {
    /// Null: tickets of no team.
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub total: i64,
    /// Per priority, 1 to 5.
    pub by_priority: Vec<PriorityCount>,
}

/// The open tickets of one age band: open at least `min_days` and less than `max_days`.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AgeCount {
    /// For people, e.g. `1-7 days`.
    pub label: String,
    pub min_days: i64,
    /// Null: no upper bound.
    pub max_days: Option<i64>,
    pub count: i64,
}

/// Created vs resolved.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Flow {
    /// Tickets whose `created_at` lies in the period.
    pub created: i64,
    /// Tickets whose `resolved_at` lies in the period (a ticket reopened and resolved again
    /// counts once, on its latest resolution).
    pub resolved: i64,
    /// One entry per day of the period, in order.
    pub days: Vec<DayFlow>,
}

/// Tickets created and resolved on one day.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct DayFlow {
    /// The day, in the reports' time zone.
    pub date: NaiveDate,
    /// Tickets whose `created_at` falls on this day.
    pub created: i64,
    /// Tickets whose `resolved_at` falls on this day.
    pub resolved: i64,
}

/// Durations overall and per priority.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Durations {
    /// Every ticket measured (`priority` is null).
    pub overall: DurationStats,
    /// Per priority, 1 to 5.
    pub by_priority: Vec<DurationStats>,
}

/// The mean and median of a set of durations (wall-clock seconds).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct DurationStats {
    /// The priority measured; null for all priorities.
    pub priority: Option<u8>,
    /// Tickets measured.
    pub count: i64,
    /// Arithmetic mean in seconds; null without tickets.
    pub mean_seconds: Option<f64>,
    /// Median in seconds (the mean of the two middle values for an even count); null
    /// without tickets.
    pub median_seconds: Option<f64>,
}

/// SLA compliance overall and per priority.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SlaCompliance {
    /// Every ticket resolved in the period (`priority` is null).
    pub overall: SlaFigures,
    /// Per priority, 1 to 5.
    pub by_priority: Vec<SlaFigures>,
}

/// The SLA outcome of the tickets resolved in the period.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct SlaFigures {
    /// The priority counted; null for all priorities.
    pub priority: Option<u8>,
    /// Tickets resolved in the period.
    pub resolved: i64,
    /// Of those, tickets without a decided SLA (`response_breached` and
    /// `resolution_breached` both null): left out of the share.
    pub without_sla: i64,
    /// Tickets with a decided SLA: `response_breached` or `resolution_breached` not null.
    pub decided: i64,
    /// Decided tickets with neither `response_breached` nor `resolution_breached` true.
    pub met: i64,
    /// Decided tickets with either clock breached: `decided - met`.
    pub breached: i64,
    /// `met / decided`, 0 to 1; null when nothing was decided.
    #[schema(minimum = 0, maximum = 1)]
    pub share_met: Option<f64>,
}

/// How many resolved tickets had been reopened.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ReopenRate {
    /// Tickets resolved in the period.
    pub resolved: i64,
    /// Of those, tickets with `reopen_count > 0`.
    pub reopened: i64,
    /// `reopened / resolved`, 0 to 1; null when nothing was resolved.
    #[schema(minimum = 0, maximum = 1)]
    pub share: Option<f64>,
}

/// One assignee's workload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AgentWorkload {
    pub user_id: i64,
    pub name: String,
    /// Open tickets assigned to them now.
    pub open: i64,
    /// The open ones per priority, 1 to 5.
    pub open_by_priority: Vec<PriorityCount>,
    /// Tickets resolved in the period that are assigned to them (`assignee_id` now).
    pub resolved: i64,
}

/// A validated request: the period's days and bounds, and the store's scope.
struct Period {
    from: NaiveDate,
    to: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    kind: Option<TicketKind>,
    scope: KpiScope,
}

/// Parses a `YYYY-MM-DD` date of the years 1970 to 9999.
fn parse_date(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "must be a date written YYYY-MM-DD"))?;
    let earliest = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let latest = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    if date < earliest || date > latest {
        return Err(AppError::invalid(field, "must be between 1970-01-01 and 9999-12-31"));
    }
    Ok(date)
}

/// Per priority 1 to 5, from a map of priority to value.
fn per_priority<T: Clone + Default>(map: &BTreeMap<i64, T>) -> Vec<(u8, T)> {
    PRIORITIES.iter().map(|&p| (p, map.get(&i64::from(p)).cloned().unwrap_or_default())).collect()
}

fn counts(map: &BTreeMap<i64, i64>) -> Vec<PriorityCount> {
    per_priority(map).into_iter().map(|(priority, count)| PriorityCount { priority, count }).collect()
}

fn duration_stats(priority: Option<u8>, micros: &mut [i64]) -> DurationStats {
    DurationStats {
        priority,
        count: micros.len() as i64,
        mean_seconds: kpis::mean(micros).map(|m| m / 1e6),
        median_seconds: kpis::median(micros).map(|m| m / 1e6),
    }
}

/// Mean and median of (priority, microseconds) pairs, overall and per priority.
fn durations(rows: Vec<(i64, i64)>) -> Durations {
    let mut all: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let mut by: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for (priority, micros) in rows {
        by.entry(priority).or_default().push(micros);
    }
    Durations {
        overall: duration_stats(None, &mut all),
        by_priority: per_priority(&by).into_iter().map(|(p, mut v)| duration_stats(Some(p), &mut v)).collect(),
    }
}

/// SLA figures from (resolved, decided, met).
fn sla_figures(priority: Option<u8>, (resolved, decided, met): (i64, i64, i64)) -> SlaFigures {
    SlaFigures {
        priority,
        resolved,
        without_sla: resolved - decided,
        decided,
        met,
        breached: decided - met,
        share_met: kpis::share(met, decided),
    }
}

/// Whether a lookup found its record (a database error stays an error).
fn exists<T>(found: Result<T, StoreError>) -> Result<bool, AppError> {
    match found {
        Ok(_) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

impl App {
    /// Checks the period and filters and turns them into bounds and a store scope.
    async fn kpi_period(&self, actor: &Actor, q: &KpiQuery) -> Result<Period, AppError> {
        let tz = self.settings().reports_time_zone;
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let to = match given(&q.to) {
            Some(t) => parse_date("to", &t)?,
            None => self.now().with_timezone(&tz).date_naive(),
        };
        let from = match given(&q.from) {
            Some(f) => parse_date("from", &f)?,
            None => to - Duration::days(29),
        };
        if from > to {
            return Err(AppError::invalid("from", "must not be after to"));
        }
        if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
            return Err(AppError::invalid("to", format!("the period may be at most {MAX_PERIOD_DAYS} days")));
        }
        let kind = given(&q.kind).map(|k| k.parse::<TicketKind>()).transpose()?;
        if let Some(team) = q.team_id
            && !exists(self.store().team(team).await)?
        {
            return Err(AppError::invalid("team_id", "no such team"));
        }
        let organisations = match q.organisation_id {
            None => None,
            Some(org) => {
                // An organisation the actor may not see is as unknown as one that does not exist.
                if !actor.sees_organisation(org) || !exists(self.store().organisation(org).await)? {
                    return Err(AppError::invalid("organisation_id", "no such organisation"));
                }
                Some(self.subtree(org).await?)
            }
        };
        let (start, end) = kpis::period_bounds(from, to, tz);
        let scope = KpiScope {
            visibility: actor.visibility(),
            organisations,
            team_id: q.team_id,
            kind: kind.map(|k| k.as_str().to_string()),
        };
        Ok(Period { from, to, start, end, kind, scope })
    }

    /// The KPIs of a period for the tickets the actor may see (staff and auditors).
    pub async fn kpis(&self, actor: &Actor, q: &KpiQuery) -> Result<Kpis, AppError> {
        actor.require(ReportPermission::ReadReports)?;
        let p = self.kpi_period(actor, q).await?;
        let tz = self.settings().reports_time_zone;
        let now = self.now_micros();
        let (start, end) = (p.start.timestamp_micros(), p.end.timestamp_micros());
        let store = self.store();
        let scope = &p.scope;

        // Independent reads: run side by side on the pool's connections.
        let (open, created, responses, resolved, answers, teams, self_service) = tokio::try_join!(
            store.kpi_backlog(scope, kpis::age_thresholds(now)),
            store.kpi_per_quarter_hour(scope, Moment::Created, start, end),
            store.kpi_response_times(scope, start, end),
            store.kpi_resolved(scope, start, end),
            store.kpi_csat(scope, start, end),
            store.list_teams(),
            self.self_service_figures(actor, scope.counted_organisations(), (start, end), now),
        )?;
        let resolved_per_quarter: Vec<(i64, i64)> =
            resolved.iter().flat_map(|g| g.quarters.0.iter().map(|&q| (q, 1))).collect();
        let resolutions: Vec<(i64, i64)> =
            resolved.iter().flat_map(|g| g.durations.0.iter().map(|&d| (g.priority, d))).collect();

        let days = kpis::days(p.from, p.to);
        let created_per_day = kpis::counts_per_day(&created, &days, tz);
        let resolved_per_day = kpis::counts_per_day(&resolved_per_quarter, &days, tz);
        let flow = Flow {
            created: created_per_day.iter().sum(),
            resolved: resolved_per_day.iter().sum(),
            days: days
                .iter()
                .zip(created_per_day.iter().zip(&resolved_per_day))
                .map(|(&date, (&created, &resolved))| DayFlow { date, created, resolved })
                .collect(),
        };

        let mut sla_by: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
        let (mut resolved_all, mut reopened_all) = (0, 0);
        let mut resolved_by_agent: BTreeMap<i64, i64> = BTreeMap::new();
        for g in &resolved {
            let e = sla_by.entry(g.priority).or_default();
            *e = (e.0 + g.resolved, e.1 + g.sla_decided, e.2 + g.sla_met);
            resolved_all += g.resolved;
            reopened_all += g.reopened;
            if let Some(a) = g.assignee_id {
                *resolved_by_agent.entry(a).or_default() += g.resolved;
            }
        }
        let sla_total = sla_by.values().fold((0, 0, 0), |a, v| (a.0 + v.0, a.1 + v.1, a.2 + v.2));

        let teams: BTreeMap<i64, String> = teams.into_iter().map(|t| (t.id, t.name)).collect();
        let backlog = backlog(&open, &teams);
        let workload = self.workload(&open, resolved_by_agent).await?;
        let csat = self.csat(&answers, &teams, &kpis::months(p.from, p.to)).await?;

        Ok(Kpis {
            period: KpiPeriod {
                from: p.from,
                to: p.to,
                days: days.len() as i64,
                time_zone: tz.name().to_string(),
                start: p.start,
                end: p.end,
                as_of: ts(now),
                team_id: p.scope.team_id,
                organisation_id: q.organisation_id,
                kind: p.kind,
            },
            backlog,
            flow,
            first_response: durations(responses),
            resolution: durations(resolutions),
            sla: SlaCompliance {
                overall: sla_figures(None, sla_total),
                by_priority: per_priority(&sla_by).into_iter().map(|(p, v)| sla_figures(Some(p), v)).collect(),
            },
            reopen: ReopenRate {
                resolved: resolved_all,
                reopened: reopened_all,
                share: kpis::share(reopened_all, resolved_all),
            },
            workload,
            csat,
            self_service,
        })
    }

    /// CSAT from the grouped answers: overall, per team, agent, category and month.
    async fn csat(
        &self,
        answers: &[CsatGroup],
        teams: &BTreeMap<i64, String>,
        months: &[NaiveDate],
    ) -> Result<Csat, AppError> {
        let tz = self.settings().reports_time_zone;
        let mut overall = Ratings::default();
        let mut by_team: BTreeMap<Option<i64>, Ratings> = BTreeMap::new();
        let mut by_agent: BTreeMap<Option<i64>, Ratings> = BTreeMap::new();
        let mut by_category: BTreeMap<Option<i64>, Ratings> = BTreeMap::new();
        let mut by_month: BTreeMap<NaiveDate, Ratings> = months.iter().map(|&m| (m, Ratings::default())).collect();
        for g in answers {
            overall.add(g.rating, g.count);
            by_team.entry(g.team_id).or_default().add(g.rating, g.count);
            by_agent.entry(g.assignee_id).or_default().add(g.rating, g.count);
            by_category.entry(g.category_id).or_default().add(g.rating, g.count);
            let day = kpis::local_day(g.quarter * kpis::QUARTER_HOUR_MICROS, tz);
            if let Some(month) = by_month.get_mut(&kpis::month_of(day)) {
                month.add(g.rating, g.count);
            }
        }
        let agent_ids: Vec<i64> = by_agent.keys().flatten().copied().collect();
        let agents: BTreeMap<i64, String> = self.store().user_names(&agent_ids).await?.into_iter().collect();
        let categories: BTreeMap<i64, String> =
            self.store().list_categories().await?.into_iter().map(|c| (c.id, c.name)).collect();
        Ok(Csat {
            overall: csat_figures(None, None, overall),
            by_team: csat_groups(by_team, teams),
            by_agent: csat_groups(by_agent, &agents),
            by_category: csat_groups(by_category, &categories),
            by_month: by_month
                .into_iter()
                .map(|(month, r)| CsatMonth {
                    month,
                    answers: r.answers,
                    satisfied: r.satisfied,
                    csat_percent: r.percent(),
                    mean_rating: r.mean(),
                })
                .collect(),
        })
    }

    /// Per assignee: open tickets by priority and tickets resolved, busiest first.
    async fn workload(
        &self,
        open: &[BacklogGroup],
        resolved: BTreeMap<i64, i64>,
    ) -> Result<Vec<AgentWorkload>, AppError> {
        let mut open_by: BTreeMap<i64, BTreeMap<i64, i64>> = BTreeMap::new();
        for g in open {
            if let Some(a) = g.assignee_id {
                *open_by.entry(a).or_default().entry(g.priority).or_default() += g.count;
            }
        }
        let mut ids: Vec<i64> = open_by.keys().chain(resolved.keys()).copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let names: BTreeMap<i64, String> = self.store().user_names(&ids).await?.into_iter().collect();
        let mut out: Vec<AgentWorkload> = ids
            .into_iter()
            .map(|id| {
                let by = open_by.remove(&id).unwrap_or_default();
                AgentWorkload {
                    user_id: id,
                    name: names.get(&id).cloned().unwrap_or_else(|| format!("user {id}")),
                    open: by.values().sum(),
                    open_by_priority: counts(&by),
                    resolved: resolved.get(&id).copied().unwrap_or(0),
                }
            })
            .collect();
        out.sort_by(|a, b| b.open.cmp(&a.open).then(b.resolved.cmp(&a.resolved)).then(a.name.cmp(&b.name)));
        Ok(out)
    }
}

fn csat_figures(id: Option<i64>, name: Option<String>, r: Ratings) -> CsatFigures {
    CsatFigures {
        id,
        name,
        answers: r.answers,
        satisfied: r.satisfied,
        csat_percent: r.percent(),
        mean_rating: r.mean(),
    }
}

/// One entry per group, named from `names`; most answers first, "none" last among equals.
fn csat_groups(groups: BTreeMap<Option<i64>, Ratings>, names: &BTreeMap<i64, String>) -> Vec<CsatFigures> {
    let mut out: Vec<CsatFigures> = groups
        .into_iter()
        .map(|(id, r)| {
            let name = id.map(|i| names.get(&i).cloned().unwrap_or_else(|| format!("#{i}")));
            csat_figures(id, name, r)
        })
        .collect();
    out.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.id.is_none().cmp(&b.id.is_none())));
    out
}

/// The backlog from the grouped open tickets.
fn backlog(open: &[BacklogGroup], teams: &BTreeMap<i64, String>) -> Backlog {
    let mut by_priority: BTreeMap<i64, i64> = BTreeMap::new();
    let mut by_team: BTreeMap<Option<i64>, BTreeMap<i64, i64>> = BTreeMap::new();
    let mut by_age = [0i64; AGE_BANDS.len()];
    let mut unassigned = 0;
    for g in open {
        *by_priority.entry(g.priority).or_default() += g.count;
        *by_team.entry(g.team_id).or_default().entry(g.priority).or_default() += g.count;
        if let Some(slot) = usize::try_from(g.age_band).ok().and_then(|i| by_age.get_mut(i)) {
            *slot += g.count;
        }
        if g.assignee_id.is_none() {
            unassigned += g.count;
        }
    }
    let mut teams_out: Vec<TeamBacklog> = by_team
        .into_iter()
        .map(|(team_id, by)| TeamBacklog {
            team_id,
            team_name: team_id.and_then(|t| teams.get(&t).cloned()),
            total: by.values().sum(),
            by_priority: counts(&by),
        })
        .collect();
    // Most first; tickets of no team last among equals.
    teams_out.sort_by(|a, b| b.total.cmp(&a.total).then(a.team_id.is_none().cmp(&b.team_id.is_none())));
    Backlog {
        total: by_priority.values().sum(),
        unassigned,
        by_priority: counts(&by_priority),
        by_team: teams_out,
        by_age: AGE_BANDS
            .iter()
            .zip(by_age)
            .map(|(band, count)| AgeCount {
                label: band.label.to_string(),
                min_days: band.min_days,
                max_days: band.max_days,
                count,
            })
            .collect(),
    }
}
