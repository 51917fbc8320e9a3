//! What background jobs do. The `jobs` crate claims and retries; this module hands each
//! job to the module that runs its kind (`platform::jobs`, `service_desk::jobs`), and is
//! the runner's way to the job queue.

use std::future::Future;
use std::pin::Pin;

use helmdesk_store::Backend;
pub use helmdesk_store::db::CHECKPOINT_INTERVAL;
pub use helmdesk_store::jobs::JobRow;
use serde::Deserialize;

use crate::{App, AppError, assets, platform, self_service, service_desk};

/// A job's work, as a module starts it.
pub type Work<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

/// A module's jobs: the work of a job whose kind it runs, `None` for other kinds.
type Runner = for<'a> fn(&'a App, &'a JobRow) -> Option<Work<'a>>;

/// A job a module runs every so often: its kind, the `[jobs]` setting that holds the
/// seconds between two runs (a name operators' configuration files rely on) and its
/// default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recurring {
    pub job: &'static str,
    pub setting: &'static str,
    pub default_secs: u64,
}

/// What a module brings to the job runner.
struct Module {
    work: Runner,
    recurring: &'static [Recurring],
}

/// Every module's jobs, each listed once.
const MODULES: &[Module] = &[
    Module { work: platform::jobs::work, recurring: platform::jobs::RECURRING },
    Module { work: service_desk::jobs::work, recurring: service_desk::jobs::RECURRING },
    Module { work: assets::jobs::work, recurring: assets::jobs::RECURRING },
    Module { work: self_service::jobs::work, recurring: self_service::jobs::RECURRING },
];

/// Every module's recurring jobs.
pub fn recurring() -> impl Iterator<Item = &'static Recurring> {
    MODULES.iter().flat_map(|m| m.recurring)
}

/// The payload of a job about one record.
#[derive(Deserialize)]
pub(crate) struct IdJob {
    pub(crate) id: i64,
}

/// The payload of a job about several records.
#[derive(Deserialize)]
pub(crate) struct IdsJob {
    pub(crate) ids: Vec<i64>,
}

/// A job's payload, read as `T`.
pub(crate) fn payload<T: for<'de> Deserialize<'de>>(job: &JobRow) -> Result<T, AppError> {
    serde_json::from_str(&job.payload).map_err(|e| AppError::Internal(format!("bad payload of job {}: {e}", job.id)))
}

impl App {
    /// Runs one job. An error makes the runner retry it later.
    pub async fn run_job(&self, job: &JobRow) -> Result<(), AppError> {
        match MODULES.iter().find_map(|m| (m.work)(self, job)) {
            Some(work) => work.await,
            None => Err(AppError::Internal(format!("no handler for job kind {:?}", job.kind))),
        }
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
