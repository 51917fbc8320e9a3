//! Group commit of ticket filings, and the choice of the assignee of routed tickets.
//!
//! Tickets filed at the same time are written together: one transaction and a handful of
//! multi-row statements for the whole batch ([`Store::create_tickets`]). That is what lets
//! SQLite's single writer, or PostgreSQL's one flush per commit, keep up with many
//! clients. A filing is answered only once its batch has committed, so nothing
//! acknowledged is lost; if a batch fails, its tickets are written one by one, so a bad
//! ticket fails alone. With nobody else filing, a batch is one ticket and costs no wait.
//!
//! Tickets an assignment rule routes to a member of a team (round robin, least loaded) get
//! their assignee here, just before their batch is written: one writer per node hands the
//! batch's tickets out one after another, from one reading of each team's members (with
//! their open tickets for least loaded), and the assignment times go into the same
//! transaction as the tickets.

use std::collections::HashMap;
use std::sync::OnceLock;

use helmdesk_domain::service_desk::routing::{Member, Rotation, RoutingMethod};
use helmdesk_domain::{Role, TicketStatus};
use helmdesk_store::platform::notifications::NewNotification;
use helmdesk_store::service_desk::routing::{CandidateRow, MemberStamp};
use helmdesk_store::service_desk::tickets::{Effects, NewHistory, TicketRow};
use helmdesk_store::{Backend, Store, StoreError};
use tokio::sync::{mpsc, oneshot};

use crate::platform::access::Reader;
use crate::service_desk::access::Part;
use crate::service_desk::automation::events_job;
use crate::service_desk::notify::{TicketEvent, ticket_notifications};
use helmdesk_domain::service_desk::automation::Chain;

/// The most tickets written in one transaction.
const MAX_BATCH: usize = 64;

/// What an assignment rule decided for a new ticket; the member is picked when the ticket
/// is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Routing {
    /// The rule's name, for the ticket's history.
    pub rule: String,
    pub team_id: i64,
    pub method: RoutingMethod,
    /// The ticket's organisation and those above it: whoever takes it must see one.
    pub organisations: Vec<i64>,
}

/// A ticket as written, with the name of the assignee routing gave it.
#[derive(Debug, Clone)]
pub struct Filed {
    pub row: TicketRow,
    /// Set when routing assigned the ticket.
    pub assignee_name: Option<String>,
    /// The team members told of it ([`ticket_notifications`]'s `others`).
    pub team: Vec<i64>,
}

/// A ticket waiting to be written, and where to send the outcome.
struct Filing {
    row: TicketRow,
    /// Who filed it (not told of it).
    actor_id: i64,
    /// The team members told of it ([`crate::App::audience`]).
    team: Vec<i64>,
    routing: Option<Routing>,
    /// What routing adds: its history line and assignment time, the assignee's name.
    history: Vec<NewHistory>,
    stamps: Vec<MemberStamp>,
    assignee_name: Option<String>,
    /// The chain of the `ticket.events` job to queue with it, when anything listens.
    announce: Option<Chain>,
    reply: oneshot::Sender<Result<Filed, StoreError>>,
}

impl Filing {
    fn effects(&self, saved: &TicketRow) -> Effects {
        Effects {
            history: self.history.clone(),
            notifications: self.notifications(saved),
            stamps: self.stamps.clone(),
            jobs: self
                .announce
                .as_ref()
                .map(|chain| events_job(saved.id, &[TicketEvent::Created], self.actor_id, chain, saved.created_at))
                .into_iter()
                .collect(),
        }
    }

    fn notifications(&self, saved: &TicketRow) -> Vec<NewNotification> {
        ticket_notifications(saved, TicketEvent::Created, self.actor_id, &self.team)
    }

    fn filed(&self, row: TicketRow) -> Filed {
        Filed { row, assignee_name: self.assignee_name.clone(), team: self.team.clone() }
    }
}

/// The queue of filings of one application, and the task that writes them.
#[derive(Default)]
pub struct Filer(OnceLock<mpsc::Sender<Filing>>);

impl Filer {
    /// Writes a new ticket (with its "created" history line, search document and
    /// notifications) together with whatever else is being filed now; a routed ticket
    /// gets its assignee first.
    pub async fn file(
        &self,
        store: &Store,
        row: TicketRow,
        actor_id: i64,
        team: Vec<i64>,
        routing: Option<Routing>,
        announce: Option<Chain>,
    ) -> Result<Filed, StoreError> {
        let sender = self.0.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
            start_writer(store.clone(), receiver);
            sender
        });
        let (reply, outcome) = oneshot::channel();
        let filing = Filing {
            row,
            actor_id,
            team,
            routing,
            history: Vec::new(),
            stamps: Vec::new(),
            assignee_name: None,
            announce,
            reply,
        };
        match sender.send(filing).await {
            Ok(()) => match outcome.await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Refused("the ticket writer stopped; try again".into())),
            },
            // The writer went away (with the runtime that started it, or its thread could
            // not start): write directly.
            Err(mpsc::error::SendError(filing)) => {
                let mut one = vec![filing];
                if let Some((_, e)) = assign_routed(store, &mut one).await.pop() {
                    return Err(e);
                }
                match one.pop() {
                    Some(filing) => write_one(store, &filing).await,
                    None => Err(StoreError::NotFound),
                }
            }
        }
    }
}

