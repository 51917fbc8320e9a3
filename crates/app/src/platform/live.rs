//! Live updates: the node's bus of what just changed, for pages and API clients that follow
//! it as it happens (`GET /events`).
//!
//! - **What is told.** A [`LiveEvent`] carries ids and counts, never text: a record
//!   changed (with the facts that decide who may hear of it, its [`Audience`]), a person's
//!   notifications changed, or "you may have missed something" ([`LiveEvent::Reload`]).
//!   Whoever hears an event reads what it needs through the ordinary use cases, with their
//!   own access.
//! - **When.** Use cases publish after their transaction commits ([`Live::publish`]); a
//!   publication is a send on a `tokio::sync::broadcast` channel and, on PostgreSQL, a
//!   `try_send` to this node's relay: it never waits, and a full relay queue drops the
//!   event (the other nodes are then told to reload) rather than slow a filing.
//! - **Between nodes (PostgreSQL).** The relay task ([`App::start_live`]) sends what was
//!   published in batches, as `NOTIFY` payloads on `store::live::CHANNEL`, one statement
//!   a payload and one transaction a batch, committed without waiting for the disk. Each
//!   node listens on a connection of its own and hands what other nodes published to its
//!   own bus; its own payloads come back to it too and are recognised by the node id.
//!   A lost listening connection is made again, and its pages are told to reload. SQLite
//!   serves one node: the in-process channel is all there is.
//! - **Who hears what** is the module's whose records changed: the service desk's
//!   `service_desk::live` for tickets; a person's own notifications only to them.
//!
//! Events are not durable: a page that was not connected when something happened learns
//! of it when it is loaded, as before.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use helmdesk_store::live::{Heard, Listener, MAX_PAYLOAD};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};

use crate::App;

/// Events a slow subscriber may fall behind by before it is told to reload.
const BACKLOG: usize = 4096;

/// Events waiting for the relay to other nodes; more are dropped (and the other nodes told
/// to reload).
const RELAY_QUEUE: usize = 16_384;

/// The most events one relay batch takes from the queue.
const RELAY_BATCH: usize = 1024;

/// Something that changed, as live pages hear of it: ids and counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveEvent {
    /// A record changed.
    Changed(Change),
    /// A person's notifications changed (new ones, or all read): only they hear of it.
    Notifications { user_id: i64 },
    /// Someone opened or closed a record, or started or stopped writing on it
    /// (`platform::presence`): those who may see the record's internal parts hear of it.
    Presence { subject: String, id: i64, audience: Audience },
    /// Events may have been missed (a subscriber fell behind, nodes lost touch): whoever
    /// hears it reads again what they show.
    Reload,
}

/// A record that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The kind of record, as its module names it (`ticket`).
    pub subject: String,
    pub id: i64,
    pub kind: ChangeKind,
    /// Who changed it; `None` for Helmdesk itself (the SLA sweep, the automatic close).
    pub actor_id: Option<i64>,
    pub audience: Audience,
}

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// It was made (a ticket filed).
    Filed,
    /// Its fields changed.
    Updated,
    /// A reply or a note was added.
    Commented,
}

impl ChangeKind {
    /// The name events carry.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Filed => "filed",
            ChangeKind::Updated => "updated",
            ChangeKind::Commented => "commented",
        }
    }
}

/// The facts of a changed record that decide who may hear of it, by its module's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// The organisation the record belongs to.
    pub organisation_id: i64,
    /// The person the record is for (a ticket's requester).
    pub owner_id: i64,
    /// The department it belongs to, if any.
    pub department_id: Option<i64>,
    /// Whether the change is one only staff and auditors see (an internal note, routing).
    pub internal: bool,
}

/// A node's bus of live events.
pub struct Live {
    /// Tells this node's own events from the others' when they come back from PostgreSQL.
    node: String,
    local: broadcast::Sender<Arc<LiveEvent>>,
    /// The queue of the relay to other nodes, once it runs (PostgreSQL).
    relay: OnceLock<mpsc::Sender<Arc<LiveEvent>>>,
    /// Set when an event could not be relayed: the next batch tells the others to reload.
    dropped: AtomicBool,
    closing: watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            node: format!("{:016x}", rand::random::<u64>()),
            local: broadcast::channel(BACKLOG).0,
            relay: OnceLock::new(),
            dropped: AtomicBool::new(false),
            closing: watch::channel(false).0,
        }
    }
}

