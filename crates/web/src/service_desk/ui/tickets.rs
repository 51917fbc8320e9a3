//! The new-ticket form and the ticket page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::cmdb::ImpactedCi;
use helmdesk_app::platform::teams::Team;
use helmdesk_app::platform::users::User;
use helmdesk_app::service_desk::categories::Category;
use helmdesk_app::service_desk::sla::SlaExplanation;
use helmdesk_app::service_desk::tickets::{Attachment, NewComment, NewTicket, Ticket, TicketPatch};
use helmdesk_domain::assets::cmdb::Criticality;
use helmdesk_domain::service_desk::calendar::Step;
use helmdesk_domain::service_desk::sla::ClockState;

use helmdesk_domain::validate::format_minutes;
use helmdesk_domain::{Role, TicketKind, TicketStatus};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUpload, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::service_desk::api::tickets::attachment_response;
use crate::service_desk::ui::labels;
use crate::service_desk::ui::labels::Named as _;
use crate::service_desk::ui::ticket_work::Work;
use crate::ui::markdown;
use crate::ui::{Choice, Nav, NoFields, UiError, choices, choices_or, invalid_text, render, render_refusable};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes(state: &AppState) -> Routes {
    Routes::new()
        .get("/tickets/new", new_ticket_page)
        .requires(DeskPermission::CreateTicket)
        .post("/tickets/new", create_ticket)
        .body_limit(crate::api::upload_limit(state))
        .requires(DeskPermission::CreateTicket)
        .get("/tickets/{id}", ticket_page)
        .signed_in()
        .post("/tickets/{id}/comments", add_comment)
        .body_limit(crate::api::upload_limit(state))
        .requires(DeskPermission::ReplyTicket)
        .post("/tickets/{id}/update", update_ticket)
        .requires(DeskPermission::WorkTicket)
        .post("/tickets/{id}/attachments", upload)
        .body_limit(crate::api::upload_limit(state))
        .requires(DeskPermission::ReplyTicket)
        .get("/attachments/{id}", download)
        .signed_in()
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
    max_mib: usize,
    /// What other modules add beside the form (`crate::ui::filing_tools`), drawn.
    tools: Vec<String>,
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
            ci_id: None,
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
    let tr = user.tr();
    let staff = actor.role.is_staff();
    let active = s.app.list_categories().await?.into_iter().filter(|c| c.active).map(|c| (c.id, c.name));
    let categories = choices_or(&tr.t("new-ticket-no-category"), active, &form.category_id);
    let (teams, agents, requesters) = if staff {
        let people: Vec<User> = s.app.all_users(actor).await?.into_iter().filter(|u| u.active).collect();
        let agents: Vec<User> = people.iter().filter(|u| u.role.is_staff()).cloned().collect();
        (
            team_choices(&tr.t("new-ticket-no-team"), &s.app.list_teams(actor).await?, &form.team_id),
            people_choices(&tr.t("new-ticket-nobody-yet"), &agents, &form.assignee_id, false),
            people_choices(&tr.t("new-ticket-me"), &people, &form.requester_id, true),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = NewTicketPage {
        nav: Some(Nav::of(s, user, "new").await?),
        staff,
        kinds: choices(super::labels::kinds(&tr), &form.kind),
        categories,
        teams,
        agents,
        requesters,
        impacts: choices(super::labels::impacts(&tr), &form.impact),
        urgencies: choices(super::labels::urgencies(&tr), &form.urgency),
        form,
        error,
        max_mib: s.app.settings().max_attachment_bytes / (1024 * 1024),
        tools: crate::ui::filing_tools(user),
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
    UiUpload { user, form, files, .. }: UiUpload<TicketForm>,
) -> Result<Response, UiError> {
    let result = match form.to_new_ticket() {
        Ok(input) => s.app.create_ticket_with_files(&user.actor, input, &files).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(t) => Ok(user.confirm(&format!("/tickets/{}", t.id), user.tr().t1("new-ticket-filed", "number", t.number))),
        Err(e) => match invalid_text(&e) {
            Some(text) => new_ticket_form(&s, &user, form, Some(text)).await,
            None => Err(e.into()),
        },
    }
}

/// One entry of a ticket's timeline.
struct Entry {
    /// The element id a link can jump to (`c42` for comment 42; "" for changes).
    anchor: String,
    /// Tells the entry from the others (`c12`, `h40`): the script finds what is new in the
    /// timeline read again after a live update.
    key: String,
    at: String,
    at_label: String,
    who: String,
    /// `reply`, `note` or `change`.
    kind: &'static str,
    /// A change's sentence.
    text: String,
    /// A reply's or note's body, rendered from Markdown and sanitised.
    html: String,
    attachments: Vec<Attachment>,
}

/// The most entries of a conversation shown before the rest fold away.
const SHOWN_ENTRIES: usize = 8;

/// What the person had written or chosen when a change was refused, to draw it again.
#[derive(Default)]
pub(crate) struct Draft {
    body: String,
    internal: bool,
    /// The working controls as they were set (a save that lost a race).
    choices: Option<WorkChoices>,
    /// When the page the person worked from was drawn (microseconds): what others did
    /// since is listed.
    since: Option<i64>,
}

/// The working controls' values as a form sent them.
#[derive(Debug, Clone, Default)]
struct WorkChoices {
    status: Option<String>,
    assignee_id: Option<String>,
    team_id: Option<String>,
    category_id: Option<String>,
    impact: Option<String>,
    urgency: Option<String>,
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
    /// The reader's words.
    tr: Tr,
    t: Ticket,
    sla: Option<SlaView>,
    /// The requester's rating, for staff and auditors.
    survey: Option<helmdesk_app::service_desk::surveys::Survey>,
    resolution_codes: Vec<Choice>,
    priority_label: String,
    /// The entries shown, nearest the reply box last (oldest first) or first.
    shown: Vec<Entry>,
    /// Older entries, folded away in a long conversation.
    earlier: Vec<Entry>,
    newest_first: bool,
    description_html: String,
    /// When the resolution is due (the requester's "we aim to resolve it by").
    expected: Option<chrono::DateTime<chrono::Utc>>,
    reply_internal: bool,
    /// The controls hold choices not saved (a save that lost a race).
    dirty: bool,
    /// What others did since the person's page was drawn, when their save lost a race.
    changed_since: Vec<String>,
    /// When the ticket was last changed, in microseconds: the forms send it back.
    loaded_at: i64,
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
    /// Whether the reader sees configuration items, and the business services the
    /// ticket's item puts at risk.
    reads_cis: bool,
    ci_services: Vec<ImpactedCi>,
    /// What other modules add under the reply box (`crate::ui::reply_tools`), drawn.
    reply_tools: Vec<String>,
}

impl labels::Named for TicketPageView {
    fn words(&self) -> &Tr {
        &self.tr
    }
}

impl TicketPageView {
    fn criticality(&self, c: &Criticality) -> String {
        self.tr.of("ci-criticality", c.as_str())
    }

    /// Whether the reader is the ticket's assignee ("Assign to me" has nothing to do).
    fn assigned_to_me(&self) -> bool {
        self.t.assignee_id == Some(self.work.me)
    }
}

/// A line of the ticket's history in `tr`'s words: "assigned the ticket to Priya Shah".
fn change_text(tr: &Tr, field: &str, old: Option<&str>, new: Option<&str>) -> String {
    let label = |v: Option<&str>| -> String {
        let v = v.unwrap_or("");
        match field {
            "status" => v.parse::<TicketStatus>().map(|s| labels::status(tr, s)).unwrap_or_else(|_| v.into()),
            "priority" => v.parse::<u8>().map(|p| labels::priority(tr, p)).unwrap_or_else(|_| v.into()),
            _ if v.is_empty() => tr.t("history-nobody"),
            _ => v.into(),
        }
    };
    match field {
        "created" => tr.t("history-created"),
        "reopened" => tr.t("history-reopened"),
        "status" if old.is_none() => tr.t1("history-status-set", "value", label(new)),
        "attachment" | "internal_attachment" => match new {
            Some(name) => tr.t1("history-attached", "value", name),
            None => tr.t("history-attached-file"),
        },
        "description" => tr.t("history-description"),
        "subject" => tr.t1("history-subject", "value", new.unwrap_or_default()),
        "assignee" if new.is_none() => tr.t("history-unassigned"),
        "assignee" => tr.t1("history-assigned", "value", label(new)),
        "team" if new.is_none() => tr.t("history-team-removed"),
        "team" => tr.t1("history-team", "value", label(new)),
        "sla_policy" => match new {
            Some(p) => tr.t1("history-sla-policy", "value", p),
            None => tr.t("history-sla-policy-removed"),
        },
        "sla_breached" => tr.t1("history-sla-breached", "value", new.unwrap_or_default()),
        "escalation" => tr.t1("history-escalation", "value", new.unwrap_or_default()),
        "routed" => tr.t1("history-routed", "value", new.unwrap_or_default()),
        "major_incident" if new == Some("true") => tr.t("history-major-declared"),
        "major_incident" => tr.t("history-major-ended"),
        "resolution_code" => tr.t1("history-resolution-code", "value", new.unwrap_or("none").replace('_', " ")),
        "resolution_note" => tr.t("history-resolution-note"),
        "internal_link" => tr.t1("history-linked", "value", new.unwrap_or_default()),
        "internal_unlink" => tr.t1("history-unlinked", "value", old.unwrap_or_default()),
        "merged_into" => match new {
            Some(n) => tr.t1("history-merged-into", "value", n),
            None => tr.t("history-merged-into-another"),
        },
        "merged_from" => match new {
            Some(n) => tr.t1("history-merged-from", "value", n),
            None => tr.t("history-merged-from-a"),
        },
        "major_update" => tr.t("history-major-update"),
        "internal_time" => match new {
            Some(t) => tr.t1("history-time", "value", t),
            None => tr.t("history-time-some"),
        },
        _ => {
            tr.arg("field", field.replace('_', " ")).arg("old", label(old)).arg("new", label(new)).t("history-changed")
        }
    }
}

/// The ticket page; `again` is what was refused, with the reply box's text.
async fn ticket_view(
    s: &AppState,
    user: &UiUser,
    id: i64,
    again: Option<(String, Draft)>,
    show: TicketPageParams,
) -> Result<Response, UiError> {
    let (error, draft) = match again {
        Some((error, draft)) => (Some(error), Some(draft)),
        None => (None, None),
    };
    let actor = &user.actor;
    let tr = Tr::new(actor.preferences.language());
    let t = s.app.ticket(actor, id).await?;
    // Reading the ticket reads what the bell said of it.
    s.app.mark_ticket_notifications_read(actor, id).await?;
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
                anchor: format!("c{}", c.id),
                key: format!("c{}", c.id),
                at: c.created_at.to_rfc3339(),
                at_label: c.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                who: c.author_name,
                kind: if c.internal { "note" } else { "reply" },
                html: markdown::to_html(&c.body),
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
                anchor: String::new(),
                html: String::new(),
                key: format!("h{}", h.id),
                at: h.created_at.to_rfc3339(),
                at_label: h.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                // The rules routed the ticket, not the person whose filing ran them.
                who: match h.field.as_str() {
                    "routed" => "Assignment rules".into(),
                    _ => h.actor_name.unwrap_or_else(|| "Helmdesk".into()),
                },
                kind: "change",
                text: change_text(&tr, &h.field, h.old_value.as_deref(), h.new_value.as_deref()),
                attachments: Vec::new(),
            },
        ));
    }
    timeline.sort_by_key(|(at, order, _)| (*at, *order));
    let since = draft.as_ref().and_then(|d| d.since);
    let changed_since: Vec<String> = timeline
        .iter()
        .filter(|(at, _, _)| since.is_some_and(|since| *at > since))
        .map(|(_, _, e)| match e.kind {
            "change" => format!("{} {}", e.who, e.text),
            "note" => format!("{} added an internal note", e.who),
            _ => format!("{} replied", e.who),
        })
        .collect();
    let newest_first = show.newest_first();
    let (earlier, shown) = fold(timeline.into_iter().map(|(_, _, e)| e).collect(), newest_first);
    let staff = actor.role.is_staff();
    // The controls show the ticket as it is, or what the person chose when their save
    // lost a race.
    let id_text = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let chosen = draft.as_ref().and_then(|d| d.choices.clone()).unwrap_or_default();
    let pick = |chosen: Option<String>, current: String| chosen.unwrap_or(current);
    let status_now = pick(chosen.status, t.status.as_str().to_string());
    let next_statuses = if staff {
        let mut now_and_next = vec![(t.status.as_str(), labels::status(&tr, t.status))];
        now_and_next.extend(t.status.next().iter().map(|s| (s.as_str(), labels::status(&tr, *s))));
        choices(now_and_next, &status_now)
    } else {
        Vec::new()
    };
    let staff_people = if staff { s.app.assignable_agents(actor).await? } else { Vec::new() };
    let (teams, agents, categories) = if staff {
        (
            team_choices("No team", &s.app.list_teams(actor).await?, &pick(chosen.team_id, id_text(t.team_id))),
            people_choices("Nobody", &staff_people, &pick(chosen.assignee_id, id_text(t.assignee_id)), false),
            category_choices(&s.app.list_categories().await?, &pick(chosen.category_id, id_text(t.category_id))),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let impact_now = pick(chosen.impact, t.impact.as_str().to_string());
    let urgency_now = pick(chosen.urgency, t.urgency.as_str().to_string());
    let canned = show.canned.as_deref().and_then(|c| c.trim().parse().ok());
    let mut work = Work::load(s, actor, &t, canned, &staff_people).await?;
    if let Some(d) = &draft {
        work.reply = d.body.clone();
    }
    let closed = matches!(t.status, TicketStatus::Closed | TicketStatus::Cancelled);
    // How the service level is computed is the desk's business; requesters see the status.
    let sla = match actor.can(DeskPermission::ReadInternals) {
        true => sla_view(s.app.explain_sla(actor, id).await?),
        false => None,
    };
    let codes = &s.app.settings().resolution_codes;
    let survey = s.app.ticket_survey(&user.actor, id).await?;
    let reads_cis = actor.can(AssetPermission::ReadAssets) && actor.can(DeskPermission::ReadInternals);
    let ci_services = match t.ci_id.filter(|_| reads_cis) {
        Some(ci) => s.app.services_of_ci(actor, ci).await.unwrap_or_default(),
        None => Vec::new(),
    };
    let resolved = matches!(t.status, TicketStatus::Resolved | TicketStatus::Closed);
    let reply_tools = crate::ui::reply_tools(s, user, id, resolved).await?;
    let page = TicketPageView {
        reads_cis,
        ci_services,
        reply_tools,
        tr: tr.clone(),
        sla,
        survey,
        resolution_codes: choices(
            codes.iter().map(|c| (c.as_str(), c.replace('_', " "))),
            t.resolution_code.as_deref().unwrap_or("fixed"),
        ),
        nav: Some(Nav::of(s, user, if actor.role == Role::Requester { "mine" } else { "queue" }).await?),
        priority_label: labels::priority(&tr, t.priority),
        can_reply: actor.can(DeskPermission::ReplyTicket) && (staff || !closed),
        closed,
        shown,
        earlier,
        newest_first,
        description_html: markdown::to_html(&t.description),
        expected: t.sla.resolution_due.filter(|_| t.status.is_open()),
        reply_internal: draft.as_ref().is_some_and(|d| d.internal),
        dirty: draft.as_ref().is_some_and(|d| d.choices.is_some()),
        attachments: attachments.into_iter().filter(|a| a.comment_id.is_none()).collect(),
        staff,
        next_statuses,
        teams,
        agents,
        categories,
        impacts: choices(labels::impacts(&tr), &impact_now),
        urgencies: choices(labels::urgencies(&tr), &urgency_now),
        changed_since,
        loaded_at: t.updated_at.timestamp_micros(),
        error,
        max_mib: s.app.settings().max_attachment_bytes / (1024 * 1024),
        work,
        t,
    };
    Ok(render_refusable(&page, page.error.is_some()))
}

/// Splits a conversation into the entries folded away and those shown: the
/// [`SHOWN_ENTRIES`] nearest the reply box, in the order asked for.
fn fold(mut entries: Vec<Entry>, newest_first: bool) -> (Vec<Entry>, Vec<Entry>) {
    let fold_at = entries.len().saturating_sub(SHOWN_ENTRIES);
    let mut shown = entries.split_off(fold_at);
    if newest_first {
        shown.reverse();
        entries.reverse();
    }
    (entries, shown)
}

/// The cookie that remembers the order a person reads conversations in.
const ORDER_COOKIE: &str = "helmdesk_order";

/// The ticket page's query: a canned response picked for the reply box (without the
/// script), and the conversation's order (`oldest` or `newest`, remembered).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TicketPageParams {
    #[serde(default)]
    canned: Option<String>,
    #[serde(default)]
    order: Option<String>,
    /// The order remembered from an earlier choice.
    #[serde(skip)]
    remembered: Option<String>,
}

