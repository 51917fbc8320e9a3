//! The service desk dashboard (`/dashboard`): the period and filter form, and the KPIs as
//! charts (geometry from [`crate::ui::charts`]) with a data table under each.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::AppError;
use helmdesk_app::reports::kpis::{DurationStats, KpiQuery, Kpis, PriorityCount};
use helmdesk_domain::TicketKind;
use helmdesk_domain::service_desk::tickets::priority_label;
use serde::Deserialize;

use crate::AppState;
use crate::platform::auth::UiUser;
use crate::routes::Routes;
use crate::ui::charts::{
    self, BarChart, Legend, LineChart, Meter, RowData, Scale, Segment, count, duration_unit, in_unit, percent,
};
use crate::ui::{Choice, Nav, UiError, choices_or, invalid_text, render};
use helmdesk_app::reports::access::ReportPermission;

pub(crate) fn routes() -> Routes {
    Routes::new().get("/dashboard", dashboard).requires(ReportPermission::ReadReports)
}

/// The form's fields, as typed (empty means "any").
#[derive(Debug, Default, Deserialize)]
struct DashboardParams {
    from: Option<String>,
    to: Option<String>,
    team_id: Option<String>,
    organisation_id: Option<String>,
    kind: Option<String>,
}

/// An id field of the form: empty is none, anything else must be a number.
fn id_field(field: &str, value: &Option<String>) -> Result<Option<i64>, AppError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::invalid(field, "must be chosen from the list")),
    }
}

/// `query` (`&a=1&b=2`) without its `name` parameter.
fn without(query: &str, name: &str) -> String {
    query.split('&').filter(|p| !p.is_empty() && !p.starts_with(&format!("{name}="))).map(|p| format!("&{p}")).collect()
}

impl DashboardParams {
    /// The dashboard's filters the queue knows, as its query (`&team_id=3&kind=incident`).
    fn queue_filters(&self) -> String {
        let pairs: Vec<(&str, &str)> =
            [("team_id", &self.team_id), ("organisation_id", &self.organisation_id), ("kind", &self.kind)]
                .into_iter()
                .filter_map(|(k, v)| Some((k, v.as_deref().map(str::trim).filter(|v| !v.is_empty())?)))
                .collect();
        match serde_urlencoded::to_string(pairs).unwrap_or_default() {
            q if q.is_empty() => q,
            q => format!("&{q}"),
        }
    }

    fn to_query(&self) -> Result<KpiQuery, AppError> {
        Ok(KpiQuery {
            from: self.from.clone(),
            to: self.to.clone(),
            team_id: id_field("team_id", &self.team_id)?,
            organisation_id: id_field("organisation_id", &self.organisation_id)?,
            kind: self.kind.clone(),
        })
    }
}

/// A row of a duration table.
struct DurationRow {
    label: String,
    count: i64,
    mean: String,
    median: String,
}

/// A row of the SLA table.
struct SlaRow {
    label: String,
    resolved: i64,
    without_sla: i64,
    decided: i64,
    met: i64,
    breached: i64,
    share: String,
}

/// A chart of mean and median times, with its table.
struct TimePanel {
    chart: BarChart,
    rows: Vec<DurationRow>,
}

/// Everything the page draws from the KPIs.
struct Figures {
    k: Kpis,
    backlog_priority: BarChart,
    backlog_team: BarChart,
    backlog_age: BarChart,
    flow: LineChart,
    /// Time to first response, then time to resolve.
    times: Vec<TimePanel>,
    sla: Meter,
    sla_priority: BarChart,
    sla_rows: Vec<SlaRow>,
    reopen: Meter,
    workload: BarChart,
}

#[derive(Template)]
#[template(path = "reports/dashboard.html")]
struct DashboardPage {
    nav: Option<Nav>,
    error: Option<String>,
    from: String,
    to: String,
    teams: Vec<Choice>,
    organisations: Vec<Choice>,
    kinds: Vec<Choice>,
    time_zone: String,
    figures: Option<Figures>,
}

impl DashboardPage {
    /// "P1 Critical" for priority 1, for the data tables.
    fn priority_label(&self, priority: &u8) -> &'static str {
        priority_label(*priority)
    }
}

fn priority_legend() -> Vec<Legend> {
    (1..=5u8).map(|p| Legend { class: format!("c-p{p}"), label: priority_label(p).into() }).collect()
}

/// The stacked segments of open tickets per priority, each opening the queue's open
/// tickets of that priority under `filters` (the dashboard's own and the row's).
fn priority_segments(counts: &[PriorityCount], filters: Option<&str>) -> Vec<Segment> {
    counts
        .iter()
        .map(|c| {
            let href = filters.map(|f| format!("/tickets?view=open&priority={}{f}", c.priority));
            Segment::new(c.count as f64, format!("c-p{}", c.priority), priority_label(c.priority)).linking(href)
        })
        .collect()
}

