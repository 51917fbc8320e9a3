//! The service desk dashboard (`/dashboard`): the period and filter form, and the KPIs as
//! charts (geometry from [`crate::ui::charts`]) with a data table under each, in the
//! reader's language (`locales/*/reports.ftl`; the charts' own words come in as
//! [`Words`]). The self-service panel is drawn by `reports/ui/self_service.rs`.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use helmdesk_app::AppError;
use helmdesk_app::reports::kpis::{AgeCount, CsatFigures, DurationStats, KpiQuery, Kpis, PriorityCount};
use helmdesk_domain::TicketKind;
use serde::Deserialize;

use crate::AppState;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::ui::labels;
use crate::ui::charts::{BarChart, Legend, LineChart, Meter, RowData, Scale, Segment, Unit, Words, count};
use crate::ui::{Choice, Nav, UiError, choices_or, invalid_text, render};
use helmdesk_app::reports::access::ReportPermission;

use super::self_service::{self, SelfServicePanel};

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
pub(super) struct DurationRow {
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

/// A row of a CSAT table.
struct CsatRow {
    label: String,
    answers: i64,
    satisfied: i64,
    percent: String,
    mean: String,
}

/// A CSAT chart (share of answers rated 4 or 5 per group), with its table.
struct CsatPanel {
    chart: BarChart,
    /// The table's first column: team, agent, category or month.
    group: String,
    rows: Vec<CsatRow>,
}

/// A chart of mean and median times, with its table.
pub(super) struct TimePanel {
    chart: BarChart,
    /// The table's first two columns: what a row is, and what was counted.
    group: String,
    counted: String,
    rows: Vec<DurationRow>,
}

/// The mean and median seconds of one group, for a time chart and its table.
pub(super) struct Times {
    pub(super) label: String,
    /// How many durations were measured.
    pub(super) count: i64,
    pub(super) mean: Option<f64>,
    pub(super) median: Option<f64>,
}

/// Everything the page draws from the KPIs.
struct Figures {
    k: Kpis,
    backlog_priority: BarChart,
    backlog_team: BarChart,
    backlog_age: BarChart,
    /// The age bands' names and counts, for the table.
    ages: Vec<(String, i64)>,
    flow: LineChart,
    /// Time to first response, then time to resolve.
    times: Vec<TimePanel>,
    sla: Meter,
    sla_priority: BarChart,
    sla_rows: Vec<SlaRow>,
    reopen: Meter,
    workload: BarChart,
    csat: Meter,
    /// Per team, agent, category and month.
    csat_panels: Vec<CsatPanel>,
    self_service: SelfServicePanel,
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
    fn priority_name(&self, priority: &u8) -> String {
        match &self.nav {
            Some(nav) => labels::priority(&nav.tr, *priority),
            None => labels::priority(&Tr::default(), *priority),
        }
    }
}

/// The words the charts write themselves, in the reader's language.
fn chart_words(tr: &Tr) -> Words {
    Words {
        no_data: tr.t("chart-no-data"),
        no_share: tr.t("chart-no-share"),
        open_list: tr.t("chart-open-list"),
        minutes: tr.t("chart-minutes"),
        hours: tr.t("chart-hours"),
        days: tr.t("chart-days"),
        decimal: tr.t("chart-decimal").chars().next().unwrap_or('.'),
    }
}

/// An age band's name: "< 1 day", "1-7 days", "> 30 days".
fn age_name(tr: &Tr, band: &AgeCount) -> String {
    match band.max_days {
        None => tr.tn("dashboard-age-over", band.min_days),
        Some(max) if band.min_days <= 0 => tr.tn("dashboard-age-under", max),
        Some(max) => tr.arg("from", band.min_days).arg("to", max).t("dashboard-age-between"),
    }
}

/// A day under the flow's axis: "Mar 3".
fn day_name(tr: &Tr, day: chrono::NaiveDate) -> String {
    tr.arg("month", day.month()).arg("day", day.day()).t("dashboard-date")
}

fn priority_legend(tr: &Tr) -> Vec<Legend> {
    (1..=5u8).map(|p| Legend { class: format!("c-p{p}"), label: labels::priority(tr, p) }).collect()
}

/// The stacked segments of open tickets per priority, each opening the queue's open
/// tickets of that priority under `filters` (the dashboard's own and the row's).
fn priority_segments(tr: &Tr, counts: &[PriorityCount], filters: Option<&str>) -> Vec<Segment> {
    counts
        .iter()
        .map(|c| {
            let href = filters.map(|f| format!("/tickets?view=open&priority={}{f}", c.priority));
            Segment::new(c.count as f64, format!("c-p{}", c.priority), labels::priority(tr, c.priority)).linking(href)
        })
        .collect()
}

/// A bar chart of counts.
pub(super) fn count_chart(id: &str, title: &str, rows: Vec<RowData>, legend: Vec<Legend>, words: &Words) -> BarChart {
    BarChart::new(id, title, rows, legend, |largest, pixels| Scale::nice(largest, 4, pixels), count, words)
}

/// Mean and median per priority and overall, as grouped bars in one unit of time.
fn time_panel(
    (id, title): (&str, &str),
    overall: &DurationStats,
    by: &[DurationStats],
    tr: &Tr,
    words: &Words,
) -> TimePanel {
    let times = by
        .iter()
        .chain(std::iter::once(overall))
        .map(|s| Times {
            label: s.priority.map(|p| labels::priority(tr, p)).unwrap_or_else(|| tr.t("dashboard-all")),
            count: s.count,
            mean: s.mean_seconds,
            median: s.median_seconds,
        })
        .collect();
    let heads = (tr.t("dashboard-priority"), tr.t("dashboard-tickets"));
    times_panel((id, title), heads, times, tr, words)
}

/// Means and medians as grouped bars in one unit of time (the one that suits the
/// longest), with their table; `heads` name the table's first two columns.
pub(super) fn times_panel(
    (id, title): (&str, &str),
    (group, counted): (String, String),
    times: Vec<Times>,
    tr: &Tr,
    words: &Words,
) -> TimePanel {
    let largest = times.iter().flat_map(|t| [t.mean, t.median]).flatten().fold(0.0, f64::max);
    let unit = Unit::of(largest);
    let (mean, median) = (tr.t("dashboard-mean"), tr.t("dashboard-median"));
    let rows = times
        .iter()
        .map(|t| RowData {
            label: t.label.clone(),
            lanes: vec![
                vec![Segment::new(t.mean.unwrap_or(0.0), "c-mean", &mean)],
                vec![Segment::new(t.median.unwrap_or(0.0), "c-median", &median)],
            ],
        })
        .collect();
    let legend =
        vec![Legend { class: "c-mean".into(), label: mean }, Legend { class: "c-median".into(), label: median }];
    let per = unit.seconds();
    let scale = move |largest: f64, pixels: f64| {
        let s = Scale::nice(largest / per, 4, pixels);
        Scale { max: s.max * per, step: s.step * per, pixels }
    };
    let chart = BarChart::new(id, title, rows, legend, scale, |v| words.in_unit(v, unit), words);
    let written = |v: Option<f64>| v.map(|v| words.duration(v)).unwrap_or_else(|| "—".into());
    let rows = times
        .into_iter()
        .map(|t| DurationRow { mean: written(t.mean), median: written(t.median), label: t.label, count: t.count })
        .collect();
    TimePanel { chart, group, counted, rows }
}

/// A group's CSAT figures as a chart row and a table row. The bar opens `href`, the
/// tickets of the group (the queue has no "answered on", so not only those answered).
fn csat_row(label: String, r: &CsatFigures, href: Option<String>, words: &Words, tr: &Tr) -> (RowData, CsatRow) {
    let share = r.csat_percent.map(|p| p / 100.0);
    let bar = RowData::bar(
        &label,
        vec![Segment::new(share.unwrap_or(0.0), "c-met", tr.t("dashboard-csat-satisfied")).linking(href)],
    );
    let row = CsatRow {
        label,
        answers: r.answers,
        satisfied: r.satisfied,
        percent: share.map(|v| words.percent(v)).unwrap_or_else(|| "—".into()),
        mean: mean_rating(words, r.mean_rating),
    };
    (bar, row)
}

/// A mean rating with two decimals at most, "—" without answers.
fn mean_rating(words: &Words, mean: Option<f64>) -> String {
    mean.map(|v| words.number((v * 100.0).round() / 100.0)).unwrap_or_else(|| "—".into())
}

/// A CSAT panel of rows made by [`csat_row`].
fn csat_panel((id, title, group): (&str, String, String), rows: Vec<(RowData, CsatRow)>, words: &Words) -> CsatPanel {
    let (bars, table): (Vec<RowData>, Vec<CsatRow>) = rows.into_iter().unzip();
    let chart =
        BarChart::new(id, &title, bars, Vec::new(), |_, pixels| Scale::share(pixels), |v| words.percent(v), words);
    CsatPanel { chart, group, rows: table }
}

/// A month of the CSAT chart: "Mar 2026".
fn month_name(tr: &Tr, month: chrono::NaiveDate) -> String {
    tr.arg("month", month.month()).arg("year", month.year()).t("dashboard-month")
}

/// The CSAT panels: per team, agent and category (each bar opening the queue's tickets of
/// its group under `filters`), and per month.
fn csat_panels(k: &Kpis, filters: &str, tr: &Tr, words: &Words) -> Vec<CsatPanel> {
    let c = &k.csat;
    let queue = |name: &str, id: Option<i64>| {
        let value = match id {
            Some(id) => format!("{name}={id}"),
            None if name == "assignee_id" => "unassigned=true".into(),
            // The queue filters by a team or category, not by "none": those bars open nothing.
            None => return None,
        };
        Some(format!("/tickets?view=all{}&{value}", without(filters, name)))
    };
    let grouped = |(id, field, none): (&str, &str, &str), groups: &[CsatFigures]| {
        let rows = groups
            .iter()
            .map(|g| {
                let label = g.name.clone().unwrap_or_else(|| tr.t(none));
                csat_row(label, g, queue(field, g.id), words, tr)
            })
            .collect();
        let (title, group) = (tr.t(&format!("dashboard-csat-{id}")), tr.t(&format!("dashboard-{id}")));
        csat_panel((&format!("csat-{id}"), title, group), rows, words)
    };
    let mut panels = vec![
        grouped(("team", "team_id", "dashboard-no-team"), &c.by_team),
        grouped(("agent", "assignee_id", "dashboard-unassigned"), &c.by_agent),
        grouped(("category", "category_id", "dashboard-no-category"), &c.by_category),
    ];
    let months = c
        .by_month
        .iter()
        .map(|m| {
            let figures = CsatFigures {
                id: None,
                name: None,
                answers: m.answers,
                satisfied: m.satisfied,
                csat_percent: m.csat_percent,
                mean_rating: m.mean_rating,
            };
            csat_row(month_name(tr, m.month), &figures, None, words, tr)
        })
        .collect();
    panels.push(csat_panel(
        ("csat-month", tr.t("dashboard-csat-month"), tr.t("dashboard-month-heading")),
        months,
        words,
    ));
    panels
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
fn figures(k: Kpis, filters: &str, tz: chrono_tz::Tz, tr: &Tr) -> Figures {
    let words = chart_words(tr);
    let b = &k.backlog;
    let backlog_priority = count_chart(
        "backlog-priority",
        &tr.t("dashboard-backlog-priority"),
        b.by_priority
            .iter()
            .map(|c| {
                RowData::bar(
                    labels::priority(tr, c.priority),
                    priority_segments(tr, std::slice::from_ref(c), Some(filters)),
                )
            })
            .collect(),
        Vec::new(),
        &words,
    );
    let no_team = tr.t("dashboard-no-team");
    let backlog_team = count_chart(
        "backlog-team",
        &tr.t("dashboard-backlog-team"),
        b.by_team
            .iter()
            .map(|t| {
                // The queue filters by a team, not by "no team": those bars open nothing.
                let row = t.team_id.map(|team| format!("{}&team_id={team}", without(filters, "team_id")));
                RowData::bar(
                    t.team_name.as_deref().unwrap_or(&no_team),
                    priority_segments(tr, &t.by_priority, row.as_deref()),
                )
            })
            .collect(),
        priority_legend(tr),
        &words,
    );
    let ages: Vec<(String, i64)> = b.by_age.iter().map(|a| (age_name(tr, a), a.count)).collect();
    let open = tr.t("dashboard-open");
    let backlog_age = count_chart(
        "backlog-age",
        &tr.t("dashboard-backlog-age"),
        ages.iter()
            .enumerate()
            .map(|(i, (label, n))| RowData::bar(label, vec![Segment::new(*n as f64, format!("c-age{i}"), &open)]))
            .collect(),
        Vec::new(),
        &words,
    );
    let labels: Vec<String> = k.flow.days.iter().map(|d| day_name(tr, d.date)).collect();
    let busiest = k.flow.days.iter().max_by_key(|d| d.created).filter(|d| d.created > 0);
    let said = tr.arg("created", k.flow.created).arg("resolved", k.flow.resolved).arg("days", k.period.days);
    let desc = match busiest {
        Some(d) => said.arg("date", d.date.to_string()).arg("most", d.created).t("dashboard-flow-desc-busiest"),
        None => said.t("dashboard-flow-desc"),
    };
    let (created, resolved) = (tr.t("dashboard-created"), tr.t("dashboard-resolved"));
    let flow = LineChart::new(
        "flow",
        &tr.t("dashboard-flow"),
        &labels,
        vec![
            (&created, "c-created", k.flow.days.iter().map(|d| d.created).collect()),
            (&resolved, "c-resolved", k.flow.days.iter().map(|d| d.resolved).collect()),
        ],
        desc,
        |series, day, n| match series {
            0 => format!("{day}: {}", tr.tn("dashboard-created-count", n)),
            _ => format!("{day}: {}", tr.tn("dashboard-resolved-count", n)),
        },
        &words,
    )
    // A day's "created" opens the tickets filed that day (the queue has no "resolved on").
    .linking(0, k.flow.days.iter().map(|d| filed_on(d.date, tz, filters)).collect());
    let times = vec![
        time_panel(
            ("response", &tr.t("dashboard-response")),
            &k.first_response.overall,
            &k.first_response.by_priority,
            tr,
            &words,
        ),
        time_panel(
            ("resolution", &tr.t("dashboard-resolution")),
            &k.resolution.overall,
            &k.resolution.by_priority,
            tr,
            &words,
        ),
    ];
    let o = &k.sla.overall;
    let sla = Meter::new(
        "sla",
        &tr.t("dashboard-sla"),
        o.share_met,
        tr.arg("met", o.met).arg("decided", o.decided).arg("without", o.without_sla).t("dashboard-sla-detail"),
        "c-met",
        &words,
    );
    let label = |p: Option<u8>| p.map(|p| labels::priority(tr, p)).unwrap_or_else(|| tr.t("dashboard-all"));
    let met = tr.t("dashboard-met");
    let sla_priority = BarChart::new(
        "sla-priority",
        &tr.t("dashboard-sla-priority"),
        k.sla
            .by_priority
            .iter()
            .map(|s| RowData {
                label: label(s.priority),
                lanes: vec![vec![Segment::new(s.share_met.unwrap_or(0.0), "c-met", &met)]],
            })
            .collect(),
        Vec::new(),
        |_, pixels| Scale::share(pixels),
        |v| words.percent(v),
        &words,
    );
    let sla_rows = std::iter::once(o)
        .chain(&k.sla.by_priority)
        .map(|s| SlaRow {
            label: label(s.priority),
            resolved: s.resolved,
            without_sla: s.without_sla,
            decided: s.decided,
            met: s.met,
            breached: s.breached,
            share: s.share_met.map(|v| words.percent(v)).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let reopen = Meter::new(
        "reopen",
        &tr.t("dashboard-reopen"),
        k.reopen.share,
        tr.arg("reopened", k.reopen.reopened).arg("resolved", k.reopen.resolved).t("dashboard-reopen-detail"),
        "c-reopen",
        &words,
    );
    let mut legend = priority_legend(tr);
    legend.push(Legend { class: "c-resolved".into(), label: tr.t("dashboard-resolved-in-period") });
    let workload = count_chart(
        "workload",
        &tr.t("dashboard-workload"),
        k.workload
            .iter()
            .map(|a| RowData {
                label: a.name.clone(),
                lanes: vec![
                    priority_segments(tr, &a.open_by_priority, Some(&format!("{filters}&assignee_id={}", a.user_id))),
                    vec![Segment::new(a.resolved as f64, "c-resolved", &resolved)],
                ],
            })
            .collect(),
        legend,
        &words,
    );
    let o = &k.csat.overall;
    let csat = Meter::new(
        "csat",
        &tr.t("dashboard-csat"),
        o.csat_percent.map(|p| p / 100.0),
        tr.arg("satisfied", o.satisfied)
            .arg("answers", o.answers)
            .arg("mean", mean_rating(&words, o.mean_rating))
            .t("dashboard-csat-detail"),
        "c-met",
        &words,
    );
    let csat_panels = csat_panels(&k, filters, tr, &words);
    let self_service = self_service::panel(&k.self_service, tr, &words);
    Figures {
        self_service,
        csat,
        csat_panels,
        backlog_priority,
        backlog_team,
        backlog_age,
        ages,
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
    let nav = Nav::of(&s, &user, "dashboard").await?;
    let tr = nav.tr.clone();
    let (figures, error) = match result {
        Ok(k) => (Some(figures(k, &params.queue_filters(), s.app.settings().reports_time_zone, &tr)), None),
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
        error,
        from,
        to,
        teams: choices_or(
            &tr.t("dashboard-any-team"),
            teams.iter().map(|t| (t.id, t.name.clone())),
            &text(&params.team_id),
        ),
        organisations: choices_or(
            &tr.t("dashboard-any-organisation"),
            organisations.iter().map(|o| (o.id, o.name.clone())),
            &text(&params.organisation_id),
        ),
        kinds: choices_or(
            &tr.t("dashboard-any-kind"),
            TicketKind::ALL.iter().map(|k| (k.as_str(), labels::kind(&tr, *k))),
            &text(&params.kind),
        ),
        time_zone: s.app.settings().reports_time_zone.name().to_string(),
        figures,
        nav: Some(nav),
    };
    Ok(render(&page))
}

#[cfg(test)]
mod tests {
    use helmdesk_app::reports::kpis::AgeCount;

    use super::{Tr, age_name, chart_words, day_name, filed_on, labels, mean_rating, month_name};

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

    #[test]
    fn the_dashboard_speaks_the_readers_language_with_its_plurals() {
        let (en, nl) = (Tr::new("en"), Tr::new("nl"));
        let band = |min_days, max_days| AgeCount { label: String::new(), min_days, max_days, count: 0 };
        let ages = |tr: &Tr| [band(0, Some(1)), band(1, Some(7)), band(30, None)].map(|b| age_name(tr, &b));
        assert_eq!(ages(&en), ["< 1 day", "1-7 days", "> 30 days"], "the domain's English bands");
        assert_eq!(ages(&nl), ["< 1 dag", "1-7 dagen", "> 30 dagen"]);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!((day_name(&en, day), day_name(&nl, day)), ("Mar 3".into(), "3 mrt".into()));
        assert_eq!((labels::priority(&en, 3), labels::priority(&nl, 1)), ("P3 Moderate".into(), "P1 Kritiek".into()));
        assert_eq!(labels::kind(&nl, helmdesk_domain::TicketKind::ServiceRequest), "Serviceverzoek");

        let sla = |tr: &Tr, met: i64, decided: i64| {
            tr.arg("met", met).arg("decided", decided).arg("without", 2).t("dashboard-sla-detail")
        };
        assert_eq!(sla(&en, 1, 1), "1 of 1 resolved ticket with an SLA met it; 2 without an SLA left out");
        assert_eq!(sla(&en, 3, 5), "3 of 5 resolved tickets with an SLA met it; 2 without an SLA left out");
        assert_eq!(sla(&nl, 1, 1), "SLA gehaald bij 1 van 1 opgelost ticket met een SLA; 2 zonder SLA niet meegeteld");
        assert_eq!(
            sla(&nl, 3, 5),
            "SLA gehaald bij 3 van de 5 opgeloste tickets met een SLA; 2 zonder SLA niet meegeteld"
        );
        let reopen = |reopened: i64| nl.arg("reopened", reopened).arg("resolved", 8).t("dashboard-reopen-detail");
        assert_eq!(reopen(1), "1 van de 8 opgeloste tickets was heropend");
        assert_eq!(reopen(2), "2 van de 8 opgeloste tickets waren heropend");
        assert_eq!(nl.tn("dashboard-age-over", 1), "> 1 dag", "a count picks its plural form");

        let month = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!((month_name(&en, month), month_name(&nl, month)), ("Mar 2026".into(), "mrt 2026".into()));
        let csat = |tr: &Tr, answers: i64| {
            let mean = mean_rating(&chart_words(tr), Some(11.0 / 3.0));
            tr.arg("satisfied", 1).arg("answers", answers).arg("mean", mean).t("dashboard-csat-detail")
        };
        assert_eq!(csat(&en, 1), "1 of 1 answer rated 4 or 5; mean rating 3.67");
        assert_eq!(csat(&nl, 3), "1 van de 3 antwoorden met een 4 of 5; gemiddelde score 3,67");
        let words = chart_words(&nl);
        assert_eq!((words.duration(5.5 * 3600.0), words.percent(0.05)), ("5,5 u".into(), "5,0%".into()));
        assert_eq!(chart_words(&en), crate::ui::charts::Words::default(), "English is the charts' own");
    }
}
