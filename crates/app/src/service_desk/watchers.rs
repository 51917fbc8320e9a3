//! Watchers: people who follow a ticket and hear of it like its requester does
//! ([`App::audience`]). Staff add anyone who can see the ticket; requesters watch the
//! tickets they can see only as themselves. Requesters see themselves in the list, not
//! the others.

use chrono::{DateTime, Utc};
use helmdesk_store::StoreError;
use helmdesk_store::service_desk::watchers::WatcherRow;
use serde::Deserialize;

use crate::service_desk::access::DeskPermission;
use crate::{Actor, App, AppError, NamedInInput, ts};

/// Someone watching a ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Watcher {
    pub user_id: i64,
    pub name: String,
    pub since: DateTime<Utc>,
}

impl From<WatcherRow> for Watcher {
    fn from(w: WatcherRow) -> Self {
        Watcher { user_id: w.user.id, name: w.user.name, since: ts(w.watching_since) }
    }
}

/// Who is to watch the ticket.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWatcher {
    /// The caller's own id, or (staff) anyone's who can see the ticket.
    pub user_id: i64,
}

impl App {
    /// Watching oneself needs the right to reply; adding or removing someone else, the
    /// right to work tickets.
    fn require_watch(actor: &Actor, user_id: i64) -> Result<(), AppError> {
        if user_id == actor.id {
            actor.require(DeskPermission::ReplyTicket)
        } else if actor.can(DeskPermission::WorkTicket) {
            Ok(())
        } else {
            Err(AppError::forbidden("you can only start or stop watching a ticket yourself"))
        }
    }

    /// The watchers of a ticket; a requester sees only themselves.
    pub async fn watchers(&self, actor: &Actor, ticket_id: i64) -> Result<Vec<Watcher>, AppError> {
        self.visible_ticket(actor, ticket_id).await?;
        let all = self.store().watchers(ticket_id).await?;
        let everyone = actor.role.sees_internal();
        Ok(all.into_iter().filter(|w| everyone || w.user.id == actor.id).map(Watcher::from).collect())
    }

    /// Adds a watcher who can see the ticket. Returns the watcher and whether they are
    /// new (adding someone twice changes nothing).
    pub async fn add_watcher(&self, actor: &Actor, ticket_id: i64, user_id: i64) -> Result<(Watcher, bool), AppError> {
        Self::require_watch(actor, user_id)?;
        let ticket = self.visible_ticket(actor, ticket_id).await?.ticket;
        let no_such_user = || AppError::invalid("user_id", "no such user");
        let user = match self.store().user(user_id).await {
            Ok(u) => u,
            Err(StoreError::NotFound) => return Err(no_such_user()),
            Err(e) => return Err(e.into()),
        };
        if user.id != actor.id && !actor.sees_organisation(user.organisation_id) {
            return Err(no_such_user());
        }
        let watcher = self.actor_for(&user).await.named_in("user_id", "that person is inactive")?;
        if !watcher.sees_ticket(&ticket) {
            return Err(AppError::invalid("user_id", format!("{} cannot see this ticket", user.name)));
        }
        let added = self.store().add_watcher(ticket_id, user_id, self.now_micros()).await?;
        let row = self.store().watchers(ticket_id).await?.into_iter().find(|w| w.user.id == user_id);
        Ok((row.ok_or(AppError::NotFound)?.into(), added))
    }

    /// Stops someone watching a ticket; not found when they did not watch it.
    pub async fn remove_watcher(&self, actor: &Actor, ticket_id: i64, user_id: i64) -> Result<(), AppError> {
        Self::require_watch(actor, user_id)?;
        self.visible_ticket(actor, ticket_id).await?;
        if self.store().remove_watcher(ticket_id, user_id).await? { Ok(()) } else { Err(AppError::NotFound) }
    }
}