/// A bar chart of ticket counts.
fn count_chart(id: &str, title: &str, rows: Vec<RowData>, legend: Vec<Legend>) -> BarChart {
    BarChart::new(id, title, rows, legend, |largest, pixels| Scale::nice(largest, 4, pixels), count)
}

/// Mean and median per priority and overall, as grouped bars in one unit of time.
fn time_panel(id: &str, title: &str, overall: &DurationStats, by: &[DurationStats]) -> TimePanel {
    let all = by.iter().chain(std::iter::once(overall));
    let largest = all.clone().flat_map(|s| [s.mean_seconds, s.median_seconds]).flatten().fold(0.0, f64::max);
    let unit = duration_unit(largest);
    let label = |s: &DurationStats| s.priority.map(priority_label).unwrap_or("All").to_string();
    let rows = all
        .clone()
        .map(|s| RowData {
            label: label(s),
            lanes: vec![
                vec![Segment::new(s.mean_seconds.unwrap_or(0.0), "c-mean", "Mean")],
                vec![Segment::new(s.median_seconds.unwrap_or(0.0), "c-median", "Median")],
            ],
        })
        .collect();
    let legend = vec![
        Legend { class: "c-mean".into(), label: "Mean".into() },
        Legend { class: "c-median".into(), label: "Median".into() },
    ];
    let scale = move |largest: f64, pixels: f64| {
        let s = Scale::nice(largest / unit.0, 4, pixels);
        Scale { max: s.max * unit.0, step: s.step * unit.0, pixels }
    };
    let chart = BarChart::new(id, title, rows, legend, scale, move |v| in_unit(v, unit));
    let table = all
        .map(|s| DurationRow {
            label: label(s),
            count: s.count,
            mean: s.mean_seconds.map(charts::duration).unwrap_or_else(|| "—".into()),
            median: s.median_seconds.map(charts::duration).unwrap_or_else(|| "—".into()),
        })
        .collect();
    TimePanel { chart, rows: table }
}

/// The queue of the tickets filed on `day` in the reports' time zone `tz`, under `filters`.
fn filed_on(day: chrono::NaiveDate, tz: chrono_tz::Tz, filters: &str) -> String {
    use chrono::TimeZone;
    let start = |d: chrono::NaiveDate| {
        let midnight = tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN)).earliest();
        midnight.map(|t| t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
    };
    let next = day.succ_opt().unwrap_or(day);
    format!("/tickets?view=all&created_from={}&created_to={}{filters}", start(day), start(next))
}

