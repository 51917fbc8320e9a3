//! The service desk's jobs: SLA sweeps and recomputes, closing resolved tickets, turning
//! mail into tickets, notification mail, automation, and ticket events queued by earlier
//! versions.

use helmdesk_store::StoreError;
use helmdesk_store::platform::notifications::MAIL_JOB;
use serde::Deserialize;

use crate::jobs::{IdJob, IdsJob, JobRow, Recurring, Work, payload};
use crate::platform::live::LiveEvent;
use crate::platform::mail;
use crate::service_desk::notify::TicketEvent;
use crate::service_desk::tickets::{AUTO_CLOSE_JOB, NOTIFY_JOB};
use crate::service_desk::{automation, sla};
use crate::{App, AppError};

/// The payload of a `ticket.notify` job.
#[derive(Deserialize)]
struct TicketEventJob {
    ticket_id: i64,
    event: String,
    actor_id: i64,
}

/// The service desk's recurring jobs.
pub(crate) const RECURRING: &[Recurring] = &[
    // Breaches, warnings and escalations are applied this often.
    Recurring { job: sla::SWEEP_JOB, setting: "sla_sweep_secs", default_secs: 60 },
    Recurring { job: AUTO_CLOSE_JOB, setting: "auto_close_secs", default_secs: 3600 },
    Recurring { job: automation::SWEEP_JOB, setting: "automation_secs", default_secs: 300 },
];

/// The work of a service desk job, `None` for a kind the service desk does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        NOTIFY_JOB => Box::pin(async move { app.notify_ticket_event(&payload::<TicketEventJob>(job)?).await }),
        sla::SWEEP_JOB => Box::pin(async move { app.sla_sweep().await.map(|_| ()) }),
        sla::RECOMPUTE_JOB => Box::pin(app.recompute_open_tickets(job.id)),
        AUTO_CLOSE_JOB => Box::pin(async move { app.auto_close_resolved().await.map(|_| ()) }),
        mail::PROCESS_JOB => Box::pin(async move { app.process_inbound(payload::<IdJob>(job)?.id).await }),
        mail::SEND_JOB => Box::pin(async move { app.send_outbound(payload::<IdJob>(job)?.id).await }),
        MAIL_JOB => Box::pin(async move { app.mail_notifications(&payload::<IdsJob>(job)?.ids).await }),
        automation::EVENTS_JOB => Box::pin(async move { app.dispatch_ticket_events(&payload(job)?).await }),
        automation::SWEEP_JOB => Box::pin(async move { app.automation_sweep().await.map(|_| ()) }),
        _ => return None,
    })
}

impl App {
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
        for n in &notes {
            self.live().publish(LiveEvent::Notifications { user_id: n.user_id });
        }
        Ok(())
    }
}
