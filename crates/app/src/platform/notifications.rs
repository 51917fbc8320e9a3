//! In-app notifications as their person reads them: the latest, how many are unread,
//! marking them read. Modules write them (the service desk's in
//! [`crate::service_desk::notify`]) in the transaction of the change they tell of.

use crate::platform::live::LiveEvent;
use crate::{Actor, App, AppError};

/// A notification as its person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub unread: bool,
}

impl App {
    /// The actor's latest notifications, newest first, at most `limit`.
    pub async fn my_notifications(&self, actor: &Actor, limit: i64) -> Result<Vec<Notification>, AppError> {
        let rows = self.store().notifications(actor.id, limit).await?;
        Ok(rows
            .into_iter()
            .map(|n| Notification {
                id: n.id,
                ticket_id: n.ticket_id,
                message: n.message,
                created_at: crate::ts(n.created_at),
                unread: n.read_at.is_none(),
            })
            .collect())
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
