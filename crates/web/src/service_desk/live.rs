//! Live updates as server-sent events, for pages (`GET /events`, `ui::live`) and API
//! clients (`GET /api/v1/events`, `api::live`): one stream a caller, fed by
//! `App::live_updates`, which lets through only what the caller may see.
//!
//! Events carry ids and counts, never text:
//!
//! - `ticket` `{"id": 42, "kind": "commented", "mine": false}`: a ticket the caller may see
//!   was filed, updated or commented on (`mine`: by the caller);
//! - `unread` `{"count": 3, "label": "3"}`: the caller's unread notifications, counted to
//!   100 (`"99+"`), sent first and after each change;
//! - `presence` `{"id": 42}`: who else has ticket 42 open, or is writing on it, changed
//!   (staff and auditors only; `GET /tickets/{id}/presence` says who);
//! - `reload` `{}`: something may have been missed; read again what is shown.
//!
//! Every [`RECHECK`] the stream asks again whether its session or token still holds (and
//! follows the caller's current role and organisations); when it no longer does, the
//! stream ends. The stream also ends when the node shuts down.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::Stream;
use futures::future::BoxFuture;
use helmdesk_app::platform::live::ChangeKind;
use helmdesk_app::service_desk::live::{LiveFeed, LiveUpdate};
use helmdesk_app::{Actor, App, AppError};
use serde::Serialize;
use tokio::time::Instant;

use crate::ui::{BADGE_MAX, unread_label};

/// How often a stream checks that its caller may still listen.
pub const RECHECK: Duration = Duration::from_secs(60);

/// How long a browser waits before connecting again to a stream that broke off.
const RETRY: Duration = Duration::from_secs(5);

/// How often an idle stream sends a comment, so that proxies keep it open and a closed
/// connection is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Whether the caller may still listen, and as whom they listen now.
pub(crate) type Recheck = Box<dyn Fn() -> BoxFuture<'static, Result<Actor, AppError>> + Send>;

/// The `ticket` event: a ticket the caller may see changed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketChanged {
    /// The ticket's id.
    pub id: i64,
    pub kind: ChangeKind,
    /// Whether the caller made the change.
    pub mine: bool,
}

/// The `presence` event: who else has a ticket open changed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PresenceChanged {
    /// The ticket's id.
    pub id: i64,
}

/// The `unread` event: how many of the caller's notifications are unread.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Unread {
    /// Counted to 100 at most.
    pub count: i64,
    /// As the bell's badge shows it: "" for none, "99+" for a hundred or more.
    pub label: String,
}

struct Follow {
    app: App,
    feed: LiveFeed,
    recheck: Recheck,
    check_at: Instant,
    started: bool,
}

enum Next {
    Update(Option<LiveUpdate>),
    Recheck,
}

/// The `unread` event of `actor`; `None` (the stream ends, and a browser comes back) when
/// the count cannot be read.
async fn unread(app: &App, actor: &Actor) -> Option<Event> {
    match app.unread_notifications(actor, BADGE_MAX + 1).await {
        Ok(count) => Event::default().event("unread").json_data(Unread { count, label: unread_label(count) }).ok(),
        Err(e) => {
            tracing::warn!(error = %e, "could not count unread notifications for a live stream");
            None
        }
    }
}

impl Follow {
    /// The next event to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Event> {
        if !std::mem::replace(&mut self.started, true) {
            return Some(unread(&self.app, self.feed.actor()).await?.retry(RETRY));
        }
        loop {
            let next = tokio::select! {
                update = self.feed.next() => Next::Update(update),
                _ = tokio::time::sleep_until(self.check_at) => Next::Recheck,
            };
            let update = match next {
                Next::Update(update) => update?,
                Next::Recheck => {
                    let actor = (self.recheck)().await.ok()?;
                    self.feed.set_actor(actor);
                    self.check_at = Instant::now() + RECHECK;
                    continue;
                }
            };
            return match update {
                LiveUpdate::Ticket { id, kind, mine } => {
                    Event::default().event("ticket").json_data(TicketChanged { id, kind, mine }).ok()
                }
                LiveUpdate::Presence { id } => {
                    Event::default().event("presence").json_data(PresenceChanged { id }).ok()
                }
                LiveUpdate::Notifications => unread(&self.app, self.feed.actor()).await,
                LiveUpdate::Reload => Some(Event::default().event("reload").data("{}")),
            };
        }
    }
}

/// The live updates of `actor` as server-sent events, until `recheck` fails or the node
/// shuts down. `X-Accel-Buffering: no` asks a proxy in front (nginx) to pass each event on
/// at once.
pub(crate) fn events(app: &App, actor: Actor, recheck: Recheck) -> Response {
    ([("x-accel-buffering", "no")], stream(app.clone(), actor, recheck)).into_response()
}

fn stream(app: App, actor: Actor, recheck: Recheck) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let follow =
        Follow { feed: app.live_updates(actor), app, recheck, check_at: Instant::now() + RECHECK, started: false };
    let stream = futures::stream::unfold(follow, |mut follow| async move {
        let event = follow.next().await?;
        Some((Ok(event), follow))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}
