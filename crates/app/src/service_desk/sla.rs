//! SLAs: business-hours calendars and SLA policies (read by staff and auditors, changed by
//! managers and administrators), the two clocks of every ticket, their explanation, and
//! the escalation sweep.
//!
//! A ticket's clocks are computed when it is filed and whenever something they depend on
//! changes ([`App::update_clocks`]): the policy is chosen again when the priority, kind,
//! category or organisation changes; the clocks stand still while the ticket is pending
//! and stop when it is resolved; a reopened ticket leaves its resolved time out like a
//! pause. Changing a calendar or a policy enqueues `sla.recompute`, which recomputes every
//! open ticket in batches, recording its progress on the job. The due times are stored on
//! the ticket, so lists, filters and the sweep read them without the calendar.
//!
//! The sweep (`sla.sweep`, every minute) looks at tickets whose `sla_next_check_at` has
//! come: it marks clocks that ran past due as breached, sends warnings and applies
//! escalation levels. Each warning and level is recorded in `ticket_escalations` under a
//! unique key in the same transaction as its effects (ticket changes, history, in-app
//! notifications), so it happens once even when two nodes sweep at the same time.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use helmdesk_domain::jobs::JobStatus;
use helmdesk_domain::service_desk::calendar::{Calendar, Holiday, Interval, Segment, Step, parse_segment};
use helmdesk_domain::service_desk::sla::{
    self, ClockKind, ClockState, DueTimes, EscalationLevel, Policy, Recipient, Scope, Target, TicketFacts,
};
use helmdesk_domain::validate;
use helmdesk_domain::{TicketKind, TicketStatus};
use helmdesk_store::StoreError;
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::service_desk::sla::{CalendarRow, PauseRow, PolicyRow, SweepChange};
use helmdesk_store::service_desk::tickets::{Effects, NewHistory, TicketRow};
use serde::{Deserialize, Serialize};

use crate::platform::access::Permission;
use crate::platform::live::ChangeKind;
use crate::service_desk::access::DeskPermission;
use crate::service_desk::live::internal_only;
use crate::service_desk::notify::TicketEvent;
use crate::service_desk::tickets::TicketSla;
use crate::{Actor, App, AppError, ts};

/// The job that recomputes the clocks of every open ticket after a calendar or policy change.
pub const RECOMPUTE_JOB: &str = "sla.recompute";
/// The recurring job that marks breaches, warns and escalates.
pub const SWEEP_JOB: &str = "sla.sweep";

/// The working hours of a week: for each day, segments `HH:MM-HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Week {
    #[serde(default)]
    pub monday: Vec<String>,
    #[serde(default)]
    pub tuesday: Vec<String>,
    #[serde(default)]
    pub wednesday: Vec<String>,
    #[serde(default)]
    pub thursday: Vec<String>,
    #[serde(default)]
    pub friday: Vec<String>,
    #[serde(default)]
    pub saturday: Vec<String>,
    #[serde(default)]
    pub sunday: Vec<String>,
}

impl Week {
    /// The days, Monday first, with their names.
    pub fn days(&self) -> [(&'static str, &Vec<String>); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }

    fn segments(&self) -> Result<[Vec<Segment>; 7], AppError> {
        let mut out: [Vec<Segment>; 7] = Default::default();
        for (i, (day, texts)) in self.days().into_iter().enumerate() {
            if texts.len() > 12 {
                return Err(AppError::invalid("week", format!("{day}: at most 12 segments a day")));
            }
            for text in texts {
                let segment = parse_segment(text).map_err(|_| {
                    AppError::invalid("week", format!("{day}: {text:?} is not a time range like 08:00-17:00"))
                })?;
                out[i].push(segment);
            }
        }
        Ok(out)
    }
}

/// A day off, with a name for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedHoliday {
    /// E.g. "Christmas Day".
    #[serde(default)]
    pub name: String,
    #[serde(flatten)]
    pub rule: Holiday,
}

/// A business-hours calendar.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarDoc {
    pub id: i64,
    pub name: String,
    /// An IANA time zone, e.g. `Europe/Amsterdam`; working hours are wall-clock times there.
    pub time_zone: String,
    pub week: Week,
    pub holidays: Vec<NamedHoliday>,
    /// Policies of this organisation and its subsidiaries may count in it; null: every
    /// policy may.
    pub organisation_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A calendar to create, or its new state.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    /// An IANA time zone, e.g. `Europe/Amsterdam`.
    pub time_zone: String,
    pub week: Week,
    #[serde(default)]
    pub holidays: Vec<NamedHoliday>,
    /// The organisation whose policies (with its subsidiaries') may count in it; `null`:
    /// every organisation's (for those whose organisations are all of them). Absent: on a
    /// new calendar, the writer's organisation (every organisation for those who may write
    /// that); on a change, the calendar's.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

/// An SLA policy.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SlaPolicyDoc {
    pub id: i64,
    pub name: String,
    /// The calendar working time is counted in.
    pub calendar_id: i64,
    /// Applies to tickets of this priority (null: any).
    pub priority: Option<u8>,
    /// Applies to tickets of this kind (null: any).
    pub kind: Option<TicketKind>,
    /// Applies to tickets of this category (null: any).
    pub category_id: Option<i64>,
    /// Applies to tickets of this organisation (null: any); only people whose
    /// organisations hold it may change the policy.
    pub organisation_id: Option<i64>,
    /// Response and resolution targets per priority, in working minutes; a ticket whose
    /// priority has no target is not covered by the policy.
    pub targets: Vec<Target>,
    /// A clock warns once this share (percent) of its target has passed.
    pub warn_percent: u8,
    /// What happens after a breach, level by level.
    pub escalations: Vec<EscalationLevel>,
    /// Inactive policies apply to no ticket.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A policy to create, or its new state. Of the active policies that match a ticket and
/// have a target for its priority, the most specific (most criteria set) applies; ties go
/// to the oldest.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicyInput {
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
    pub calendar_id: i64,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub priority: Option<u8>,
    #[serde(default)]
    pub kind: Option<TicketKind>,
    #[serde(default)]
    pub category_id: Option<i64>,
    /// Applies to tickets of this organisation; `null`: of any (for those whose
    /// organisations are all of them). Absent: on a new policy, the writer's organisation
    /// (any, for those who may write that); on a change, the policy's.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
    pub targets: Vec<Target>,
    /// Defaults to 75.
    #[serde(default = "default_warn_percent")]
    #[schema(minimum = 1, maximum = 99)]
    pub warn_percent: u8,
    #[serde(default)]
    pub escalations: Vec<EscalationLevel>,
    /// Defaults to true.
    #[serde(default = "default_true")]
    pub active: bool,
}

