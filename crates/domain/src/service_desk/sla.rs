//! SLA rules: which policy applies to a ticket, and where its clocks stand.
//!
//! A policy names what it applies to (priority, kind, category, organisation; unset means
//! any). Of the policies that match a ticket, the most specific wins (the most criteria
//! set), ties going to the lowest id, so the choice is stable and can be recorded on the
//! ticket. A clock (first response or resolution) counts working time of the policy's
//! calendar from the ticket's creation, standing still while the ticket is pending.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::service_desk::calendar::{Calendar, Interval, Step};
use crate::service_desk::tickets::TicketKind;

/// What a policy applies to; `None` matches anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub priority: Option<u8>,
    pub kind: Option<TicketKind>,
    pub category_id: Option<i64>,
    pub organisation_id: Option<i64>,
}

/// The facts of a ticket a scope is matched against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub priority: u8,
    pub kind: TicketKind,
    pub category_id: Option<i64>,
    pub organisation_id: i64,
}

impl Scope {
    /// Whether the scope covers a ticket with these facts.
    pub fn matches(&self, t: &TicketFacts) -> bool {
        self.priority.is_none_or(|p| p == t.priority)
            && self.kind.is_none_or(|k| k == t.kind)
            && self.category_id.is_none_or(|c| Some(c) == t.category_id)
            && self.organisation_id.is_none_or(|o| o == t.organisation_id)
    }

    /// How many criteria are set.
    pub fn specificity(&self) -> usize {
        [self.priority.is_some(), self.kind.is_some(), self.category_id.is_some(), self.organisation_id.is_some()]
            .into_iter()
            .filter(|set| *set)
            .count()
    }
}

/// The id of the policy that applies: the most specific match, ties to the lowest id.
pub fn choose(policies: &[(i64, Scope)], ticket: &TicketFacts) -> Option<i64> {
    policies
        .iter()
        .filter(|(_, scope)| scope.matches(ticket))
        .max_by(|(a_id, a), (b_id, b)| a.specificity().cmp(&b.specificity()).then(b_id.cmp(a_id)))
        .map(|(id, _)| *id)
}

/// Where one SLA clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Counting, well within target.
    Running,
    /// Counting, past the warning share of the target.
    Warning,
    /// Standing still: the ticket is pending.
    Paused,
    /// Stopped in time.
    Met,
    /// Past due (still counting or stopped late).
    Breached,
}

impl ClockState {
    /// How bad the state is, for the ticket's overall state (the worst of its clocks):
    /// met < paused < running < warning < breached.
    pub fn severity(self) -> u8 {
        match self {
            ClockState::Met => 0,
            ClockState::Paused => 1,
            ClockState::Running => 2,
            ClockState::Warning => 3,
            ClockState::Breached => 4,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Warning => "warning",
            ClockState::Paused => "paused",
            ClockState::Met => "met",
            ClockState::Breached => "breached",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ClockState::Running => "On track",
            ClockState::Warning => "Due soon",
            ClockState::Paused => "Paused",
            ClockState::Met => "Met",
            ClockState::Breached => "Breached",
        }
    }
}

/// What is stored of one clock on a ticket: enough to tell its state at any instant
/// without the calendar (for lists, filters and the escalation sweep).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredClock {
    /// When the target falls due (given the pauses up to the last computation).
    pub due: Option<DateTime<Utc>>,
    /// When the clock enters its warning share.
    pub warn_at: Option<DateTime<Utc>>,
    /// When the clock stopped (first response; resolution).
    pub stopped_at: Option<DateTime<Utc>>,
    /// Decided once the clock stops late (or the sweep sees it run past due).
    pub breached: Option<bool>,
}

