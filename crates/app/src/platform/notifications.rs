//! In-app notifications as their person reads them: the latest, how many are unread,
//! marking them read. Modules write them (the service desk's in
//! [`crate::service_desk::notify`]) in the transaction of the change they tell of.

use crate::platform::live::LiveEvent;
use crate::{Actor, App, AppError};

/// The notifications of one ticket (or one without a ticket), as the bell groups them:
/// the latest, with who caused it and what they wrote, and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationGroup {
    pub ticket_id: Option<i64>,
    /// The latest notification's text ("New reply on INC-000247: VPN down").
    pub message: String,
    /// Who caused the latest one; `None` for Helmdesk itself.
    pub actor_name: Option<String>,
    /// The start of the latest reply or note told of.
    pub excerpt: Option<String>,
    pub latest_at: chrono::DateTime<chrono::Utc>,
    /// How many of the group are unread.
    pub unread: usize,
    /// How many the group holds.
    pub count: usize,
}

/// Groups `rows` (newest first) per ticket, in the order of each group's latest.
fn group(rows: Vec<helmdesk_store::platform::notifications::FeedRow>) -> Vec<NotificationGroup> {
    let mut groups: Vec<NotificationGroup> = Vec::new();
    let mut at: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for n in rows {
        let unread = usize::from(n.read_at.is_none());
        if let Some(i) = n.ticket_id.and_then(|t| at.get(&t).copied()) {
            groups[i].unread += unread;
            groups[i].count += 1;
            continue;
        }
        if let Some(t) = n.ticket_id {
            at.insert(t, groups.len());
        }
        groups.push(NotificationGroup {
            ticket_id: n.ticket_id,
            message: n.message,
            actor_name: n.actor_name,
            excerpt: n.excerpt,
            latest_at: crate::ts(n.created_at),
            unread,
            count: 1,
        });
    }
    groups
}

impl App {
    /// The actor's latest `limit` notifications, grouped per ticket, newest first.
    pub async fn my_notification_groups(&self, actor: &Actor, limit: i64) -> Result<Vec<NotificationGroup>, AppError> {
        Ok(group(self.store().notification_feed(actor.id, limit).await?))
    }

    /// Marks the actor's notifications of a ticket read: they are looking at it.
    pub async fn mark_ticket_notifications_read(&self, actor: &Actor, ticket_id: i64) -> Result<(), AppError> {
        self.store().mark_ticket_notifications_read(actor.id, ticket_id, self.now_micros()).await?;
        Ok(())
    }

    /// How many of the actor's notifications are unread, counting no further than `cap`.
    pub async fn unread_notifications(&self, actor: &Actor, cap: i64) -> Result<i64, AppError> {
        Ok(self.store().unread_notifications(actor.id, cap).await?)
    }

    /// Marks every notification of the actor read.
    pub async fn mark_notifications_read(&self, actor: &Actor) -> Result<(), AppError> {
        self.store().mark_notifications_read(actor.id, self.now_micros()).await?;
        self.live().publish(LiveEvent::Notifications { user_id: actor.id });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use helmdesk_store::platform::notifications::FeedRow;

    use super::group;

    fn row(id: i64, ticket: Option<i64>, read: bool) -> FeedRow {
        FeedRow {
            id,
            ticket_id: ticket,
            message: format!("n{id}"),
            read_at: read.then_some(1),
            created_at: id,
            actor_name: Some("Priya".into()),
            excerpt: Some("VPN down".into()),
        }
    }

    #[test]
    fn notifications_are_grouped_per_ticket_under_the_latest() {
        let groups = group(vec![
            row(5, Some(1), false),
            row(4, Some(2), true),
            row(3, Some(1), false),
            row(2, None, false),
            row(1, None, true),
        ]);
        let summary: Vec<_> = groups.iter().map(|g| (g.ticket_id, g.message.as_str(), g.unread, g.count)).collect();
        assert_eq!(summary, [(Some(1), "n5", 2, 2), (Some(2), "n4", 0, 1), (None, "n2", 1, 1), (None, "n1", 0, 1)]);
        assert_eq!(groups[0].excerpt.as_deref(), Some("VPN down"));
    }
}