fn default_warn_percent() -> u8 {
    75
}

fn default_true() -> bool {
    true
}

/// How a ticket's due times were computed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SlaExplanation {
    /// The ticket's SLA as the ticket JSON shows it.
    pub sla: TicketSla,
    /// The policy that applies, and what made it apply.
    pub policy: Option<PolicyMatch>,
    pub calendar: Option<CalendarRef>,
    pub clocks: Vec<ClockExplanation>,
    /// When the clocks stood still (pending, or resolved before a reopening).
    pub pauses: Vec<PauseDoc>,
}

/// The policy that applies to a ticket.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PolicyMatch {
    pub id: i64,
    pub name: String,
    /// The criteria the ticket matched, e.g. `priority 2`, `category Network`; empty for a
    /// policy that applies to every ticket.
    pub matched_on: Vec<String>,
    pub warn_percent: u8,
}

/// A calendar, named.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarRef {
    pub id: i64,
    pub name: String,
    pub time_zone: String,
}

/// One clock and the steps of its due time.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClockExplanation {
    pub clock: ClockKind,
    pub target_minutes: i64,
    /// When the clock started (the ticket was filed).
    pub start: DateTime<Utc>,
    pub due: Option<DateTime<Utc>>,
    pub warn_at: Option<DateTime<Utc>>,
    /// When the clock stopped, if it has.
    pub stopped_at: Option<DateTime<Utc>>,
    pub state: Option<ClockState>,
    /// Working minutes counted so far (to the stop, or to now).
    pub elapsed_minutes: i64,
    /// Working time counted, holidays skipped and pauses left out, in order, up to the due
    /// time.
    pub steps: Vec<Step>,
    /// Warnings (level 0) and escalation levels applied, with when.
    pub applied: Vec<AppliedEscalation>,
}

/// A warning or escalation level applied to a ticket.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppliedEscalation {
    pub level: i64,
    pub applied_at: DateTime<Utc>,
}

/// An interval in which the clocks stood still; `to` is null while it lasts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PauseDoc {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// The active policies with their calendars, as the clocks use them.
#[derive(Debug, Default)]
pub struct SlaConfig {
    pub policies: Vec<Policy>,
}

impl SlaConfig {
    fn policy(&self, id: Option<i64>) -> Option<&Policy> {
        self.policies.iter().find(|p| Some(p.id) == id)
    }
}

fn calendar_doc(row: &CalendarRow) -> Result<CalendarDoc, AppError> {
    let bad = |what: &str| AppError::Internal(format!("calendar {} has a bad {what}", row.id));
    Ok(CalendarDoc {
        id: row.id,
        name: row.name.clone(),
        time_zone: row.time_zone.clone(),
        week: serde_json::from_str(&row.week).map_err(|_| bad("week"))?,
        holidays: serde_json::from_str(&row.holidays).map_err(|_| bad("holiday list"))?,
        organisation_id: row.organisation_id,
        created_at: ts(row.created_at),
        updated_at: ts(row.updated_at),
    })
}

/// Checks a calendar's parts and builds the calendar the arithmetic uses.
fn build_calendar(time_zone: &str, week: &Week, holidays: &[NamedHoliday]) -> Result<Calendar, AppError> {
    let tz: Tz = time_zone.trim().parse().map_err(|_| {
        AppError::invalid("time_zone", format!("{time_zone:?} is not an IANA time zone like Europe/Amsterdam"))
    })?;
    if holidays.len() > 1000 {
        return Err(AppError::invalid("holidays", "at most 1000 holidays"));
    }
    for h in holidays {
        if h.name.chars().count() > 200 || h.name.chars().any(char::is_control) {
            return Err(AppError::invalid("holidays", "a holiday's name must be one line of at most 200 characters"));
        }
    }
    Ok(Calendar::new(tz, week.segments()?, holidays.iter().map(|h| h.rule.clone()).collect())?)
}

fn policy_doc(row: &PolicyRow) -> Result<SlaPolicyDoc, AppError> {
    let bad = |what: &str| AppError::Internal(format!("SLA policy {} has bad {what}", row.id));
    Ok(SlaPolicyDoc {
        id: row.id,
        name: row.name.clone(),
        calendar_id: row.calendar_id,
        priority: row.priority.and_then(|p| u8::try_from(p).ok()),
        kind: row.kind.as_deref().map(str::parse).transpose().map_err(|_| bad("kind"))?,
        category_id: row.category_id,
        organisation_id: row.organisation_id,
        targets: serde_json::from_str(&row.targets).map_err(|_| bad("targets"))?,
        warn_percent: u8::try_from(row.warn_percent).unwrap_or(75),
        escalations: serde_json::from_str(&row.escalations).map_err(|_| bad("escalations"))?,
        active: row.active,
        created_at: ts(row.created_at),
        updated_at: ts(row.updated_at),
    })
}

/// The longest target: ten years of working minutes is more than any SLA means.
const TARGET_MAX_MINUTES: i64 = 10 * 366 * 24 * 60;

fn check_targets(targets: &[Target]) -> Result<(), AppError> {
    if targets.is_empty() {
        return Err(AppError::invalid("targets", "give the targets of at least one priority"));
    }
    let mut seen = HashSet::new();
    for t in targets {
        if !(1..=5).contains(&t.priority) {
            return Err(AppError::invalid("targets", "priorities are 1 to 5"));
        }
        if !seen.insert(t.priority) {
            return Err(AppError::invalid("targets", format!("priority {} is given twice", t.priority)));
        }
        for minutes in [t.response_minutes, t.resolution_minutes] {
            if !(1..=TARGET_MAX_MINUTES).contains(&minutes) {
                return Err(AppError::invalid("targets", "targets are 1 minute to 10 years of working time"));
            }
        }
    }
    Ok(())
}

