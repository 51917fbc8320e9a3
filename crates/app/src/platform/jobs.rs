//! The platform's jobs: housekeeping, polling the mailboxes, delivering webhooks, sending
//! links to choose a new password.

use crate::App;
use crate::jobs::{IdJob, JobRow, Recurring, Work, payload};
use crate::platform::approvals::{ASK_JOB, AskJob, ENDED_JOB, EndedJob, SWEEP_JOB};
use crate::platform::password_reset::{RESET_JOB, ResetJob};
use crate::platform::{mail, webhooks};

/// The recurring job that deletes expired sessions, keys and old finished jobs.
pub const HOUSEKEEPING_JOB: &str = "housekeeping";

/// The platform's recurring jobs.
pub(crate) const RECURRING: &[Recurring] = &[
    Recurring { job: HOUSEKEEPING_JOB, setting: "housekeeping_secs", default_secs: 3600 },
    // Each mailbox has its own interval: this is how often to look for those due a poll.
    Recurring { job: mail::POLL_JOB, setting: "mail_poll_secs", default_secs: 15 },
    // Approval steps whose time ran out end their chain; reminders go out.
    Recurring { job: SWEEP_JOB, setting: "approvals_sweep_secs", default_secs: 300 },
];

/// The work of a platform job, `None` for a kind the platform does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        HOUSEKEEPING_JOB => Box::pin(app.housekeeping()),
        mail::POLL_JOB => Box::pin(async move { app.poll_mailboxes().await.map(|_| ()) }),
        webhooks::DELIVER_JOB => Box::pin(async move { app.deliver_webhook(payload::<IdJob>(job)?.id).await }),
        RESET_JOB => Box::pin(async move { app.send_password_reset(&payload::<ResetJob>(job)?.email).await }),
        ASK_JOB => Box::pin(async move {
            let ask = payload::<AskJob>(job)?;
            app.ask_approvers(ask.step_id, ask.reminder).await
        }),
        ENDED_JOB => Box::pin(async move { app.tell_approval_ended(payload::<EndedJob>(job)?.approval_id).await }),
        SWEEP_JOB => Box::pin(app.sweep_approvals()),
        _ => return None,
    })
}
