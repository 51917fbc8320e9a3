//! What background jobs do. The `jobs` crate claims and retries; this module runs them.

use helmdesk_store::StoreError;
use helmdesk_store::jobs::JobRow;
use serde::Deserialize;

use crate::tickets::{AUTO_CLOSE_JOB, NOTIFY_JOB};
use crate::{App, AppError, sla};

/// The recurring job that deletes expired sessions, keys and old finished jobs.
pub const HOUSEKEEPING_JOB: &str = "housekeeping";

#[derive(Deserialize)]
struct TicketEvent {
    ticket_id: i64,
    event: String,
    actor_id: i64,
}

impl App {
    /// Runs one job. An error makes the runner retry it later.
    pub async fn run_job(&self, job: &JobRow) -> Result<(), AppError> {
        match job.kind.as_str() {
            NOTIFY_JOB => {
                let event: TicketEvent =
                    serde_json::from_str(&job.payload).map_err(|e| AppError::Internal(format!("bad payload: {e}")))?;
                self.notify_ticket_event(&event).await
            }
            HOUSEKEEPING_JOB => self.housekeeping().await,
            sla::SWEEP_JOB => self.sla_sweep().await.map(|_| ()),
            sla::RECOMPUTE_JOB => self.recompute_open_tickets(job.id).await,
            sla::NOTIFY_JOB => self.sla_notify(&job.payload).await,
            AUTO_CLOSE_JOB => self.auto_close_resolved().await.map(|_| ()),
            other => Err(AppError::Internal(format!("no handler for job kind {other:?}"))),
        }
    }

    async fn notify_ticket_event(&self, e: &TicketEvent) -> Result<(), AppError> {
        let view = match self.store().ticket(e.ticket_id).await {
            Ok(v) => v,
            Err(StoreError::NotFound) => return Ok(()),
            Err(err) => return Err(err.into()),
        };
        let t = &view.ticket;
        let number = t.number.clone().unwrap_or_default();
        let mut notes: Vec<(i64, String)> = Vec::new();
        match e.event.as_str() {
            "created" => {
                notes.push((t.requester_id, format!("{number} was received: {}", t.subject)));
                if let Some(a) = t.assignee_id {
                    notes.push((a, format!("{number} was assigned to you: {}", t.subject)));
                } else if let Some(team) = t.team_id {
                    for member in self.store().team_members(team).await? {
                        notes.push((member, format!("New ticket for your team: {number} {}", t.subject)));
                    }
                }
            }
            "reply" => {
                notes.push((t.requester_id, format!("New reply on {number}: {}", t.subject)));
                notes.extend(t.assignee_id.map(|a| (a, format!("New reply on {number}: {}", t.subject))));
            }
            "note" => notes.extend(t.assignee_id.map(|a| (a, format!("New internal note on {number}")))),
            "status" => {
                let status: helmdesk_domain::TicketStatus = t.status.parse()?;
                let text = format!("{number} is now {}", status.label().to_lowercase());
                notes.push((t.requester_id, text.clone()));
                notes.extend(t.assignee_id.map(|a| (a, text)));
            }
            "assignee" => {
                notes.extend(t.assignee_id.map(|a| (a, format!("{number} was assigned to you: {}", t.subject))))
            }
            _ => {}
        }
        notes.retain(|(user, _)| *user != e.actor_id);
        notes.dedup_by_key(|(user, _)| *user);
        let now = self.now_micros();
        for (user, message) in notes {
            self.store().notify(&[user], Some(t.id), &message, now).await?;
        }
        Ok(())
    }
}