/// The facts of a stored ticket a policy is matched against.
fn facts(t: &TicketRow) -> TicketFacts {
    TicketFacts {
        priority: u8::try_from(t.priority).unwrap_or(5),
        kind: t.kind.parse().unwrap_or(TicketKind::Incident),
        category_id: t.category_id,
        organisation_id: t.organisation_id,
    }
}

fn instant(micros: Option<i64>) -> Option<DateTime<Utc>> {
    micros.map(ts)
}

fn micros(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp_micros())
}

/// The stored due and warning times of one clock.
fn stored_times(t: &TicketRow, clock: ClockKind) -> DueTimes {
    match clock {
        ClockKind::Response => DueTimes { due: instant(t.response_due), warn_at: instant(t.response_warn_at) },
        ClockKind::Resolution => DueTimes { due: instant(t.resolution_due), warn_at: instant(t.resolution_warn_at) },
    }
}

fn set_times(t: &mut TicketRow, clock: ClockKind, times: DueTimes) {
    match clock {
        ClockKind::Response => (t.response_due, t.response_warn_at) = (micros(times.due), micros(times.warn_at)),
        ClockKind::Resolution => (t.resolution_due, t.resolution_warn_at) = (micros(times.due), micros(times.warn_at)),
    }
}

fn stopped_at(t: &TicketRow, clock: ClockKind) -> Option<i64> {
    match clock {
        ClockKind::Response => t.first_response_at,
        ClockKind::Resolution => t.resolved_at,
    }
}

fn breached(t: &mut TicketRow, clock: ClockKind) -> &mut Option<bool> {
    match clock {
        ClockKind::Response => &mut t.response_breached,
        ClockKind::Resolution => &mut t.resolution_breached,
    }
}

/// The closed pauses of a ticket as intervals, plus the one ending `now` if the ticket is
/// resuming from `paused_since`.
fn pause_intervals(rows: &[PauseRow], resuming_from: Option<i64>, now: i64) -> Vec<Interval> {
    let mut out: Vec<Interval> =
        rows.iter().filter_map(|p| p.ended_at.map(|end| Interval { from: ts(p.started_at), to: ts(end) })).collect();
    if let Some(since) = resuming_from {
        out.push(Interval { from: ts(since), to: ts(now) });
    }
    out
}

impl App {
    /// The active policies with their calendars (this node's copy, at most
    /// [`crate::cache::TTL`] old).
    pub async fn sla_config(&self) -> Result<Arc<SlaConfig>, AppError> {
        if let Some(config) = self.sla_cache().fresh() {
            return Ok(config);
        }
        let config = Arc::new(self.load_sla_config().await?);
        self.sla_cache().put(config.clone());
        Ok(config)
    }

    async fn load_sla_config(&self) -> Result<SlaConfig, AppError> {
        let calendars: BTreeMap<i64, Calendar> = self
            .store()
            .list_calendars()
            .await?
            .iter()
            .map(|row| {
                let doc = calendar_doc(row)?;
                Ok((row.id, build_calendar(&doc.time_zone, &doc.week, &doc.holidays)?))
            })
            .collect::<Result<_, AppError>>()?;
        let mut policies = Vec::new();
        for row in self.store().list_sla_policies().await?.into_iter().filter(|p| p.active) {
            let doc = policy_doc(&row)?;
            let Some(calendar) = calendars.get(&doc.calendar_id) else { continue };
            policies.push(Policy {
                id: doc.id,
                name: doc.name,
                scope: Scope {
                    priority: doc.priority,
                    kind: doc.kind,
                    category_id: doc.category_id,
                    organisation_id: doc.organisation_id,
                },
                calendar_id: doc.calendar_id,
                calendar: calendar.clone(),
                targets: doc.targets,
                warn_percent: doc.warn_percent,
                escalations: doc.escalations,
            });
        }
        Ok(SlaConfig { policies })
    }

    /// Sets the SLA columns of a ticket about to be saved, from its state `before` (`None`
    /// for a new ticket) and its new state `t` (status, dates and facts already set).
    /// With `force` (a configuration read for the purpose), the policy is chosen and the
    /// due times computed again whatever changed. Returns history lines for a change of policy.
    pub(crate) async fn update_clocks(
        &self,
        before: Option<&TicketRow>,
        t: &mut TicketRow,
        now: i64,
        force: Option<&Arc<SlaConfig>>,
    ) -> Result<Vec<NewHistory>, AppError> {
        let status: TicketStatus = t.status.parse()?;
        let was_paused = before.and_then(|b| b.sla_paused_at);
        // The clocks stand still while pending and stop when the ticket is done; a
        // reopened ticket leaves the time it stood still out, like a pause.
        let resuming_from = if status.clocks_run() {
            t.sla_paused_at = None;
            was_paused
        } else {
            t.sla_paused_at = t.sla_paused_at.or(Some(now));
            None
        };
        if status == TicketStatus::Resolved && t.first_response_at.is_none() {
            t.first_response_at = t.resolved_at;
        }
        // A clock that stops now is judged where it stopped or where it stood still.
        for clock in ClockKind::ALL {
            let newly_stopped = stopped_at(t, clock).is_some() && before.is_none_or(|b| stopped_at(b, clock).is_none());
            if newly_stopped && *breached(t, clock) != Some(true) {
                let due = stored_times(t, clock).due;
                let stop = instant(stopped_at(t, clock)).unwrap_or_else(|| ts(now));
                *breached(t, clock) = due.map(|d| sla::missed(d, stop, instant(was_paused)));
            }
        }
        // A reopened resolution clock runs again; a breach stays on the record.
        if t.resolved_at.is_none() && t.resolution_breached == Some(false) {
            t.resolution_breached = None;
        }
        let facts_changed = before.is_none_or(|b| {
            (b.priority, &b.kind, b.category_id, b.organisation_id)
                != (t.priority, &t.kind, t.category_id, t.organisation_id)
        });
        let mut history = Vec::new();
        if force.is_some() || facts_changed || resuming_from.is_some() {
            let config = match force {
                Some(config) => config.clone(),
                None => self.sla_config().await?,
            };
            let pauses = match before {
                Some(b) if resuming_from.is_some() || force.is_some() || facts_changed => {
                    self.store().pauses(b.id).await?
                }
                _ => Vec::new(),
            };
            let intervals = pause_intervals(&pauses, resuming_from, now);
            let chosen = sla::choose_policy(&config.policies, &facts(t));
            if chosen.map(|p| p.id) != t.sla_policy_id && before.is_some() {
                let name = |id: Option<i64>| {
                    config.policy(id).map(|p| p.name.clone()).or_else(|| id.map(|i| format!("policy {i}")))
                };
                history.push(NewHistory {
                    field: "sla_policy".into(),
                    old_value: name(t.sla_policy_id),
                    new_value: name(chosen.map(|p| p.id)),
                });
            }
            self.set_due_times(t, chosen, &intervals);
        }
        finish_clocks(t, status);
        Ok(history)
    }

