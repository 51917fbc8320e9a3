//! Live updates of tickets: what the service desk tells the platform's bus
//! ([`crate::platform::live`]) once a change to a ticket has committed, and who hears of it.
//!
//! A change is told with the ticket's organisation, requester and department, so that each
//! subscriber is checked by the rule of who may see a ticket ([`Actor::sees_ticket`]) in
//! memory, without a read per event; a change that tells only of internal parts (a note,
//! routing, SLA breaches and escalations) reaches staff and auditors only. A person hears
//! of their own notifications only. What a page then shows it reads through the ordinary
//! use cases.

use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::service_desk::tickets::{NewHistory, TicketRow};
use tokio::sync::broadcast::error::RecvError;

use crate::platform::live::{Audience, Change, ChangeKind, LiveEvent, Subscription};
use crate::service_desk::tickets::staff_only;
use crate::{Actor, App};

/// The subject of ticket changes on the bus.
pub const SUBJECT: &str = "ticket";

/// What a live page or API client hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveUpdate {
    /// A ticket they may see changed; `mine` when they changed it themselves.
    Ticket { id: i64, kind: ChangeKind, mine: bool },
    /// Their notifications changed: the unread count is to be read again.
    Notifications,
    /// Who else has ticket `id` open changed (staff only).
    Presence { id: i64 },
    /// Something may have been missed: what is shown is to be read again.
    Reload,
}

impl App {
    /// Tells live pages that ticket `t` (as saved) changed, and the people of `notified`
    /// that they have new notifications. Call it after the change commits; it never waits.
    pub(crate) fn announce_ticket(
        &self,
        t: &TicketRow,
        kind: ChangeKind,
        actor_id: Option<i64>,
        internal: bool,
        notified: &[NewNotification],
    ) {
        let live = self.live();
        live.publish(LiveEvent::Changed(Change {
            subject: SUBJECT.into(),
            id: t.id,
            kind,
            actor_id,
            audience: Audience {
                organisation_id: t.organisation_id,
                owner_id: t.requester_id,
                department_id: t.department_id,
                internal,
            },
        }));
        let mut told = Vec::with_capacity(notified.len());
        for n in notified {
            if !told.contains(&n.user_id) {
                told.push(n.user_id);
                live.publish(LiveEvent::Notifications { user_id: n.user_id });
            }
        }
    }

    /// The live updates `actor` may hear of, from now on.
    pub fn live_updates(&self, actor: Actor) -> LiveFeed {
        LiveFeed { actor, subscription: self.live().subscribe() }
    }
}

/// Whether a change with these history lines tells only of what staff see (routing, SLA
/// policy, breaches, escalations, internal fields).
pub(crate) fn internal_only(history: &[NewHistory]) -> bool {
    !history.is_empty() && history.iter().all(|h| staff_only(&h.field))
}

/// Whether `actor` may hear of `change`.
fn hears(actor: &Actor, change: &Change) -> bool {
    change.subject == SUBJECT && hears_of(actor, &change.audience)
}

/// Whether `actor` may hear of a ticket with audience `a`.
fn hears_of(actor: &Actor, a: &Audience) -> bool {
    let ticket = TicketRow {
        organisation_id: a.organisation_id,
        requester_id: a.owner_id,
        department_id: a.department_id,
        ..Default::default()
    };
    actor.sees_ticket(&ticket) && (!a.internal || actor.role.sees_internal())
}

/// One person's live updates (a page's `GET /events`).
pub struct LiveFeed {
    actor: Actor,
    subscription: Subscription,
}