/// A subscription to a node's live events.
pub struct Subscription {
    /// The events, in the order published on this node.
    pub events: broadcast::Receiver<Arc<LiveEvent>>,
    /// Turns true when the node stops serving (subscribers end, so that the server can).
    pub closing: watch::Receiver<bool>,
}

impl Live {
    /// Tells this node's subscribers and, once the relay runs, the other nodes. Never
    /// waits.
    pub fn publish(&self, event: LiveEvent) {
        let event = Arc::new(event);
        // No subscriber is not an error: nobody is looking.
        let _ = self.local.send(event.clone());
        if let Some(relay) = self.relay.get()
            && relay.try_send(event).is_err()
        {
            self.dropped.store(true, Ordering::Relaxed);
        }
    }

    /// Tells this node's subscribers only (what another node published).
    fn hear(&self, event: LiveEvent) {
        let _ = self.local.send(Arc::new(event));
    }

    /// Follows the events published from now on.
    pub fn subscribe(&self) -> Subscription {
        Subscription { events: self.local.subscribe(), closing: self.closing.subscribe() }
    }

    /// Ends every subscription and the listener of other nodes (at shutdown: a server
    /// waits for its open responses, and a subscription's never ends by itself).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Several events in one `NOTIFY` payload.
#[derive(Debug, Serialize, Deserialize)]
struct Batch {
    node: String,
    /// Events of this node were dropped before this batch.
    #[serde(default)]
    lost: bool,
    events: Vec<LiveEvent>,
}

/// `events` as payloads of at most [`MAX_PAYLOAD`] bytes, in order.
fn payloads(node: &str, events: &[Arc<LiveEvent>], lost: bool) -> Vec<String> {
    let head = |lost: bool| format!(r#"{{"node":"{node}","lost":{lost},"events":["#);
    let mut out = Vec::new();
    let mut current = head(lost);
    let mut count = 0;
    for event in events {
        let Ok(json) = serde_json::to_string(&**event) else { continue };
        if count > 0 && current.len() + json.len() + 3 > MAX_PAYLOAD {
            current.push_str("]}");
            out.push(std::mem::replace(&mut current, head(false)));
            count = 0;
        }
        if count > 0 {
            current.push(',');
        }
        current.push_str(&json);
        count += 1;
    }
    if count > 0 || lost {
        current.push_str("]}");
        out.push(current);
    }
    out
}

impl App {
    /// This node's bus of live events.
    pub fn live(&self) -> &Live {
        &self.live
    }

    /// Starts what carries live events between the nodes of one PostgreSQL database: the
    /// relay of this node's events and the listener of the others', listening before it
    /// returns (when the database does not answer, the listener keeps trying in the
    /// background). Once per node (later calls do nothing); nothing on SQLite. `serve`
    /// calls it; commands that change a record outside a server (an import) tell only
    /// their own process.
    pub async fn start_live(&self) {
        if self.store().backend() != helmdesk_store::Backend::Postgres {
            return;
        }
        let (sender, queue) = mpsc::channel(RELAY_QUEUE);
        if self.live.relay.set(sender).is_err() {
            return;
        }
        tokio::spawn(relay(self.clone(), queue));
        let first = match self.store().listen().await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::warn!(error = %e, "could not listen for other nodes' changes yet; trying again");
                None
            }
        };
        tokio::spawn(listen(self.clone(), first));
    }
}

/// Sends this node's events to the others, a batch at a time, for as long as the process
/// runs (jobs finishing after shutdown began still tell the others).
async fn relay(app: App, mut queue: mpsc::Receiver<Arc<LiveEvent>>) {
    let (live, store) = (&app.live, app.store());
    while let Some(first) = queue.recv().await {
        let mut events = vec![first];
        while events.len() < RELAY_BATCH {
            match queue.try_recv() {
                Ok(event) => events.push(event),
                Err(_) => break,
            }
        }
        let lost = live.dropped.swap(false, Ordering::Relaxed);
        if let Err(e) = store.announce(&payloads(&live.node, &events, lost)).await {
            tracing::warn!(error = %e, events = events.len(), "could not tell the other nodes of changes");
            live.dropped.store(true, Ordering::Relaxed);
        }
    }
}

