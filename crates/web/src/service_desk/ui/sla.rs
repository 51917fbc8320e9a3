//! SLA administration: the overview of calendars and policies (with the progress of a
//! recomputation), and the forms of a calendar and of a policy. Managers and
//! administrators change them; the forms speak people's formats (`08:00-12:00, 13:00-17:00`,
//! `2026-12-25 Christmas Day`, `4h 30m`) and turn them into the API's input.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use helmdesk_app::service_desk::sla::{
    CalendarDoc, CalendarInput, JobProgress, NamedHoliday, SlaPolicyDoc, SlaPolicyInput, Week,
};
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::TicketKind;
use helmdesk_domain::service_desk::calendar::Holiday;
use helmdesk_domain::service_desk::sla::{ClockKind, EscalationLevel, Recipient, Target};
use helmdesk_domain::validate::{format_minutes, minutes};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::ui::labels;
use crate::ui::{
    Choice, Nav, UiError, choices, choices_or, form_scope, id_text, render, render_refusable, saved_or_again,
    scope_choices,
};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/sla", overview)
        .requires(DeskPermission::Configure)
        .get("/admin/calendars/new", new_calendar)
        .requires(DeskPermission::Configure)
        .post("/admin/calendars", create_calendar)
        .requires(DeskPermission::Configure)
        .get("/admin/calendars/{id}", calendar_page)
        .requires(DeskPermission::Configure)
        .post("/admin/calendars/{id}", update_calendar)
        .requires(DeskPermission::Configure)
        .post("/admin/calendars/{id}/delete", delete_calendar)
        .requires(DeskPermission::Configure)
        .get("/admin/sla-policies/new", new_policy)
        .requires(DeskPermission::Configure)
        .post("/admin/sla-policies", create_policy)
        .requires(DeskPermission::Configure)
        .get("/admin/sla-policies/{id}", policy_page)
        .requires(DeskPermission::Configure)
        .post("/admin/sla-policies/{id}", update_policy)
        .requires(DeskPermission::Configure)
        .post("/admin/sla-policies/{id}/delete", delete_policy)
        .requires(DeskPermission::Configure)
}

/// The longest SLA target a form accepts (ten years of working minutes).
const TARGET_MAX: i64 = 10 * 366 * 24 * 60;

/// The name of weekday `i` (0 is Monday), or its short name ("Mon").
fn weekday(tr: &Tr, i: usize, short: bool) -> String {
    match (i, short) {
        (0, false) => tr.t("calendar-monday"),
        (1, false) => tr.t("calendar-tuesday"),
        (2, false) => tr.t("calendar-wednesday"),
        (3, false) => tr.t("calendar-thursday"),
        (4, false) => tr.t("calendar-friday"),
        (5, false) => tr.t("calendar-saturday"),
        (_, false) => tr.t("calendar-sunday"),
        (0, true) => tr.t("calendar-short-monday"),
        (1, true) => tr.t("calendar-short-tuesday"),
        (2, true) => tr.t("calendar-short-wednesday"),
        (3, true) => tr.t("calendar-short-thursday"),
        (4, true) => tr.t("calendar-short-friday"),
        (5, true) => tr.t("calendar-short-saturday"),
        (_, true) => tr.t("calendar-short-sunday"),
    }
}

/// One line of the holiday list as people write it: `2026-12-25 Christmas Day`,
/// `2026-12-28..2026-12-31 Winter break`, `every 12-25 Christmas Day`.
pub fn holiday_line(h: &NamedHoliday) -> String {
    let rule = match &h.rule {
        Holiday::Date { date } => date.to_string(),
        Holiday::Range { from, to } => format!("{from}..{to}"),
        Holiday::Yearly { month, day } => format!("every {month:02}-{day:02}"),
    };
    if h.name.is_empty() { rule } else { format!("{rule} {}", h.name) }
}