/// `filters` are the dashboard's own as the queue's query (`&team_id=3&kind=incident`), so
/// that a bar opens the tickets it counts.
fn figures(k: Kpis, filters: &str, tz: chrono_tz::Tz) -> Figures {
    let b = &k.backlog;
    let backlog_priority = count_chart(
        "backlog-priority",
        "Open backlog by priority",
        b.by_priority
            .iter()
            .map(|c| {
                RowData::bar(priority_label(c.priority), priority_segments(std::slice::from_ref(c), Some(filters)))
            })
            .collect(),
        Vec::new(),
    );
    let backlog_team = count_chart(
        "backlog-team",
        "Open backlog by team",
        b.by_team
            .iter()
            .map(|t| {
                // The queue filters by a team, not by "no team": those bars open nothing.
                let row = t.team_id.map(|team| format!("{}&team_id={team}", without(filters, "team_id")));
                RowData::bar(
                    t.team_name.as_deref().unwrap_or("No team"),
                    priority_segments(&t.by_priority, row.as_deref()),
                )
            })
            .collect(),
        priority_legend(),
    );
    let backlog_age = count_chart(
        "backlog-age",
        "Age of the open backlog",
        b.by_age
            .iter()
            .enumerate()
            .map(|(i, a)| RowData::bar(&a.label, vec![Segment::new(a.count as f64, format!("c-age{i}"), "Open")]))
            .collect(),
        Vec::new(),
    );
    let labels: Vec<String> = k.flow.days.iter().map(|d| d.date.format("%b %-d").to_string()).collect();
    let busiest = k.flow.days.iter().max_by_key(|d| d.created);
    let flow = LineChart::new(
        "flow",
        "Created vs resolved per day",
        &labels,
        vec![
            ("Created", "c-created", k.flow.days.iter().map(|d| d.created).collect()),
            ("Resolved", "c-resolved", k.flow.days.iter().map(|d| d.resolved).collect()),
        ],
        format!(
            "{} tickets created and {} resolved over {} days{}.",
            k.flow.created,
            k.flow.resolved,
            k.period.days,
            busiest
                .filter(|d| d.created > 0)
                .map(|d| format!("; most created on {} ({})", d.date, d.created))
                .unwrap_or_default()
        ),
    )
    // A day's "created" opens the tickets filed that day (the queue has no "resolved on").
    .linking(0, k.flow.days.iter().map(|d| filed_on(d.date, tz, filters)).collect());
    let times = vec![
        time_panel("response", "Time to first response", &k.first_response.overall, &k.first_response.by_priority),
        time_panel("resolution", "Time to resolve", &k.resolution.overall, &k.resolution.by_priority),
    ];
    let o = &k.sla.overall;
    let sla = Meter::new(
        "sla",
        "SLA compliance",
        o.share_met,
        format!(
            "{} of {} resolved tickets with an SLA met it; {} without an SLA left out",
            o.met, o.decided, o.without_sla
        ),
        "c-met",
    );
    let sla_priority = BarChart::new(
        "sla-priority",
        "SLA compliance by priority",
        k.sla
            .by_priority
            .iter()
            .map(|s| RowData {
                label: s.priority.map(priority_label).unwrap_or("All").into(),
                lanes: vec![vec![Segment::new(s.share_met.unwrap_or(0.0), "c-met", "Met")]],
            })
            .collect(),
        Vec::new(),
        |_, pixels| Scale::share(pixels),
        percent,
    );
    let sla_rows = std::iter::once(o)
        .chain(&k.sla.by_priority)
        .map(|s| SlaRow {
            label: s.priority.map(priority_label).unwrap_or("All").into(),
            resolved: s.resolved,
            without_sla: s.without_sla,
            decided: s.decided,
            met: s.met,
            breached: s.breached,
            share: s.share_met.map(percent).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let reopen = Meter::new(
        "reopen",
        "Reopen rate",
        k.reopen.share,
        format!("{} of {} resolved tickets had been reopened", k.reopen.reopened, k.reopen.resolved),
        "c-reopen",
    );
    let mut legend = priority_legend();
    legend.push(Legend { class: "c-resolved".into(), label: "Resolved in the period".into() });
    let workload = count_chart(
        "workload",
        "Agent workload",
        k.workload
            .iter()
            .map(|a| RowData {
                label: a.name.clone(),
                lanes: vec![
                    priority_segments(&a.open_by_priority, Some(&format!("{filters}&assignee_id={}", a.user_id))),
                    vec![Segment::new(a.resolved as f64, "c-resolved", "Resolved")],
                ],
            })
            .collect(),
        legend,
    );
    Figures {
        backlog_priority,
        backlog_team,
        backlog_age,
        flow,
        times,
        sla,
        sla_priority,
        sla_rows,
        reopen,
        workload,
        k,
    }
}

async fn dashboard(State(s): State<AppState>, user: UiUser, uri: axum::http::Uri) -> Result<Response, UiError> {
    let actor = &user.actor;
    let params: DashboardParams = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let result = match params.to_query() {
        Ok(q) => s.app.kpis(actor, &q).await,
        Err(e) => Err(e),
    };
    let (figures, error) = match result {
        Ok(k) => (Some(figures(k, &params.queue_filters(), s.app.settings().reports_time_zone)), None),
        Err(e) => match invalid_text(&e) {
            Some(text) => (None, Some(text)),
            None => return Err(e.into()),
        },
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let (from, to) = match &figures {
        Some(f) => (f.k.period.from.to_string(), f.k.period.to.to_string()),
        None => (text(&params.from), text(&params.to)),
    };
    let teams = s.app.list_teams(actor).await?;
    let organisations = s.app.list_organisations(actor).await?;
    let page = DashboardPage {
        nav: Some(Nav::of(&s, &user, "dashboard").await?),
        error,
        from,
        to,
        teams: choices_or("Any team", teams.iter().map(|t| (t.id, t.name.clone())), &text(&params.team_id)),
        organisations: choices_or(
            "Any organisation",
            organisations.iter().map(|o| (o.id, o.name.clone())),
            &text(&params.organisation_id),
        ),
        kinds: choices_or("Any kind", TicketKind::ALL.iter().map(|k| (k.as_str(), k.label())), &text(&params.kind)),
        time_zone: s.app.settings().reports_time_zone.name().to_string(),
        figures,
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use super::filed_on;

    #[test]
    fn a_day_of_the_flow_opens_the_tickets_filed_that_day_in_the_reports_time_zone() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(
            filed_on(day, chrono_tz::Europe::Amsterdam, "&team_id=2"),
            "/tickets?view=all&created_from=2026-11-02T23:00:00Z&created_to=2026-11-03T23:00:00Z&team_id=2"
        );
        assert_eq!(
            filed_on(day, chrono_tz::UTC, ""),
            "/tickets?view=all&created_from=2026-11-03T00:00:00Z&created_to=2026-11-04T00:00:00Z"
        );
    }
}