impl StoredClock {
    /// The clock's state at `now`, `paused` while the ticket is pending; `None` when the
    /// ticket has no such clock. The rules, in order: breached once decided so; met when
    /// stopped; paused while pending; breached past due; warning past the warning time.
    /// The SQL filters of the ticket list follow the same rules.
    pub fn state(&self, paused: bool, now: DateTime<Utc>) -> Option<ClockState> {
        if self.breached == Some(true) {
            return Some(ClockState::Breached);
        }
        if self.stopped_at.is_some() && (self.due.is_some() || self.breached.is_some()) {
            return Some(ClockState::Met);
        }
        let due = self.due?;
        Some(if paused {
            ClockState::Paused
        } else if now >= due {
            ClockState::Breached
        } else if self.warn_at.is_some_and(|w| now >= w) {
            ClockState::Warning
        } else {
            ClockState::Running
        })
    }
}

/// A ticket's overall SLA state: the worst of its clocks' states.
pub fn overall(states: &[Option<ClockState>]) -> Option<ClockState> {
    states.iter().flatten().copied().max_by_key(|s| s.severity())
}

/// The two clocks of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// Until the first public reply by staff.
    Response,
    /// Until the ticket is resolved.
    Resolution,
}

impl ClockKind {
    /// Both clocks, response first.
    pub const ALL: [ClockKind; 2] = [ClockKind::Response, ClockKind::Resolution];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Response => "response",
            ClockKind::Resolution => "resolution",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ClockKind::Response => "First response",
            ClockKind::Resolution => "Resolution",
        }
    }
}

/// The targets of one priority, in working minutes of the policy's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// 1 (critical) to 5 (planning).
    #[schema(minimum = 1, maximum = 5)]
    pub priority: u8,
    /// Working minutes until the first response is due.
    pub response_minutes: i64,
    /// Working minutes until the resolution is due.
    pub resolution_minutes: i64,
}

impl Target {
    /// The target of one clock.
    pub fn of(&self, clock: ClockKind) -> Duration {
        Duration::minutes(match clock {
            ClockKind::Response => self.response_minutes,
            ClockKind::Resolution => self.resolution_minutes,
        })
    }
}

/// Who an escalation tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The person the ticket is assigned to.
    Assignee,
    /// The lead of the ticket's team.
    TeamLead,
    /// Every member of the ticket's team.
    Team,
    /// The managers who can see the ticket's organisation.
    Managers,
}

/// One step of escalation: what happens some time after a clock breaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationLevel {
    /// The clock whose breach starts the escalation.
    pub clock: ClockKind,
    /// Minutes after the breach (wall-clock time; 0 = at the breach).
    #[serde(default)]
    pub after_minutes: i64,
    /// Who is notified.
    #[serde(default)]
    pub notify: Vec<Recipient>,
    /// Move the ticket to this team (its assignee is kept only if a member).
    #[serde(default)]
    pub reassign_team_id: Option<i64>,
    /// Assign the ticket to this person.
    #[serde(default)]
    pub reassign_user_id: Option<i64>,
    /// Raise the priority one step (towards 1).
    #[serde(default)]
    pub raise_priority: bool,
}

/// An SLA policy with its calendar: what it applies to, its targets per priority, when it
/// warns, and how it escalates.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: i64,
    pub name: String,
    pub scope: Scope,
    pub calendar_id: i64,
    pub calendar: Calendar,
    pub targets: Vec<Target>,
    /// The share of a target (percent) after which a clock warns.
    pub warn_percent: u8,
    pub escalations: Vec<EscalationLevel>,
}

impl Policy {
    /// The targets for a priority, if the policy has any.
    pub fn target(&self, priority: u8) -> Option<&Target> {
        self.targets.iter().find(|t| t.priority == priority)
    }
}

/// The policy that applies to a ticket: of the policies with targets for its priority, the
/// most specific match (ties to the lowest id).
pub fn choose_policy<'a>(policies: &'a [Policy], ticket: &TicketFacts) -> Option<&'a Policy> {
    let candidates: Vec<(i64, Scope)> =
        policies.iter().filter(|p| p.target(ticket.priority).is_some()).map(|p| (p.id, p.scope.clone())).collect();
    let id = choose(&candidates, ticket)?;
    policies.iter().find(|p| p.id == id)
}

