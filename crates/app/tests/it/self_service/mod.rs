//! Self-service's tests, and the world they share: two organisations with their staff and
//! requesters.

pub mod catalog;
mod kb;
mod kb_attachments;
mod portal;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::Backend;
use helmdesk_store::testing::TestDatabase;

use crate::support::people::{actor, organisation};

pub(super) struct World {
    pub(super) app: App,
    pub(super) manager: Actor,
    pub(super) agent: Actor,
    pub(super) auditor: Actor,
    pub(super) rita: Actor,
    /// An agent and a requester of Other Corp.
    pub(super) other_agent: Actor,
    pub(super) other_requester: Actor,
    pub(super) acme: i64,
    /// The app's clock, at 2026-03-02 09:00 UTC to begin with.
    pub(super) clock: Arc<FakeClock>,
    /// Dropping it drops the database.
    pub(super) _db: TestDatabase,
}

pub(super) async fn world(backend: Backend) -> World {
    let db = TestDatabase::new(backend).await.unwrap();
    let start = DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().with_timezone(&Utc);
    let clock = Arc::new(FakeClock::new(start));
    let app = App::new(db.store().await.unwrap(), clock.clone(), AppSettings::default());
    let acme = organisation(&app, "Acme").await;
    let other = organisation(&app, "Other Corp").await;
    World {
        manager: actor(&app, "mia@acme.example", "manager", acme).await,
        agent: actor(&app, "ann@acme.example", "agent", acme).await,
        auditor: actor(&app, "aud@acme.example", "auditor", acme).await,
        rita: actor(&app, "rita@acme.example", "requester", acme).await,
        other_agent: actor(&app, "olga@other.example", "agent", other).await,
        other_requester: actor(&app, "otto@other.example", "requester", other).await,
        acme,
        clock,
        app,
        _db: db,
    }
}