impl TicketPageParams {
    fn newest_first(&self) -> bool {
        self.order.as_deref().or(self.remembered.as_deref()) == Some("newest")
    }
}

async fn ticket_page(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    uri: axum::http::Uri,
    jar: axum_extra::extract::cookie::CookieJar,
) -> Result<Response, UiError> {
    // A query that does not parse is no pick, not an error: the page is still the ticket.
    let mut params: TicketPageParams = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    params.remembered = jar.get(ORDER_COOKIE).map(|c| c.value().to_string());
    let chosen = params.order.clone().filter(|o| o == "newest" || o == "oldest");
    let page = ticket_view(&s, &user, id, None, params).await?;
    Ok(match chosen {
        Some(order) => {
            let cookie = axum_extra::extract::cookie::Cookie::build((ORDER_COOKIE, order))
                .path("/")
                .http_only(true)
                .same_site(axum_extra::extract::cookie::SameSite::Lax)
                .permanent()
                .build();
            (jar.add(cookie), page).into_response()
        }
        None => page,
    })
}

/// After a change: back to the ticket with the change's confirmation (`Ok`), or the ticket
/// with the rule that was broken.
pub(crate) async fn after(
    s: &AppState,
    user: &UiUser,
    id: i64,
    result: Result<String, AppError>,
) -> Result<Response, UiError> {
    match result {
        Ok(confirmation) => Ok(user.confirm(&format!("/tickets/{id}"), confirmation)),
        Err(e) => again(s, user, id, e, Draft::default()).await,
    }
}

