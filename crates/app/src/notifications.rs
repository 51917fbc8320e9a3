//! In-app notifications: who hears of what happens to a ticket, and what they read.
//!
//! They are written in the same transaction as the change they tell of (a notification
//! exists exactly when its change does, and costs no job), so the messages are built from
//! the ticket as saved. The person who made the change is not told of it.

use helmdesk_domain::TicketStatus;
use helmdesk_store::notifications::NewNotification;
use helmdesk_store::tickets::TicketRow;

use crate::{App, AppError};

/// Something that happened to a ticket that people hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEvent {
    /// Filed.
    Created,
    /// A public reply.
    Reply,
    /// An internal note.
    Note,
    /// Its status changed.
    Status,
    /// It was assigned to someone.
    Assigned,
}

impl TicketEvent {
    /// The event named by a history field or a job payload, if people hear of it.
    pub fn named(name: &str) -> Option<TicketEvent> {
        Some(match name {
            "created" => TicketEvent::Created,
            "reply" => TicketEvent::Reply,
            "note" => TicketEvent::Note,
            "status" => TicketEvent::Status,
            "assignee" => TicketEvent::Assigned,
            _ => return None,
        })
    }
}

/// The notifications of `event` on ticket `t` (as saved) for everyone concerned but
/// `actor_id`. `team` holds the members of the ticket's team where they are told (a new
/// ticket with a team and nobody assigned; see [`App::audience`]).
pub fn ticket_notifications(t: &TicketRow, event: TicketEvent, actor_id: i64, team: &[i64]) -> Vec<NewNotification> {
    let number = t.number.clone().unwrap_or_default();
    let subject = &t.subject;
    let mut notes: Vec<(i64, String)> = Vec::new();
    match event {
        TicketEvent::Created => {
            notes.push((t.requester_id, format!("{number} was received: {subject}")));
            match t.assignee_id {
                Some(a) => notes.push((a, format!("{number} was assigned to you: {subject}"))),
                None => {
                    notes.extend(team.iter().map(|m| (*m, format!("New ticket for your team: {number} {subject}"))))
                }
            }
        }
        TicketEvent::Reply => {
            notes.push((t.requester_id, format!("New reply on {number}: {subject}")));
            notes.extend(t.assignee_id.map(|a| (a, format!("New reply on {number}: {subject}"))));
        }
        TicketEvent::Note => notes.extend(t.assignee_id.map(|a| (a, format!("New internal note on {number}")))),
        TicketEvent::Status => {
            let status = t.status.parse::<TicketStatus>().map(|s| s.label().to_lowercase()).unwrap_or_default();
            let text = format!("{number} is now {status}");
            notes.push((t.requester_id, text.clone()));
            notes.extend(t.assignee_id.map(|a| (a, text)));
        }
        TicketEvent::Assigned => {
            notes.extend(t.assignee_id.map(|a| (a, format!("{number} was assigned to you: {subject}"))))
        }
    }
    notes.retain(|(user, _)| *user != actor_id);
    let mut seen = std::collections::HashSet::new();
    notes
        .into_iter()
        .filter(|(user, _)| seen.insert(*user))
        .map(|(user_id, message)| NewNotification { user_id, ticket_id: Some(t.id), message })
        .collect()
}

impl App {
    /// The people beyond the ticket's own who hear of `event`: its team's members when a
    /// ticket is filed for a team with nobody assigned.
    pub async fn audience(&self, t: &TicketRow, event: TicketEvent) -> Result<Vec<i64>, AppError> {
        match (event, t.team_id, t.assignee_id) {
            (TicketEvent::Created, Some(team), None) => Ok(self.store().team_members(team).await?),
            _ => Ok(Vec::new()),
        }
    }

    /// The notifications of an event on a saved ticket, its audience looked up.
    pub async fn notifications_of(
        &self,
        t: &TicketRow,
        event: TicketEvent,
        actor_id: i64,
    ) -> Result<Vec<NewNotification>, AppError> {
        let team = self.audience(t, event).await?;
        Ok(ticket_notifications(t, event, actor_id, &team))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket() -> TicketRow {
        TicketRow {
            id: 7,
            number: Some("INC-000007".into()),
            subject: "VPN down".into(),
            requester_id: 1,
            assignee_id: Some(2),
            status: "resolved".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_person_who_acted_is_not_told_and_nobody_is_told_twice() {
        let t = ticket();
        let notes = ticket_notifications(&t, TicketEvent::Reply, 2, &[]);
        assert_eq!(notes.iter().map(|n| n.user_id).collect::<Vec<_>>(), [1]);
        let same_person = TicketRow { assignee_id: Some(1), ..ticket() };
        assert_eq!(ticket_notifications(&same_person, TicketEvent::Status, 9, &[]).len(), 1);
        assert_eq!(ticket_notifications(&t, TicketEvent::Status, 9, &[])[0].message, "INC-000007 is now resolved");
    }

    #[test]
    fn a_new_ticket_for_a_team_tells_its_members_when_nobody_has_it() {
        let t = TicketRow { assignee_id: None, ..ticket() };
        let notes = ticket_notifications(&t, TicketEvent::Created, 1, &[4, 5]);
        assert_eq!(notes.iter().map(|n| n.user_id).collect::<Vec<_>>(), [4, 5]);
        assert!(notes[0].message.starts_with("New ticket for your team: INC-000007"));
    }
}
