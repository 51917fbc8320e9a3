//! The new-ticket form and the ticket page.

use askama::Template;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::teams::Team;
use helmdesk_app::platform::users::User;
use helmdesk_app::service_desk::categories::Category;
use helmdesk_app::service_desk::sla::SlaExplanation;
use helmdesk_app::service_desk::tickets::{Attachment, NewComment, NewTicket, Ticket, TicketPatch};
use helmdesk_domain::service_desk::calendar::Step;
use helmdesk_domain::service_desk::sla::ClockState;
use helmdesk_domain::service_desk::tickets::priority_label;
use helmdesk_domain::validate::format_minutes;
use helmdesk_domain::{Level, Role, TicketKind, TicketStatus};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::routes::Routes;
use crate::service_desk::api::tickets::{attachment_response, read_multipart};
use crate::service_desk::ui::ticket_work::Work;
use crate::ui::{Choice, Nav, UiError, choices, choices_or, invalid_text, render, saved_or_again};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .get("/tickets/new", new_ticket_page)
        .requires(DeskPermission::CreateTicket)
        .post("/tickets/new", create_ticket)
        .requires(DeskPermission::CreateTicket)
        .get("/tickets/{id}", ticket_page)
        .signed_in()
        .post("/tickets/{id}/comments", add_comment)
        .requires(DeskPermission::ReplyTicket)
        .post("/tickets/{id}/update", update_ticket)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/attachments", upload)
        .body_limit(crate::api::upload_limit(state))
        .requires(DeskPermission::ReplyTicket)
        .get("/attachments/{id}", download)
        .signed_in()
}

pub(crate) fn status_choices(current: &str) -> Vec<Choice> {
    let mut all = vec![("open", "Any open")];
    all.extend(TicketStatus::ALL.iter().map(|s| (s.as_str(), s.label())));
    choices_or("Any status", all, current)
}

pub(crate) fn kind_choices(current: &str) -> Vec<Choice> {
    choices_or("Any kind", TicketKind::ALL.iter().map(|k| (k.as_str(), k.label())), current)
}

pub(crate) fn team_choices(none: &str, teams: &[Team], current: &str) -> Vec<Choice> {
    choices_or(none, teams.iter().map(|t| (t.id, t.name.clone())), current)
}

/// People by name; with `emails`, names are followed by e-mails (to tell requesters apart).
fn people_choices(none: &str, people: &[User], current: &str, emails: bool) -> Vec<Choice> {
    let label = |u: &User| if emails { format!("{} ({})", u.name, u.email) } else { u.name.clone() };
    choices_or(none, people.iter().map(|u| (u.id, label(u))), current)
}

#[derive(Template)]
#[template(path = "service_desk/new_ticket.html")]
struct NewTicketPage {
    nav: Option<Nav>,
    staff: bool,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    teams: Vec<Choice>,
    agents: Vec<Choice>,
    requesters: Vec<Choice>,
    impacts: Vec<Choice>,
    urgencies: Vec<Choice>,
    form: TicketForm,
    error: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct TicketForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    category_id: String,
    #[serde(default)]
    impact: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    requester_id: String,
}

fn level_choices(current: &str) -> Vec<Choice> {
    choices(Level::ALL.iter().map(|l| (l.as_str(), l.label())), current)
}

fn category_choices(categories: &[Category], current: &str) -> Vec<Choice> {
    choices_or("No category", categories.iter().filter(|c| c.active).map(|c| (c.id, c.name.clone())), current)
}

/// An optional id from a form select ("" is none).
pub(crate) fn form_id(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse().map(Some).map_err(|_| AppError::invalid(field, "is not a valid choice"))
}

fn form_parse<T: std::str::FromStr<Err = helmdesk_domain::RuleError>>(value: &str) -> Result<Option<T>, AppError> {
    if value.trim().is_empty() { Ok(None) } else { Ok(Some(value.trim().parse()?)) }
}

impl TicketForm {
    fn to_new_ticket(&self) -> Result<NewTicket, AppError> {
        Ok(NewTicket {
            kind: form_parse(&self.kind)?.unwrap_or(TicketKind::Incident),
            subject: self.subject.clone(),
            description: self.description.clone(),
            requester_id: form_id("requester_id", &self.requester_id)?,
            category_id: form_id("category_id", &self.category_id)?,
            impact: form_parse(&self.impact)?,
            urgency: form_parse(&self.urgency)?,
            team_id: form_id("team_id", &self.team_id)?,
            assignee_id: form_id("assignee_id", &self.assignee_id)?,
        })
    }
}