    /// Sets the clocks of a ticket whose story is already written (demo data, the
    /// benchmark's seed): due times from its creation without pauses, each stopped clock
    /// judged where it stopped, and the clocks standing still since `still_since` unless
    /// the ticket is being worked.
    pub async fn replay_clocks(&self, t: &mut TicketRow, still_since: Option<i64>) -> Result<(), AppError> {
        let config = self.sla_config().await?;
        let policy = sla::choose_policy(&config.policies, &facts(t));
        self.set_due_times(t, policy, &[]);
        for clock in ClockKind::ALL {
            if let (Some(stop), Some(due)) = (stopped_at(t, clock), stored_times(t, clock).due) {
                *breached(t, clock) = Some(sla::missed(due, ts(stop), None));
            }
        }
        let status: TicketStatus = t.status.parse()?;
        t.sla_paused_at = if status.clocks_run() { None } else { still_since };
        finish_clocks(t, status);
        Ok(())
    }

    /// Computes the due times of the clocks that still run, with `policy` (or clears them
    /// without one).
    fn set_due_times(&self, t: &mut TicketRow, policy: Option<&Policy>, pauses: &[Interval]) {
        t.sla_policy_id = policy.map(|p| p.id);
        let target = policy.and_then(|p| p.target(facts(t).priority).copied());
        for clock in ClockKind::ALL {
            if stopped_at(t, clock).is_some() && stored_times(t, clock).due.is_some() {
                continue;
            }
            let times = match (policy, target) {
                (Some(p), Some(target)) => sla::due_times(p, ts(t.created_at), target.of(clock), pauses),
                _ => DueTimes::default(),
            };
            set_times(t, clock, times);
        }
    }

