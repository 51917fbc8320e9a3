//! Links between tickets and the merge of duplicates.
//!
//! Staff link tickets of their scope: parent and child, duplicate of, related, caused by
//! a change (a ticket, or a change named by reference). A link is read from both ends
//! ("Child", "Duplicated by"), and only where the reader may see the other ticket. No
//! ticket links to itself, parent and duplicate chains never loop, a ticket has one
//! parent, and a link is made once (related links count both ways).
//!
//! A merge closes a duplicate into the ticket it duplicates: its comments, attachments
//! and watchers move over, it records where it went (`merged_into_id`, a duplicate link,
//! a history line on both) and the target gets an internal note pointing back, all in one
//! transaction ([`App::merge_ticket`], also what a bulk merge calls).

use chrono::{DateTime, Utc};
use helmdesk_domain::service_desk::links::{self, LinkKind};
use helmdesk_domain::{TicketStatus, validate};
use helmdesk_store::StoreError;
use helmdesk_store::service_desk::links::{LinkView, Merge, NewLink as StoreLink};
use helmdesk_store::service_desk::tickets::{Effects, NewHistory, TicketRow};
use serde::Deserialize;

use crate::platform::live::ChangeKind;
use crate::service_desk::access::DeskPermission;
use crate::service_desk::notify::TicketEvent;
use crate::service_desk::tickets::{Ticket, set_status};
use crate::{Actor, App, AppError, FieldError, ts};

/// Which end of a link the ticket asked about is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkDirection {
    /// Made on this ticket: its parent, what it duplicates, the change that caused it.
    Outgoing,
    /// Made on the other ticket: a child, a duplicate of this one.
    Incoming,
}

/// The ticket at the other end of a link.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct LinkedTicket {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: TicketStatus,
}

/// A link, read from the ticket asked about.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TicketLink {
    pub id: i64,
    /// The kind, as made on the ticket it was made on.
    pub kind: LinkKind,
    pub direction: LinkDirection,
    /// How the link reads from this ticket: `Parent`, `Child`, `Duplicate of`,
    /// `Duplicated by`, `Related to`, `Caused by change`, `Caused`.
    pub label: String,
    /// The ticket at the other end; absent for a change named by reference.
    pub ticket: Option<LinkedTicket>,
    /// The change that caused this ticket, when it is not a ticket (e.g. `CHG-123`).
    pub change_ref: Option<String>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

/// A link to make from the ticket in the path: to another ticket (`target_id`), or for
/// `caused_by_change` to a change named by reference (`change_ref`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLink {
    /// `parent`: the target is this ticket's parent; `duplicate_of`: this ticket
    /// duplicates the target; `related`; `caused_by_change`: the target (a ticket or
    /// `change_ref`) caused this one.
    pub kind: LinkKind,
    pub target_id: Option<i64>,
    /// Only with `caused_by_change`, instead of `target_id`: letters, digits and `-_.:/#`.
    #[schema(value_type = Option<helmdesk_domain::service_desk::links::ChangeRef>, example = "CHG-123")]
    pub change_ref: Option<String>,
}

/// Where to merge a ticket.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The ticket that stays open and receives the comments, attachments and watchers.
    pub into_id: i64,
}

fn number(t: &TicketRow) -> String {
    t.number.clone().unwrap_or_else(|| format!("#{}", t.id))
}

fn done(status: &str) -> bool {
    status == TicketStatus::Closed.as_str() || status == TicketStatus::Cancelled.as_str()
}

impl TicketLink {
    /// The link `v` read from ticket `from`.
    fn new(v: LinkView, from: i64) -> TicketLink {
        let kind = v.link.kind.parse().unwrap_or(LinkKind::Related);
        let direction = if v.link.ticket_id == from { LinkDirection::Outgoing } else { LinkDirection::Incoming };
        let label = match direction {
            LinkDirection::Outgoing => kind.label(),
            LinkDirection::Incoming => kind.reverse_label(),
        };
        let ticket = v.other_id.map(|id| LinkedTicket {
            id,
            number: v.other_number.clone().unwrap_or_default(),
            subject: v.other_subject.clone().unwrap_or_default(),
            status: v.other_status.as_deref().and_then(|s| s.parse().ok()).unwrap_or(TicketStatus::New),
        });
        TicketLink {
            id: v.link.id,
            kind,
            direction,
            label: label.into(),
            ticket,
            change_ref: v.link.change_ref,
            created_by: v.link.created_by,
            created_by_name: v.created_by_name,
            created_at: ts(v.link.created_at),
        }
    }
}

