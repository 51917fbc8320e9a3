//! The durable job queue and the recurring-job scheduler.
//!
//! A job is enqueued in the same transaction as the business write that causes it, so it
//! exists exactly when the write does. Workers claim a job with a lease: on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED` so several nodes never take the same job; on SQLite the single
//! writer connection serialises claims. A job whose lease runs out (its worker died) is
//! claimed again. Schedules are claimed by a conditional update of their next run time,
//! so exactly one node enqueues each run.

use crate::{Arg, Backend, Sql, Store, StoreError, Tx};

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What the worker should do (the handler's name).
    pub kind: String,
    /// The handler's input, as JSON.
    pub payload: serde_json::Value,
    /// Not before this instant (microseconds).
    pub run_at: i64,
    /// Attempts before the job is marked failed.
    pub max_attempts: i64,
}

impl NewJob {
    /// A job to run as soon as possible with the default five attempts.
    pub fn now(kind: &str, payload: serde_json::Value, now: i64) -> NewJob {
        NewJob { kind: kind.to_string(), payload, run_at: now, max_attempts: 5 }
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: i64,
    pub locked_by: Option<String>,
    pub locked_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    /// How far a long job has come, of `progress_total` (when known).
    pub progress_done: i64,
    pub progress_total: Option<i64>,
}

/// A recurring job.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ScheduleRow {
    pub name: String,
    pub interval_secs: i64,
    pub next_run_at: i64,
}

impl Store {
    /// Adds jobs inside the caller's transaction.
    pub async fn enqueue(&self, tx: &mut Tx, jobs: &[NewJob], now: i64) -> Result<(), StoreError> {
        let rows = jobs
            .iter()
            .map(|job| {
                vec![
                    Arg::from(job.kind.as_str()),
                    Arg::from("queued"),
                    Arg::from(job.payload.to_string()),
                    Arg::from(job.max_attempts),
                    Arg::from(job.run_at),
                    Arg::from(now),
                ]
            })
            .collect();
        let columns = ["kind", "status", "payload", "max_attempts", "run_at", "created_at"];
        for sql in Sql::insert_many("jobs", &columns, rows, "") {
            sql.execute(&mut *tx).await?;
        }
        Ok(())
    }

    /// Adds jobs in a transaction of their own.
    pub async fn enqueue_now(&self, jobs: &[NewJob], now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        self.enqueue(&mut tx, jobs, now).await?;
        tx.commit().await
    }

    /// Takes the next due job (or one whose worker's lease ran out) for `worker`, leasing it
    /// until `lease_until`.
    pub async fn claim_job(&self, worker: &str, now: i64, lease_until: i64) -> Result<Option<JobRow>, StoreError> {
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.begin().await?;
        // The first due queued job and the first running job whose lease ran out, each
        // read in index order (`jobs_due`), then the earlier of the two: one OR over both
        // made either database sort every due job on every claim.
        let job = Sql::new(format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2
             WHERE id = (
                 SELECT id FROM (
                     SELECT * FROM (SELECT id, run_at FROM jobs WHERE status = 'queued' AND run_at <= $3
                                    ORDER BY status, run_at, id LIMIT 1 {lock}) AS due
                     UNION ALL
                     SELECT * FROM (SELECT id, run_at FROM jobs WHERE status = 'running' AND locked_until < $3
                                    ORDER BY status, run_at, id LIMIT 1 {lock}) AS lapsed
                 ) AS next ORDER BY run_at, id LIMIT 1
             ) RETURNING *"
        ))
        .bind(worker)
        .bind(lease_until)
        .bind(now)
        .fetch_optional(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(job)
    }

    /// Extends `worker`'s lease on a running job to `until` (a long job's heartbeat), so
    /// that no other worker takes it while it is still being worked on. False when the
    /// lease was lost (it ran out and another worker took the job).
    pub async fn renew_lease(&self, id: i64, worker: &str, until: i64) -> Result<bool, StoreError> {
        let n = Sql::new("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 AND status = 'running'")
            .bind(until)
            .bind(id)
            .bind(worker)
            .execute(self.db())
            .await?;
        Ok(n == 1)
    }