impl LiveFeed {
    /// Follows the updates of `actor` as they are now (read again by the caller from time
    /// to time: a role, organisation or account changes while a page stays open).
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// The person whose updates these are.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The next update the person may hear of; `None` once the node closes. Falling behind
    /// the bus is [`LiveUpdate::Reload`].
    pub async fn next(&mut self) -> Option<LiveUpdate> {
        loop {
            let Subscription { events, closing } = &mut self.subscription;
            let event = tokio::select! {
                _ = closing.wait_for(|c| *c) => return None,
                event = events.recv() => event,
            };
            let event = match event {
                Ok(event) => event,
                Err(RecvError::Lagged(_)) => return Some(LiveUpdate::Reload),
                Err(RecvError::Closed) => return None,
            };
            let update = match &*event {
                LiveEvent::Changed(c) if hears(&self.actor, c) => {
                    LiveUpdate::Ticket { id: c.id, kind: c.kind, mine: c.actor_id == Some(self.actor.id) }
                }
                LiveEvent::Notifications { user_id } if *user_id == self.actor.id => LiveUpdate::Notifications,
                LiveEvent::Presence { subject, id, audience }
                    if subject == SUBJECT && audience.internal && hears_of(&self.actor, audience) =>
                {
                    LiveUpdate::Presence { id: *id }
                }
                LiveEvent::Reload => LiveUpdate::Reload,
                _ => continue,
            };
            return Some(update);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use helmdesk_domain::Role;

    fn actor(id: i64, role: Role, organisations: &[i64], department_id: Option<i64>) -> Actor {
        Actor {
            id,
            name: String::new(),
            email: String::new(),
            role,
            organisation_id: organisations[0],
            department_id,
            organisations: organisations.to_vec(),
            above: Vec::new(),
            whole_tree: false,
            must_change_password: false,
            automation: Default::default(),
            preferences: Default::default(),
        }
    }

    fn change(organisation_id: i64, owner_id: i64, department_id: Option<i64>, internal: bool) -> Change {
        Change {
            subject: SUBJECT.into(),
            id: 1,
            kind: ChangeKind::Commented,
            actor_id: Some(99),
            audience: Audience { organisation_id, owner_id, department_id, internal },
        }
    }

    #[test]
    fn staff_hear_of_the_tickets_of_their_organisations_and_their_internal_parts() {
        let agent = actor(1, Role::Agent, &[10, 11], None);
        assert!(hears(&agent, &change(11, 5, None, false)));
        assert!(hears(&agent, &change(10, 5, None, true)));
        assert!(!hears(&agent, &change(12, 5, None, false)), "another organisation's ticket");
        let admin = actor(2, Role::Admin, &[10], None);
        assert!(hears(&admin, &change(12, 5, None, true)));
        let auditor = actor(3, Role::Auditor, &[10], None);
        assert!(hears(&auditor, &change(10, 5, None, true)));
    }

    #[test]
    fn requesters_hear_of_their_own_and_their_departments_tickets_but_never_of_internal_parts() {
        let requester = actor(5, Role::Requester, &[10], Some(7));
        assert!(hears(&requester, &change(10, 5, None, false)));
        assert!(hears(&requester, &change(10, 6, Some(7), false)), "a colleague of the department");
        assert!(!hears(&requester, &change(10, 6, Some(8), false)), "another department");
        assert!(!hears(&requester, &change(10, 6, None, false)), "someone else's");
        assert!(!hears(&requester, &change(10, 5, None, true)), "an internal note on their own ticket");
        let without_department = actor(6, Role::Requester, &[10], None);
        assert!(!hears(&without_department, &change(10, 5, None, false)), "no department is not a department");
    }

    #[test]
    fn other_subjects_are_not_tickets() {
        let admin = actor(2, Role::Admin, &[10], None);
        assert!(!hears(&admin, &Change { subject: "asset".into(), ..change(10, 5, None, false) }));
    }

    #[test]
    fn a_change_that_only_routes_or_escalates_is_internal() {
        let line = |field: &str| NewHistory { field: field.into(), old_value: None, new_value: None };
        assert!(internal_only(&[line("routed"), line("sla_breached")]));
        assert!(!internal_only(&[line("routed"), line("status")]));
        assert!(!internal_only(&[]));
    }
}
