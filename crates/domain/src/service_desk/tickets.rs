//! Tickets: kinds, the status workflow, impact/urgency levels and the priority matrix.

use serde::{Deserialize, Serialize};

use crate::validate::{RuleError, text_enum};

text_enum!(
    /// Whether something is broken or something is wanted.
    TicketKind, "kind" {
        /// Something is broken: restore service.
        Incident = "incident",
        /// Something is wanted: fulfil it.
        ServiceRequest = "service_request",
    }
);

text_enum!(
    /// Where a ticket stands in its workflow.
    TicketStatus, "status" {
        /// Filed, nobody has it yet.
        New = "new",
        /// Someone has it and has not started.
        Assigned = "assigned",
        /// Being worked on.
        InProgress = "in_progress",
        /// Waiting on the requester, a vendor or a change.
        Pending = "pending",
        /// Fixed or fulfilled; may still be reopened.
        Resolved = "resolved",
        /// Done for good.
        Closed = "closed",
        /// Withdrawn.
        Cancelled = "cancelled",
    }
);

text_enum!(
    /// Impact or urgency.
    Level, "level" {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
);

impl TicketKind {
    /// The letters in front of a ticket number.
    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::Incident => "INC",
            TicketKind::ServiceRequest => "REQ",
        }
    }

    /// The human-readable number of ticket `id`, e.g. `INC-000123`.
    pub fn number(self, id: i64) -> String {
        format!("{}-{id:06}", self.prefix())
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            TicketKind::Incident => "Incident",
            TicketKind::ServiceRequest => "Service request",
        }
    }
}

impl TicketStatus {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::New => "New",
            TicketStatus::Assigned => "Assigned",
            TicketStatus::InProgress => "In progress",
            TicketStatus::Pending => "Pending",
            TicketStatus::Resolved => "Resolved",
            TicketStatus::Closed => "Closed",
            TicketStatus::Cancelled => "Cancelled",
        }
    }

    /// Open tickets still need work.
    pub fn is_open(self) -> bool {
        !matches!(self, TicketStatus::Resolved | TicketStatus::Closed | TicketStatus::Cancelled)
    }

    /// Statuses this one may move to.
    pub fn next(self) -> &'static [TicketStatus] {
        use TicketStatus::*;
        match self {
            New => &[Assigned, InProgress, Pending, Resolved, Cancelled],
            Assigned => &[New, InProgress, Pending, Resolved, Cancelled],
            InProgress => &[Assigned, Pending, Resolved, Cancelled],
            Pending => &[New, Assigned, InProgress, Resolved, Cancelled],
            Resolved => &[Closed, New, InProgress, Assigned],
            Closed | Cancelled => &[],
        }
    }

    /// Whether the SLA clocks run in this status (they stand still while pending and stop
    /// once the ticket is resolved, closed or cancelled).
    pub fn clocks_run(self) -> bool {
        matches!(self, TicketStatus::New | TicketStatus::Assigned | TicketStatus::InProgress)
    }

    /// Where a reply from the requester moves a ticket: a pending one resumes and a
    /// resolved one reopens, to its assignee (in progress) or, without one, back to new.
    pub fn after_requester_reply(self, assigned: bool) -> Option<TicketStatus> {
        match self {
            TicketStatus::Pending | TicketStatus::Resolved => {
                Some(if assigned { TicketStatus::InProgress } else { TicketStatus::New })
            }
            _ => None,
        }
    }

    /// Checks that a ticket may move from `self` to `to`. Staying put is always allowed.
    pub fn check_transition(self, to: TicketStatus) -> Result<(), RuleError> {
        if self == to || self.next().contains(&to) {
            Ok(())
        } else {
            Err(RuleError::Transition { from: self.as_str().into(), to: to.as_str().into() })
        }
    }
}

impl Level {
    fn index(self) -> usize {
        match self {
            Level::High => 0,
            Level::Medium => 1,
            Level::Low => 2,
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Level::High => "High",
            Level::Medium => "Medium",
            Level::Low => "Low",
        }
    }
}

/// Impact x urgency to priority (1 = critical ... 5 = planning). Rows are impact
/// high/medium/low, columns urgency high/medium/low.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "[[u8; 3]; 3]", into = "[[u8; 3]; 3]")]
pub struct PriorityMatrix([[u8; 3]; 3]);

impl PriorityMatrix {
    /// The ITIL default.
    pub const ITIL: PriorityMatrix = PriorityMatrix([[1, 2, 3], [2, 3, 4], [3, 4, 5]]);

    /// The priority of a ticket with this impact and urgency.
    pub fn priority(&self, impact: Level, urgency: Level) -> u8 {
        self.0[impact.index()][urgency.index()]
    }
}

impl Default for PriorityMatrix {
    fn default() -> Self {
        Self::ITIL
    }
}

impl TryFrom<[[u8; 3]; 3]> for PriorityMatrix {
    type Error = RuleError;

