//! Who hears of what happens to a ticket, in the app.
//!
//! Notifications are written in the same transaction as the change they tell of (a
//! notification exists exactly when its change does, and costs no job), so the messages
//! are built from the ticket as saved. The person who made the change is not told of it,
//! except that a requester filing a ticket hears that it was received (the
//! acknowledgement). Beyond the requester and the assignee, a ticket's watchers hear of
//! it. Everyone told is someone who may read the ticket, and for internal notes those too
//! ([`App::audience`]).

use helmdesk_domain::TicketStatus;
use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::service_desk::tickets::TicketRow;

use crate::service_desk::access::Part;
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
    /// A stakeholder update of a major incident was posted.
    MajorUpdate,
    /// An SLA clock is about to run out (from the sweep).
    SlaWarning,
    /// An SLA clock ran out and an escalation level applied (from the sweep).
    Escalation,
    /// A message an automation rule sends.
    Automation,
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
            "major_update" => TicketEvent::MajorUpdate,
            "sla_warning" => TicketEvent::SlaWarning,
            "escalation" => TicketEvent::Escalation,
            "automation" => TicketEvent::Automation,
            _ => return None,
        })
    }

    /// What of the ticket the event tells: internal notes, SLA warnings and escalations
    /// are for staff and auditors only.
    pub fn part(self) -> Part {
        match self {
            TicketEvent::Note | TicketEvent::SlaWarning | TicketEvent::Escalation => Part::Internal,
            _ => Part::Public,
        }
    }

    /// The event's name, as stored on its notifications.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketEvent::Created => "created",
            TicketEvent::Reply => "reply",
            TicketEvent::Note => "note",
            TicketEvent::Status => "status",
            TicketEvent::Assigned => "assignee",
            TicketEvent::MajorUpdate => "major_update",
            TicketEvent::SlaWarning => "sla_warning",
            TicketEvent::Escalation => "escalation",
            TicketEvent::Automation => "automation",
        }
    }
}

/// The notifications of `event` on ticket `t` (as saved) for everyone concerned but
/// `actor_id`. `others` holds the people beyond the requester and the assignee who hear of
/// it ([`App::audience`]): the members of the ticket's team for a new ticket nobody has,
/// its watchers otherwise.
pub fn ticket_notifications(t: &TicketRow, event: TicketEvent, actor_id: i64, others: &[i64]) -> Vec<NewNotification> {
    let number = t.number.clone().unwrap_or_default();
    let subject = &t.subject;
    let mut notes: Vec<(i64, String)> = Vec::new();
    let tell_others = |notes: &mut Vec<(i64, String)>, text: String| {
        notes.extend(others.iter().map(|o| (*o, text.clone())));
    };
    match event {
        TicketEvent::Created => {
            notes.push((t.requester_id, format!("{number} was received: {subject}")));
            match t.assignee_id {
                Some(a) => notes.push((a, format!("{number} was assigned to you: {subject}"))),
                None => tell_others(&mut notes, format!("New ticket for your team: {number} {subject}")),
            }
        }
        TicketEvent::Reply => {
            let text = format!("New reply on {number}: {subject}");
            notes.push((t.requester_id, text.clone()));
            notes.extend(t.assignee_id.map(|a| (a, text.clone())));
            tell_others(&mut notes, text);
        }
        TicketEvent::Note => {
            let text = format!("New internal note on {number}");
            notes.extend(t.assignee_id.map(|a| (a, text.clone())));
            tell_others(&mut notes, text);
        }
        TicketEvent::Status => {
            let status = t.status.parse::<TicketStatus>().map(|s| s.label().to_lowercase()).unwrap_or_default();
            let text = format!("{number} is now {status}");
            notes.push((t.requester_id, text.clone()));
            notes.extend(t.assignee_id.map(|a| (a, text.clone())));
            tell_others(&mut notes, text);
        }
        TicketEvent::Assigned => {
            notes.extend(t.assignee_id.map(|a| (a, format!("{number} was assigned to you: {subject}"))));
            tell_others(&mut notes, format!("{number} has a new assignee: {subject}"));
        }
        TicketEvent::MajorUpdate => {
            let text = format!("Major incident update on {number}: {subject}");
            notes.push((t.requester_id, text.clone()));
            tell_others(&mut notes, text);
        }
        // The sweep writes these itself, to the people its levels name.
        TicketEvent::SlaWarning | TicketEvent::Escalation | TicketEvent::Automation => {}
    }
    // The person who made the change is not told of it; but a requester filing a ticket
    // hears that it was received (by mail, the acknowledgement with its number).
    let filer = (event == TicketEvent::Created).then_some(t.requester_id);
    notes.retain(|(user, _)| *user != actor_id || Some(*user) == filer);
    let mut seen = std::collections::HashSet::new();
    notes
        .into_iter()
        .filter(|(user, _)| seen.insert(*user))
        .map(|(user_id, message)| NewNotification {
            user_id,
            ticket_id: Some(t.id),
            message,
            event: event.as_str().into(),
            comment_id: None,
            actor_id: Some(actor_id),
            excerpt: None,
            link: None,
        })
        .collect()
}

