//! Notifications: written in the transaction of the change they tell of, read in the app
//! (the bell), and offered to the mail channel by a `notifications.mail` job queued with them.

use crate::jobs::NewJob;
use crate::{Arg, Sql, Store, StoreError, Tx};

/// The job that offers new notifications to the mail channel (payload `{"ids": [...]}`).
pub const MAIL_JOB: &str = "notifications.mail";

/// A notification to write.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewNotification {
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
    /// What happened (`created`, `reply`, `status`, `sla_warning`...), which chooses the
    /// e-mail's template.
    pub event: String,
    /// The comment a reply or note notification is about (filled in by the store).
    pub comment_id: Option<i64>,
    /// Who caused it; `None` for Helmdesk itself.
    pub actor_id: Option<i64>,
    /// The start of the text it tells of (a reply's), shown under it.
    pub excerpt: Option<String>,
    /// The page it is about when that is not a ticket's (`/stock/12`): a path of this site.
    pub link: Option<String>,
}

/// A notification as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
    pub event: Option<String>,
    pub comment_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub excerpt: Option<String>,
    pub link: Option<String>,
}

/// A notification as the bell lists it: with who caused it and, for a reply or a note,
/// the start of its text.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FeedRow {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub message: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
    pub actor_name: Option<String>,
    /// The start of the reply or note told of.
    pub excerpt: Option<String>,
    /// The page it is about when that is not a ticket's.
    pub link: Option<String>,
}

/// The most characters of a text a notification keeps.
const EXCERPT_CHARS: usize = 240;

/// The start of `text` a notification keeps: at most [`EXCERPT_CHARS`] characters, its
/// whitespace folded.
pub fn excerpt(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &folded[..cut]),
        None => folded,
    }
}

impl Store {
    /// Writes notifications inside the transaction of the change they tell of, and the job
    /// that offers them to the mail channel.
    pub async fn insert_notifications(
        &self,
        tx: &mut Tx,
        notes: &[NewNotification],
        now: i64,
    ) -> Result<(), StoreError> {
        if notes.is_empty() {
            return Ok(());
        }
        let rows = notes
            .iter()
            .map(|n| {
                vec![
                    Arg::from(n.user_id),
                    Arg::from(n.ticket_id),
                    Arg::from(n.message.as_str()),
                    Arg::from(now),
                    Arg::from(n.event.as_str()),
                    Arg::from(n.comment_id),
                    Arg::from(n.actor_id),
                    Arg::from(n.excerpt.as_deref()),
                    Arg::from(n.link.as_deref()),
                ]
            })
            .collect();
        let columns =
            ["user_id", "ticket_id", "message", "created_at", "event", "comment_id", "actor_id", "excerpt", "link"];
        let mut ids = Vec::with_capacity(notes.len());
        for sql in Sql::insert_many("notifications", &columns, rows, " RETURNING id") {
            let inserted: Vec<(i64,)> = sql.fetch_all(&mut *tx).await?;
            ids.extend(inserted.into_iter().map(|r| r.0));
        }
        self.enqueue(tx, &[NewJob::now(MAIL_JOB, serde_json::json!({ "ids": ids }), now)], now).await
    }

    /// Notifies each of `users` once of `event`.
    pub async fn notify(
        &self,
        users: &[i64],
        ticket_id: Option<i64>,
        event: &str,
        message: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let notes: Vec<NewNotification> = users
            .iter()
            .map(|&user_id| NewNotification {
                user_id,
                ticket_id,
                message: message.to_string(),
                event: event.to_string(),
                comment_id: None,
                actor_id: None,
                excerpt: None,
                link: None,
            })
            .collect();
        let mut tx = self.begin().await?;
        self.insert_notifications(&mut tx, &notes, now).await?;
        tx.commit().await
    }

