//! The assets module's jobs: counting the use of licensed products after inventories
//! change, and the daily reminders of returns, warranties and ends of life.

use crate::App;
use crate::assets::reminders::REMINDERS_JOB;
use crate::assets::software::COUNT_JOB;
use crate::jobs::{JobRow, Recurring, Work};

/// The assets module's recurring jobs (counting licences is queued by what changes the use).
pub(crate) const RECURRING: &[Recurring] = &[
    // Reminders are about days: once a day is enough, and each is sent once however often.
    Recurring { job: REMINDERS_JOB, setting: "asset_reminders_secs", default_secs: 86_400 },
];

/// The work of an assets job, `None` for a kind the assets module does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        COUNT_JOB => Box::pin(app.count_software_use()),
        REMINDERS_JOB => Box::pin(async move { app.send_asset_reminders().await.map(|_| ()) }),
        _ => return None,
    })
}