/// Parses one line of the holiday list (see [`holiday_line`]).
pub fn parse_holiday(line: &str) -> Result<NamedHoliday, AppError> {
    let bad = || {
        AppError::invalid(
            "holidays",
            format!(
                "{line:?}: write a date (2026-12-25), a range (2026-12-28..2026-12-31) or every MM-DD, then a name"
            ),
        )
    };
    let line = line.trim();
    let (first, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad());
    let (rule, name) = if first == "every" {
        let (md, name) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
        let (m, d) = md.split_once('-').ok_or_else(bad)?;
        (Holiday::Yearly { month: m.parse().map_err(|_| bad())?, day: d.parse().map_err(|_| bad())? }, name)
    } else if let Some((from, to)) = first.split_once("..") {
        (Holiday::Range { from: date(from)?, to: date(to)? }, rest)
    } else {
        (Holiday::Date { date: date(first)? }, rest)
    };
    Ok(NamedHoliday { name: name.trim().to_string(), rule })
}

#[derive(Template)]
#[template(path = "service_desk/admin_sla.html")]
struct OverviewPage {
    nav: Option<Nav>,
    calendars: Vec<(CalendarDoc, String)>,
    policies: Vec<(SlaPolicyDoc, String, String, String)>,
    progress: Option<JobProgress>,
    notice: Option<String>,
}

/// "Mon–Fri 08:00-12:00, 13:00-17:00" style summary of a week.
fn week_summary(tr: &Tr, week: &Week) -> String {
    let mut parts: Vec<(usize, usize, String)> = Vec::new();
    for (i, (_, segments)) in week.days().into_iter().enumerate() {
        let hours = segments.join(", ");
        match parts.last_mut() {
            Some((_, end, h)) if *h == hours && *end + 1 == i => *end = i,
            _ => parts.push((i, i, hours)),
        }
    }
    let short = |i: usize| weekday(tr, i, true);
    let text: Vec<String> = parts
        .into_iter()
        .filter(|(_, _, h)| !h.is_empty())
        .map(|(a, b, h)| if a == b { format!("{} {h}", short(a)) } else { format!("{}–{} {h}", short(a), short(b)) })
        .collect();
    if text.is_empty() { tr.t("calendar-no-hours") } else { text.join("; ") }
}