/// When one clock falls due and warns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DueTimes {
    pub due: Option<DateTime<Utc>>,
    pub warn_at: Option<DateTime<Utc>>,
}

/// The due and warning times of a clock of `target` working time from `start`, leaving out
/// `pauses` (all closed).
pub fn due_times(policy: &Policy, start: DateTime<Utc>, target: Duration, pauses: &[Interval]) -> DueTimes {
    let warn = Duration::seconds(target.num_seconds() * i64::from(policy.warn_percent) / 100);
    DueTimes {
        due: policy.calendar.deadline(start, target, pauses).map(|(d, _)| d),
        warn_at: policy.calendar.deadline(start, warn, pauses).map(|(d, _)| d),
    }
}

/// Something the escalation sweep does to a ticket at a time: the warning of a clock
/// (level 0) or one of the policy's escalation levels (1 = the first in the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaEvent {
    pub clock: ClockKind,
    pub level: u32,
    pub at: DateTime<Utc>,
}

/// The events of a running clock with the given due and warning times, in time order.
pub fn events(policy: &Policy, clock: ClockKind, times: DueTimes) -> Vec<SlaEvent> {
    let mut out = Vec::new();
    if let Some(at) = times.warn_at {
        out.push(SlaEvent { clock, level: 0, at });
    }
    if let Some(due) = times.due {
        for (i, level) in policy.escalations.iter().enumerate().filter(|(_, l)| l.clock == clock) {
            out.push(SlaEvent { clock, level: i as u32 + 1, at: due + Duration::minutes(level.after_minutes.max(0)) });
        }
    }
    out.sort_by_key(|e| (e.at, e.level));
    out
}

/// Whether a clock that stops at `stop` missed its `due` time. A clock paused since
/// `paused_since` stood still from then on, so it is judged at the pause.
pub fn missed(due: DateTime<Utc>, stop: DateTime<Utc>, paused_since: Option<DateTime<Utc>>) -> bool {
    paused_since.map_or(stop, |p| p.min(stop)) >= due
}

/// One priority step more urgent (1 stays 1).
pub fn raised(priority: u8) -> u8 {
    priority.saturating_sub(1).max(1)
}

/// One evaluated clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockReading {
    pub state: ClockState,
    /// When the target falls due, given the pauses so far (an open pause pushes it out of
    /// reach, so `None` while paused and for calendars without working time).
    pub due: Option<DateTime<Utc>>,
    /// Working time counted so far (to the stop, or to now).
    pub elapsed: Duration,
    /// How the due time was computed.
    pub explanation: Vec<Step>,
}