impl App {
    /// Whether the actor may see the ticket at the other end of a link (a change
    /// reference has none).
    fn sees_other_end(actor: &Actor, v: &LinkView) -> bool {
        match v.other_id {
            None => true,
            Some(id) => actor.sees_ticket(&TicketRow {
                id,
                organisation_id: v.other_organisation_id.unwrap_or_default(),
                requester_id: v.other_requester_id.unwrap_or_default(),
                department_id: v.other_department_id,
                ..Default::default()
            }),
        }
    }

    /// The links of a ticket, both ways, whose other end the actor may see (staff and
    /// auditors).
    pub async fn links(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<TicketLink>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        if !actor.role.sees_internal() {
            return Err(AppError::forbidden("only staff and auditors see links between tickets"));
        }
        let rows = self.store().links(ticket_id).await?;
        Ok(rows.into_iter().filter(|v| Self::sees_other_end(actor, v)).map(|v| TicketLink::new(v, ticket_id)).collect())
    }

    /// Links a ticket to another ticket (both must be visible to the actor) or to a
    /// change reference.
    pub async fn add_link(&self, actor: &Actor, ticket_id: i64, input: NewLink) -> Result<TicketLink, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        self.visible_ticket(actor, ticket_id).await?;
        let kind = input.kind;
        let (target_id, change_ref) = match (input.target_id, input.change_ref) {
            (Some(t), None) => (Some(t), None),
            (None, Some(r)) if kind == LinkKind::CausedByChange => (None, Some(links::change_ref(&r)?)),
            (None, Some(_)) => {
                return Err(AppError::invalid(
                    "change_ref",
                    "only a caused_by_change link names a change by reference; link to a ticket with target_id",
                ));
            }
            (Some(_), Some(_)) => return Err(AppError::invalid("target_id", "give target_id or change_ref, not both")),
            (None, None) => return Err(AppError::invalid("target_id", "name the ticket to link to")),
        };
        if target_id == Some(ticket_id) {
            return Err(AppError::invalid("target_id", "a ticket cannot be linked to itself"));
        }
        let target = match target_id {
            Some(t) => Some(self.visible_ticket(actor, t).await?.ticket),
            None => None,
        };
        let other = target.as_ref().map(number).or(change_ref.clone()).unwrap_or_default();
        let store = self.store();
        let mut tx = store.begin().await?;
        store.lock_tickets(&mut tx, &[Some(ticket_id), target_id].into_iter().flatten().collect::<Vec<_>>()).await?;
        let made_here = store.links_made_on(&mut tx, ticket_id, kind.as_str()).await?;
        if made_here.iter().any(|l| l.target_id == target_id && l.change_ref == change_ref) {
            return Err(AppError::Conflict(format!("this ticket is already linked: {} {other}", kind.label())));
        }
        if let Some(target_id) = target_id {
            if kind.is_symmetric() {
                let made_there = store.links_made_on(&mut tx, target_id, kind.as_str()).await?;
                if made_there.iter().any(|l| l.target_id == Some(ticket_id)) {
                    return Err(AppError::Conflict(format!("{other} is already linked to this ticket")));
                }
            }
            if kind == LinkKind::Parent && !made_here.is_empty() {
                return Err(AppError::Conflict(
                    "this ticket already has a parent; remove that link before choosing another".into(),
                ));
            }
            if kind.is_chain() && store.linked_chain(&mut tx, kind.as_str(), target_id).await?.contains(&ticket_id) {
                let why = match kind {
                    LinkKind::Parent => format!("{other} is below this ticket already; it cannot also be its parent"),
                    _ => format!("{other} is already a duplicate of this ticket; the link would go round in a circle"),
                };
                return Err(AppError::Invalid(vec![FieldError {
                    code: "link_loop".into(),
                    detail: why,
                    field: Some("target_id".into()),
                }]));
            }
        }
        let now = self.now_micros();
        let new = StoreLink { ticket_id, kind: kind.as_str().into(), target_id, change_ref, created_by: actor.id };
        let line = NewHistory {
            field: "internal_link".into(),
            old_value: None,
            new_value: Some(format!("{} {other}", kind.label().to_lowercase())),
        };
        let row = store.insert_link(&mut tx, &new, &Effects::history(vec![line]), now).await?;
        tx.commit().await?;
        Ok(TicketLink::new(store.link(ticket_id, row.id).await?, ticket_id))
    }

    /// Removes a link, from either of its tickets.
    pub async fn remove_link(&self, actor: &Actor, ticket_id: i64, link_id: i64) -> Result<(), AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        self.visible_ticket(actor, ticket_id).await?;
        let view = self.store().link(ticket_id, link_id).await?;
        if !Self::sees_other_end(actor, &view) {
            return Err(AppError::NotFound);
        }
        let link = TicketLink::new(view.clone(), view.link.ticket_id);
        let other = link.ticket.as_ref().map(|t| t.number.clone()).or(link.change_ref.clone()).unwrap_or_default();
        let line = NewHistory {
            field: "internal_unlink".into(),
            old_value: Some(format!("{} {other}", link.kind.label().to_lowercase())),
            new_value: None,
        };
        self.store().delete_link(&view.link, actor.id, &Effects::history(vec![line]), self.now_micros()).await?;
        Ok(())
    }

    /// Merges ticket `id` into ticket `into_id` (both visible to the actor, of the same
    /// organisation, the target neither closed nor merged): moves its comments,
    /// attachments and watchers, closes it with `merged_into_id` (and the `duplicate`
    /// resolution code when that code is in use), records the merge on both and leaves
    /// an internal note on the target. Nothing changes on failure. Returns the merged
    /// ticket.
    pub async fn merge_ticket(&self, actor: &Actor, id: i64, into_id: i64) -> Result<Ticket, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        if id == into_id {
            return Err(AppError::invalid("into_id", "a ticket cannot be merged into itself"));
        }
        for _ in 0..3 {
            let source = self.visible_ticket(actor, id).await?.ticket;
            let target = self.visible_ticket(actor, into_id).await?.ticket;
            if source.merged_into_id.is_some() {
                return Err(AppError::Conflict("this ticket was already merged into another".into()));
            }
            if done(&source.status) {
                return Err(AppError::Conflict("this ticket is closed; only tickets still open can be merged".into()));
            }
            if let Some(further) = target.merged_into_id {
                let detail =
                    format!("{} was merged into another ticket (id {further}); merge into that one", number(&target));
                return Err(AppError::invalid("into_id", detail));
            }
            if done(&target.status) {
                return Err(AppError::invalid(
                    "into_id",
                    format!("{} is closed; merge into an open ticket", number(&target)),
                ));
            }
            if source.organisation_id != target.organisation_id {
                return Err(AppError::invalid("into_id", "tickets of different organisations cannot be merged"));
            }
            let now = self.now_micros();
            let mut t = source.clone();
            set_status(&mut t, TicketStatus::Closed, now);
            t.merged_into_id = Some(into_id);
            if t.resolution_code.is_none() && self.settings().resolution_codes.iter().any(|c| c == "duplicate") {
                t.resolution_code = Some("duplicate".into());
            }
            t.updated_at = now;
            let mut history = vec![
                NewHistory { field: "merged_into".into(), old_value: None, new_value: Some(number(&target)) },
                NewHistory {
                    field: "status".into(),
                    old_value: Some(source.status.clone()),
                    new_value: Some(t.status.clone()),
                },
            ];
            if t.resolution_code != source.resolution_code {
                history.push(NewHistory {
                    field: "resolution_code".into(),
                    old_value: None,
                    new_value: t.resolution_code.clone(),
                });
            }
            history.extend(self.update_clocks(Some(&source), &mut t, now, None).await?);
            let source_effects = Effects {
                history,
                notifications: self.notifications_of(&t, TicketEvent::Status, actor.id).await?,
                jobs: self.events_jobs(t.id, &[TicketEvent::Status], actor.id, &actor.automation).await?,
                ..Default::default()
            };
            let target_effects = Effects {
                history: vec![NewHistory {
                    field: "merged_from".into(),
                    old_value: None,
                    new_value: Some(number(&source)),
                }],
                notifications: self.notifications_of(&target, TicketEvent::Note, actor.id).await?,
                jobs: self.events_jobs(target.id, &[TicketEvent::Note], actor.id, &actor.automation).await?,
                ..Default::default()
            };
            let description =
                if source.description.is_empty() { String::new() } else { format!("\n\n{}", source.description) };
            let pointer = format!(
                "Merged {} into this ticket: {}{description}\n\nIts comments, attachments and watchers are here now.",
                number(&source),
                source.subject
            );
            let merge = Merge {
                source: &t,
                source_version: source.version,
                target_id: into_id,
                actor_id: actor.id,
                pointer: pointer.chars().take(validate::BODY_MAX).collect(),
                source_effects,
                target_effects,
            };
            match self.store().merge_tickets(&merge).await {
                Ok(()) => {
                    let (source, target_told) = (&merge.source_effects, &merge.target_effects.notifications);
                    self.announce_ticket(&t, ChangeKind::Updated, Some(actor.id), false, &source.notifications);
                    self.announce_ticket(&target, ChangeKind::Commented, Some(actor.id), false, target_told);
                    return self.ticket(actor, id).await;
                }
                Err(StoreError::Stale) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict("the tickets kept changing; try again".into()))
    }
}