impl App {
    /// The people beyond the ticket's requester and assignee who are offered `event`: its
    /// team's members when a ticket is filed for a team with nobody assigned; afterwards
    /// its watchers. [`App::notifications_of`] keeps those who may read it.
    pub async fn others_told(&self, t: &TicketRow, event: TicketEvent) -> Result<Vec<i64>, AppError> {
        match (event, t.team_id, t.assignee_id) {
            (TicketEvent::Created, Some(team), None) => Ok(self.store().team_members(team).await?),
            (TicketEvent::Created, _, _) => Ok(Vec::new()),
            _ => Ok(self.store().watchers(t.id).await?.into_iter().map(|w| w.user.id).collect()),
        }
    }

    /// The notifications of several events on a saved ticket (e.g. a change of status and
    /// of assignee), each with its audience.
    pub async fn notifications_for(
        &self,
        t: &TicketRow,
        events: &[TicketEvent],
        actor_id: i64,
    ) -> Result<Vec<NewNotification>, AppError> {
        let mut out = Vec::new();
        for event in events {
            out.extend(self.notifications_of(t, *event, actor_id).await?);
        }
        Ok(out)
    }

    /// The notifications of an event on a saved ticket, for those of the people concerned
    /// who may read it.
    pub async fn notifications_of(
        &self,
        t: &TicketRow,
        event: TicketEvent,
        actor_id: i64,
    ) -> Result<Vec<NewNotification>, AppError> {
        let others = self.others_told(t, event).await?;
        self.readable(t, event.part(), ticket_notifications(t, event, actor_id, &others)).await
    }

    /// Of `notes` about ticket `t`, those whose person may read what they tell.
    pub async fn readable(
        &self,
        t: &TicketRow,
        part: Part,
        notes: Vec<NewNotification>,
    ) -> Result<Vec<NewNotification>, AppError> {
        let ids: Vec<i64> = notes.iter().map(|n| n.user_id).collect();
        let allowed = self.audience(t, &ids, part).await?;
        Ok(notes.into_iter().filter(|n| allowed.contains(&n.user_id)).collect())
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
    fn watchers_hear_of_replies_changes_and_major_updates_but_not_of_the_filing() {
        let t = ticket();
        for event in [TicketEvent::Reply, TicketEvent::Note, TicketEvent::Status, TicketEvent::Assigned] {
            let notes = ticket_notifications(&t, event, 2, &[8, 1]);
            assert!(notes.iter().any(|n| n.user_id == 8), "{event:?}");
            assert_eq!(notes.iter().filter(|n| n.user_id == 1).count(), 1, "{event:?}: told once");
            assert!(notes.iter().all(|n| n.user_id != 2), "{event:?}: not the actor");
        }
        let update = ticket_notifications(&t, TicketEvent::MajorUpdate, 2, &[8]);
        assert_eq!(update.iter().map(|n| n.user_id).collect::<Vec<_>>(), [1, 8]);
        assert!(update[0].message.starts_with("Major incident update on INC-000007"));
        let assigned = TicketRow { team_id: Some(3), ..ticket() };
        assert!(ticket_notifications(&assigned, TicketEvent::Created, 1, &[8]).iter().all(|n| n.user_id != 8));
    }

    #[test]
    fn a_new_ticket_for_a_team_tells_its_members_when_nobody_has_it() {
        let t = TicketRow { assignee_id: None, ..ticket() };
        let notes = ticket_notifications(&t, TicketEvent::Created, 1, &[4, 5]);
        assert_eq!(notes.iter().map(|n| n.user_id).collect::<Vec<_>>(), [1, 4, 5]);
        assert!(notes[1].message.starts_with("New ticket for your team: INC-000007"));
    }

    #[test]
    fn a_requester_filing_a_ticket_hears_it_was_received() {
        let t = ticket();
        let notes = ticket_notifications(&t, TicketEvent::Created, t.requester_id, &[]);
        assert_eq!(notes[0].user_id, t.requester_id);
        assert_eq!(notes[0].event, "created");
        assert!(notes[0].message.contains("was received"));
        // Not so for their other changes.
        assert!(ticket_notifications(&t, TicketEvent::Reply, t.requester_id, &[]).iter().all(|n| n.user_id != 1));
    }
}
