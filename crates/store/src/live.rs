//! Live updates between the nodes of one PostgreSQL database: the transport only.
//!
//! A node tells the others what changed with PostgreSQL's `NOTIFY` on one channel,
//! [`CHANNEL`], and hears them with a `LISTEN` on a connection of its own
//! ([`Store::listen`]). What a payload says (ids, never text) is `app`'s; here it is a
//! string of at most [`MAX_PAYLOAD`] bytes. SQLite serves one node, which needs nothing
//! beyond its own memory: there both calls do nothing.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};

use crate::{Backend, Db, Sql, Store, StoreError};

/// The PostgreSQL channel every node of a database announces and hears changes on.
pub const CHANNEL: &str = "helmdesk_events";

/// The largest payload sent: PostgreSQL refuses more than 8,000 bytes.
pub const MAX_PAYLOAD: usize = 7_900;

/// What a [`Listener`] heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// A payload another node (or this one) announced.
    Payload(String),
    /// The connection was lost and made again: whatever was announced meanwhile was missed.
    Lost,
}

/// A connection listening on [`CHANNEL`] (PostgreSQL only).
pub struct Listener(PgListener);

impl Listener {
    /// The next payload, or [`Heard::Lost`] after the connection was lost and made again.
    /// An error means it could not be made again; the caller waits and listens afresh.
    pub async fn next(&mut self) -> Result<Heard, StoreError> {
        Ok(match self.0.try_recv().await? {
            Some(notification) => Heard::Payload(notification.payload().to_string()),
            None => Heard::Lost,
        })
    }
}

impl Store {
    /// Announces `payloads` (each at most [`MAX_PAYLOAD`] bytes) to every node listening,
    /// in one transaction: PostgreSQL delivers them when it commits. The commit does not
    /// wait for the log to reach the disk (`synchronous_commit = off`): an announcement
    /// writes nothing that must survive a crash, and the callers' own writes are
    /// committed already. Nothing on SQLite.
    pub async fn announce(&self, payloads: &[String]) -> Result<(), StoreError> {
        if self.backend() != Backend::Postgres || payloads.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        Sql::new("SET LOCAL synchronous_commit = off").execute(&mut tx).await?;
        for payload in payloads {
            Sql::new("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload.as_str()).execute(&mut tx).await?;
        }
        tx.commit().await
    }

    /// Listens on [`CHANNEL`] on a connection of its own (not one of the pool's), made
    /// again by [`Listener::next`] when it is lost. `None` on SQLite.
    pub async fn listen(&self) -> Result<Option<Listener>, StoreError> {
        let Db::Postgres(pool) = self.db() else {
            return Ok(None);
        };
        let own = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_lazy_with((*pool.connect_options()).clone());
        let mut listener = PgListener::connect_with(&own).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(Listener(listener)))
    }
}
