//! Background work: workers that claim jobs from the durable queue, a scheduler that
//! enqueues recurring jobs, and (on SQLite) the write-ahead log's checkpoints.
//!
//! Each job runs exactly once in the normal case, and at least once across crashes: a
//! claimed job is leased, a worker that dies leaves its lease to run out, and another
//! worker (on any node) claims it again. On shutdown the workers stop claiming and finish
//! the job in hand. Failures are retried with exponential backoff until `max_attempts`.

use std::sync::Arc;
use std::time::Duration;

use helmdesk_app::App;
use helmdesk_app::jobs::{CHECKPOINT_INTERVAL, JobRow};
use helmdesk_app::platform::jobs::HOUSEKEEPING_JOB;
use helmdesk_app::platform::mail::POLL_JOB;
use helmdesk_app::service_desk::automation;
use helmdesk_app::service_desk::sla::SWEEP_JOB;
use helmdesk_app::service_desk::tickets::AUTO_CLOSE_JOB;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How the runner behaves.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSettings {
    /// Jobs run at the same time by this process.
    pub workers: usize,
    /// Seconds between looks at an empty queue.
    pub poll_secs: u64,
    /// Seconds a claimed job is leased; after that another worker may take it.
    pub lease_secs: u64,
    /// Seconds between housekeeping runs.
    pub housekeeping_secs: u64,
    /// Seconds between runs of the SLA sweep (breaches, warnings, escalations).
    pub sla_sweep_secs: u64,
    /// Seconds between runs of the automatic close of long-resolved tickets.
    pub auto_close_secs: u64,
    /// Seconds between looks for mailboxes due for a poll (each has its own interval).
    pub mail_poll_secs: u64,
    /// Seconds between runs of the time-based automation rules.
    pub automation_secs: u64,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            workers: 2,
            poll_secs: 1,
            lease_secs: 300,
            housekeeping_secs: 3600,
            sla_sweep_secs: 60,
            auto_close_secs: 3600,
            mail_poll_secs: 15,
            automation_secs: 300,
        }
    }
}

/// Runs jobs until `shutdown` turns true, then waits for the jobs in hand.
pub async fn run(app: App, settings: JobSettings, shutdown: watch::Receiver<bool>) {
    let worker_id = format!("{}-{}", hostname(), std::process::id());
    let settings = Arc::new(settings);
    let schedules = [
        (HOUSEKEEPING_JOB, settings.housekeeping_secs),
        (SWEEP_JOB, settings.sla_sweep_secs),
        (AUTO_CLOSE_JOB, settings.auto_close_secs),
        (POLL_JOB, settings.mail_poll_secs),
        (automation::SWEEP_JOB, settings.automation_secs),
    ];
    for (name, secs) in schedules {
        if let Err(e) = app.ensure_schedule(name, secs).await {
            tracing::error!(error = %e, schedule = name, "could not register a recurring job");
        }
    }
    let mut tasks = JoinSet::new();
    tasks.spawn(schedule_loop(app.clone(), shutdown.clone()));
    tasks.spawn(checkpoint_loop(app.clone(), shutdown.clone()));
    for n in 0..settings.workers.max(1) {
        let id = format!("{worker_id}-{n}");
        tasks.spawn(worker_loop(app.clone(), settings.clone(), id, shutdown.clone()));
    }
    while tasks.join_next().await.is_some() {}
    tracing::info!("job runner stopped");
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").map(|s| s.trim().to_string()).unwrap_or_else(|_| "helmdesk".into())
}

/// Waits `d`, or less if shutdown is asked for; returns true when shutting down.
async fn pause(d: Duration, shutdown: &mut watch::Receiver<bool>) -> bool {
    if *shutdown.borrow() {
        return true;
    }
    tokio::select! {
        _ = tokio::time::sleep(d) => *shutdown.borrow(),
        _ = shutdown.changed() => true,
    }
}