/// The ticket page again with the rule a change broke and the reply box's text; other
/// errors are error pages.
async fn again(s: &AppState, user: &UiUser, id: i64, e: AppError, draft: Draft) -> Result<Response, UiError> {
    // A file too large is the form's to say, beside what the person wrote.
    let text = match &e {
        AppError::TooLarge(why) => Some(why.clone()),
        other => invalid_text(other),
    };
    match text {
        Some(text) => ticket_view(s, user, id, Some((text, draft)), TicketPageParams::default()).await,
        None => Err(e.into()),
    }
}

/// What a save changed on a ticket, as its confirmation: "Assigned to Priya Shah · Status:
/// In progress".
fn update_confirmation(tr: &Tr, before: &Ticket, after: &Ticket) -> String {
    let named = |id: &str, n: &Option<String>| tr.t1(id, "value", n.clone().unwrap_or_else(|| tr.t("saved-none")));
    let mut said = Vec::new();
    if before.status != after.status {
        said.push(tr.t1("saved-status", "value", labels::status(tr, after.status)));
    }
    if before.assignee_id != after.assignee_id {
        said.push(match &after.assignee_name {
            Some(n) => tr.t1("saved-assigned", "value", n),
            None => tr.t("saved-unassigned"),
        });
    }
    if before.team_id != after.team_id {
        said.push(named("saved-team", &after.team_name));
    }
    if before.category_id != after.category_id {
        said.push(named("saved-category", &after.category_name));
    }
    if before.ci_id != after.ci_id {
        said.push(named("saved-ci", &after.ci_name));
    }
    if before.priority != after.priority {
        said.push(tr.t1("saved-priority", "value", labels::priority(tr, after.priority)));
    } else if before.impact != after.impact || before.urgency != after.urgency {
        said.push(tr.t("saved-impact-urgency"));
    }
    if before.major_incident != after.major_incident {
        said.push(tr.t(if after.major_incident { "saved-major-declared" } else { "saved-major-ended" }));
    }
    if before.resolution_note != after.resolution_note && after.resolution_note.is_some() {
        said.push(tr.t("saved-resolution-note"));
    }
    if said.is_empty() { tr.t("saved-nothing") } else { said.join(" · ") }
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
    UiUpload { user, form, files, .. }: UiUpload<CommentForm>,
) -> Result<Response, UiError> {
    let internal = form.visibility == "internal";
    let input = NewComment { body: form.body.clone(), internal };
    let tr = user.tr();
    let said = match (internal, files.len()) {
        (true, 0) => tr.t("reply-note-added"),
        (false, 0) => tr.t("reply-sent"),
        (true, n) => tr.t1("reply-note-added-files", "count", n),
        (false, n) => tr.t1("reply-sent-files", "count", n),
    };
    let result = async {
        let then = form_parse::<TicketStatus>(&form.then_status)?;
        let (comment, _) = s.app.add_comment_with_files(&user.actor, id, input, &files).await?;
        let said = match then {
            Some(status) => {
                let patch = TicketPatch { status: Some(status), ..Default::default() };
                let t = s.app.update_ticket(&user.actor, id, patch, None).await?;
                format!("{said} · {}", tr.t1("reply-then-status", "status", super::labels::status(&tr, t.status)))
            }
            None => said,
        };
        Ok::<_, AppError>((comment.id, said))
    }
    .await;
    match result {
        Ok((comment, said)) => Ok(user.confirm(&format!("/tickets/{id}#c{comment}"), said)),
        Err(e) => again(&s, &user, id, e, Draft { body: form.body, internal, ..Default::default() }).await,
    }
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
    /// When the ticket was last changed as the form's page showed it (microseconds).
    #[serde(default)]
    loaded_at: Option<i64>,
    #[serde(default)]
    resolution_code: Option<String>,
    #[serde(default)]
    resolution_note: Option<String>,
    /// `true` declares a major incident, `false` ends it.
    #[serde(default)]
    major_incident: Option<String>,
    /// The configuration item it affects, by name or as `#id`; empty clears it.
    #[serde(default)]
    ci: Option<String>,
    /// The version the form was drawn from: a change made since is not overwritten.
    version: i64,
}

