//! Tickets: filing, reading, listing, working (fields, status, assignment), comments,
//! history and attachments, with the permission and scope rules of `access`.

use chrono::{DateTime, Utc};
use helmdesk_domain::service_desk::sla::{ClockState, StoredClock, overall};
use helmdesk_domain::service_desk::tickets::priority_label;
use helmdesk_domain::validate::{self, BODY_MAX, SUBJECT_MAX};
use helmdesk_domain::{Level, Role, TicketKind, TicketStatus};
use helmdesk_store::StoreError;
use helmdesk_store::service_desk::attachments::{AttachmentRow, NewAttachment};
use helmdesk_store::service_desk::routing::MemberStamp;
use helmdesk_store::service_desk::tickets::{CommentRow, Effects, HistoryRow, NewHistory, TicketRow, TicketView};
use serde::Deserialize;

use crate::platform::files::{NewFile, check_size, check_sizes, sanitize_content_type, sanitize_filename};
use crate::platform::live::ChangeKind;
use crate::service_desk::access::DeskPermission;
use crate::service_desk::access::Part;
use crate::service_desk::live::internal_only;
use crate::service_desk::notify::{TicketEvent, ticket_notifications};
use crate::{Actor, App, AppError, NamedInInput, double_option, ts};

/// A ticket as the API shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Ticket {
    pub id: i64,
    /// Human-readable number, e.g. `INC-000123`.
    pub number: String,
    pub kind: TicketKind,
    pub subject: String,
    pub description: String,
    pub requester_id: i64,
    pub requester_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub department_id: Option<i64>,
    pub category_id: Option<i64>,
    pub category_name: Option<String>,
    pub impact: Level,
    pub urgency: Level,
    /// 1 (critical) to 5 (planning), from impact and urgency.
    #[schema(minimum = 1, maximum = 5)]
    pub priority: u8,
    pub status: TicketStatus,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// Increases with every change; the `ETag` is made from it.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The first public reply by staff (or the resolution, if that came first).
    pub first_response_at: Option<DateTime<Utc>>,
    /// Where the SLA clocks stand.
    pub sla: TicketSla,
    /// How the ticket was resolved, e.g. `fixed`, `workaround`, `duplicate`.
    pub resolution_code: Option<String>,
    /// What was done, for the record.
    pub resolution_note: Option<String>,
    /// A major incident: many people affected, stakeholders kept informed.
    pub major_incident: bool,
    /// The ticket this one was merged into (it is closed).
    pub merged_into_id: Option<i64>,
    /// How many times the ticket was reopened after being resolved.
    pub reopen_count: i64,
    /// Time recorded on the ticket, in minutes; for staff and auditors only (absent for
    /// requesters, like the time entries themselves).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_spent_minutes: Option<i64>,
    /// The configuration item it affects (`/api/v1/cis/{id}`); for staff and auditors only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_name: Option<String>,
    /// The configuration item that caused it (an import names it); for staff and
    /// auditors only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by_ci_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by_ci_name: Option<String>,
}

/// Where a ticket's SLA clocks stand.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct TicketSla {
    /// The SLA policy that applies; null when none does.
    pub policy_id: Option<i64>,
    /// The worst of the two clocks (met < paused < running < warning < breached); null
    /// without a policy.
    pub state: Option<ClockState>,
    /// When the first response is due; null while paused (the clock stands still).
    pub response_due: Option<DateTime<Utc>>,
    pub response_state: Option<ClockState>,
    /// When the resolution is due; null while paused.
    pub resolution_due: Option<DateTime<Utc>>,
    pub resolution_state: Option<ClockState>,
    /// Since when the clocks stand still (the ticket is pending).
    pub paused_since: Option<DateTime<Utc>>,
}

impl TicketSla {
    /// The due time to show beside [`TicketSla::state`]: that of the clock in that state
    /// (a breached response, not the resolution still running), the sooner of two.
    pub fn state_due(&self) -> Option<DateTime<Utc>> {
        let state = self.state?;
        [(self.response_state, self.response_due), (self.resolution_state, self.resolution_due)]
            .into_iter()
            .filter(|(clock, _)| *clock == Some(state))
            .filter_map(|(_, due)| due)
            .min()
    }

    /// The SLA of a stored ticket at instant `now`.
    pub fn of(t: &TicketRow, now: DateTime<Utc>) -> TicketSla {
        let paused = t.sla_paused_at.is_some();
        let response = StoredClock {
            due: t.response_due.map(ts),
            warn_at: t.response_warn_at.map(ts),
            stopped_at: t.first_response_at.map(ts),
            breached: t.response_breached,
        };
        let resolution = StoredClock {
            due: t.resolution_due.map(ts),
            warn_at: t.resolution_warn_at.map(ts),
            stopped_at: t.resolved_at.map(ts),
            breached: t.resolution_breached,
        };
        let response_state = response.state(paused, now);
        let resolution_state = resolution.state(paused, now);
        let shown = |c: &StoredClock| if paused { None } else { c.due };
        TicketSla {
            policy_id: t.sla_policy_id,
            state: overall(&[response_state, resolution_state]),
            response_due: shown(&response),
            response_state,
            resolution_due: shown(&resolution),
            resolution_state,
            paused_since: t.sla_paused_at.map(ts),
        }
    }
}

