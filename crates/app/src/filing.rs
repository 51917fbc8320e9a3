//! Group commit of ticket filings.
//!
//! Tickets filed at the same time are written together: one transaction and a handful of
//! multi-row statements for the whole batch ([`Store::create_tickets`]). That is what lets
//! SQLite's single writer, or PostgreSQL's one flush per commit, keep up with many
//! clients. A filing is answered only once its batch has committed, so nothing
//! acknowledged is lost; if a batch fails, its tickets are written one by one, so a bad
//! ticket fails alone. With nobody else filing, a batch is one ticket and costs no wait.

use std::sync::OnceLock;

use helmdesk_store::notifications::NewNotification;
use helmdesk_store::tickets::{Effects, TicketRow};
use helmdesk_store::{Store, StoreError};
use tokio::sync::{mpsc, oneshot};

use crate::notifications::{TicketEvent, ticket_notifications};

/// The most tickets written in one transaction.
const MAX_BATCH: usize = 64;

/// A ticket waiting to be written, and where to send the outcome.
struct Filing {
    row: TicketRow,
    /// Who filed it (not told of it).
    actor_id: i64,
    /// The team members told of it ([`crate::App::audience`]).
    team: Vec<i64>,
    reply: oneshot::Sender<Result<TicketRow, StoreError>>,
}

impl Filing {
    fn notifications(&self, saved: &TicketRow) -> Vec<NewNotification> {
        ticket_notifications(saved, TicketEvent::Created, self.actor_id, &self.team)
    }
}

/// The queue of filings of one application, and the task that writes them.
#[derive(Default)]
pub struct Filer(OnceLock<mpsc::Sender<Filing>>);

impl Filer {
    /// Writes a new ticket (with its "created" history line, search document and
    /// notifications) together with whatever else is being filed now.
    pub async fn file(
        &self,
        store: &Store,
        row: TicketRow,
        actor_id: i64,
        team: Vec<i64>,
    ) -> Result<TicketRow, StoreError> {
        let sender = self.0.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(write_batches(store.clone(), receiver));
            sender
        });
        let (reply, outcome) = oneshot::channel();
        let filing = Filing { row, actor_id, team, reply };
        match sender.send(filing).await {
            Ok(()) => match outcome.await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Refused("the ticket writer stopped; try again".into())),
            },
            // The writer went away with the runtime that started it: write directly.
            Err(mpsc::error::SendError(filing)) => write_one(store, &filing).await,
        }
    }
}

async fn write_batches(store: Store, mut queue: mpsc::Receiver<Filing>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(filing) => batch.push(filing),
                Err(_) => break,
            }
        }
        let rows: Vec<TicketRow> = batch.iter().map(|f| f.row.clone()).collect();
        let written = store
            .create_tickets(&rows, |i, saved| Effects {
                notifications: batch[i].notifications(saved),
                ..Default::default()
            })
            .await;
        match written {
            Ok(saved) => {
                for (filing, row) in batch.into_iter().zip(saved) {
                    let _ = filing.reply.send(Ok(row));
                }
            }
            Err(e) if batch.len() == 1 => {
                if let Some(filing) = batch.pop() {
                    let _ = filing.reply.send(Err(e));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, tickets = batch.len(), "a batch of filings failed; writing them one by one");
                for filing in batch {
                    let result = write_one(&store, &filing).await;
                    let _ = filing.reply.send(result);
                }
            }
        }
    }
}

async fn write_one(store: &Store, filing: &Filing) -> Result<TicketRow, StoreError> {
    store
        .create_ticket(&filing.row, |_, saved| Effects {
            notifications: filing.notifications(saved),
            ..Default::default()
        })
        .await
}