    /// The calendars the actor may read (staff and auditors).
    pub async fn list_calendars(&self, actor: &Actor) -> Result<Vec<CalendarDoc>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let rows = self.store().list_calendars().await?;
        rows.iter().filter(|c| actor.reads_scope(c.organisation_id)).map(calendar_doc).collect()
    }

    /// One calendar the actor may read.
    pub async fn calendar(&self, actor: &Actor, id: i64) -> Result<CalendarDoc, AppError> {
        calendar_doc(&self.readable_calendar(actor, id).await?)
    }

    async fn readable_calendar(&self, actor: &Actor, id: i64) -> Result<CalendarRow, AppError> {
        actor.require(Permission::ReadDirectory)?;
        actor.readable(self.store().calendar(id).await?)
    }

    /// A calendar of the actor's organisations.
    async fn writable_calendar(&self, actor: &Actor, id: i64) -> Result<CalendarRow, AppError> {
        actor.require(DeskPermission::Configure)?;
        actor.writable(self.store().calendar(id).await?)
    }

    async fn calendar_row(
        &self,
        actor: &Actor,
        input: &CalendarInput,
        scope_if_absent: Option<i64>,
    ) -> Result<CalendarRow, AppError> {
        let organisation_id = self.checked_scope(actor, input.organisation_id.unwrap_or(scope_if_absent)).await?;
        let name = validate::name("name", &input.name)?;
        build_calendar(&input.time_zone, &input.week, &input.holidays)?;
        let now = self.now_micros();
        Ok(CalendarRow {
            id: 0,
            name,
            time_zone: input.time_zone.trim().to_string(),
            week: to_json(&input.week)?,
            holidays: to_json(&input.holidays)?,
            created_at: now,
            updated_at: now,
            organisation_id,
        })
    }

    /// Creates a calendar (managers and administrators, for their organisations).
    pub async fn create_calendar(&self, actor: &Actor, input: CalendarInput) -> Result<CalendarDoc, AppError> {
        actor.require(DeskPermission::Configure)?;
        let row = self.calendar_row(actor, &input, actor.default_scope()).await?;
        calendar_doc(&self.store().create_calendar(&row).await?)
    }

    /// Changes a calendar; the open tickets whose policies count in it are recomputed.
    pub async fn update_calendar(&self, actor: &Actor, id: i64, input: CalendarInput) -> Result<CalendarDoc, AppError> {
        let current = self.writable_calendar(actor, id).await?;
        let row = CalendarRow { id, ..self.calendar_row(actor, &input, current.organisation_id).await? };
        let saved = self.store().update_calendar(&row).await?;
        self.sla_changed().await?;
        calendar_doc(&saved)
    }

    /// Deletes a calendar no policy uses.
    pub async fn delete_calendar(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        self.writable_calendar(actor, id).await?;
        match self.store().delete_calendar(id).await {
            Err(StoreError::Reference(_)) => Err(AppError::Conflict("a policy still counts in this calendar".into())),
            other => Ok(other?),
        }
    }

    /// The SLA policies the actor may read, active or not (staff and auditors).
    pub async fn list_sla_policies(&self, actor: &Actor) -> Result<Vec<SlaPolicyDoc>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let rows = self.store().list_sla_policies().await?;
        rows.iter().filter(|p| actor.reads_scope(p.organisation_id)).map(policy_doc).collect()
    }

    /// One policy the actor may read.
    pub async fn sla_policy(&self, actor: &Actor, id: i64) -> Result<SlaPolicyDoc, AppError> {
        policy_doc(&self.readable_policy(actor, id).await?)
    }

    async fn readable_policy(&self, actor: &Actor, id: i64) -> Result<PolicyRow, AppError> {
        actor.require(Permission::ReadDirectory)?;
        actor.readable(self.store().sla_policy(id).await?)
    }

    /// A policy of the actor's organisations.
    async fn writable_policy(&self, actor: &Actor, id: i64) -> Result<PolicyRow, AppError> {
        actor.require(DeskPermission::Configure)?;
        actor.writable(self.store().sla_policy(id).await?)
    }

    async fn policy_row(
        &self,
        actor: &Actor,
        input: &SlaPolicyInput,
        scope_if_absent: Option<i64>,
    ) -> Result<PolicyRow, AppError> {
        let organisation_id = self.checked_scope(actor, input.organisation_id.unwrap_or(scope_if_absent)).await?;
        let name = validate::name("name", &input.name)?;
        let calendar = match self.store().calendar(input.calendar_id).await {
            Ok(c) if actor.reads_scope(c.organisation_id) => c,
            Ok(_) | Err(StoreError::NotFound) => return Err(AppError::invalid("calendar_id", "no such calendar")),
            Err(e) => return Err(e.into()),
        };
        if !self.scope_within(organisation_id, calendar.organisation_id).await? {
            return Err(AppError::invalid("calendar_id", "that calendar is not for the policy's organisation"));
        }
        if input.priority.is_some_and(|p| !(1..=5).contains(&p)) {
            return Err(AppError::invalid("priority", "must be between 1 and 5"));
        }
        if let Some(c) = input.category_id {
            match self.store().category(c).await {
                Err(StoreError::NotFound) => return Err(AppError::invalid("category_id", "no such category")),
                other => other?,
            };
        }
        check_targets(&input.targets)?;
        if !(1..=99).contains(&input.warn_percent) {
            return Err(AppError::invalid("warn_percent", "must be between 1 and 99"));
        }
        self.check_escalations(actor, organisation_id, &input.escalations).await?;
        let now = self.now_micros();
        Ok(PolicyRow {
            id: 0,
            name,
            calendar_id: input.calendar_id,
            priority: input.priority.map(i64::from),
            kind: input.kind.map(|k| k.as_str().to_string()),
            category_id: input.category_id,
            organisation_id,
            targets: to_json(&input.targets)?,
            warn_percent: i64::from(input.warn_percent),
            escalations: to_json(&input.escalations)?,
            active: input.active,
            created_at: now,
            updated_at: now,
        })
    }

    /// Escalation levels may move tickets only to teams that serve the policy's
    /// organisations, and to staff the writer sees.
    async fn check_escalations(
        &self,
        actor: &Actor,
        scope: Option<i64>,
        levels: &[EscalationLevel],
    ) -> Result<(), AppError> {
        if levels.len() > 10 {
            return Err(AppError::invalid("escalations", "at most 10 levels"));
        }
        for (i, level) in levels.iter().enumerate() {
            let field = "escalations";
            if !(0..=366 * 24 * 60).contains(&level.after_minutes) {
                return Err(AppError::invalid(field, format!("level {}: after_minutes is 0 to a year", i + 1)));
            }
            let does_something = !level.notify.is_empty()
                || level.reassign_team_id.is_some()
                || level.reassign_user_id.is_some()
                || level.raise_priority;
            if !does_something {
                return Err(AppError::invalid(field, format!("level {}: notify someone or change the ticket", i + 1)));
            }
            if let Some(team) = level.reassign_team_id {
                let serves = match self.store().team(team).await {
                    Ok(t) => {
                        actor.reads_scope(t.organisation_id) && self.scope_within(scope, t.organisation_id).await?
                    }
                    Err(StoreError::NotFound) => false,
                    Err(e) => return Err(e.into()),
                };
                if !serves {
                    return Err(AppError::invalid(field, format!("level {}: no such team for the policy", i + 1)));
                }
            }
            if let Some(user) = level.reassign_user_id {
                let staff = match self.store().user(user).await {
                    Ok(u) => {
                        u.active
                            && u.role != "requester"
                            && u.role != "auditor"
                            && actor.sees_organisation(u.organisation_id)
                    }
                    Err(StoreError::NotFound) => false,
                    Err(e) => return Err(e.into()),
                };
                if !staff {
                    return Err(AppError::invalid(field, format!("level {}: reassign to active staff", i + 1)));
                }
            }
        }
        Ok(())
    }

    /// Creates a policy (managers and administrators, for their organisations); open
    /// tickets are recomputed.
    pub async fn create_sla_policy(&self, actor: &Actor, input: SlaPolicyInput) -> Result<SlaPolicyDoc, AppError> {
        actor.require(DeskPermission::Configure)?;
        let row = self.policy_row(actor, &input, actor.default_scope()).await?;
        let saved = self.store().create_sla_policy(&row).await?;
        self.sla_changed().await?;
        policy_doc(&saved)
    }

    /// Replaces a policy; open tickets are recomputed.
    pub async fn update_sla_policy(
        &self,
        actor: &Actor,
        id: i64,
        input: SlaPolicyInput,
    ) -> Result<SlaPolicyDoc, AppError> {
        let current = self.writable_policy(actor, id).await?;
        let row = PolicyRow { id, ..self.policy_row(actor, &input, current.organisation_id).await? };
        let saved = self.store().update_sla_policy(&row).await?;
        self.sla_changed().await?;
        policy_doc(&saved)
    }

    /// Deletes a policy no ticket ever used (deactivate a used one instead).
    pub async fn delete_sla_policy(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        self.writable_policy(actor, id).await?;
        match self.store().delete_sla_policy(id).await {
            Err(StoreError::Reference(_)) => {
                Err(AppError::Conflict("tickets were measured against this policy; deactivate it instead".into()))
            }
            other => {
                other?;
                self.sla_changed().await
            }
        }
    }

    /// Forgets this node's copy of the configuration and recomputes the open tickets in
    /// the background. Several changes in a row make one recomputation: a job still
    /// waiting to start will read the configuration as it is then.
    async fn sla_changed(&self) -> Result<(), AppError> {
        self.sla_cache().clear();
        let now = self.now_micros();
        self.store().enqueue_unless_queued(&NewJob::now(RECOMPUTE_JOB, serde_json::json!({}), now), now).await?;
        Ok(())
    }

    /// The latest recomputation job, for showing its progress.
    pub async fn sla_recompute_progress(&self, actor: &Actor) -> Result<Option<JobProgress>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let job = self.store().latest_job(RECOMPUTE_JOB).await?;
        job.map(|j| {
            Ok(JobProgress {
                status: j.status.parse().map_err(AppError::stored)?,
                done: j.progress_done,
                total: j.progress_total,
                finished_at: j.finished_at.map(ts),
            })
        })
        .transpose()
    }

    /// Recomputes the clocks of every open ticket, in batches, recording progress on job
    /// `job_id`. Tickets changed meanwhile are recomputed on their next change.
    pub async fn recompute_open_tickets(&self, job_id: i64) -> Result<(), AppError> {
        const BATCH: i64 = 500;
        let total = self.store().count_open_tickets().await?;
        // The configuration as it is when the job starts, read once.
        let config = Arc::new(self.load_sla_config().await?);
        let mut done = 0;
        let mut after = 0;
        loop {
            let page = self.store().open_tickets_after(after, BATCH).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            for before in &page {
                let mut t = before.clone();
                let history = self.update_clocks(Some(before), &mut t, self.now_micros(), Some(&config)).await?;
                if t != *before {
                    let told = !history.is_empty();
                    let internal = internal_only(&history);
                    match self.store().save_ticket(&t, before.version, None, &Effects::history(history)).await {
                        Ok(saved) if told => self.announce_ticket(&saved, ChangeKind::Updated, None, internal, &[]),
                        Ok(_) | Err(StoreError::Stale) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            done += page.len() as i64;
            self.store().set_job_progress(job_id, done, Some(total.max(done))).await?;
        }
        Ok(())
    }

    /// How a ticket's due times were computed (whoever may see the ticket).
    pub async fn explain_sla(&self, actor: &Actor, ticket_id: i64) -> Result<SlaExplanation, AppError> {
        actor.require(DeskPermission::ReadInternals)?;
        let t = self.ticket(actor, ticket_id).await?;
        let row = self.store().ticket(ticket_id).await?.ticket;
        let now = self.now();
        let pauses = self.store().pauses(ticket_id).await?;
        let config = self.sla_config().await?;
        let policy = config.policy(row.sla_policy_id);
        let applied = self.store().escalations(ticket_id).await?;
        let mut explanation = SlaExplanation {
            sla: t.sla.clone(),
            policy: None,
            calendar: None,
            clocks: Vec::new(),
            pauses: pauses.iter().map(|p| PauseDoc { from: ts(p.started_at), to: p.ended_at.map(ts) }).collect(),
        };
        let Some(policy) = policy else { return Ok(explanation) };
        let calendar_name = self.store().calendar(policy.calendar_id).await?.name;
        explanation.policy = Some(PolicyMatch {
            id: policy.id,
            name: policy.name.clone(),
            matched_on: self.matched_on(&policy.scope).await,
            warn_percent: policy.warn_percent,
        });
        explanation.calendar = Some(CalendarRef {
            id: policy.calendar_id,
            name: calendar_name,
            time_zone: policy.calendar.tz.name().into(),
        });
        let Some(target) = policy.target(u8::try_from(row.priority).unwrap_or(5)) else { return Ok(explanation) };
        let pause_pairs: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> =
            pauses.iter().map(|p| (ts(p.started_at), p.ended_at.map(ts))).collect();
        for (clock, state) in
            [(ClockKind::Response, t.sla.response_state), (ClockKind::Resolution, t.sla.resolution_state)]
        {
            let stop = instant(stopped_at(&row, clock));
            let reading = sla::evaluate(
                &policy.calendar,
                ts(row.created_at),
                target.of(clock),
                stop,
                &pause_pairs,
                now,
                f64::from(policy.warn_percent) / 100.0,
            );
            let stored = stored_times(&row, clock);
            let steps = match (state, row.sla_paused_at) {
                // Paused: what was counted before the clocks stopped, then the pause.
                (Some(ClockState::Paused), Some(since)) => {
                    let closed = pause_intervals(&pauses, None, 0);
                    let mut steps = policy
                        .calendar
                        .deadline(ts(row.created_at), reading.elapsed, &closed)
                        .map(|(_, steps)| steps)
                        .unwrap_or_default();
                    steps.push(Step::Paused { from: ts(since), to: now });
                    steps
                }
                _ => reading.explanation,
            };
            explanation.clocks.push(ClockExplanation {
                clock,
                target_minutes: target.of(clock).num_minutes(),
                start: ts(row.created_at),
                due: stored.due,
                warn_at: stored.warn_at,
                stopped_at: stop,
                state,
                elapsed_minutes: reading.elapsed.num_minutes(),
                steps,
                applied: applied
                    .iter()
                    .filter(|a| a.clock == clock.as_str())
                    .map(|a| AppliedEscalation { level: a.level, applied_at: ts(a.applied_at) })
                    .collect(),
            });
        }
        Ok(explanation)
    }

    /// The criteria of a scope, in words.
    async fn matched_on(&self, scope: &Scope) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = scope.priority {
            out.push(format!("priority {p}"));
        }
        if let Some(k) = scope.kind {
            out.push(format!("kind {}", k.label().to_lowercase()));
        }
        if let Some(c) = scope.category_id {
            let name = self.store().category(c).await.map(|c| c.name).unwrap_or_else(|_| c.to_string());
            out.push(format!("category {name}"));
        }
        if let Some(o) = scope.organisation_id {
            let name = self.store().organisation(o).await.map(|o| o.name).unwrap_or_else(|_| o.to_string());
            out.push(format!("organisation {name}"));
        }
        out
    }

    /// Marks breaches, sends warnings and applies escalation levels that have come due, on
    /// every ticket whose next check has come. Returns how many tickets it looked at.
    pub async fn sla_sweep(&self) -> Result<usize, AppError> {
        const BATCH: i64 = 200;
        let mut looked_at = 0;
        loop {
            let now = self.now_micros();
            let ids = self.store().due_sla_checks(now, BATCH).await?;
            for id in &ids {
                self.sweep_ticket(*id, now).await?;
            }
            looked_at += ids.len();
            if (ids.len() as i64) < BATCH {
                return Ok(looked_at);
            }
        }
    }

    async fn sweep_ticket(&self, id: i64, now: i64) -> Result<(), AppError> {
        for _ in 0..5 {
            let before = match self.store().ticket(id).await {
                Ok(v) => v.ticket,
                Err(StoreError::NotFound) => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            if before.sla_next_check_at.is_none_or(|at| at > now) {
                return Ok(()); // another node got here first
            }
            let applied: HashSet<(String, i64)> =
                self.store().escalations(id).await?.into_iter().map(|e| (e.clock, e.level)).collect();
            let change = self.sweep_change(&before, &applied, now).await?;
            let jobs = self.events_jobs(id, &change.events, 0, &Default::default()).await?;
            let effects =
                Effects { history: change.history, notifications: change.notifications, jobs, ..Default::default() };
            let sweep = SweepChange {
                ticket: &change.ticket,
                expected_version: before.version,
                escalations: &change.escalations,
                effects: &effects,
                now,
            };
            match self.store().apply_sla_sweep(&sweep).await {
                Ok(saved) => {
                    if !effects.history.is_empty() || !effects.notifications.is_empty() {
                        let internal = internal_only(&effects.history) || effects.history.is_empty();
                        self.announce_ticket(&saved, ChangeKind::Updated, None, internal, &effects.notifications);
                    }
                    return Ok(());
                }
                Err(StoreError::Stale) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict(format!("ticket {id} kept changing during the SLA sweep")))
    }

    /// What the sweep does to a ticket at `now`, given the escalations already applied.
    async fn sweep_change(
        &self,
        before: &TicketRow,
        applied: &HashSet<(String, i64)>,
        now: i64,
    ) -> Result<PlannedSweep, AppError> {
        let mut plan = PlannedSweep { ticket: before.clone(), ..Default::default() };
        let status: TicketStatus = before.status.parse()?;
        let config = self.sla_config().await?;
        let policy = config.policy(before.sla_policy_id).cloned();
        let (Some(policy), true) = (policy, status.clocks_run()) else {
            plan.ticket.sla_next_check_at = None;
            return Ok(plan);
        };
        let at_now = ts(now);
        let mut next: Option<DateTime<Utc>> = None;
        for clock in ClockKind::ALL {
            if stopped_at(before, clock).is_some() {
                continue;
            }
            let times = stored_times(before, clock);
            let Some(due) = times.due else { continue };
            if due <= at_now && *breached(&mut plan.ticket, clock) != Some(true) {
                *breached(&mut plan.ticket, clock) = Some(true);
                plan.history.push(NewHistory {
                    field: "sla_breached".into(),
                    old_value: None,
                    new_value: Some(clock.as_str().into()),
                });
            } else if due > at_now {
                next = earliest(next, due);
            }
            for event in sla::events(&policy, clock, times) {
                if applied.contains(&(clock.as_str().to_string(), i64::from(event.level))) {
                    continue;
                }
                if event.at > at_now {
                    next = earliest(next, event.at);
                    continue;
                }
                plan.escalations.push((clock.as_str().to_string(), i64::from(event.level)));
                if event.level == 0 {
                    // A warning that comes after the breach has nothing left to warn of.
                    if due > at_now {
                        self.plan_warning(&mut plan, clock, due).await?;
                    }
                } else if let Some(level) = policy.escalations.get(event.level as usize - 1) {
                    self.plan_escalation(&mut plan, clock, event.level, level).await?;
                }
            }
        }
        plan.ticket.sla_next_check_at = micros(next);
        Ok(plan)
    }

    async fn plan_warning(
        &self,
        plan: &mut PlannedSweep,
        clock: ClockKind,
        due: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let t = &plan.ticket;
        let recipients = match (t.assignee_id, t.team_id) {
            (Some(a), _) => vec![a],
            (None, Some(team)) => self.store().team_members(team).await?,
            (None, None) => Vec::new(),
        };
        let number = t.number.clone().unwrap_or_default();
        let message = format!(
            "{number}: {} is due {} (UTC): {}",
            clock.label().to_lowercase(),
            due.format("%Y-%m-%d %H:%M"),
            t.subject
        );
        let recipients = self.audience(t, &recipients, TicketEvent::SlaWarning.part()).await?;
        plan.notify(&recipients, TicketEvent::SlaWarning, message);
        Ok(())
    }

    async fn plan_escalation(
        &self,
        plan: &mut PlannedSweep,
        clock: ClockKind,
        level_no: u32,
        level: &EscalationLevel,
    ) -> Result<(), AppError> {
        let number = plan.ticket.number.clone().unwrap_or_default();
        let what = format!("{} SLA breached, escalation level {level_no}", clock.label());
        plan.history.push(NewHistory { field: "escalation".into(), old_value: None, new_value: Some(what.clone()) });
        if let Some(team) = level.reassign_team_id
            && plan.ticket.team_id != Some(team)
            && self.team_serves(team, plan.ticket.organisation_id).await?
        {
            let members = self.store().team_members(team).await?;
            let old_team = self.team_name(plan.ticket.team_id).await?;
            plan.ticket.team_id = Some(team);
            plan.history.push(line("team", old_team, self.team_name(Some(team)).await?));
            if plan.ticket.assignee_id.is_some_and(|a| !members.contains(&a)) {
                let old = self.user_name(plan.ticket.assignee_id).await?;
                plan.ticket.assignee_id = None;
                plan.history.push(line("assignee", old, None));
                if plan.ticket.status == TicketStatus::Assigned.as_str() {
                    plan.ticket.status = TicketStatus::New.as_str().into();
                    plan.history.push(line("status", Some("assigned".into()), Some("new".into())));
                }
            }
        }
        if let Some(user) = level.reassign_user_id
            && plan.ticket.assignee_id != Some(user)
            && self.can_take(user, plan.ticket.organisation_id).await?
        {
            let old = self.user_name(plan.ticket.assignee_id).await?;
            plan.ticket.assignee_id = Some(user);
            plan.history.push(line("assignee", old, self.user_name(Some(user)).await?));
            if plan.ticket.status == TicketStatus::New.as_str() {
                plan.ticket.status = TicketStatus::Assigned.as_str().into();
                plan.history.push(line("status", Some("new".into()), Some("assigned".into())));
            }
        }
        if level.raise_priority {
            let old = plan.ticket.priority;
            let new = i64::from(sla::raised(u8::try_from(old).unwrap_or(5)));
            if new != old {
                plan.ticket.priority = new;
                plan.history.push(line("priority", Some(old.to_string()), Some(new.to_string())));
            }
        }
        let recipients = self.recipients(&plan.ticket, &level.notify).await?;
        let recipients = self.audience(&plan.ticket, &recipients, TicketEvent::Escalation.part()).await?;
        let message = format!("{number}: {what}: {}", plan.ticket.subject);
        plan.notify(&recipients, TicketEvent::Escalation, message);
        Ok(())
    }

    async fn recipients(&self, t: &TicketRow, who: &[Recipient]) -> Result<Vec<i64>, AppError> {
        let mut out = Vec::new();
        for r in who {
            match r {
                Recipient::Assignee => out.extend(t.assignee_id),
                Recipient::TeamLead => {
                    if let Some(team) = t.team_id {
                        out.extend(self.store().team_lead(team).await?);
                    }
                }
                Recipient::Team => {
                    if let Some(team) = t.team_id {
                        out.extend(self.store().team_members(team).await?);
                    }
                }
                Recipient::Managers => out.extend(self.store().managers_seeing(t.organisation_id).await?),
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Whether a team serves tickets of this organisation.
    async fn team_serves(&self, team: i64, organisation_id: i64) -> Result<bool, AppError> {
        match self.store().team(team).await {
            Ok(t) => self.scope_holds(t.organisation_id, organisation_id).await,
            Err(StoreError::NotFound) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether a person may be given a ticket of this organisation (active staff who see
    /// it; someone deleted or inactive may not).
    async fn can_take(&self, user: i64, organisation_id: i64) -> Result<bool, AppError> {
        let user = match self.store().user(user).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        match self.actor_for(&user).await {
            Ok(a) => Ok(a.role.is_staff() && a.sees_organisation(organisation_id)),
            Err(AppError::Unauthenticated) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A team's name for a history line (none for no team, or one deleted since).
    async fn team_name(&self, id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = id else { return Ok(None) };
        match self.store().team(id).await {
            Ok(t) => Ok(Some(t.name)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// A person's name for a history line (none for nobody, or someone deleted since).
    async fn user_name(&self, id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = id else { return Ok(None) };
        match self.store().user(id).await {
            Ok(u) => Ok(Some(u.name)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

/// What a sweep pass will do to a ticket.
#[derive(Debug, Default)]
struct PlannedSweep {
    ticket: TicketRow,
    escalations: Vec<(String, i64)>,
    history: Vec<NewHistory>,
    notifications: Vec<NewNotification>,
    /// The events webhooks and rules hear of.
    events: Vec<TicketEvent>,
}

impl PlannedSweep {
    fn notify(&mut self, users: &[i64], event: TicketEvent, message: String) {
        self.events.push(event);
        let ticket_id = Some(self.ticket.id);
        self.notifications.extend(users.iter().map(|&user_id| NewNotification {
            user_id,
            ticket_id,
            message: message.clone(),
            event: event.as_str().into(),
            comment_id: None,
            actor_id: None,
            excerpt: None,
            link: None,
        }));
    }
}

fn line(field: &str, old: Option<String>, new: Option<String>) -> NewHistory {
    NewHistory { field: field.into(), old_value: old, new_value: new }
}

fn earliest(a: Option<DateTime<Utc>>, b: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Some(a.map_or(b, |a| a.min(b)))
}

/// The last step of every clock update: a withdrawn ticket owes nothing, so its running
/// clocks are dropped; the sweep looks again at tickets whose clocks run.
fn finish_clocks(t: &mut TicketRow, status: TicketStatus) {
    if status == TicketStatus::Cancelled {
        for clock in ClockKind::ALL {
            if stopped_at(t, clock).is_none() {
                set_times(t, clock, DueTimes::default());
            }
        }
    }
    t.sla_next_check_at = if status.clocks_run() { next_check(t) } else { None };
}

/// When the sweep must look at a ticket whose clocks run: the earliest warning or due time
/// of a clock still running (the sweep itself skips what it already did).
fn next_check(t: &TicketRow) -> Option<i64> {
    ClockKind::ALL
        .into_iter()
        .filter(|c| stopped_at(t, *c).is_none())
        .flat_map(|c| {
            let times = stored_times(t, c);
            [times.warn_at, times.due]
        })
        .flatten()
        .min()
        .map(|t| t.timestamp_micros())
}

/// The progress of a long job.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobProgress {
    pub status: JobStatus,
    pub done: i64,
    pub total: Option<i64>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// A value as the JSON text of a column.
fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_of_bad_segments_is_refused_with_the_day_named() {
        let week = Week { tuesday: vec!["9-17".into()], ..Default::default() };
        let Err(AppError::Invalid(errors)) = build_calendar("UTC", &week, &[]) else { panic!("accepted") };
        assert!(errors[0].detail.contains("tuesday"), "{errors:?}");
        assert!(build_calendar("Mars/Olympus", &Week::default(), &[]).is_err());
        let overlapping = Week { monday: vec!["08:00-12:00".into(), "11:00-13:00".into()], ..Default::default() };
        assert!(build_calendar("UTC", &overlapping, &[]).is_err());
    }

    #[test]
    fn targets_need_distinct_priorities_and_sensible_minutes() {
        let t =
            |priority, response_minutes, resolution_minutes| Target { priority, response_minutes, resolution_minutes };
        assert!(check_targets(&[t(1, 15, 240), t(2, 60, 480)]).is_ok());
        assert!(check_targets(&[]).is_err());
        assert!(check_targets(&[t(1, 15, 240), t(1, 30, 480)]).is_err());
        assert!(check_targets(&[t(6, 15, 240)]).is_err());
        assert!(check_targets(&[t(1, 0, 240)]).is_err());
        assert!(check_targets(&[t(1, 15, TARGET_MAX_MINUTES + 1)]).is_err());
    }

    #[test]
    fn holidays_keep_their_names_next_to_their_rule() {
        let h: NamedHoliday =
            serde_json::from_str(r#"{"name": "Christmas", "kind": "yearly", "month": 12, "day": 25}"#).unwrap();
        assert_eq!(h.rule, Holiday::Yearly { month: 12, day: 25 });
        assert_eq!(serde_json::to_value(&h).unwrap()["name"], "Christmas");
    }
}