    /// Enqueues a job of `kind` unless one is already waiting to start: for jobs that
    /// redo a whole piece of work, where one run after the latest request is enough.
    pub async fn enqueue_unless_queued(&self, job: &NewJob, now: i64) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO jobs (kind, status, payload, max_attempts, run_at, created_at)
             SELECT $1, 'queued', $2, $3, $4, $5
             WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND status = 'queued')",
        )
        .bind(job.kind.as_str())
        .bind(job.payload.to_string())
        .bind(job.max_attempts)
        .bind(job.run_at)
        .bind(now)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Marks a job done, if `worker` still holds it.
    pub async fn complete_job(&self, id: i64, worker: &str, now: i64) -> Result<bool, StoreError> {
        let n = Sql::new(
            "UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, finished_at = $1
             WHERE id = $2 AND locked_by = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(id)
        .bind(worker)
        .execute(self.db())
        .await?;
        Ok(n == 1)
    }

    /// Records a failed attempt: queued again at `retry_at`, or failed for good when `None`.
    pub async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let (status, run_at, finished_at) = match retry_at {
            Some(at) => ("queued", Some(at), None),
            None => ("failed", None, Some(now)),
        };
        let n = Sql::new(
            "UPDATE jobs SET status = $1, run_at = COALESCE($2, run_at), finished_at = $3, last_error = $4,
                 locked_by = NULL, locked_until = NULL
             WHERE id = $5 AND locked_by = $6 AND status = 'running'",
        )
        .bind(status)
        .bind(run_at)
        .bind(finished_at)
        .bind(error)
        .bind(id)
        .bind(worker)
        .execute(self.db())
        .await?;
        Ok(n == 1)
    }

    /// Gives back a job this worker leased but will not run (e.g. shutting down).
    pub async fn release_job(&self, id: i64, worker: &str) -> Result<(), StoreError> {
        Sql::new(
            "UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_by = NULL, locked_until = NULL
             WHERE id = $1 AND locked_by = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// One job.
    pub async fn job(&self, id: i64) -> Result<JobRow, StoreError> {
        Sql::new("SELECT * FROM jobs WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Jobs by status, newest first.
    pub async fn list_jobs(&self, status: Option<&str>, limit: i64) -> Result<Vec<JobRow>, StoreError> {
        Sql::new("SELECT * FROM jobs WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2")
            .bind(status)
            .bind(limit)
            .fetch_all(self.db())
            .await
    }

    /// Records how far a long job has come.
    pub async fn set_job_progress(&self, id: i64, done: i64, total: Option<i64>) -> Result<(), StoreError> {
        Sql::new("UPDATE jobs SET progress_done = $1, progress_total = $2 WHERE id = $3")
            .bind(done)
            .bind(total)
            .bind(id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// The newest job of a kind, if any.
    pub async fn latest_job(&self, kind: &str) -> Result<Option<JobRow>, StoreError> {
        Sql::new("SELECT * FROM jobs WHERE kind = $1 ORDER BY id DESC LIMIT 1")
            .bind(kind)
            .fetch_optional(self.db())
            .await
    }

    /// How many jobs are in each status.
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        Sql::new("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status").fetch_all(self.db()).await
    }

    /// Deletes finished jobs older than `before`.
    pub async fn purge_finished_jobs(&self, before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < $1")
            .bind(before)
            .execute(self.db())
            .await
    }

    /// Registers a recurring job, or updates its interval; the first run is at `first_run`.
    pub async fn ensure_schedule(&self, name: &str, interval_secs: i64, first_run: i64) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO schedules (name, interval_secs, next_run_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET interval_secs = excluded.interval_secs",
        )
        .bind(name)
        .bind(interval_secs)
        .bind(first_run)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// Enqueues one job for each schedule that is due, moving its next run forward. A
    /// schedule is taken by one node only: the update is conditional on the run time read.
    pub async fn run_due_schedules(&self, now: i64) -> Result<Vec<String>, StoreError> {
        let due: Vec<ScheduleRow> = Sql::new("SELECT * FROM schedules WHERE next_run_at <= $1 ORDER BY name")
            .bind(now)
            .fetch_all(self.db())
            .await?;
        let mut started = Vec::new();
        for schedule in due {
            let interval = schedule.interval_secs.max(1) * 1_000_000;
            // Skip missed runs rather than replaying them all after downtime.
            let missed = (now - schedule.next_run_at) / interval;
            let next = schedule.next_run_at + (missed + 1) * interval;
            let mut tx = self.begin().await?;
            let taken = Sql::new("UPDATE schedules SET next_run_at = $1 WHERE name = $2 AND next_run_at = $3")
                .bind(next)
                .bind(&schedule.name)
                .bind(schedule.next_run_at)
                .execute(&mut tx)
                .await?;
            if taken == 1 {
                let job = NewJob::now(&schedule.name, serde_json::json!({}), now);
                self.enqueue(&mut tx, &[job], now).await?;
                tx.commit().await?;
                started.push(schedule.name);
            }
        }
        Ok(started)
    }
}