fn targets_summary(targets: &[Target]) -> String {
    targets
        .iter()
        .map(|t| {
            format!(
                "P{}: {} / {}",
                t.priority,
                format_minutes(t.response_minutes),
                format_minutes(t.resolution_minutes)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

async fn scope_summary(s: &AppState, actor: &Actor, tr: &Tr, p: &SlaPolicyDoc) -> Result<String, UiError> {
    let mut parts = Vec::new();
    if let Some(pr) = p.priority {
        parts.push(labels::priority(tr, pr));
    }
    if let Some(k) = p.kind {
        parts.push(labels::kind(tr, k));
    }
    if let Some(c) = p.category_id {
        let name = s.app.list_categories().await?.into_iter().find(|x| x.id == c).map(|x| x.name);
        parts.push(tr.t1("sla-scope-category", "name", name.unwrap_or_else(|| c.to_string())));
    }
    if let Some(o) = p.organisation_id {
        let name = s.app.list_organisations(actor).await?.into_iter().find(|x| x.id == o).map(|x| x.name);
        parts.push(tr.t1("sla-scope-organisation", "name", name.unwrap_or_else(|| o.to_string())));
    }
    Ok(if parts.is_empty() { tr.t("desk-every-ticket") } else { parts.join(", ") })
}

async fn overview_page(s: &AppState, user: &UiUser, notice: Option<String>) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let calendars = s.app.list_calendars(actor).await?;
    let mut policies = Vec::new();
    for p in s.app.list_sla_policies(actor).await? {
        let scope = scope_summary(s, actor, &tr, &p).await?;
        let calendar = calendars.iter().find(|c| c.id == p.calendar_id).map(|c| c.name.clone()).unwrap_or_default();
        let targets = targets_summary(&p.targets);
        policies.push((p, scope, calendar, targets));
    }
    let page = OverviewPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        calendars: calendars
            .into_iter()
            .map(|c| {
                let summary = week_summary(&tr, &c.week);
                (c, summary)
            })
            .collect(),
        policies,
        progress: s.app.sla_recompute_progress(actor).await?,
        notice,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
struct OverviewQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn overview(
    State(s): State<AppState>,
    user: UiUser,
    axum::extract::Query(q): axum::extract::Query<OverviewQuery>,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let notice = q.saved.map(|what| match what.as_str() {
        "deleted" => tr.t("sla-deleted"),
        _ => tr.t("sla-saved"),
    });
    overview_page(&s, &user, notice).await
}

/// The calendar form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
struct CalendarForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    monday: String,
    #[serde(default)]
    tuesday: String,
    #[serde(default)]
    wednesday: String,
    #[serde(default)]
    thursday: String,
    #[serde(default)]
    friday: String,
    #[serde(default)]
    saturday: String,
    #[serde(default)]
    sunday: String,
    #[serde(default)]
    holidays: String,
    #[serde(default)]
    organisation_id: Option<String>,
}

fn segments_text(segments: &[String]) -> String {
    segments.join(", ")
}

fn split_segments(text: &str) -> Vec<String> {
    text.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl CalendarForm {
    fn of(c: &CalendarDoc) -> CalendarForm {
        let w = &c.week;
        CalendarForm {
            name: c.name.clone(),
            time_zone: c.time_zone.clone(),
            monday: segments_text(&w.monday),
            tuesday: segments_text(&w.tuesday),
            wednesday: segments_text(&w.wednesday),
            thursday: segments_text(&w.thursday),
            friday: segments_text(&w.friday),
            saturday: segments_text(&w.saturday),
            sunday: segments_text(&w.sunday),
            holidays: c.holidays.iter().map(holiday_line).collect::<Vec<_>>().join("\n"),
            organisation_id: Some(id_text(c.organisation_id)),
        }
    }

    fn office_hours() -> CalendarForm {
        let day = "08:00-12:00, 13:00-17:00".to_string();
        CalendarForm {
            time_zone: "UTC".into(),
            monday: day.clone(),
            tuesday: day.clone(),
            wednesday: day.clone(),
            thursday: day.clone(),
            friday: day,
            ..Default::default()
        }
    }

    /// Each day as (field, name, working hours as typed).
    fn days(&self, tr: &Tr) -> Vec<(&'static str, String, String)> {
        let values =
            [&self.monday, &self.tuesday, &self.wednesday, &self.thursday, &self.friday, &self.saturday, &self.sunday];
        let keys = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        (0..7).map(|i| (keys[i], weekday(tr, i, false), values[i].clone())).collect()
    }

    fn input(&self) -> Result<CalendarInput, AppError> {
        let holidays =
            self.holidays.lines().filter(|l| !l.trim().is_empty()).map(parse_holiday).collect::<Result<Vec<_>, _>>()?;
        Ok(CalendarInput {
            name: self.name.clone(),
            time_zone: self.time_zone.clone(),
            week: Week {
                monday: split_segments(&self.monday),
                tuesday: split_segments(&self.tuesday),
                wednesday: split_segments(&self.wednesday),
                thursday: split_segments(&self.thursday),
                friday: split_segments(&self.friday),
                saturday: split_segments(&self.saturday),
                sunday: split_segments(&self.sunday),
            },
            holidays,
            organisation_id: form_scope(self.organisation_id.as_deref())?,
        })
    }
}

#[derive(Template)]
#[template(path = "service_desk/admin_calendar.html")]
struct CalendarPage {
    nav: Option<Nav>,
    id: Option<i64>,
    scopes: Vec<Choice>,
    /// The days of the form: (field, name, working hours).
    days: Vec<(&'static str, String, String)>,
    form: CalendarForm,
    zones: &'static [chrono_tz::Tz],
    error: Option<String>,
}

async fn calendar_form(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: CalendarForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = CalendarPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        id,
        scopes: scope_choices(s, &user.actor, form.organisation_id.as_deref()).await?,
        days: form.days(&user.tr()),
        form,
        zones: &chrono_tz::TZ_VARIANTS,
        error,
    };
    Ok((status, render(&page)).into_response())
}

async fn new_calendar(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    calendar_form(&s, &user, None, CalendarForm::office_hours(), None).await
}

async fn calendar_page(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, UiError> {
    let c = s.app.calendar(&user.actor, id).await?;
    calendar_form(&s, &user, Some(id), CalendarForm::of(&c), None).await
}

/// Back to the overview after a save, or the form again with what was wrong.
async fn after_calendar<T>(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: CalendarForm,
    result: Result<T, AppError>,
) -> Result<Response, UiError> {
    saved_or_again(result, "/admin/sla?saved=calendar", async |text| calendar_form(s, user, id, form, Some(text)).await)
        .await
}

async fn create_calendar(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<CalendarForm>,
) -> Result<Response, UiError> {
    let result = match form.input() {
        Ok(input) => s.app.create_calendar(&user.actor, input).await,
        Err(e) => Err(e),
    };
    after_calendar(&s, &user, None, form, result).await
}

async fn update_calendar(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CalendarForm>,
) -> Result<Response, UiError> {
    let result = match form.input() {
        Ok(input) => s.app.update_calendar(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    after_calendar(&s, &user, Some(id), form, result).await
}

#[derive(Deserialize)]
struct Empty {}

async fn delete_calendar(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: Empty {} }: UiForm<Empty>,
) -> Result<Response, UiError> {
    match s.app.delete_calendar(&user.actor, id).await {
        Ok(()) => Ok(Redirect::to("/admin/sla?saved=deleted").into_response()),
        Err(AppError::Conflict(why)) => {
            let c = s.app.calendar(&user.actor, id).await?;
            calendar_form(&s, &user, Some(id), CalendarForm::of(&c), Some(why)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// One escalation level of the policy form.
#[derive(Debug, Clone, Default, Deserialize)]
struct LevelForm {
    clock: String,
    after: String,
    notify: Vec<String>,
    team: String,
    user: String,
    raise: bool,
}

/// The policy form, as typed. Targets are `p1_response`, `p1_resolution`, ...; levels are
/// `level1_clock`, `level1_after`, `level1_notify` (repeated), `level1_team`,
/// `level1_user`, `level1_raise`, ...
#[derive(Debug, Clone, Default)]
struct PolicyForm {
    name: String,
    calendar_id: String,
    priority: String,
    kind: String,
    category_id: String,
    organisation_id: Option<String>,
    warn_percent: String,
    active: bool,
    /// (response, resolution) of priorities 1 to 5.
    targets: [(String, String); 5],
    levels: Vec<LevelForm>,
}

/// Levels shown on the form: the policy's, and empty ones to add.
const FORM_LEVELS: usize = 4;

impl PolicyForm {
    fn from_pairs(pairs: &[(String, String)]) -> PolicyForm {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let mut form = PolicyForm {
            name: get("name"),
            calendar_id: get("calendar_id"),
            priority: get("priority"),
            kind: get("kind"),
            category_id: get("category_id"),
            organisation_id: pairs.iter().find(|(n, _)| n == "organisation_id").map(|(_, v)| v.clone()),
            warn_percent: get("warn_percent"),
            active: !get("active").is_empty(),
            ..Default::default()
        };
        for (i, t) in form.targets.iter_mut().enumerate() {
            *t = (get(&format!("p{}_response", i + 1)), get(&format!("p{}_resolution", i + 1)));
        }
        for n in 1..=FORM_LEVELS {
            let key = |k: &str| format!("level{n}_{k}");
            form.levels.push(LevelForm {
                clock: get(&key("clock")),
                after: get(&key("after")),
                notify: pairs.iter().filter(|(k, _)| *k == key("notify")).map(|(_, v)| v.clone()).collect(),
                team: get(&key("team")),
                user: get(&key("user")),
                raise: !get(&key("raise")).is_empty(),
            });
        }
        form
    }

    fn of(p: &SlaPolicyDoc) -> PolicyForm {
        let text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut form = PolicyForm {
            name: p.name.clone(),
            calendar_id: p.calendar_id.to_string(),
            priority: p.priority.map(|v| v.to_string()).unwrap_or_default(),
            kind: p.kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
            category_id: text(p.category_id),
            organisation_id: Some(text(p.organisation_id)),
            warn_percent: p.warn_percent.to_string(),
            active: p.active,
            ..Default::default()
        };
        for t in &p.targets {
            if let Some(slot) = form.targets.get_mut(usize::from(t.priority).saturating_sub(1)) {
                *slot = (format_minutes(t.response_minutes), format_minutes(t.resolution_minutes));
            }
        }
        form.levels = p
            .escalations
            .iter()
            .map(|l| LevelForm {
                clock: l.clock.as_str().into(),
                after: if l.after_minutes == 0 { String::new() } else { format_minutes(l.after_minutes) },
                notify: l.notify.iter().map(|r| recipient_name(*r).to_string()).collect(),
                team: text(l.reassign_team_id),
                user: text(l.reassign_user_id),
                raise: l.raise_priority,
            })
            .collect();
        form.levels.resize(FORM_LEVELS.max(form.levels.len() + 1), LevelForm::default());
        form
    }

    fn fresh() -> PolicyForm {
        let mut form = PolicyForm { warn_percent: "75".into(), active: true, ..Default::default() };
        let defaults = [("30m", "4h"), ("1h", "8h"), ("4h", "3d"), ("8h", "5d"), ("1d", "10d")];
        // Working days of eight hours.
        let hours = |t: &str| match t.strip_suffix('d') {
            Some(d) => format_minutes(d.parse::<i64>().unwrap_or(1) * 8 * 60),
            None => t.to_string(),
        };
        for (slot, (response, resolution)) in form.targets.iter_mut().zip(defaults) {
            *slot = (hours(response), hours(resolution));
        }
        form.levels.resize(FORM_LEVELS, LevelForm::default());
        form
    }

    fn input(&self) -> Result<SlaPolicyInput, AppError> {
        let id = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
            let v = v.trim();
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice"))
            }
        };
        let mut targets = Vec::new();
        for (i, (response, resolution)) in self.targets.iter().enumerate() {
            if response.trim().is_empty() && resolution.trim().is_empty() {
                continue;
            }
            let field = format!("priority {} targets", i + 1);
            targets.push(Target {
                priority: i as u8 + 1,
                response_minutes: minutes(&field, response, TARGET_MAX)?,
                resolution_minutes: minutes(&field, resolution, TARGET_MAX)?,
            });
        }
        let mut escalations = Vec::new();
        for (n, l) in self.levels.iter().enumerate().filter(|(_, l)| !l.clock.is_empty()) {
            let field = format!("escalation level {}", n + 1);
            let clock = match l.clock.as_str() {
                "response" => ClockKind::Response,
                "resolution" => ClockKind::Resolution,
                _ => return Err(AppError::invalid(&field, "choose a clock")),
            };
            let notify = l
                .notify
                .iter()
                .map(|r| recipient(r).ok_or_else(|| AppError::invalid(&field, "unknown recipient")))
                .collect::<Result<Vec<_>, _>>()?;
            escalations.push(EscalationLevel {
                clock,
                after_minutes: if l.after.trim().is_empty() { 0 } else { minutes(&field, &l.after, 366 * 24 * 60)? },
                notify,
                reassign_team_id: id(&field, &l.team)?,
                reassign_user_id: id(&field, &l.user)?,
                raise_priority: l.raise,
            });
        }
        let priority = id("priority", &self.priority)?.map(|p| u8::try_from(p).unwrap_or(0));
        Ok(SlaPolicyInput {
            name: self.name.clone(),
            calendar_id: id("calendar_id", &self.calendar_id)?
                .ok_or_else(|| AppError::invalid("calendar_id", "choose a calendar"))?,
            priority,
            kind: match self.kind.trim() {
                "" => None,
                k => Some(k.parse::<TicketKind>()?),
            },
            category_id: id("category_id", &self.category_id)?,
            organisation_id: form_scope(self.organisation_id.as_deref())?,
            targets,
            warn_percent: self
                .warn_percent
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("warn_percent", "must be a whole number between 1 and 99"))?,
            escalations,
            active: self.active,
        })
    }
}

const RECIPIENTS: [(Recipient, &str); 4] = [
    (Recipient::Assignee, "assignee"),
    (Recipient::TeamLead, "team_lead"),
    (Recipient::Team, "team"),
    (Recipient::Managers, "managers"),
];

fn recipient(name: &str) -> Option<Recipient> {
    RECIPIENTS.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
}

fn recipient_name(r: Recipient) -> &'static str {
    RECIPIENTS.iter().find(|(x, _)| *x == r).map(|(_, n)| *n).unwrap_or("assignee")
}

/// Who an escalation notifies, in words.
fn recipient_label(tr: &Tr, r: Recipient) -> String {
    match r {
        Recipient::Assignee => tr.t("sla-recipient-assignee"),
        Recipient::TeamLead => tr.t("sla-recipient-team-lead"),
        Recipient::Team => tr.t("sla-recipient-team"),
        Recipient::Managers => tr.t("sla-recipient-managers"),
    }
}

/// A level of the form with its select boxes.
struct LevelView {
    n: usize,
    clocks: Vec<Choice>,
    after: String,
    notify: Vec<(&'static str, String, bool)>,
    teams: Vec<Choice>,
    users: Vec<Choice>,
    raise: bool,
}

#[derive(Template)]
#[template(path = "service_desk/admin_policy.html")]
struct PolicyPage {
    nav: Option<Nav>,
    id: Option<i64>,
    form: PolicyForm,
    calendars: Vec<Choice>,
    priorities: Vec<Choice>,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    organisations: Vec<Choice>,
    targets: Vec<(u8, String, String, String)>,
    levels: Vec<LevelView>,
    error: Option<String>,
}

async fn policy_form(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: PolicyForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let calendars = s.app.list_calendars(actor).await?;
    let teams = s.app.list_teams(actor).await?;
    let agents = s.app.assignable_agents(actor).await?;
    let levels = form
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| LevelView {
            n: i + 1,
            clocks: choices_or(
                &tr.t("sla-no-escalation"),
                ClockKind::ALL.iter().map(|c| (c.as_str(), labels::clock(&tr, *c))),
                &l.clock,
            ),
            after: l.after.clone(),
            notify: RECIPIENTS
                .iter()
                .map(|(r, n)| (*n, recipient_label(&tr, *r), l.notify.iter().any(|x| x == n)))
                .collect(),
            teams: choices_or(&tr.t("sla-keep-team"), teams.iter().map(|t| (t.id, t.name.clone())), &l.team),
            users: choices_or(&tr.t("sla-keep-assignee"), agents.iter().map(|u| (u.id, u.name.clone())), &l.user),
            raise: l.raise,
        })
        .collect();
    let page = PolicyPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        id,
        calendars: choices(calendars.iter().map(|c| (c.id, c.name.clone())), &form.calendar_id),
        priorities: choices_or(&tr.t("sla-any-priority"), labels::priorities(&tr), &form.priority),
        kinds: choices_or(&tr.t("desk-any-kind"), labels::kinds(&tr), &form.kind),
        categories: choices_or(
            &tr.t("desk-any-category"),
            s.app.list_categories().await?.into_iter().map(|c| (c.id, c.name)),
            &form.category_id,
        ),
        organisations: scope_choices(s, actor, form.organisation_id.as_deref()).await?,
        targets: form
            .targets
            .iter()
            .enumerate()
            .map(|(i, (a, b))| (i as u8 + 1, labels::priority(&tr, i as u8 + 1), a.clone(), b.clone()))
            .collect(),
        levels,
        error,
        form,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

async fn new_policy(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    policy_form(&s, &user, None, PolicyForm::fresh(), None).await
}

async fn policy_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let p = s.app.sla_policy(&user.actor, id).await?;
    policy_form(&s, &user, Some(id), PolicyForm::of(&p), None).await
}

async fn after_policy<T>(
    s: &AppState,
    user: &UiUser,
    id: Option<i64>,
    form: PolicyForm,
    result: Result<T, AppError>,
) -> Result<Response, UiError> {
    saved_or_again(result, "/admin/sla?saved=policy", async |text| policy_form(s, user, id, form, Some(text)).await)
        .await
}

async fn create_policy(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = PolicyForm::from_pairs(&form);
    let result = match form.input() {
        Ok(input) => s.app.create_sla_policy(&user.actor, input).await,
        Err(e) => Err(e),
    };
    after_policy(&s, &user, None, form, result).await
}

async fn update_policy(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = PolicyForm::from_pairs(&form);
    let result = match form.input() {
        Ok(input) => s.app.update_sla_policy(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    after_policy(&s, &user, Some(id), form, result).await
}

async fn delete_policy(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: Empty {} }: UiForm<Empty>,
) -> Result<Response, UiError> {
    match s.app.delete_sla_policy(&user.actor, id).await {
        Ok(()) => Ok(Redirect::to("/admin/sla?saved=deleted").into_response()),
        Err(AppError::Conflict(why)) => {
            let p = s.app.sla_policy(&user.actor, id).await?;
            policy_form(&s, &user, Some(id), PolicyForm::of(&p), Some(why)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holiday_lines_read_and_write_the_three_kinds() {
        for line in
            ["2026-12-25 Christmas Day", "2026-12-28..2026-12-31 Winter break", "every 05-01 Labour Day", "2027-01-01"]
        {
            assert_eq!(holiday_line(&parse_holiday(line).unwrap()), line);
        }
        for bad in ["25/12/2026", "every 13", "2026-12-31..", "tomorrow Party", "every ab-cd"] {
            assert!(parse_holiday(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_week_is_summarised_by_runs_of_equal_days() {
        let day = vec!["08:00-17:00".to_string()];
        let week = Week {
            monday: day.clone(),
            tuesday: day.clone(),
            wednesday: day.clone(),
            thursday: day.clone(),
            friday: vec!["08:00-12:00".into()],
            ..Default::default()
        };
        assert_eq!(week_summary(&Tr::default(), &week), "Mon–Thu 08:00-17:00; Fri 08:00-12:00");
        assert_eq!(week_summary(&Tr::default(), &Week::default()), "No working hours");
        assert_eq!(week_summary(&Tr::new("nl"), &week), "ma–do 08:00-17:00; vr 08:00-12:00");
    }

    #[test]
    fn the_policy_form_turns_people_formats_into_the_input() {
        let pairs: Vec<(String, String)> = [
            ("name", "Standard"),
            ("calendar_id", "3"),
            ("warn_percent", "80"),
            ("active", "on"),
            ("p2_response", "1h"),
            ("p2_resolution", "8h 30m"),
            ("level1_clock", "resolution"),
            ("level1_after", "30m"),
            ("level1_notify", "team_lead"),
            ("level1_notify", "managers"),
            ("level1_raise", "on"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let input = PolicyForm::from_pairs(&pairs).input().unwrap();
        assert_eq!(input.targets, [Target { priority: 2, response_minutes: 60, resolution_minutes: 510 }]);
        assert_eq!(input.escalations.len(), 1);
        assert_eq!(input.escalations[0].notify, [Recipient::TeamLead, Recipient::Managers]);
        assert_eq!((input.escalations[0].after_minutes, input.warn_percent), (30, 80));
        let mut bad = pairs.clone();
        bad.push(("p3_response".into(), "soon".into()));
        assert!(PolicyForm::from_pairs(&bad).input().is_err());
    }
}