impl Ticket {
    /// A label for the priority, e.g. "P2 High".
    pub fn priority_label(&self) -> &'static str {
        priority_label(self.priority)
    }
}

impl Ticket {
    /// The API form of a stored ticket for `reader`, its SLA read at instant `now`; what
    /// only staff and auditors may read is left out for others.
    pub fn new(v: TicketView, now: DateTime<Utc>, reader: &Actor) -> Self {
        let sla = TicketSla::of(&v.ticket, now);
        let t = v.ticket;
        Ticket {
            number: t.number.unwrap_or_default(),
            kind: t.kind.parse().unwrap_or(TicketKind::Incident),
            impact: t.impact.parse().unwrap_or(Level::Medium),
            urgency: t.urgency.parse().unwrap_or(Level::Medium),
            priority: u8::try_from(t.priority).unwrap_or(5),
            status: t.status.parse().unwrap_or(TicketStatus::New),
            id: t.id,
            subject: t.subject,
            description: t.description,
            requester_id: t.requester_id,
            requester_name: v.requester_name,
            organisation_id: t.organisation_id,
            organisation_name: v.organisation_name,
            department_id: t.department_id,
            category_id: t.category_id,
            category_name: v.category_name,
            team_id: t.team_id,
            team_name: v.team_name,
            assignee_id: t.assignee_id,
            assignee_name: v.assignee_name,
            version: t.version,
            created_at: ts(t.created_at),
            updated_at: ts(t.updated_at),
            resolved_at: t.resolved_at.map(ts),
            closed_at: t.closed_at.map(ts),
            first_response_at: t.first_response_at.map(ts),
            sla,
            resolution_code: t.resolution_code,
            resolution_note: t.resolution_note,
            major_incident: t.major_incident,
            merged_into_id: t.merged_into_id,
            reopen_count: t.reopen_count,
            time_spent_minutes: reader.role.sees_internal().then_some(t.time_spent_minutes),
            ci_id: t.ci_id.filter(|_| reader.role.sees_internal()),
            ci_name: v.ci_name.filter(|_| reader.role.sees_internal()),
            caused_by_ci_id: t.caused_by_ci_id.filter(|_| reader.role.sees_internal()),
            caused_by_ci_name: v.caused_by_ci_name.filter(|_| reader.role.sees_internal()),
        }
    }
}

/// A ticket to file.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    /// Defaults to `incident`.
    #[serde(default = "default_kind")]
    pub kind: TicketKind,
    #[schema(value_type = helmdesk_domain::validate::Subject)]
    pub subject: String,
    #[serde(default)]
    #[schema(value_type = helmdesk_domain::validate::OptionalBody)]
    pub description: String,
    /// Staff may file on someone's behalf; defaults to the caller.
    #[serde(default)]
    pub requester_id: Option<i64>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// Defaults to `medium`.
    #[serde(default)]
    pub impact: Option<Level>,
    /// Defaults to `medium`.
    #[serde(default)]
    pub urgency: Option<Level>,
    /// Staff only.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// Staff only.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// The configuration item it affects; staff only.
    #[serde(default)]
    pub ci_id: Option<i64>,
}

fn default_kind() -> TicketKind {
    TicketKind::Incident
}

impl NewTicket {
    /// An incident with this subject and description, the rest as a filing that names
    /// nothing else gets it: for the caller, medium impact and urgency, routed by the rules.
    pub fn incident(subject: impl Into<String>, description: impl Into<String>) -> NewTicket {
        NewTicket {
            kind: default_kind(),
            subject: subject.into(),
            description: description.into(),
            requester_id: None,
            category_id: None,
            impact: None,
            urgency: None,
            team_id: None,
            assignee_id: None,
            ci_id: None,
        }
    }
}

/// Changes to a ticket; absent fields stay, `null` clears a reference.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketPatch {
    #[schema(value_type = Option<helmdesk_domain::validate::Subject>)]
    pub subject: Option<String>,
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub description: Option<String>,
    pub kind: Option<TicketKind>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub category_id: Option<Option<i64>>,
    pub impact: Option<Level>,
    pub urgency: Option<Level>,
    pub status: Option<TicketStatus>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub team_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    /// Marks or unmarks a major incident.
    pub major_incident: Option<bool>,
    /// The configuration item it affects; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub ci_id: Option<Option<i64>>,
    /// How the ticket was resolved (with `status: resolved`, or later); `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 80)]
    pub resolution_code: Option<Option<String>>,
    /// What was done; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<helmdesk_domain::validate::OptionalBody>)]
    pub resolution_note: Option<Option<String>>,
}

/// A public reply or an internal note.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Comment {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    /// Internal notes are never shown to requesters.
    pub internal: bool,
    pub created_at: DateTime<Utc>,
}

impl From<CommentRow> for Comment {
    fn from(c: CommentRow) -> Self {
        Comment {
            id: c.id,
            ticket_id: c.ticket_id,
            author_id: c.author_id,
            author_name: c.author_name,
            body: c.body,
            internal: c.internal,
            created_at: ts(c.created_at),
        }
    }
}

