//! Presence: who has a record open right now, and who is writing on it, so that two people
//! do not work one ticket without knowing ("Priya Shah is replying").
//!
//! An open page says so when it opens, every [`PRESENCE_BEAT`] after, when its person
//! starts or stops writing, and when it closes; someone not heard of for [`PRESENCE_TTL`]
//! has gone (their page closed without saying so). What changes the picture (someone
//! arrives, leaves, starts or stops writing) is published on the live bus
//! ([`LiveEvent::Presence`]) with the record's audience, so the others' pages ask again at
//! once; a beat that changes nothing is not told. The rows live in the database, so every
//! node of one PostgreSQL sees the same people. Which records have presence, and who may
//! see it, is the module's: it checks access before calling these.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::platform::live::{Audience, LiveEvent};
use crate::{Actor, App, AppError, ts};

/// How often an open page says it is still open.
pub const PRESENCE_BEAT: Duration = Duration::from_secs(20);

/// How long someone counts as present after their page last said so (two beats and a
/// margin: one late beat does not make them leave).
pub const PRESENCE_TTL: Duration = Duration::from_secs(50);

/// What a person is doing on a record their page has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// Reading it.
    Viewing,
    /// Writing on it (a reply or a note).
    Writing,
    /// Their page closed.
    Left,
}

/// Someone else who has a record open.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Present {
    pub user_id: i64,
    pub name: String,
    /// Whether they are writing on it.
    pub writing: bool,
    /// When their page last said so.
    pub seen_at: DateTime<Utc>,
}

/// The record a presence is about: its module's subject, its id, and who may hear of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub subject: &'static str,
    pub id: i64,
    pub audience: Audience,
}

impl App {
    /// Records what `actor` does on `record` and returns the others who have it open. The
    /// others' pages are told when that is news.
    pub(crate) async fn mark_presence(
        &self,
        actor: &Actor,
        record: Record,
        activity: Activity,
    ) -> Result<Vec<Present>, AppError> {
        let now = self.now_micros();
        let since = now - PRESENCE_TTL.as_micros() as i64;
        let store = self.store();
        let news = match activity {
            Activity::Left => store.mark_absent(record.subject, record.id, actor.id).await?,
            Activity::Viewing | Activity::Writing => {
                let writing = activity == Activity::Writing;
                store.mark_present(record.subject, record.id, actor.id, writing, now, since).await?
            }
        };
        if news {
            self.live().publish(LiveEvent::Presence {
                subject: record.subject.into(),
                id: record.id,
                audience: record.audience,
            });
        }
        self.others_present(actor, record.subject, record.id).await
    }

    /// The people other than `actor` who have `subject` `id` open now.
    pub(crate) async fn others_present(&self, actor: &Actor, subject: &str, id: i64) -> Result<Vec<Present>, AppError> {
        let since = self.now_micros() - PRESENCE_TTL.as_micros() as i64;
        let rows = self.store().present(subject, id, since).await?;
        Ok(rows
            .into_iter()
            .filter(|p| p.user_id != actor.id)
            .map(|p| Present { user_id: p.user_id, name: p.name, writing: p.writing, seen_at: ts(p.seen_at) })
            .collect())
    }
}