/// Starts the writer of batches. On SQLite it gets a thread of its own: a batch's
/// statements go one after another to SQLite's one writer connection, and each answer must
/// wake the writer before the next statement goes; as a task among the request handlers on
/// the runtime's workers, it waited behind them for every one of those wake-ups, and that
/// wait, not SQLite, set the pace of all filing. PostgreSQL's connections belong to the
/// runtime that opened them, so there the writer stays a task of that runtime.
fn start_writer(store: Store, queue: mpsc::Receiver<Filing>) {
    if store.backend() == Backend::Sqlite
        && let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build()
    {
        let spawned = std::thread::Builder::new()
            .name("ticket-writer".into())
            .spawn(move || runtime.block_on(write_batches(store, queue)));
        if let Err(e) = spawned {
            // The queue went with the thread that was not started: filings write directly.
            tracing::warn!(error = %e, "could not start the ticket writer's thread");
        }
        return;
    }
    tokio::spawn(write_batches(store, queue));
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
        for (filing, e) in assign_routed(&store, &mut batch).await {
            let _ = filing.reply.send(Err(e));
        }
        if batch.is_empty() {
            continue;
        }
        let rows: Vec<TicketRow> = batch.iter().map(|f| f.row.clone()).collect();
        let written = store.create_tickets(&rows, |i, saved| batch[i].effects(saved)).await;
        match written {
            Ok(saved) => {
                for (filing, row) in batch.into_iter().zip(saved) {
                    let filed = filing.filed(row);
                    let _ = filing.reply.send(Ok(filed));
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

async fn write_one(store: &Store, filing: &Filing) -> Result<Filed, StoreError> {
    let saved = store.create_ticket(&filing.row, |_, saved| filing.effects(saved)).await?;
    Ok(filing.filed(saved))
}

/// A team member as the rule of who may read a ticket sees them.
fn reader(c: &CandidateRow) -> Option<Reader> {
    Some(Reader {
        id: c.user_id,
        role: c.role.parse().ok()?,
        active: c.active,
        organisation_id: c.organisation_id,
        department_id: c.department_id,
    })
}

/// A team member as the choice of an assignee sees them.
fn member(c: &CandidateRow) -> Member {
    let role = c.role.parse::<Role>().ok();
    Member {
        user_id: c.user_id,
        available: c.active && !c.away && role.is_some_and(Role::is_staff),
        organisation_id: c.organisation_id,
        sees_all: role.is_some_and(Role::sees_all_organisations),
        open_tickets: c.open_tickets,
        last_assigned_at: c.last_assigned_at,
    }
}

/// Gives the routed tickets of a batch their history line and, for the methods that pick
/// a member, their assignee, one ticket after another. A ticket nobody can take stays with
/// its team, and the team hears of it. A team's members are read once per batch; when
/// that fails, each of its tickets tries again, and one whose reading fails too is taken
/// out of the batch and returned with the error, to fail alone.
async fn assign_routed(store: &Store, batch: &mut Vec<Filing>) -> Vec<(Filing, StoreError)> {
    let mut teams: HashMap<i64, (Rotation, Vec<CandidateRow>)> = HashMap::new();
    let mut failed = Vec::new();
    let mut i = 0;
    while i < batch.len() {
        let Some(routing) = batch[i].routing.clone() else {
            i += 1;
            continue;
        };
        let team = routing.team_id;
        if routing.method.picks_member() && !teams.contains_key(&team) {
            let count_open = batch.iter().any(|f| {
                f.routing.as_ref().is_some_and(|r| r.team_id == team && r.method == RoutingMethod::LeastLoaded)
            });
            match store.routing_candidates(team, count_open).await {
                Ok(candidates) => {
                    let rotation = Rotation { members: candidates.iter().map(member).collect() };
                    teams.insert(team, (rotation, candidates));
                }
                Err(e) => {
                    failed.push((batch.remove(i), e));
                    continue;
                }
            }
        }
        let filing = &mut batch[i];
        i += 1;
        filing.history.push(NewHistory { field: "routed".into(), old_value: None, new_value: Some(routing.rule) });
        let Some((rotation, candidates)) = teams.get_mut(&team).filter(|_| routing.method.picks_member()) else {
            continue;
        };
        match rotation.assign(routing.method, &routing.organisations, filing.row.created_at) {
            Some((user_id, at)) => {
                filing.row.assignee_id = Some(user_id);
                filing.row.status = TicketStatus::Assigned.as_str().into();
                filing.stamps.push(MemberStamp { team_id: team, user_id, at });
                filing.assignee_name = candidates.iter().find(|c| c.user_id == user_id).map(|c| c.name.clone());
            }
            // Nobody could take it: the members who may read it hear of it.
            None => {
                let t = &filing.row;
                filing.team = candidates
                    .iter()
                    .filter(|c| reader(c).is_some_and(|r| r.may_read(t, &routing.organisations, Part::Public)))
                    .map(|c| c.user_id)
                    .collect()
            }
        }
    }
    failed
}
