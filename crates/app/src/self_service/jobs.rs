//! Self-service's jobs: moving catalog requests on when their approval ended and when
//! their tasks' tickets are done; the daily reminder to owners of knowledge-base
//! articles due for review.

use crate::App;
use crate::jobs::{JobRow, Recurring, Work, payload};
use crate::platform::approvals::Decided;
use crate::self_service::requests::{ADVANCE_JOB, APPROVAL_DECIDED_JOB};

/// The kind of the review reminder job.
pub const REVIEW_JOB: &str = "self_service.article_reviews";

/// Self-service's recurring jobs.
pub(crate) const RECURRING: &[Recurring] = &[
    // A task's ticket resolved starts the next stage within a minute (opening the request
    // does it at once).
    Recurring { job: ADVANCE_JOB, setting: "catalog_advance_secs", default_secs: 60 },
    Recurring { job: REVIEW_JOB, setting: "article_reviews_secs", default_secs: 86_400 },
];

/// The work of a self-service job, `None` for a kind the module does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        ADVANCE_JOB => Box::pin(async move { app.advance_catalog_requests().await.map(|_| ()) }),
        APPROVAL_DECIDED_JOB => Box::pin(async move { app.catalog_approval_decided(&payload::<Decided>(job)?).await }),
        REVIEW_JOB => Box::pin(async move { app.remind_article_reviews().await.map(|_| ()) }),
        _ => return None,
    })
}