    /// Notifications by id (those a mail job offers).
    pub async fn notifications_by_id(&self, ids: &[i64]) -> Result<Vec<NotificationRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new("SELECT * FROM notifications WHERE id IN (");
        let params: Vec<String> = ids.iter().map(|id| sql.arg(*id)).collect();
        sql.push(&params.join(", ")).push(") ORDER BY id");
        sql.fetch_all(self.db()).await
    }

    /// A user's latest notifications.
    pub async fn notifications(&self, user_id: i64, limit: i64) -> Result<Vec<NotificationRow>, StoreError> {
        Sql::new("SELECT * FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(user_id)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// A user's latest notifications with their authors and excerpts, newest first.
    pub async fn notification_feed(&self, user_id: i64, limit: i64) -> Result<Vec<FeedRow>, StoreError> {
        Sql::new(
            "SELECT n.id, n.ticket_id, n.message, n.read_at, n.created_at, u.name AS actor_name, n.excerpt, n.link
             FROM notifications n LEFT JOIN users u ON u.id = n.actor_id
             WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.db())
        .await
    }

    /// Marks a user's notifications of one ticket read (they opened it); how many were unread.
    pub async fn mark_ticket_notifications_read(
        &self,
        user_id: i64,
        ticket_id: i64,
        now: i64,
    ) -> Result<u64, StoreError> {
        // Most page views have nothing to clear: a read keeps them from taking SQLite's
        // write lock.
        let unread: i64 =
            Sql::new("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND ticket_id = $2 AND read_at IS NULL")
                .bind(user_id)
                .bind(ticket_id)
                .scalar(self.db())
                .await?;
        if unread == 0 {
            return Ok(0);
        }
        Sql::new("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND ticket_id = $3 AND read_at IS NULL")
            .bind(now)
            .bind(user_id)
            .bind(ticket_id)
            .execute(self.db())
            .await
    }

    /// Marks a user's notifications that link to `link` read (they opened that page); how
    /// many were unread.
    pub async fn mark_link_notifications_read(&self, user_id: i64, link: &str, now: i64) -> Result<u64, StoreError> {
        // Read first, as for tickets: a page view with nothing to clear takes no write lock.
        let unread: i64 =
            Sql::new("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL AND link = $2")
                .bind(user_id)
                .bind(link)
                .scalar(self.db())
                .await?;
        if unread == 0 {
            return Ok(0);
        }
        Sql::new("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND link = $3")
            .bind(now)
            .bind(user_id)
            .bind(link)
            .execute(self.db())
            .await
    }

    /// How many notifications a user has not read, counting no further than `cap`.
    pub async fn unread_notifications(&self, user_id: i64, cap: i64) -> Result<i64, StoreError> {
        Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) AS unread")
            .bind(user_id)
            .bind(cap)
            .scalar(self.db())
            .await
    }

    /// Marks all of a user's notifications read.
    pub async fn mark_notifications_read(&self, user_id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(self.db())
            .await?;
        Ok(())
    }
}

/// An administrator's template of one event in one language.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TemplateRow {
    pub event: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub updated_at: i64,
}

/// Someone's notification settings.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PreferenceRow {
    pub user_id: i64,
    pub language: String,
    /// JSON list of event names.
    pub email_events: String,
    pub updated_at: i64,
}

impl Store {
    /// Every template an administrator wrote.
    pub async fn notification_templates(&self) -> Result<Vec<TemplateRow>, StoreError> {
        Sql::new("SELECT * FROM notification_templates ORDER BY event, language").fetch_all(self.db()).await
    }

    /// The template of an event in a language, if one was written.
    pub async fn notification_template(&self, event: &str, language: &str) -> Result<Option<TemplateRow>, StoreError> {
        Sql::new("SELECT * FROM notification_templates WHERE event = $1 AND language = $2")
            .bind(event)
            .bind(language)
            .fetch_optional(self.db())
            .await
    }

    /// Saves a template.
    pub async fn put_notification_template(&self, t: &TemplateRow) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO notification_templates (event, language, subject, body_text, body_html, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (event, language) DO UPDATE SET subject = excluded.subject, body_text = excluded.body_text,
                 body_html = excluded.body_html, updated_at = excluded.updated_at",
        )
        .bind(t.event.as_str())
        .bind(t.language.as_str())
        .bind(t.subject.as_str())
        .bind(t.body_text.as_str())
        .bind(t.body_html.as_str())
        .bind(t.updated_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Removes a template (the built-in one serves again).
    pub async fn delete_notification_template(&self, event: &str, language: &str) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM notification_templates WHERE event = $1 AND language = $2")
            .bind(event)
            .bind(language)
            .execute(self.db())
            .await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Someone's notification settings, if they chose any.
    pub async fn notification_preferences(&self, user_id: i64) -> Result<Option<PreferenceRow>, StoreError> {
        Sql::new("SELECT * FROM notification_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(self.db())
            .await
    }

    /// Saves someone's notification settings.
    pub async fn put_notification_preferences(&self, p: &PreferenceRow) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO notification_preferences (user_id, language, email_events, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET language = excluded.language, email_events = excluded.email_events,
                 updated_at = excluded.updated_at",
        )
        .bind(p.user_id)
        .bind(p.language.as_str())
        .bind(p.email_events.as_str())
        .bind(p.updated_at)
        .execute(self.db())
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn an_excerpt_folds_whitespace_and_stops_at_its_length() {
        assert_eq!(excerpt("VPN\n\n  down   again"), "VPN down again");
        let long = excerpt(&"ø".repeat(500));
        assert_eq!(long.chars().count(), 241);
        assert!(long.ends_with('…'));
    }
}