async fn new_ticket_form(
    s: &AppState,
    user: &UiUser,
    form: TicketForm,
    error: Option<String>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let staff = actor.role.is_staff();
    let categories = category_choices(&s.app.list_categories().await?, &form.category_id);
    let (teams, agents, requesters) = if staff {
        let people: Vec<User> = s.app.all_users(actor).await?.into_iter().filter(|u| u.active).collect();
        let agents: Vec<User> = people.iter().filter(|u| u.role.is_staff()).cloned().collect();
        (
            team_choices("No team", &s.app.list_teams(actor).await?, &form.team_id),
            people_choices("Nobody yet", &agents, &form.assignee_id, false),
            people_choices("Me", &people, &form.requester_id, true),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = NewTicketPage {
        nav: Some(Nav::of(s, user, "new").await?),
        staff,
        kinds: choices(TicketKind::ALL.iter().map(|k| (k.as_str(), k.label())), &form.kind),
        categories,
        teams,
        agents,
        requesters,
        impacts: level_choices(&form.impact),
        urgencies: level_choices(&form.urgency),
        form,
        error,
    };
    Ok((status, render(&page)).into_response())
}

async fn new_ticket_page(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let form =
        TicketForm { kind: "incident".into(), impact: "medium".into(), urgency: "medium".into(), ..Default::default() };
    new_ticket_form(&s, &user, form, None).await
}

async fn create_ticket(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<TicketForm>,
) -> Result<Response, UiError> {
    let result = match form.to_new_ticket() {
        Ok(input) => s.app.create_ticket(&user.actor, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(t) => Ok(Redirect::to(&format!("/tickets/{}", t.id)).into_response()),
        Err(e) => match invalid_text(&e) {
            Some(text) => new_ticket_form(&s, &user, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

/// One entry of a ticket's timeline.
struct Entry {
    /// Tells the entry from the others (`c12`, `h40`): the script finds what is new in the
    /// timeline read again after a live update.
    key: String,
    at: String,
    at_label: String,
    who: String,
    /// `reply`, `note` or `change`.
    kind: &'static str,
    text: String,
    attachments: Vec<Attachment>,
}

/// A ticket's SLA as the ticket page shows it, times in the calendar's zone.
struct SlaView {
    policy: String,
    matched: String,
    calendar: String,
    state: Option<ClockState>,
    clocks: Vec<ClockView>,
    pauses: Vec<String>,
}

/// One clock of [`SlaView`].
struct ClockView {
    label: &'static str,
    state: Option<ClockState>,
    due: Option<chrono::DateTime<chrono::Utc>>,
    due_local: String,
    status: String,
    target: String,
    steps: Vec<String>,
    applied: Vec<String>,
}

fn local(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%a %-d %b %Y %H:%M").to_string()
}

fn step_text(step: &Step, tz: chrono_tz::Tz) -> String {
    match step {
        Step::Counted { from, to, minutes } => {
            format!(
                "{} – {}: {} counted",
                local(*from, tz),
                to.with_timezone(&tz).format("%H:%M"),
                format_minutes(*minutes)
            )
        }
        Step::Holiday { date } => format!("{}: holiday, skipped", date.format("%a %-d %b %Y")),
        Step::Paused { from, to } => format!("Paused from {} to {}", local(*from, tz), local(*to, tz)),
    }
}

fn sla_view(e: SlaExplanation) -> Option<SlaView> {
    e.sla.state?;
    let policy = e.policy?;
    let calendar = e.calendar?;
    let tz: chrono_tz::Tz = calendar.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let clocks = e
        .clocks
        .into_iter()
        .map(|c| {
            let left = (c.target_minutes - c.elapsed_minutes).max(0);
            let status = match c.state {
                Some(ClockState::Met) => {
                    format!("Met after {} of working time", format_minutes(c.elapsed_minutes.max(1)))
                }
                Some(ClockState::Breached) if c.stopped_at.is_some() => "Missed".to_string(),
                Some(ClockState::Breached) => "Overdue".to_string(),
                Some(ClockState::Paused) => format!("Paused with {} of working time left", format_minutes(left.max(1))),
                Some(_) => format!("{} of working time left", format_minutes(left.max(1))),
                None => String::new(),
            };
            let level = |l: i64| if l == 0 { "Warning".to_string() } else { format!("Escalation level {l}") };
            // A paused clock's due time moves when it runs again: do not promise one.
            let due = c.due.filter(|_| c.state != Some(ClockState::Paused));
            ClockView {
                label: c.clock.label(),
                state: c.state,
                due,
                due_local: due.map(|d| local(d, tz)).unwrap_or_default(),
                status,
                target: format_minutes(c.target_minutes),
                steps: c
                    .steps
                    .iter()
                    .enumerate()
                    .filter(
                        |(_, s)| !matches!(s, Step::Paused { from, to } if *to - *from < chrono::Duration::minutes(1)),
                    )
                    .map(|(i, s)| match s {
                        Step::Paused { from, .. } if c.state == Some(ClockState::Paused) && i + 1 == c.steps.len() => {
                            format!("Paused since {}", local(*from, tz))
                        }
                        _ => step_text(s, tz),
                    })
                    .collect(),
                applied: c
                    .applied
                    .iter()
                    .map(|a| format!("{} at {}", level(a.level), local(a.applied_at, tz)))
                    .collect(),
            }
        })
        .collect();
    Some(SlaView {
        matched: if policy.matched_on.is_empty() { "every ticket".into() } else { policy.matched_on.join(", ") },
        policy: policy.name,
        calendar: format!("{} ({})", calendar.name, calendar.time_zone),
        state: e.sla.state,
        clocks,
        pauses: e
            .pauses
            .iter()
            .map(|p| match p.to {
                Some(to) => format!("{} – {}", local(p.from, tz), local(to, tz)),
                None => format!("since {}", local(p.from, tz)),
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "service_desk/ticket.html")]
struct TicketPageView {
    nav: Option<Nav>,
    t: Ticket,
    sla: Option<SlaView>,
    /// The requester's rating, for staff and auditors.
    survey: Option<helmdesk_app::service_desk::surveys::Survey>,
    resolution_codes: Vec<Choice>,
    priority_label: &'static str,
    timeline: Vec<Entry>,
    attachments: Vec<Attachment>,
    staff: bool,
    can_reply: bool,
    closed: bool,
    next_statuses: Vec<Choice>,
    teams: Vec<Choice>,
    agents: Vec<Choice>,
    categories: Vec<Choice>,
    impacts: Vec<Choice>,
    urgencies: Vec<Choice>,
    error: Option<String>,
    max_mib: usize,
    /// Links, merge, watchers, canned responses, stakeholder updates, time.
    work: Work,
}

fn change_text(field: &str, old: Option<&str>, new: Option<&str>) -> String {
    let label = |v: Option<&str>| -> String {
        let v = v.unwrap_or("");
        match field {
            "status" => v.parse::<TicketStatus>().map(|s| s.label().to_string()).unwrap_or_else(|_| v.into()),
            "priority" => v.parse::<u8>().map(|p| priority_label(p).to_string()).unwrap_or_else(|_| v.into()),
            _ if v.is_empty() => "nobody".into(),
            _ => v.into(),
        }
    };
    match field {
        "created" => "created the ticket".into(),
        "attachment" | "internal_attachment" => format!("attached {}", new.unwrap_or("a file")),
        "description" => "edited the description".into(),
        "subject" => format!("changed the subject to “{}”", new.unwrap_or("")),
        "assignee" if new.is_none() => "unassigned the ticket".into(),
        "assignee" => format!("assigned the ticket to {}", label(new)),
        "team" if new.is_none() => "removed the team".into(),
        "team" => format!("moved the ticket to team {}", label(new)),
        "sla_policy" => match new {
            Some(p) => format!("put the ticket under SLA policy {p}"),
            None => "took the ticket out of its SLA policy".into(),
        },
        "sla_breached" => format!("noted that the {} SLA was breached", new.unwrap_or("")),
        "escalation" => format!("escalated: {}", new.unwrap_or("")),
        "routed" => format!("routed by rule “{}”", new.unwrap_or("")),
        "major_incident" if new == Some("true") => "declared a major incident".into(),
        "major_incident" => "ended the major incident".into(),
        "resolution_code" => format!("set the resolution code to {}", new.unwrap_or("none").replace('_', " ")),
        "resolution_note" => "wrote the resolution note".into(),
        "internal_link" => format!("linked the ticket: {}", new.unwrap_or("")),
        "internal_unlink" => format!("removed the link: {}", old.unwrap_or("")),
        "merged_into" => format!("merged the ticket into {}", new.unwrap_or("another ticket")),
        "merged_from" => format!("merged {} into this ticket", new.unwrap_or("a ticket")),
        "major_update" => "posted a stakeholder update".into(),
        "internal_time" => format!("recorded {} of work", new.unwrap_or("time")),
        _ => format!("changed {} from {} to {}", field.replace('_', " "), label(old), label(new)),
    }
}

async fn ticket_view(
    s: &AppState,
    user: &UiUser,
    id: i64,
    error: Option<String>,
    canned: Option<i64>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let t = s.app.ticket(actor, id).await?;
    let comments = s.app.comments(actor, id).await?;
    let history = s.app.history(actor, id).await?;
    let attachments = s.app.attachments(actor, id).await?;
    let mut timeline: Vec<(i64, i64, Entry)> = Vec::new();
    for c in comments {
        let files = attachments.iter().filter(|a| a.comment_id == Some(c.id)).cloned().collect();
        timeline.push((
            c.created_at.timestamp_micros(),
            0,
            Entry {
                key: format!("c{}", c.id),
                at: c.created_at.to_rfc3339(),
                at_label: c.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                who: c.author_name,
                kind: if c.internal { "note" } else { "reply" },
                text: c.body,
                attachments: files,
            },
        ));
    }
    for h in history {
        if h.field == "impact" || h.field == "urgency" {
            continue;
        }
        timeline.push((
            h.created_at.timestamp_micros(),
            1,
            Entry {
                key: format!("h{}", h.id),
                at: h.created_at.to_rfc3339(),
                at_label: h.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                // The rules routed the ticket, not the person whose filing ran them.
                who: match h.field.as_str() {
                    "routed" => "Assignment rules".into(),
                    _ => h.actor_name.unwrap_or_else(|| "Helmdesk".into()),
                },
                kind: "change",
                text: change_text(&h.field, h.old_value.as_deref(), h.new_value.as_deref()),
                attachments: Vec::new(),
            },
        ));
    }
    timeline.sort_by_key(|(at, order, _)| (*at, *order));
    let staff = actor.role.is_staff();
    let next_statuses = if staff {
        let mut now_and_next = vec![(t.status.as_str(), t.status.label())];
        now_and_next.extend(t.status.next().iter().map(|s| (s.as_str(), s.label())));
        choices(now_and_next, t.status.as_str())
    } else {
        Vec::new()
    };
    let id_text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let staff_people = if staff { s.app.assignable_agents(actor).await? } else { Vec::new() };
    let (teams, agents, categories) = if staff {
        (
            team_choices("No team", &s.app.list_teams(actor).await?, &id_text(t.team_id)),
            people_choices("Nobody", &staff_people, &id_text(t.assignee_id), false),
            category_choices(&s.app.list_categories().await?, &id_text(t.category_id)),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let work = Work::load(s, actor, &t, canned, &staff_people).await?;
    let closed = matches!(t.status, TicketStatus::Closed | TicketStatus::Cancelled);
    // How the service level is computed is the desk's business; requesters see the status.
    let sla = match actor.can(DeskPermission::ReadInternals) {
        true => sla_view(s.app.explain_sla(actor, id).await?),
        false => None,
    };
    let codes = &s.app.settings().resolution_codes;
    let survey = s.app.ticket_survey(&user.actor, id).await?;
    let page = TicketPageView {
        sla,
        survey,
        resolution_codes: choices(
            codes.iter().map(|c| (c.as_str(), c.replace('_', " "))),
            t.resolution_code.as_deref().unwrap_or("fixed"),
        ),
        nav: Some(Nav::of(s, user, if actor.role == Role::Requester { "mine" } else { "queue" }).await?),
        priority_label: t.priority_label(),
        can_reply: actor.can(DeskPermission::ReplyTicket) && (staff || !closed),
        closed,
        timeline: timeline.into_iter().map(|(_, _, e)| e).collect(),
        attachments: attachments.into_iter().filter(|a| a.comment_id.is_none()).collect(),
        staff,
        next_statuses,
        teams,
        agents,
        categories,
        impacts: level_choices(t.impact.as_str()),
        urgencies: level_choices(t.urgency.as_str()),
        error,
        max_mib: s.app.settings().max_attachment_bytes / (1024 * 1024),
        work,
        t,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)).into_response())
}

/// The ticket page's query: a canned response picked for the reply box (without the script).
#[derive(Debug, Default, Deserialize)]
struct TicketPageParams {
    #[serde(default)]
    canned: Option<String>,
}

async fn ticket_page(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    uri: axum::http::Uri,
) -> Result<Response, UiError> {
    // A query that does not parse is no pick, not an error: the page is still the ticket.
    let params: TicketPageParams = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let canned = params.canned.and_then(|c| c.trim().parse().ok());
    ticket_view(&s, &user, id, None, canned).await
}

/// After a change: back to the ticket, or the ticket with the rule that was broken.
pub(crate) async fn after(
    s: &AppState,
    user: &UiUser,
    id: i64,
    result: Result<(), AppError>,
) -> Result<Response, UiError> {
    saved_or_again(result, &format!("/tickets/{id}"), async |text| ticket_view(s, user, id, Some(text), None).await)
        .await
}

#[derive(Deserialize)]
struct CommentForm {
    body: String,
    #[serde(default)]
    visibility: String,
    /// Set status in the same step (e.g. "reply and resolve").
    #[serde(default)]
    then_status: String,
}

async fn add_comment(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CommentForm>,
) -> Result<Response, UiError> {
    let input = NewComment { body: form.body, internal: form.visibility == "internal" };
    let result = match form_parse::<TicketStatus>(&form.then_status) {
        Err(e) => Err(e),
        Ok(then) => match s.app.add_comment(&user.actor, id, input).await {
            Ok(_) if then.is_some() => {
                let patch = TicketPatch { status: then, ..Default::default() };
                s.app.update_ticket(&user.actor, id, patch, None).await.map(|_| ())
            }
            other => other.map(|_| ()),
        },
    };
    after(&s, &user, id, result).await
}

#[derive(Deserialize)]
struct UpdateForm {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    assignee_id: Option<String>,
    #[serde(default)]
    team_id: Option<String>,
    #[serde(default)]
    category_id: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    urgency: Option<String>,
    #[serde(default)]
    resolution_code: Option<String>,
    #[serde(default)]
    resolution_note: Option<String>,
    /// `true` declares a major incident, `false` ends it.
    #[serde(default)]
    major_incident: Option<String>,
    /// The version the form was drawn from: a change made since is not overwritten.
    version: i64,
}

async fn update_ticket(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<UpdateForm>,
) -> Result<Response, UiError> {
    let build = || -> Result<TicketPatch, AppError> {
        let id_field = |name: &str, v: &Option<String>| v.as_deref().map(|v| form_id(name, v)).transpose();
        Ok(TicketPatch {
            status: form.status.as_deref().map(form_parse).transpose()?.flatten(),
            assignee_id: id_field("assignee_id", &form.assignee_id)?,
            team_id: id_field("team_id", &form.team_id)?,
            category_id: id_field("category_id", &form.category_id)?,
            impact: form.impact.as_deref().map(form_parse).transpose()?.flatten(),
            urgency: form.urgency.as_deref().map(form_parse).transpose()?.flatten(),
            resolution_code: form.resolution_code.clone().map(|c| Some(c).filter(|c| !c.trim().is_empty())),
            resolution_note: form.resolution_note.clone().map(|n| Some(n).filter(|n| !n.trim().is_empty())),
            major_incident: form.major_incident.as_deref().map(|m| m == "true"),
            ..Default::default()
        })
    };
    let result = match build() {
        Ok(patch) => s.app.update_ticket(&user.actor, id, patch, Some(form.version)).await.map(|_| ()),
        Err(e) => Err(e),
    };
    let result = result.map_err(|e| match e {
        AppError::PreconditionFailed => AppError::invalid(
            "ticket",
            "someone changed this ticket while you were looking at it; here it is as it is now",
        ),
        other => other,
    });
    after(&s, &user, id, result).await
}

async fn upload(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, UiError> {
    let multipart = multipart.map_err(|_| AppError::invalid("file", "choose a file to attach"))?;
    let (file, fields) = read_multipart(multipart).await?;
    let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    user.check_csrf(csrf)?;
    let result = match file.filter(|f| !f.data.is_empty() || !f.filename.is_empty()) {
        Some(f) => s.app.add_attachment(&user.actor, id, None, &f.filename, &f.content_type, &f.data).await.map(|_| ()),
        None => Err(AppError::invalid("file", "choose a file to attach")),
    };
    after(&s, &user, id, result).await
}

async fn download(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let (attachment, data) = s.app.attachment_content(&user.actor, id).await?;
    Ok(attachment_response(&attachment, data))
}
