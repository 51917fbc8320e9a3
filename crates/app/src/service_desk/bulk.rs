//! Bulk actions on the queue: one change applied to many tickets, each on its own (one
//! ticket's refusal does not stop the others), with the same rules as a single change.

use serde::Deserialize;

use crate::service_desk::access::DeskPermission;
use crate::service_desk::tickets::TicketPatch;
use crate::{Actor, App, AppError};

/// The most tickets one bulk action may name.
pub const BULK_MAX: usize = 500;

/// One change for many tickets.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkChange {
    /// The tickets, at most 500.
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Vec<i64>,
    /// The change each ticket gets, as in `PATCH /api/v1/tickets/{id}`.
    pub patch: Option<TicketPatch>,
    /// Instead of a patch: merge each ticket into this one, as in
    /// `POST /api/v1/tickets/{id}/merge`.
    pub merge_into: Option<i64>,
}

/// What happened to one ticket.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub id: i64,
    pub ok: bool,
    /// Why the ticket was left as it was.
    pub error: Option<String>,
}

/// What happened to each ticket, in the order given.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct BulkOutcome {
    pub succeeded: usize,
    pub failed: usize,
    pub results: Vec<BulkResult>,
}

impl App {
    /// Applies the patch to each ticket, or merges each into `merge_into` (staff). Tickets the actor cannot see fail as
    /// "not found", like a single change would.
    pub async fn bulk_change(&self, actor: &Actor, change: BulkChange) -> Result<BulkOutcome, AppError> {
        actor.require(DeskPermission::WorkTicket)?;
        let mut ids = change.ids;
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        if ids.is_empty() || ids.len() > BULK_MAX {
            return Err(AppError::invalid("ids", format!("name between 1 and {BULK_MAX} tickets")));
        }
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let outcome = match (&change.patch, change.merge_into) {
                (Some(patch), None) => self.update_ticket(actor, id, patch.clone(), None).await,
                (None, Some(into)) => self.merge_ticket(actor, id, into).await,
                _ => return Err(AppError::invalid("patch", "send either a patch or merge_into")),
            };
            results.push(BulkResult { id, ok: outcome.is_ok(), error: outcome.err().map(|e| e.summary()) });
        }
        let succeeded = results.iter().filter(|r| r.ok).count();
        Ok(BulkOutcome { succeeded, failed: results.len() - succeeded, results })
    }
}
