//! Who may see a ticket: the service desk's half of [`crate::platform::access`]. Staff
//! and auditors see the tickets of their organisation's subtree, requesters their own and
//! their department's; [`App::audience`] applies the same rule to everyone news of a
//! ticket may reach, at the time it is written or sent.

use helmdesk_domain::Role;
use helmdesk_store::service_desk::tickets::{TicketRow, Visibility};

use crate::platform::access::{Capability, Reader, scoped};
use crate::{Actor, App, AppError};

/// The service desk's capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskPermission {
    /// File a ticket.
    CreateTicket,
    /// Add a public reply to a ticket one can see.
    ReplyTicket,
    /// Read what staff read of the desk: links, time entries, calendars, SLA policies and
    /// assignment rules.
    ReadInternals,
    /// Change a ticket's fields, assign it, move its status, add internal notes.
    WorkTicket,
    /// Share saved views with all staff.
    ShareViews,
    /// Set the service desk up: categories, calendars and SLA policies, assignment and
    /// automation rules, shared canned responses.
    Configure,
}

impl Capability for DeskPermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (DeskPermission::CreateTicket, &[Requester, Agent, Manager, Admin]),
            (DeskPermission::ReplyTicket, &[Requester, Agent, Manager, Admin]),
            (DeskPermission::ReadInternals, &[Agent, Manager, Admin, Auditor]),
            (DeskPermission::WorkTicket, &[Agent, Manager, Admin]),
            (DeskPermission::ShareViews, &[Manager, Admin]),
            (DeskPermission::Configure, &[Manager, Admin]),
        ]
    };
}

/// Which parts of a ticket something tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the requester sees too: the ticket, its public replies.
    Public,
    /// Internal notes, SLA warnings and escalations: staff and auditors only.
    Internal,
}

impl Actor {
    /// Which tickets the actor may see.
    pub fn visibility(&self) -> Visibility {
        match self.role {
            Role::Admin => Visibility::All,
            Role::Agent | Role::Manager | Role::Auditor => Visibility::Organisations(self.organisations.clone()),
            Role::Requester => Visibility::Requester { user_id: self.id, department_id: self.department_id },
        }
    }

    /// Whether the actor may see this ticket.
    pub fn sees_ticket(&self, t: &TicketRow) -> bool {
        match self.visibility() {
            Visibility::All => true,
            Visibility::Organisations(orgs) => orgs.contains(&t.organisation_id),
            Visibility::Requester { user_id, department_id } => {
                t.requester_id == user_id || (department_id.is_some() && t.department_id == department_id)
            }
        }
    }
}

impl Reader {
    /// Whether this person may read ticket `t` now, and with [`Part::Internal`] its
    /// internal parts. `ticket_above` holds the ticket's organisation and every one above
    /// it ([`ancestors_of`]): staff and auditors read the tickets of their organisation's
    /// subtree, requesters their own and their department's. The same rule as
    /// [`Actor::sees_ticket`].
    pub fn may_read(&self, t: &TicketRow, ticket_above: &[i64], part: Part) -> bool {
        if !self.active || (part == Part::Internal && !self.role.sees_internal()) {
            return false;
        }
        match self.role {
            Role::Admin => true,
            Role::Agent | Role::Manager | Role::Auditor => ticket_above.contains(&self.organisation_id),
            Role::Requester => {
                t.requester_id == self.id || (self.department_id.is_some() && t.department_id == self.department_id)
            }
        }
    }
}

impl App {
    /// Of `candidates`, those who may read ticket `t` now (with [`Part::Internal`], its
    /// internal parts too), each once, in the order given. Every channel that tells of a
    /// ticket passes its recipients through here at the time it writes or sends.
    pub async fn audience(&self, t: &TicketRow, candidates: &[i64], part: Part) -> Result<Vec<i64>, AppError> {
        let mut ids = candidates.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let above = self.ticket_above(t.organisation_id).await?;
        let allowed: Vec<i64> = self
            .store()
            .users_by_ids(&ids)
            .await?
            .iter()
            .filter_map(Reader::of)
            .filter(|r| r.may_read(t, &above, part))
            .map(|r| r.id)
            .collect();
        let mut seen = std::collections::HashSet::new();
        Ok(candidates.iter().copied().filter(|id| allowed.contains(id) && seen.insert(*id)).collect())
    }
}

scoped!(
    helmdesk_store::service_desk::sla::CalendarRow,
    helmdesk_store::service_desk::sla::PolicyRow,
    helmdesk_store::service_desk::routing::RuleRow,
    helmdesk_store::service_desk::automation::RuleRow,
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The service desk's matrix, spelled out: changing a role's powers must change this
    /// test.
    #[test]
    fn each_role_has_exactly_its_service_desk_capabilities() {
        use DeskPermission::*;
        let table: [(Role, [bool; 6]); 5] = [
            (Role::Requester, [true, true, false, false, false, false]),
            (Role::Agent, [true, true, true, true, false, false]),
            (Role::Manager, [true, true, true, true, true, true]),
            (Role::Admin, [true, true, true, true, true, true]),
            (Role::Auditor, [false, false, true, false, false, false]),
        ];
        let all = [CreateTicket, ReplyTicket, ReadInternals, WorkTicket, ShareViews, Configure];
        for (role, allowed) in table {
            for (p, expected) in all.iter().zip(allowed) {
                assert_eq!(p.allows(role), expected, "{role} {p:?}");
            }
        }
    }
}
