//! Background work: workers that claim jobs from the durable queue, a scheduler that
//! enqueues recurring jobs, and (on SQLite) the write-ahead log's checkpoints.
//!
//! Each job runs exactly once in the normal case, and at least once across crashes: a
//! claimed job is leased, a worker that dies leaves its lease to run out, and another
//! worker (on any node) claims it again. On shutdown the workers stop claiming and finish
//! the job in hand. Failures are retried with exponential backoff until `max_attempts`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use helmdesk_app::App;
use helmdesk_app::jobs::{CHECKPOINT_INTERVAL, JobRow, Recurring, recurring};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How the runner behaves.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct JobSettings {
    /// Jobs run at the same time by this process.
    pub workers: usize,
    /// Seconds between looks at an empty queue.
    pub poll_secs: u64,
    /// Seconds a claimed job is leased; after that another worker may take it.
    pub lease_secs: u64,
    /// Seconds between two runs of each module's recurring jobs, by the name of their
    /// setting (`sla_sweep_secs`, `housekeeping_secs` ...): the modules' defaults, or
    /// what the configuration says. [`JobSettings::check`] refuses other names.
    #[serde(flatten)]
    pub every: BTreeMap<String, u64>,
}

impl Default for JobSettings {
    fn default() -> Self {
        let every = recurring().map(|r| (r.setting.to_string(), r.default_secs)).collect();
        Self { workers: 2, poll_secs: 1, lease_secs: 300, every }
    }
}

impl JobSettings {
    /// Fails on a setting no module's recurring job has (a typing mistake would otherwise
    /// be ignored).
    pub fn check(&self) -> Result<(), String> {
        let known: Vec<&str> = recurring().map(|r| r.setting).collect();
        match self.every.keys().find(|k| !known.contains(&k.as_str())) {
            Some(unknown) => Err(format!(
                "jobs.{unknown} is not a setting; expected workers, poll_secs, lease_secs or one of {}",
                known.join(", ")
            )),
            None => Ok(()),
        }
    }

    /// Seconds between two runs of `job`.
    pub fn every_secs(&self, job: &Recurring) -> u64 {
        self.every.get(job.setting).copied().unwrap_or(job.default_secs)
    }
}

/// Runs jobs until `shutdown` turns true, then waits for the jobs in hand.
pub async fn run(app: App, settings: JobSettings, shutdown: watch::Receiver<bool>) {
    let worker_id = format!("{}-{}", hostname(), std::process::id());
    let settings = Arc::new(settings);
    for job in recurring() {
        if let Err(e) = app.ensure_schedule(job.job, settings.every_secs(job)).await {
            tracing::error!(error = %e, schedule = job.job, "could not register a recurring job");
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

    #[test]
    fn every_module_schedule_has_a_default_and_unknown_settings_are_refused() {
        let settings = JobSettings::default();
        assert_eq!(settings.check(), Ok(()));
        for job in recurring() {
            assert_eq!(settings.every_secs(job), job.default_secs, "{}", job.setting);
        }
        let sla = recurring().find(|r| r.setting == "sla_sweep_secs").expect("the SLA sweep is recurring");
        let mut changed = settings.clone();
        changed.every.insert("sla_sweep_secs".into(), 30);
        assert_eq!(changed.every_secs(sla), 30);
        changed.every.insert("sla_sweep_sec".into(), 30);
        assert!(changed.check().unwrap_err().contains("jobs.sla_sweep_sec is not a setting"));
    }
}
