//! What background jobs do. The `jobs` crate claims and retries; this module runs them.

use helmdesk_store::Backend;
use helmdesk_store::StoreError;
pub use helmdesk_store::db::CHECKPOINT_INTERVAL;
pub use helmdesk_store::jobs::JobRow;
use helmdesk_store::platform::notifications::MAIL_JOB;
use serde::Deserialize;

use crate::service_desk::notify::TicketEvent;
use crate::service_desk::tickets::{AUTO_CLOSE_JOB, NOTIFY_JOB};
use crate::{App, AppError, platform::mail, platform::webhooks, service_desk::automation, service_desk::sla};

/// The recurring job that deletes expired sessions, keys and old finished jobs.
pub const HOUSEKEEPING_JOB: &str = "housekeeping";

/// The payload of a `ticket.notify` job.
#[derive(Deserialize)]
struct TicketEventJob {
    ticket_id: i64,
    event: String,
    actor_id: i64,
}

/// The payload of a job about one record.
#[derive(Deserialize)]
struct IdJob {
    id: i64,
}

/// The payload of a job about several records.
#[derive(Deserialize)]
struct IdsJob {
    ids: Vec<i64>,
}

fn payload<T: for<'de> Deserialize<'de>>(job: &JobRow) -> Result<T, AppError> {
    serde_json::from_str(&job.payload).map_err(|e| AppError::Internal(format!("bad payload of job {}: {e}", job.id)))
}

impl App {
    /// Runs one job. An error makes the runner retry it later.
    pub async fn run_job(&self, job: &JobRow) -> Result<(), AppError> {
        match job.kind.as_str() {
            NOTIFY_JOB => self.notify_ticket_event(&payload::<TicketEventJob>(job)?).await,
            HOUSEKEEPING_JOB => self.housekeeping().await,
            sla::SWEEP_JOB => self.sla_sweep().await.map(|_| ()),
            sla::RECOMPUTE_JOB => self.recompute_open_tickets(job.id).await,
            AUTO_CLOSE_JOB => self.auto_close_resolved().await.map(|_| ()),
            mail::PROCESS_JOB => self.process_inbound(payload::<IdJob>(job)?.id).await,
            mail::SEND_JOB => self.send_outbound(payload::<IdJob>(job)?.id).await,
            mail::POLL_JOB => self.poll_mailboxes().await.map(|_| ()),
            MAIL_JOB => self.mail_notifications(&payload::<IdsJob>(job)?.ids).await,
            automation::EVENTS_JOB => self.dispatch_ticket_events(&payload(job)?).await,
            automation::SWEEP_JOB => self.automation_sweep().await.map(|_| ()),
            webhooks::DELIVER_JOB => self.deliver_webhook(payload::<IdJob>(job)?.id).await,
            other => Err(AppError::Internal(format!("no handler for job kind {other:?}"))),
        }
    }

    /// The notifications of a ticket event enqueued as a job by an earlier version (they
    /// are written with the change itself now).
    async fn notify_ticket_event(&self, e: &TicketEventJob) -> Result<(), AppError> {
        let Some(event) = TicketEvent::named(&e.event) else { return Ok(()) };
        let t = match self.store().ticket(e.ticket_id).await {
            Ok(v) => v.ticket,
            Err(StoreError::NotFound) => return Ok(()),
            Err(err) => return Err(err.into()),
        };
        let notes = self.notifications_of(&t, event, e.actor_id).await?;
        let mut tx = self.store().begin().await?;
        self.store().insert_notifications(&mut tx, &notes, self.now_micros()).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The runner's side (the `jobs` crate): claiming, leases, outcomes and schedules. The
/// runner reaches the job queue only through these.
impl App {
    /// Registers a recurring job, every `every_secs` seconds, first due now (once per
    /// name, whatever number of nodes start).
    pub async fn ensure_schedule(&self, name: &str, every_secs: u64) -> Result<(), AppError> {
        let every = i64::try_from(every_secs.max(1)).unwrap_or(i64::MAX);
        Ok(self.store().ensure_schedule(name, every, self.now_micros()).await?)
    }

    /// Queues the recurring jobs that are due; their names.
    pub async fn run_due_schedules(&self) -> Result<Vec<String>, AppError> {
        Ok(self.store().run_due_schedules(self.now_micros()).await?)
    }

    /// Whether the database is SQLite (whose write-ahead log the runner checkpoints).
    pub fn on_sqlite(&self) -> bool {
        self.store().backend() == Backend::Sqlite
    }

    /// Checkpoints SQLite's write-ahead log.
    pub async fn checkpoint(&self) -> Result<(), AppError> {
        Ok(self.store().checkpoint().await?)
    }

    /// Claims the next due job for `worker` until `lease_until` (microseconds).
    pub async fn claim_job(&self, worker: &str, lease_until: i64) -> Result<Option<JobRow>, AppError> {
        Ok(self.store().claim_job(worker, self.now_micros(), lease_until).await?)
    }

    /// Extends a running job's lease; false when the worker no longer holds it.
    pub async fn renew_job_lease(&self, id: i64, worker: &str, until: i64) -> Result<bool, AppError> {
        Ok(self.store().renew_lease(id, worker, until).await?)
    }

    /// Records that a job is done.
    pub async fn complete_job(&self, id: i64, worker: &str) -> Result<(), AppError> {
        self.store().complete_job(id, worker, self.now_micros()).await?;
        Ok(())
    }

    /// Records that a job failed, to be tried again at `retry_at` or (`None`) never.
    pub async fn fail_job(&self, id: i64, worker: &str, error: &str, retry_at: Option<i64>) -> Result<(), AppError> {
        self.store().fail_job(id, worker, error, retry_at, self.now_micros()).await?;
        Ok(())
    }
}