/// The configuration item a form names (by name or `#id`): unchanged when absent or when
/// it is the ticket's own name, cleared when empty.
async fn ci_choice(
    s: &AppState,
    user: &UiUser,
    before: &Ticket,
    typed: Option<&str>,
) -> Result<Option<Option<i64>>, AppError> {
    match typed.map(str::trim) {
        None => Ok(None),
        Some("") => Ok(Some(None)),
        Some(name) if before.ci_name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)) => Ok(None),
        Some(name) => Ok(Some(Some(s.app.ci_id_by_name(&user.actor, "ci", name).await?))),
    }
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
    let result = async {
        let mut patch = build()?;
        let before = s.app.ticket(&user.actor, id).await?;
        patch.ci_id = ci_choice(&s, &user, &before, form.ci.as_deref()).await?;
        let after = s.app.update_ticket(&user.actor, id, patch, Some(form.version)).await?;
        Ok(update_confirmation(&user.tr(), &before, &after))
    }
    .await;
    match result {
        Err(AppError::PreconditionFailed) => {
            let e = AppError::Conflict(
                "Someone changed this ticket while you were working on it (below). Your choices are kept: \
                 save again to apply them."
                    .into(),
            );
            let choices = WorkChoices {
                status: form.status,
                assignee_id: form.assignee_id,
                team_id: form.team_id,
                category_id: form.category_id,
                impact: form.impact,
                urgency: form.urgency,
            };
            let draft = Draft { choices: Some(choices), since: form.loaded_at, ..Default::default() };
            again(&s, &user, id, e, draft).await
        }
        other => after(&s, &user, id, other).await,
    }
}

async fn upload(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiUpload { user, form: NoFields {}, files, .. }: UiUpload<NoFields>,
) -> Result<Response, UiError> {
    let result = async {
        let file = files.first().ok_or_else(|| AppError::invalid("file", "choose a file to attach"))?;
        s.app.add_attachment(&user.actor, id, None, &file.filename, &file.content_type, &file.data).await
    }
    .await;
    after(&s, &user, id, result.map(|a| format!("Attached {}", a.filename))).await
}

async fn download(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let (attachment, data) = s.app.attachment_content(&user.actor, id).await?;
    Ok(attachment_response(&attachment, data))
}