async fn schedule_loop(app: App, mut shutdown: watch::Receiver<bool>) {
    loop {
        match app.run_due_schedules().await {
            Ok(started) => {
                for name in started {
                    tracing::debug!(schedule = %name, "scheduled job enqueued");
                }
            }
            Err(e) => tracing::warn!(error = %e, "scheduler could not read schedules"),
        }
        if pause(Duration::from_secs(10), &mut shutdown).await {
            return;
        }
    }
}

/// Keeps SQLite's write-ahead log short, off the writer's path ([`App::checkpoint`]).
async fn checkpoint_loop(app: App, mut shutdown: watch::Receiver<bool>) {
    if !app.on_sqlite() {
        return;
    }
    loop {
        if let Err(e) = app.checkpoint().await {
            tracing::warn!(error = %e, "could not checkpoint the write-ahead log");
        }
        if pause(CHECKPOINT_INTERVAL, &mut shutdown).await {
            return;
        }
    }
}

async fn worker_loop(app: App, settings: Arc<JobSettings>, id: String, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            return;
        }
        let lease_until = app.now_micros() + settings.lease_secs as i64 * 1_000_000;
        match app.claim_job(&id, lease_until).await {
            Ok(Some(job)) => run_one(&app, &id, job, Duration::from_secs(settings.lease_secs.max(3))).await,
            Ok(None) => {
                if pause(Duration::from_secs(settings.poll_secs), &mut shutdown).await {
                    return;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not claim a job");
                if pause(Duration::from_secs(settings.poll_secs * 5), &mut shutdown).await {
                    return;
                }
            }
        }
    }
}

/// Runs a job, renewing its lease every third of the lease while it runs, so that a job
/// longer than the lease (recomputing 100,000 tickets' clocks) is not taken and run again
/// by another worker while this one is still at it. Only a worker that stops renewing (it
/// died) loses the job.
async fn with_heartbeat(app: &App, worker: &str, job: &JobRow, lease: Duration) -> Result<(), helmdesk_app::AppError> {
    let work = app.run_job(job);
    tokio::pin!(work);
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + lease / 3, lease / 3);
    loop {
        tokio::select! {
            outcome = &mut work => return outcome,
            _ = beat.tick() => {
                let until = app.now_micros() + lease.as_micros() as i64;
                match app.renew_job_lease(job.id, worker, until).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job = job.id, "lost the lease of a running job"),
                    Err(e) => tracing::warn!(job = job.id, error = %e, "could not renew a job's lease"),
                }
            }
        }
    }
}

/// Seconds to wait before attempt `attempts + 1`: 10 s, 20 s, 40 s ... at most an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    (10i64 << attempts.clamp(0, 20).saturating_sub(1)).min(3600)
}

async fn run_one(app: &App, worker: &str, job: JobRow, lease: Duration) {
    let started = std::time::Instant::now();
    if job.attempts > job.max_attempts {
        let _ = app.fail_job(job.id, worker, "its worker stopped too many times", None).await;
        return;
    }
    let outcome = with_heartbeat(app, worker, &job, lease).await;
    let now = app.now_micros();
    let recorded = match &outcome {
        Ok(()) => app.complete_job(job.id, worker).await,
        Err(e) => {
            let retry_at = (job.attempts < job.max_attempts).then(|| now + backoff_secs(job.attempts) * 1_000_000);
            tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, error = %e, "job failed");
            app.fail_job(job.id, worker, &e.to_string(), retry_at).await
        }
    };
    if let Err(e) = recorded {
        tracing::error!(job = job.id, error = %e, "could not record a job's outcome; its lease will expire and it will run again");
    }
    let result = if outcome.is_ok() { "ok" } else { "error" };
    metrics::counter!("helmdesk_jobs_total", "kind" => job.kind.clone(), "result" => result).increment(1);
    metrics::histogram!("helmdesk_job_duration_seconds", "kind" => job.kind).record(started.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_ten_seconds_up_to_an_hour() {
        assert_eq!(backoff_secs(1), 10);
        assert_eq!(backoff_secs(2), 20);
        assert_eq!(backoff_secs(3), 40);
        assert_eq!(backoff_secs(12), 3600);
        assert_eq!(backoff_secs(1000), 3600);
    }
}