/// A comment to add.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    #[schema(value_type = helmdesk_domain::validate::Body)]
    pub body: String,
    /// An internal note (staff only); defaults to a public reply.
    #[serde(default)]
    pub internal: bool,
}

/// One recorded change of a ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub id: i64,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    /// What changed: `created`, `status`, `assignee`, `team`, `priority`, ...
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<HistoryRow> for HistoryEntry {
    fn from(h: HistoryRow) -> Self {
        HistoryEntry {
            id: h.id,
            actor_id: h.actor_id,
            actor_name: h.actor_name,
            field: h.field,
            old_value: h.old_value,
            new_value: h.new_value,
            created_at: ts(h.created_at),
        }
    }
}

/// A file attached to a ticket or one of its comments.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    pub uploaded_by: i64,
    pub created_at: DateTime<Utc>,
}

impl From<AttachmentRow> for Attachment {
    fn from(a: AttachmentRow) -> Self {
        Attachment {
            id: a.id,
            ticket_id: a.ticket_id,
            comment_id: a.comment_id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            sha256: a.sha256,
            uploaded_by: a.uploaded_by,
            created_at: ts(a.created_at),
        }
    }
}

/// The job that told people about a ticket event, before notifications were written with
/// the change; jobs of that kind left in a queue are still run.
pub const NOTIFY_JOB: &str = "ticket.notify";

/// Who a ticket is filed for.
struct Person {
    id: i64,
    name: String,
    email: String,
    organisation_id: i64,
    department_id: Option<i64>,
}

/// The recurring job that closes tickets resolved long ago.
pub const AUTO_CLOSE_JOB: &str = "tickets.auto_close";

const DAY_MICROS: i64 = 86_400_000_000;

/// Moves a ticket to status `to` at `now`: resolving and closing stamp their times, and
/// leaving resolved for an open status reopens it (its resolution time is cleared and the
/// reopening counted).
pub(crate) fn set_status(t: &mut TicketRow, to: TicketStatus, now: i64) {
    if t.status == to.as_str() {
        return;
    }
    match to {
        TicketStatus::Resolved => t.resolved_at = Some(now),
        TicketStatus::Closed | TicketStatus::Cancelled => t.closed_at = Some(now),
        _ => {
            if t.status == TicketStatus::Resolved.as_str() {
                t.reopen_count += 1;
            }
            t.resolved_at = None;
        }
    }
    t.status = to.as_str().into();
}

fn description(text: &str) -> Result<String, AppError> {
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    Ok(validate::text("description", text, BODY_MAX, true)?)
}

/// Whether a history line is the desk's own business: internal notes, time and links, and
/// how the desk handles the ticket (which rule routed it, its SLA policy, breaches and
/// escalations). Requesters see what happened to their ticket, not how it is run.
pub(crate) fn staff_only(field: &str) -> bool {
    field.starts_with("internal") || matches!(field, "routed" | "sla_policy" | "sla_breached" | "escalation" | "ci")
}

impl App {
    /// A ticket the actor may see; others are not found.
    pub(crate) async fn visible_ticket(&self, actor: &Actor, id: i64) -> Result<TicketView, AppError> {
        let view = self.store().ticket(id).await?;
        if actor.sees_ticket(&view.ticket) { Ok(view) } else { Err(AppError::NotFound) }
    }

    /// One ticket the actor may see.
    pub async fn ticket(&self, actor: &Actor, id: i64) -> Result<Ticket, AppError> {
        Ok(Ticket::new(self.visible_ticket(actor, id).await?, self.now(), actor))
    }

    /// The id of the ticket with this number, if the actor may see it.
    pub async fn ticket_id_by_number(&self, actor: &Actor, number: &str) -> Result<i64, AppError> {
        let id = self.store().ticket_id_by_number(number).await?.ok_or(AppError::NotFound)?;
        self.visible_ticket(actor, id).await.map(|t| t.ticket.id)
    }

