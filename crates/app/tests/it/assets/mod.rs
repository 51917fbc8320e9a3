//! The assets module's tests, and the world they share: two organisations with their
//! staff and requesters, and the default asset types.

mod audits;
mod cmdb;
mod discovery;
mod imports;
mod licences;
mod lifecycle;
mod reminders;
mod stock;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use helmdesk_app::{Actor, App, AppSettings};
use helmdesk_domain::FakeClock;
use helmdesk_store::Backend;
use helmdesk_store::testing::TestDatabase;

use crate::support::people::actor;

pub(super) struct World {
    pub(super) app: App,
    pub(super) admin: Actor,
    pub(super) agent: Actor,
    pub(super) auditor: Actor,
    pub(super) rita: Actor,
    /// An agent and a requester of Other Corp.
    pub(super) other_agent: Actor,
    pub(super) other_requester: Actor,
    pub(super) laptop_type: i64,
    pub(super) acme: i64,
    pub(super) other: i64,
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
    let s = app.store();
    let mut tx = s.begin().await.unwrap();
    let acme = s.create_organisation(&mut tx, "Acme", None, app.now_micros()).await.unwrap().id;
    let other = s.create_organisation(&mut tx, "Other Corp", None, app.now_micros()).await.unwrap().id;
    tx.commit().await.unwrap();
    app.default_asset_types().await.unwrap();
    let laptop_type = s.asset_types().await.unwrap().into_iter().find(|t| t.name == "Laptop").unwrap().id;
    World {
        admin: actor(&app, "ada@acme.example", "admin", acme).await,
        agent: actor(&app, "ann@acme.example", "agent", acme).await,
        auditor: actor(&app, "aud@acme.example", "auditor", acme).await,
        rita: actor(&app, "rita@acme.example", "requester", acme).await,
        other_agent: actor(&app, "olga@other.example", "agent", other).await,
        other_requester: actor(&app, "otto@other.example", "requester", other).await,
        laptop_type,
        acme,
        other,
        clock,
        app,
        _db: db,
    }
}
