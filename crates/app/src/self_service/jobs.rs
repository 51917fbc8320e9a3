//! Self-service's jobs: the daily reminder to owners of knowledge-base articles due for
//! review.

use crate::App;
use crate::jobs::{JobRow, Recurring, Work};

/// The kind of the review reminder job.
pub const REVIEW_JOB: &str = "self_service.article_reviews";

/// Self-service's recurring jobs.
pub(crate) const RECURRING: &[Recurring] =
    &[Recurring { job: REVIEW_JOB, setting: "article_reviews_secs", default_secs: 86_400 }];

/// The work of a self-service job, `None` for a kind the module does not run.
pub(crate) fn work<'a>(app: &'a App, job: &'a JobRow) -> Option<Work<'a>> {
    Some(match job.kind.as_str() {
        REVIEW_JOB => Box::pin(async move { app.remind_article_reviews().await.map(|_| ()) }),
        _ => return None,
    })
}