    fn try_from(rows: [[u8; 3]; 3]) -> Result<Self, RuleError> {
        if rows.iter().flatten().all(|p| (1..=5).contains(p)) {
            Ok(PriorityMatrix(rows))
        } else {
            Err(RuleError::invalid("priority_matrix", "every priority must be between 1 and 5"))
        }
    }
}

impl From<PriorityMatrix> for [[u8; 3]; 3] {
    fn from(m: PriorityMatrix) -> Self {
        m.0
    }
}

/// A label for a priority number.
pub fn priority_label(priority: u8) -> &'static str {
    match priority {
        1 => "P1 Critical",
        2 => "P2 High",
        3 => "P3 Moderate",
        4 => "P4 Low",
        _ => "P5 Planning",
    }
}

/// The ticket numbers a search text stands for, when it is one number as people type it:
/// `INC-000247`, `inc-247`, `#247`, `000247` or `247` (without a prefix, either kind).
pub fn numbers_typed(text: &str) -> Vec<String> {
    let text = text.trim().trim_start_matches('#').to_ascii_uppercase();
    let (kinds, digits) = match text.split_once('-') {
        Some((prefix, digits)) => match TicketKind::ALL.iter().find(|k| k.prefix() == prefix) {
            Some(kind) => (vec![*kind], digits),
            None => return Vec::new(),
        },
        None => (TicketKind::ALL.to_vec(), text.as_str()),
    };
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    match digits.parse::<i64>() {
        Ok(id) if id > 0 => kinds.into_iter().map(|k| k.number(id)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_read_however_people_type_it() {
        for typed in ["INC-000247", "inc-247", " #247 ", "000247"] {
            assert!(numbers_typed(typed).contains(&"INC-000247".to_string()), "{typed:?}");
        }
        assert_eq!(numbers_typed("247"), ["INC-000247", "REQ-000247"]);
        assert_eq!(numbers_typed("REQ-12"), ["REQ-000012"]);
        for words in ["", "printer", "INC-", "XYZ-247", "247 printer", "0", "-5", "1234567890123"] {
            assert!(numbers_typed(words).is_empty(), "{words:?}");
        }
    }

    #[test]
    fn ticket_numbers_carry_the_kind_and_six_digits() {
        assert_eq!(TicketKind::Incident.number(123), "INC-000123");
        assert_eq!(TicketKind::ServiceRequest.number(124), "REQ-000124");
        assert_eq!(TicketKind::Incident.number(1_234_567), "INC-1234567");
    }

    #[test]
    fn the_itil_matrix_gives_critical_for_high_high_and_planning_for_low_low() {
        let m = PriorityMatrix::ITIL;
        assert_eq!(m.priority(Level::High, Level::High), 1);
        assert_eq!(m.priority(Level::High, Level::Low), 3);
        assert_eq!(m.priority(Level::Medium, Level::Medium), 3);
        assert_eq!(m.priority(Level::Low, Level::Low), 5);
    }

    #[test]
    fn a_matrix_with_a_priority_out_of_range_is_refused() {
        assert!(PriorityMatrix::try_from([[0, 2, 3], [2, 3, 4], [3, 4, 5]]).is_err());
        assert!(PriorityMatrix::try_from([[1, 2, 3], [2, 3, 4], [3, 4, 6]]).is_err());
    }

    #[test]
    fn closed_and_cancelled_tickets_go_nowhere() {
        for to in TicketStatus::ALL {
            if *to != TicketStatus::Closed {
                assert!(TicketStatus::Closed.check_transition(*to).is_err());
            }
        }
        assert!(TicketStatus::Cancelled.next().is_empty());
    }

    #[test]
    fn a_resolved_ticket_can_be_reopened_or_closed() {
        assert!(TicketStatus::Resolved.check_transition(TicketStatus::InProgress).is_ok());
        assert!(TicketStatus::Resolved.check_transition(TicketStatus::Closed).is_ok());
        assert!(TicketStatus::Resolved.check_transition(TicketStatus::Pending).is_err());
    }

    #[test]
    fn a_requester_reply_resumes_a_pending_ticket_and_reopens_a_resolved_one() {
        use TicketStatus::*;
        assert_eq!(Pending.after_requester_reply(true), Some(InProgress));
        assert_eq!(Resolved.after_requester_reply(false), Some(New));
        assert_eq!(InProgress.after_requester_reply(true), None);
        assert_eq!(Closed.after_requester_reply(true), None);
        for from in [Pending, Resolved] {
            for assigned in [true, false] {
                let to = from.after_requester_reply(assigned).unwrap();
                assert!(from.check_transition(to).is_ok(), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn a_new_ticket_cannot_be_closed_without_being_resolved() {
        assert!(TicketStatus::New.check_transition(TicketStatus::Closed).is_err());
    }

    #[test]
    fn unknown_enum_values_name_the_field_and_the_choices() {
        let err = "urgent".parse::<Level>().unwrap_err();
        assert_eq!(err, RuleError::invalid("level", "unknown value \"urgent\"; expected one of high, medium, low"));
    }
}