/// Hands what the other nodes publish to this node's bus, starting with `first` (if it
/// could be made) and listening again (after a pause) whenever the connection cannot be
/// made; after each interruption the pages are told to reload. Ends when the node closes.
async fn listen(app: App, mut first: Option<Listener>) {
    let live = &app.live;
    let mut closing = live.closing.subscribe();
    let mut pause = Duration::from_millis(500);
    let mut interrupted = first.is_none();
    loop {
        let mut listener = match first.take() {
            Some(listener) => listener,
            None => {
                let listener = tokio::select! {
                    _ = closing.wait_for(|c| *c) => return,
                    listener = app.store().listen() => listener,
                };
                match listener {
                    Ok(Some(listener)) => listener,
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not listen for other nodes' changes; trying again");
                        interrupted = true;
                        tokio::select! {
                            _ = closing.wait_for(|c| *c) => return,
                            _ = tokio::time::sleep(pause) => {}
                        }
                        pause = (pause * 2).min(Duration::from_secs(30));
                        continue;
                    }
                }
            }
        };
        if std::mem::take(&mut interrupted) {
            live.hear(LiveEvent::Reload);
        }
        pause = Duration::from_millis(500);
        loop {
            let heard = tokio::select! {
                _ = closing.wait_for(|c| *c) => return,
                heard = listener.next() => heard,
            };
            match heard {
                Ok(Heard::Payload(payload)) => match serde_json::from_str::<Batch>(&payload) {
                    Ok(batch) if batch.node == live.node => {}
                    Ok(batch) => {
                        if batch.lost {
                            live.hear(LiveEvent::Reload);
                        }
                        batch.events.into_iter().filter(|e| *e != LiveEvent::Reload).for_each(|e| live.hear(e));
                    }
                    Err(e) => tracing::warn!(error = %e, "a live event of another node could not be read"),
                },
                Ok(Heard::Lost) => live.hear(LiveEvent::Reload),
                Err(e) => {
                    tracing::warn!(error = %e, "lost the connection that hears other nodes' changes");
                    interrupted = true;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: i64) -> Arc<LiveEvent> {
        Arc::new(LiveEvent::Changed(Change {
            subject: "ticket".into(),
            id,
            kind: ChangeKind::Commented,
            actor_id: Some(7),
            audience: Audience { organisation_id: 3, owner_id: 9, department_id: None, internal: false },
        }))
    }

    #[test]
    fn a_batch_becomes_payloads_that_postgresql_takes_and_that_read_back_in_order() {
        let events: Vec<_> = (0..500).map(change).collect();
        let out = payloads("abc", &events, true);
        assert!(out.len() > 1, "500 changes do not fit one payload");
        assert!(out.iter().all(|p| p.len() <= MAX_PAYLOAD));
        let batches: Vec<Batch> = out.iter().map(|p| serde_json::from_str(p).unwrap()).collect();
        assert!(batches[0].lost && batches[1..].iter().all(|b| !b.lost), "the loss is told once");
        assert!(batches.iter().all(|b| b.node == "abc"));
        let read: Vec<LiveEvent> = batches.into_iter().flat_map(|b| b.events).collect();
        assert_eq!(read, events.iter().map(|e| (**e).clone()).collect::<Vec<_>>());
    }

    #[test]
    fn a_loss_alone_is_still_told() {
        let out = payloads("abc", &[], true);
        let batch: Batch = serde_json::from_str(&out[0]).unwrap();
        assert!(batch.lost && batch.events.is_empty());
        assert!(payloads("abc", &[], false).is_empty());
    }

    #[test]
    fn payloads_carry_ids_and_no_text() {
        let out = payloads("abc", &[change(42)], false);
        assert_eq!(
            out[0],
            r#"{"node":"abc","lost":false,"events":[{"changed":{"subject":"ticket","id":42,"kind":"commented","actor_id":7,"audience":{"organisation_id":3,"owner_id":9,"department_id":null,"internal":false}}}]}"#
        );
    }
}
