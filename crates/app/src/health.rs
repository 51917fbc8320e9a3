//! What the operations endpoints report: whether the database answers, and how many jobs
//! and tickets there are in each status.

use crate::{App, AppError};

/// Jobs and tickets per status, as (status, count) pairs.
#[derive(Debug, Clone, Default)]
pub struct StatusCounts {
    pub jobs: Vec<(String, i64)>,
    pub tickets: Vec<(String, i64)>,
}

impl App {
    /// Whether the database answers (readiness).
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store().ping().await?)
    }

    /// How many jobs and tickets there are in each status, for the metrics.
    pub async fn status_counts(&self) -> Result<StatusCounts, AppError> {
        Ok(StatusCounts { jobs: self.store().job_counts().await?, tickets: self.store().ticket_counts().await? })
    }
}
