//! The platform's jobs: housekeeping, polling the mailboxes, delivering webhooks.

use crate::App;
use crate::jobs::{IdJob, JobRow, Work, payload};
use crate::platform::{mail, webhooks};

/// The recurring job that deletes expired sessions, keys and old finished jobs.
pub const HOUSEKEEPING_JOB: &str = "housekeeping";

/// The work of a platform job, `None` for a kind the platform does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        HOUSEKEEPING_JOB => Box::pin(app.housekeeping()),
        mail::POLL_JOB => Box::pin(async move { app.poll_mailboxes().await.map(|_| ()) }),
        webhooks::DELIVER_JOB => Box::pin(async move { app.deliver_webhook(payload::<IdJob>(job)?.id).await }),
        _ => return None,
    })
}
