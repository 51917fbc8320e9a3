//! Running the queued jobs, as a worker would, at the app's clock.

use helmdesk_app::App;

/// Runs every job due now, and those they queue, until none is left; mail is left unsent.
pub async fn run_jobs(app: &App) {
    loop {
        let now = app.now_micros();
        let Some(job) = app.store().claim_job("test", now + 1, now + 60_000_000).await.unwrap() else { return };
        if job.kind != "mail.send" {
            app.run_job(&job).await.unwrap_or_else(|e| panic!("{} failed: {e}", job.kind));
        }
        app.store().complete_job(job.id, "test", now).await.unwrap();
    }
}