/// Evaluates a clock with `target` working time from `start`, stopped at `stop` if it has
/// stopped, with `pauses` (an open pause ends at `None`), at instant `now`; `warn_share`
/// is the fraction of the target after which a running clock is in warning.
pub fn evaluate(
    calendar: &Calendar,
    start: DateTime<Utc>,
    target: Duration,
    stop: Option<DateTime<Utc>>,
    pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
    warn_share: f64,
) -> ClockReading {
    let end = stop.unwrap_or(now);
    let closed: Vec<Interval> = pauses
        .iter()
        .map(|(from, to)| Interval { from: *from, to: to.unwrap_or(end).min(end) })
        .filter(|p| p.from < p.to)
        .collect();
    let paused_time =
        closed.iter().fold(Duration::zero(), |sum, p| sum + calendar.working_time(p.from.max(start), p.to));
    let elapsed = calendar.working_time(start, end) - paused_time;
    let open_pause = stop.is_none() && pauses.iter().any(|(from, to)| to.is_none() && *from <= now);
    let (due, explanation) = if open_pause {
        (None, Vec::new())
    } else {
        match calendar.deadline(start, target, &closed) {
            Some((due, steps)) => (Some(due), steps),
            None => (None, Vec::new()),
        }
    };
    let late = elapsed > target || due.is_some_and(|d| end > d);
    let state = match (stop, open_pause) {
        _ if late => ClockState::Breached,
        (Some(_), _) => ClockState::Met,
        (None, true) => ClockState::Paused,
        (None, false) if elapsed.num_seconds() as f64 >= target.num_seconds() as f64 * warn_share => {
            ClockState::Warning
        }
        _ => ClockState::Running,
    };
    ClockReading { state, due, elapsed, explanation }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> TicketFacts {
        TicketFacts { priority: 2, kind: TicketKind::Incident, category_id: Some(7), organisation_id: 1 }
    }

    #[test]
    fn the_most_specific_matching_policy_wins_and_ties_go_to_the_oldest() {
        let any = Scope::default();
        let p2 = Scope { priority: Some(2), ..Default::default() };
        let p2_cat = Scope { priority: Some(2), category_id: Some(7), ..Default::default() };
        let p1_cat = Scope { priority: Some(1), category_id: Some(7), ..Default::default() };
        let org = Scope { organisation_id: Some(1), ..Default::default() };
        assert_eq!(choose(&[(1, any.clone()), (2, p2.clone()), (3, p2_cat.clone()), (4, p1_cat)], &facts()), Some(3));
        assert_eq!(choose(&[(5, org), (2, p2)], &facts()), Some(2));
        assert_eq!(choose(&[(9, any.clone()), (8, any)], &facts()), Some(8));
        assert_eq!(choose(&[], &facts()), None);
    }

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn a_clock_runs_warns_breaches_and_is_met() {
        let cal = Calendar::always();
        let target = Duration::hours(4);
        assert_eq!(evaluate(&cal, t(0), target, None, &[], t(1), 0.75).state, ClockState::Running);
        assert_eq!(evaluate(&cal, t(0), target, None, &[], t(3), 0.75).state, ClockState::Warning);
        let late = evaluate(&cal, t(0), target, None, &[], t(5), 0.75);
        assert_eq!(late.state, ClockState::Breached);
        assert_eq!(late.due, Some(t(4)));
        assert_eq!(evaluate(&cal, t(0), target, Some(t(2)), &[], t(9), 0.75).state, ClockState::Met);
        assert_eq!(evaluate(&cal, t(0), target, Some(t(5)), &[], t(9), 0.75).state, ClockState::Breached);
    }

    #[test]
    fn a_stored_clock_tells_its_state_without_the_calendar() {
        let due = StoredClock { due: Some(t(4)), warn_at: Some(t(3)), ..Default::default() };
        assert_eq!(due.state(false, t(1)), Some(ClockState::Running));
        assert_eq!(due.state(false, t(3)), Some(ClockState::Warning));
        assert_eq!(due.state(false, t(4)), Some(ClockState::Breached));
        assert_eq!(due.state(true, t(9)), Some(ClockState::Paused));
        let stopped = StoredClock { stopped_at: Some(t(2)), breached: Some(false), ..due };
        assert_eq!(stopped.state(false, t(9)), Some(ClockState::Met));
        let late = StoredClock { breached: Some(true), ..stopped };
        assert_eq!(late.state(true, t(9)), Some(ClockState::Breached));
        assert_eq!(StoredClock::default().state(false, t(9)), None);
        let imported = StoredClock { stopped_at: Some(t(2)), breached: Some(false), ..Default::default() };
        assert_eq!(imported.state(false, t(9)), Some(ClockState::Met));
    }

    fn policy(id: i64, scope: Scope, priorities: &[u8]) -> Policy {
        Policy {
            id,
            name: format!("policy {id}"),
            scope,
            calendar_id: 1,
            calendar: Calendar::always(),
            targets: priorities
                .iter()
                .map(|&priority| Target { priority, response_minutes: 60, resolution_minutes: 240 })
                .collect(),
            warn_percent: 75,
            escalations: vec![
                EscalationLevel {
                    clock: ClockKind::Resolution,
                    after_minutes: 30,
                    notify: vec![Recipient::TeamLead],
                    reassign_team_id: None,
                    reassign_user_id: None,
                    raise_priority: true,
                },
                EscalationLevel {
                    clock: ClockKind::Resolution,
                    after_minutes: 0,
                    notify: vec![Recipient::Assignee],
                    reassign_team_id: None,
                    reassign_user_id: None,
                    raise_priority: false,
                },
            ],
        }
    }

    #[test]
    fn a_policy_without_a_target_for_the_priority_does_not_apply() {
        let specific = policy(1, Scope { category_id: Some(7), ..Default::default() }, &[1]);
        let general = policy(2, Scope::default(), &[1, 2, 3, 4, 5]);
        let policies = [specific, general];
        assert_eq!(choose_policy(&policies, &facts()).map(|p| p.id), Some(2));
        let p1 = TicketFacts { priority: 1, ..facts() };
        assert_eq!(choose_policy(&policies, &p1).map(|p| p.id), Some(1));
    }

    #[test]
    fn due_and_warning_times_count_working_time_of_the_calendar() {
        let p = policy(1, Scope::default(), &[2]);
        let times = due_times(&p, t(0), Duration::hours(4), &[]);
        assert_eq!(times.due, Some(t(4)));
        assert_eq!(times.warn_at, Some(t(3)));
        let paused = [Interval { from: t(1), to: t(3) }];
        assert_eq!(due_times(&p, t(0), Duration::hours(4), &paused).due, Some(t(6)));
    }

    #[test]
    fn a_clock_warns_then_escalates_level_by_level_after_its_breach() {
        let p = policy(1, Scope::default(), &[2]);
        let times = DueTimes { due: Some(t(4)), warn_at: Some(t(3)) };
        let events = events(&p, ClockKind::Resolution, times);
        let levels: Vec<(u32, DateTime<Utc>)> = events.iter().map(|e| (e.level, e.at)).collect();
        assert_eq!(levels, [(0, t(3)), (2, t(4)), (1, t(4) + Duration::minutes(30))]);
        assert_eq!(super::events(&p, ClockKind::Response, times).len(), 1, "only the warning");
        assert_eq!((raised(3), raised(1)), (2, 1));
    }

    #[test]
    fn a_clock_is_judged_where_it_stopped_or_was_paused() {
        assert!(!missed(t(4), t(3), None));
        assert!(missed(t(4), t(4), None));
        assert!(!missed(t(4), t(9), Some(t(2))), "resolved while pending since before the due time");
        assert!(missed(t(4), t(9), Some(t(5))));
    }

    #[test]
    fn a_ticket_is_as_bad_as_its_worst_clock() {
        use ClockState::*;
        assert_eq!(overall(&[Some(Met), Some(Running)]), Some(Running));
        assert_eq!(overall(&[Some(Breached), Some(Met)]), Some(Breached));
        assert_eq!(overall(&[Some(Met), Some(Paused)]), Some(Paused));
        assert_eq!(overall(&[None, Some(Warning)]), Some(Warning));
        assert_eq!(overall(&[None, None]), None);
    }

    #[test]
    fn a_pending_ticket_stops_the_clock_and_its_due_time_moves() {
        let cal = Calendar::always();
        let target = Duration::hours(4);
        let open = evaluate(&cal, t(0), target, None, &[(t(1), None)], t(10), 0.75);
        assert_eq!(open.state, ClockState::Paused);
        assert_eq!(open.elapsed, Duration::hours(1));
        let resumed = evaluate(&cal, t(0), target, None, &[(t(1), Some(t(10)))], t(11), 0.75);
        assert_eq!(resumed.state, ClockState::Running);
        assert_eq!(resumed.due, Some(t(13)));
        assert_eq!(resumed.elapsed, Duration::hours(2));
    }
}
