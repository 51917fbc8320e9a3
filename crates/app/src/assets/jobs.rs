//! The assets module's jobs: counting the use of licensed products after inventories
//! change.

use crate::App;
use crate::assets::software::COUNT_JOB;
use crate::jobs::{JobRow, Recurring, Work};

/// The assets module's recurring jobs: none (counting is queued by what changes the use).
pub(crate) const RECURRING: &[Recurring] = &[];

/// The work of an assets job, `None` for a kind the assets module does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        COUNT_JOB => Box::pin(app.count_software_use()),
        _ => return None,
    })
}
