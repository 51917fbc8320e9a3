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
    /// The page it is about when that is not a ticket's (`/stock/12`).
    pub link: Option<String>,
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

/// Groups `rows` (newest first) per ticket or per linked page, in the order of each
/// group's latest.
fn group(rows: Vec<helmdesk_store::platform::notifications::FeedRow>) -> Vec<NotificationGroup> {
    let mut groups: Vec<NotificationGroup> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for n in rows {
        let unread = usize::from(n.read_at.is_none());
        let key = match (n.ticket_id, &n.link) {
            (Some(t), _) => Some(format!("/tickets/{t}")),
            (None, link) => link.clone(),
        };
        if let Some(i) = key.as_ref().and_then(|k| at.get(k).copied()) {
            groups[i].unread += unread;
            groups[i].count += 1;
            continue;
        }
        if let Some(k) = key {
            at.insert(k, groups.len());
        }
        groups.push(NotificationGroup {
            ticket_id: n.ticket_id,
            link: n.link,
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

    /// Marks the actor's notifications that link to `link` read: they are looking at that
    /// page. Told to their other pages only when there was something to clear.
    pub async fn mark_page_notifications_read(&self, actor: &Actor, link: &str) -> Result<(), AppError> {
        if self.store().mark_link_notifications_read(actor.id, link, self.now_micros()).await? > 0 {
            self.live().publish(LiveEvent::Notifications { user_id: actor.id });
        }
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
            link: None,
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

    #[test]
    fn notifications_without_a_ticket_are_grouped_per_linked_page() {
        let linked = |id: i64, link: &str| FeedRow { link: Some(link.into()), ..row(id, None, false) };
        let groups = group(vec![linked(3, "/stock/1"), linked(2, "/assets/9"), linked(1, "/stock/1")]);
        let summary: Vec<_> = groups.iter().map(|g| (g.link.as_deref(), g.count)).collect();
        assert_eq!(summary, [(Some("/stock/1"), 2), (Some("/assets/9"), 1)]);
    }
}
