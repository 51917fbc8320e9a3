//! SLA rules: which policy applies to a ticket, and where its clocks stand.
//!
//! A policy names what it applies to (priority, kind, category, organisation; unset means
//! any). Of the policies that match a ticket, the most specific wins (the most criteria
//! set), ties going to the lowest id, so the choice is stable and can be recorded on the
//! ticket. A clock (first response or resolution) counts working time of the policy's
//! calendar from the ticket's creation, standing still while the ticket is pending.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, Interval, Step};
use crate::tickets::TicketKind;

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