    /// The ticket a search text names by its number (`INC-000247`, `247`...), when the
    /// actor may see it.
    pub async fn ticket_named_by(&self, actor: &Actor, text: &str) -> Result<Option<i64>, AppError> {
        for number in helmdesk_domain::service_desk::tickets::numbers_typed(text) {
            match self.ticket_id_by_number(actor, &number).await {
                Ok(id) => return Ok(Some(id)),
                Err(AppError::NotFound) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Files a ticket. Without a team and an assignee, it is routed by the assignment rules
    /// ([`App::route`]).
    pub async fn create_ticket(&self, actor: &Actor, input: NewTicket) -> Result<Ticket, AppError> {
        actor.require(DeskPermission::CreateTicket)?;
        let staff = actor.can(DeskPermission::WorkTicket);
        if !staff
            && (input.team_id.is_some()
                || input.assignee_id.is_some()
                || input.ci_id.is_some()
                || input.requester_id.is_some_and(|r| r != actor.id))
        {
            return Err(AppError::forbidden("only staff may set the requester, team, assignee or configuration item"));
        }
        let subject = validate::text("subject", &input.subject, SUBJECT_MAX, false)?;
        let description = description(&input.description)?;
        // The caller files for themselves unless staff name someone else.
        let requester = match input.requester_id {
            Some(id) if id != actor.id => {
                let user = self.store().user(id).await.named_in("requester_id", "no such user")?;
                if !user.active || !actor.sees_organisation(user.organisation_id) {
                    return Err(AppError::invalid("requester_id", "no such user"));
                }
                Person {
                    id: user.id,
                    name: user.name,
                    email: user.email,
                    organisation_id: user.organisation_id,
                    department_id: user.department_id,
                }
            }
            _ => Person {
                id: actor.id,
                name: actor.name.clone(),
                email: actor.email.clone(),
                organisation_id: actor.organisation_id,
                department_id: actor.department_id,
            },
        };
        let impact = input.impact.unwrap_or(Level::Medium);
        let urgency = input.urgency.unwrap_or(Level::Medium);
        let now = self.now_micros();
        let mut row = TicketRow {
            id: 0,
            number: None,
            kind: input.kind.as_str().into(),
            subject,
            description,
            requester_id: requester.id,
            organisation_id: requester.organisation_id,
            department_id: requester.department_id,
            category_id: None,
            impact: impact.as_str().into(),
            urgency: urgency.as_str().into(),
            priority: self.settings().priority_matrix.priority(impact, urgency).into(),
            status: TicketStatus::New.as_str().into(),
            team_id: None,
            assignee_id: None,
            version: 1,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
            resolved_at: None,
            closed_at: None,
            ..Default::default()
        };
        let mut names = (None, None, None);
        let ci_name = match input.ci_id {
            Some(ci) => Some(self.check_ci(actor, ci).await?),
            None => None,
        };
        row.ci_id = input.ci_id;
        if let Some(c) = input.category_id {
            names.0 = Some(self.check_category(c).await?);
            row.category_id = Some(c);
        }
        if let Some(t) = input.team_id {
            names.1 = Some(self.check_team(t, row.organisation_id).await?);
            row.team_id = Some(t);
        }
        if let Some(a) = input.assignee_id {
            names.2 = Some(self.check_assignee(a, row.organisation_id).await?);
            row.assignee_id = Some(a);
            row.status = TicketStatus::Assigned.as_str().into();
        }
        // Without a team or an assignee, the first matching assignment rule routes it.
        let mut routing = None;
        if row.team_id.is_none()
            && row.assignee_id.is_none()
            && let Some(routed) = self.route(&row).await?
        {
            row.team_id = Some(routed.team_id);
            names.1 = Some(routed.team_name);
            routing = Some(routed.routing);
        }
        self.update_clocks(None, &mut row, now, None).await?;
        // A member picked by routing hears of the ticket as its assignee; the team hears
        // of it (from the filing writer) only if nobody could take it.
        let picks_member = routing.as_ref().is_some_and(|r| r.method.picks_member());
        let team = if picks_member {
            Vec::new()
        } else {
            let team = self.others_told(&row, TicketEvent::Created).await?;
            self.audience(&row, &team, Part::Public).await?
        };
        let announce = self.has_event_listeners().await?.then(|| actor.automation.clone());
        let filed = self.filer.file(self.store(), row, actor.id, team, routing, announce).await?;
        let saved = filed.row;
        let told = ticket_notifications(&saved, TicketEvent::Created, actor.id, &filed.team);
        self.announce_ticket(&saved, ChangeKind::Filed, Some(actor.id), false, &told);
        let organisation_name = self
            .organisation_tree()
            .await?
            .iter()
            .find(|o| o.id == saved.organisation_id)
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let (category_name, team_name, assignee_name) = (names.0, names.1, names.2.or(filed.assignee_name));
        let view = TicketView {
            ticket: saved,
            requester_name: requester.name,
            requester_email: requester.email,
            organisation_name,
            assignee_name,
            team_name,
            category_name,
            ci_name,
            caused_by_ci_name: None,
        };
        Ok(Ticket::new(view, self.now(), actor))
    }

    /// The name of configuration item `id`, which the actor must be able to read.
    async fn check_ci(&self, actor: &Actor, id: i64) -> Result<String, AppError> {
        let unknown = || AppError::invalid("ci_id", "no such configuration item");
        let ci = self.store().ci(id).await.map_err(|e| match e {
            StoreError::NotFound => unknown(),
            other => other.into(),
        })?;
        actor.readable_ci(ci.ci).map(|c| c.name).map_err(|_| unknown())
    }

    async fn check_category(&self, id: i64) -> Result<String, AppError> {
        match self.store().category(id).await {
            Ok(c) if c.active => Ok(c.name),
            Ok(_) => Err(AppError::invalid("category_id", "that category is no longer in use")),
            Err(StoreError::NotFound) => Err(AppError::invalid("category_id", "no such category")),
            Err(e) => Err(e.into()),
        }
    }

    /// The team must serve the ticket's organisation.
    async fn check_team(&self, id: i64, organisation_id: i64) -> Result<String, AppError> {
        let team = match self.store().team(id).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => return Err(AppError::invalid("team_id", "no such team")),
            Err(e) => return Err(e.into()),
        };
        if !self.scope_holds(team.organisation_id, organisation_id).await? {
            return Err(AppError::invalid("team_id", "that team does not serve this ticket's organisation"));
        }
        Ok(team.name)
    }

    /// A resolution code must be one of the configured codes.
    fn check_resolution_code(&self, code: &str) -> Result<String, AppError> {
        let codes = &self.settings().resolution_codes;
        let code = code.trim();
        if codes.iter().any(|c| c == code) {
            Ok(code.to_string())
        } else {
            Err(AppError::invalid("resolution_code", format!("must be one of: {}", codes.join(", "))))
        }
    }

    /// The assignee must be active staff who can see the ticket's organisation.
    async fn check_assignee(&self, id: i64, organisation_id: i64) -> Result<String, AppError> {
        let user = match self.store().user(id).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Err(AppError::invalid("assignee_id", "no such user")),
            Err(e) => return Err(e.into()),
        };
        let assignee = self.actor_for(&user).await.named_in("assignee_id", "that user is inactive")?;
        if !assignee.role.is_staff() {
            return Err(AppError::invalid("assignee_id", "only agents, managers and administrators can be assigned"));
        }
        if !assignee.sees_organisation(organisation_id) {
            return Err(AppError::invalid("assignee_id", "that person cannot see this ticket's organisation"));
        }
        Ok(user.name)
    }

    /// Changes a ticket. With `if_version`, a ticket changed since that version is refused
    /// (412); without, a concurrent change is retried on the fresh ticket.
    pub async fn update_ticket(
        &self,
        actor: &Actor,
        id: i64,
        patch: TicketPatch,
        if_version: Option<i64>,
    ) -> Result<Ticket, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        for _ in 0..3 {
            let view = self.visible_ticket(actor, id).await?;
            if if_version.is_some_and(|v| v != view.ticket.version) {
                return Err(AppError::PreconditionFailed);
            }
            let (row, history) = self.apply_patch(actor, &view, &patch).await?;
            if history.is_empty() {
                return Ok(Ticket::new(view, self.now(), actor));
            }
            let events: Vec<TicketEvent> = history.iter().filter_map(|h| TicketEvent::named(&h.field)).collect();
            let notifications = self.notifications_for(&row, &events, actor.id).await?;
            let stamps = turn_taken(&view.ticket, &row).into_iter().collect();
            let jobs = self.events_jobs(id, &events, actor.id, &actor.automation).await?;
            let effects = Effects { history, notifications, stamps, jobs };
            match self.store().save_ticket(&row, view.ticket.version, Some(actor.id), &effects).await {
                Ok(saved) => {
                    let internal = internal_only(&effects.history);
                    self.announce_ticket(&saved, ChangeKind::Updated, Some(actor.id), internal, &effects.notifications);
                    return self.ticket(actor, id).await;
                }
                Err(StoreError::Stale) if if_version.is_none() => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict("the ticket kept changing; try again".into()))
    }

    /// The ticket's new state and the history lines of what changed.
    async fn apply_patch(
        &self,
        actor: &Actor,
        view: &TicketView,
        p: &TicketPatch,
    ) -> Result<(TicketRow, Vec<NewHistory>), AppError> {
        let before = &view.ticket;
        let mut t = before.clone();
        let mut history = Vec::new();
        let mut record = |field: &str, old: Option<String>, new: Option<String>| {
            if old != new {
                history.push(NewHistory { field: field.into(), old_value: old, new_value: new });
            }
        };
        if let Some(s) = &p.subject {
            t.subject = validate::text("subject", s, SUBJECT_MAX, false)?;
            record("subject", Some(before.subject.clone()), Some(t.subject.clone()));
        }
        if let Some(d) = &p.description {
            t.description = description(d)?;
            record("description", Some(before.description.clone()), Some(t.description.clone()));
        }
        if let Some(k) = p.kind {
            t.kind = k.as_str().into();
            record("kind", Some(before.kind.clone()), Some(t.kind.clone()));
        }
        if let Some(c) = p.category_id {
            let name = match c {
                Some(id) if Some(id) != before.category_id => Some(self.check_category(id).await?),
                Some(_) => view.category_name.clone(),
                None => None,
            };
            t.category_id = c;
            record("category", view.category_name.clone(), name);
        }
        if p.impact.is_some() || p.urgency.is_some() {
            let impact = p.impact.unwrap_or_else(|| before.impact.parse().unwrap_or(Level::Medium));
            let urgency = p.urgency.unwrap_or_else(|| before.urgency.parse().unwrap_or(Level::Medium));
            t.impact = impact.as_str().into();
            t.urgency = urgency.as_str().into();
            t.priority = self.settings().priority_matrix.priority(impact, urgency).into();
            record("impact", Some(before.impact.clone()), Some(t.impact.clone()));
            record("urgency", Some(before.urgency.clone()), Some(t.urgency.clone()));
            record("priority", Some(before.priority.to_string()), Some(t.priority.to_string()));
        }
        if let Some(team) = p.team_id {
            let name = match team {
                Some(id) if Some(id) != before.team_id => Some(self.check_team(id, before.organisation_id).await?),
                Some(_) => view.team_name.clone(),
                None => None,
            };
            t.team_id = team;
            record("team", view.team_name.clone(), name);
        }
        if let Some(assignee) = p.assignee_id {
            let name = match assignee {
                Some(id) if Some(id) != before.assignee_id => {
                    Some(self.check_assignee(id, before.organisation_id).await?)
                }
                Some(_) => view.assignee_name.clone(),
                None => None,
            };
            t.assignee_id = assignee;
            record("assignee", view.assignee_name.clone(), name);
        }
        if let Some(ci) = p.ci_id.filter(|c| *c != before.ci_id) {
            let name = match ci {
                Some(id) => Some(self.check_ci(actor, id).await?),
                None => None,
            };
            t.ci_id = ci;
            record("ci", view.ci_name.clone(), name);
        }
        if let Some(m) = p.major_incident {
            t.major_incident = m;
            record("major_incident", Some(before.major_incident.to_string()), Some(m.to_string()));
        }
        if let Some(code) = &p.resolution_code {
            t.resolution_code = code.as_deref().map(|c| self.check_resolution_code(c)).transpose()?;
            record("resolution_code", before.resolution_code.clone(), t.resolution_code.clone());
        }
        if let Some(note) = &p.resolution_note {
            t.resolution_note = note.as_deref().map(description).transpose()?.filter(|n| !n.is_empty());
            record("resolution_note", before.resolution_note.clone(), t.resolution_note.clone());
        }
        let from: TicketStatus = before.status.parse()?;
        let to = match p.status {
            Some(s) => s,
            // Taking or dropping a new ticket moves it between new and assigned.
            None if from == TicketStatus::New && t.assignee_id.is_some() => TicketStatus::Assigned,
            None if from == TicketStatus::Assigned && t.assignee_id.is_none() => TicketStatus::New,
            None => from,
        };
        from.check_transition(to)?;
        if to == TicketStatus::Assigned && t.assignee_id.is_none() {
            return Err(AppError::invalid("status", "a ticket can only be assigned to someone: set assignee_id"));
        }
        let now = self.now_micros();
        set_status(&mut t, to, now);
        record("status", Some(before.status.clone()), Some(t.status.clone()));
        t.updated_at = now;
        history.extend(self.update_clocks(Some(before), &mut t, now, None).await?);
        Ok((t, history))
    }

    /// Adds a public reply or an internal note. The first public reply of staff stops the
    /// response clock; a public reply of the requester resumes a pending ticket and
    /// reopens a resolved one (until it is closed automatically).
    pub async fn add_comment(&self, actor: &Actor, ticket_id: i64, input: NewComment) -> Result<Comment, AppError> {
        actor.require(if input.internal { DeskPermission::WorkTicket } else { DeskPermission::ReplyTicket })?;
        let body = validate::text("body", &input.body, BODY_MAX, true)?;
        let event = if input.internal { TicketEvent::Note } else { TicketEvent::Reply };
        for _ in 0..3 {
            let view = self.visible_ticket(actor, ticket_id).await?;
            let before = &view.ticket;
            let status: TicketStatus = before.status.parse()?;
            refuse_if_closed_for(actor, before)?;
            let now = self.now_micros();
            let mut events = vec![event];
            let mut t = before.clone();
            let mut history = Vec::new();
            if !input.internal && actor.role.is_staff() && status.is_open() && t.first_response_at.is_none() {
                t.first_response_at = Some(now);
            }
            let requester_side = actor.id == before.requester_id || actor.role == Role::Requester;
            let reply_moves = !input.internal && requester_side && self.reopens_on_reply(before, now);
            if let Some(to) = status.after_requester_reply(before.assignee_id.is_some()).filter(|_| reply_moves) {
                set_status(&mut t, to, now);
                history.push(NewHistory {
                    field: "status".into(),
                    old_value: Some(before.status.clone()),
                    new_value: Some(t.status.clone()),
                });
                events.push(TicketEvent::Status);
            }
            let notifications = self.notifications_for(&t, &events, actor.id).await?;
            let jobs = self.events_jobs(ticket_id, &events, actor.id, &actor.automation).await?;
            if t == *before {
                let effects = Effects { notifications, jobs, ..Default::default() };
                let row = self.store().add_comment(ticket_id, actor.id, &body, input.internal, now, &effects).await?;
                let told = &effects.notifications;
                self.announce_ticket(&t, ChangeKind::Commented, Some(actor.id), input.internal, told);
                return Ok(row.into());
            }
            t.updated_at = now;
            history.extend(self.update_clocks(Some(before), &mut t, now, None).await?);
            let comment = (actor.id, body.as_str(), input.internal);
            let effects = Effects { history, notifications, jobs, ..Default::default() };
            match self.store().add_comment_and_save(comment, &t, before.version, &effects).await {
                Ok(row) => {
                    let told = &effects.notifications;
                    self.announce_ticket(&t, ChangeKind::Commented, Some(actor.id), input.internal, told);
                    return Ok(row.into());
                }
                Err(StoreError::Stale) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict("the ticket kept changing; try again".into()))
    }

    /// Whether a requester's reply may still move the ticket: a resolved ticket only
    /// within the days before it is closed automatically.
    fn reopens_on_reply(&self, t: &TicketRow, now: i64) -> bool {
        let days = self.settings().auto_close_days;
        t.status != TicketStatus::Resolved.as_str()
            || days <= 0
            || t.resolved_at.is_none_or(|r| now - r < days * DAY_MICROS)
    }

    /// Closes tickets resolved more than `auto_close_days` ago. Returns how many it closed.
    pub async fn auto_close_resolved(&self) -> Result<usize, AppError> {
        let days = self.settings().auto_close_days;
        if days <= 0 {
            return Ok(0);
        }
        let mut closed = 0;
        loop {
            let now = self.now_micros();
            let page = self.store().resolved_before(now - days * DAY_MICROS, 200).await?;
            let mut closed_in_page = 0;
            for before in &page {
                let mut t = before.clone();
                set_status(&mut t, TicketStatus::Closed, now);
                t.updated_at = now;
                let mut history = vec![NewHistory {
                    field: "status".into(),
                    old_value: Some(before.status.clone()),
                    new_value: Some(t.status.clone()),
                }];
                history.extend(self.update_clocks(Some(before), &mut t, now, None).await?);
                let notifications = self.notifications_of(&t, TicketEvent::Status, 0).await?;
                let jobs = self.events_jobs(t.id, &[TicketEvent::Status], 0, &Default::default()).await?;
                let effects = Effects { history, notifications, jobs, ..Default::default() };
                match self.store().save_ticket(&t, before.version, None, &effects).await {
                    Ok(saved) => {
                        self.announce_ticket(&saved, ChangeKind::Updated, None, false, &effects.notifications);
                        closed_in_page += 1
                    }
                    Err(StoreError::Stale) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            closed += closed_in_page;
            if page.len() < 200 || closed_in_page == 0 {
                return Ok(closed);
            }
        }
    }

    /// The comments of a ticket the actor may see; internal notes only for staff and auditors.
    pub async fn comments(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<Comment>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        let rows = self.store().comments(ticket_id, actor.role.sees_internal()).await?;
        Ok(rows.into_iter().map(Comment::from).collect())
    }

    /// The history of a ticket the actor may see (requesters do not see internal lines; a
    /// line naming a linked ticket the actor may not see names it no more than the links
    /// list does).
    pub async fn history(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<HistoryEntry>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        let rows = self.store().history(ticket_id).await?;
        let internal = actor.role.sees_internal();
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows.into_iter().filter(|h| internal || !staff_only(&h.field)) {
            let mut entry = HistoryEntry::from(row);
            if entry.field.ends_with("link") {
                entry.old_value = self.unseen_number_hidden(actor, entry.old_value).await?;
                entry.new_value = self.unseen_number_hidden(actor, entry.new_value).await?;
            }
            entries.push(entry);
        }
        Ok(entries)
    }

    /// `text` with the ticket number it names replaced when the actor may not see that
    /// ticket.
    async fn unseen_number_hidden(&self, actor: &Actor, text: Option<String>) -> Result<Option<String>, AppError> {
        let Some(number) = text.as_deref().and_then(helmdesk_domain::platform::mail::ticket_number_in) else {
            return Ok(text);
        };
        match self.ticket_id_by_number(actor, &number).await {
            Ok(_) => Ok(text),
            Err(AppError::NotFound) => Ok(text.map(|t| t.replace(&number, "a ticket you cannot see"))),
            Err(e) => Err(e),
        }
    }

    /// Adds a reply or a note with files. Every file is checked before anything is saved,
    /// so a file too large leaves the ticket as it was.
    pub async fn add_comment_with_files(
        &self,
        actor: &Actor,
        ticket_id: i64,
        input: NewComment,
        files: &[NewFile],
    ) -> Result<(Comment, Vec<Attachment>), AppError> {
        check_sizes(files, self.settings().max_attachment_bytes)?;
        let comment = self.add_comment(actor, ticket_id, input).await?;
        let mut attached = Vec::with_capacity(files.len());
        for f in files {
            attached.push(
                self.add_attachment(actor, ticket_id, Some(comment.id), &f.filename, &f.content_type, &f.data).await?,
            );
        }
        Ok((comment, attached))
    }

    /// Files a ticket with files attached to it, every file checked first.
    pub async fn create_ticket_with_files(
        &self,
        actor: &Actor,
        input: NewTicket,
        files: &[NewFile],
    ) -> Result<Ticket, AppError> {
        check_sizes(files, self.settings().max_attachment_bytes)?;
        let ticket = self.create_ticket(actor, input).await?;
        for f in files {
            self.add_attachment(actor, ticket.id, None, &f.filename, &f.content_type, &f.data).await?;
        }
        Ok(ticket)
    }

    /// Attaches a file to a ticket, or to one of its comments.
    pub async fn add_attachment(
        &self,
        actor: &Actor,
        ticket_id: i64,
        comment_id: Option<i64>,
        filename: &str,
        content_type: &str,
        data: &[u8],
    ) -> Result<Attachment, AppError> {
        let view = self.visible_ticket(actor, ticket_id).await?;
        actor.require(DeskPermission::ReplyTicket)?;
        refuse_if_closed_for(actor, &view.ticket)?;
        check_size(data.len(), self.settings().max_attachment_bytes)?;
        let mut internal = false;
        if let Some(c) = comment_id {
            let comment = self.store().comments(ticket_id, true).await?.into_iter().find(|x| x.id == c);
            let comment = comment.ok_or_else(|| AppError::invalid("comment_id", "no such comment on this ticket"))?;
            if comment.internal {
                actor.require(DeskPermission::WorkTicket)?;
                internal = true;
            }
        }
        let new = NewAttachment {
            ticket_id,
            comment_id,
            filename: sanitize_filename(filename),
            content_type: sanitize_content_type(content_type),
            uploaded_by: actor.id,
            internal,
        };
        let row = self.store().add_attachment(&new, data, self.now_micros()).await?;
        self.announce_ticket(&view.ticket, ChangeKind::Updated, Some(actor.id), internal, &[]);
        Ok(row.into())
    }

    /// The attachments of a ticket the actor may see (requesters: not those of internal notes).
    pub async fn attachments(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<Attachment>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        let rows = self.store().attachments(ticket_id).await?;
        let hidden = self.hidden_comment_ids(actor, ticket_id).await?;
        Ok(rows
            .into_iter()
            .filter(|a| a.comment_id.is_none_or(|c| !hidden.contains(&c)))
            .map(Attachment::from)
            .collect())
    }

    async fn hidden_comment_ids(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<i64>, AppError> {
        if actor.role.sees_internal() {
            return Ok(Vec::new());
        }
        let all = self.store().comments(ticket_id, true).await?;
        Ok(all.into_iter().filter(|c| c.internal).map(|c| c.id).collect())
    }

    /// An attachment and its bytes, if the actor may see it.
    pub async fn attachment_content(&self, actor: &Actor, id: i64) -> Result<(Attachment, Vec<u8>), AppError> {
        let row = self.store().attachment(id).await?;
        self.visible_ticket(actor, row.ticket_id).await?;
        if row.comment_id.is_some_and(|_| actor.role == Role::Requester) {
            let hidden = self.hidden_comment_ids(actor, row.ticket_id).await?;
            if row.comment_id.is_some_and(|c| hidden.contains(&c)) {
                return Err(AppError::NotFound);
            }
        }
        let data = self.store().blob(&row.sha256).await?;
        Ok((row.into(), data))
    }
}

/// Only staff add to a closed or cancelled ticket (replies, files); others open a new one.
fn refuse_if_closed_for(actor: &Actor, t: &TicketRow) -> Result<(), AppError> {
    let closed = [TicketStatus::Closed, TicketStatus::Cancelled].iter().any(|s| s.as_str() == t.status);
    if closed && !actor.role.is_staff() {
        return Err(AppError::Conflict("this ticket is closed; please open a new one".into()));
    }
    Ok(())
}

/// Parses a comma-separated status list; `open` stands for every open status.
pub fn parse_statuses(text: &str) -> Result<Vec<TicketStatus>, AppError> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part == "open" {
            out.extend(TicketStatus::ALL.iter().copied().filter(|s| s.is_open()));
        } else {
            out.push(part.parse::<TicketStatus>().map_err(|e| match e {
                helmdesk_domain::RuleError::Invalid { detail, .. } => AppError::invalid("status", detail),
                other => other.into(),
            })?);
        }
    }
    out.dedup();
    Ok(out)
}

/// A ticket given by hand to a member of its team counts as that member's turn in the
/// team's round robin, as if routing had given it.
fn turn_taken(before: &TicketRow, after: &TicketRow) -> Option<MemberStamp> {
    match (after.team_id, after.assignee_id) {
        (Some(team_id), Some(user_id)) if after.assignee_id != before.assignee_id => {
            Some(MemberStamp { team_id, user_id, at: after.updated_at })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_due_time_shown_is_that_of_the_clock_in_the_state_shown() {
        let at = |h: u32| DateTime::parse_from_rfc3339(&format!("2026-03-02T{h:02}:00:00Z")).unwrap().to_utc();
        let breached_response = TicketSla {
            state: Some(ClockState::Breached),
            response_due: Some(at(9)),
            response_state: Some(ClockState::Breached),
            resolution_due: Some(at(17)),
            resolution_state: Some(ClockState::Running),
            ..Default::default()
        };
        assert_eq!(breached_response.state_due(), Some(at(9)), "the breached response, not the resolution");
        let answered = TicketSla {
            state: Some(ClockState::Running),
            response_state: Some(ClockState::Met),
            ..breached_response.clone()
        };
        assert_eq!(answered.state_due(), Some(at(17)), "the resolution still running");
        let both_running = TicketSla { response_state: Some(ClockState::Running), ..answered.clone() };
        assert_eq!(both_running.state_due(), Some(at(9)), "the sooner of two");
        assert_eq!(TicketSla::default().state_due(), None, "no policy");
    }

    #[test]
    fn status_lists_parse_with_open_as_a_shorthand() {
        assert_eq!(parse_statuses("new, pending").unwrap(), [TicketStatus::New, TicketStatus::Pending]);
        assert_eq!(parse_statuses("open").unwrap().len(), 4);
        assert!(parse_statuses("").unwrap().is_empty());
        assert!(parse_statuses("new,bogus").is_err());
    }
}
