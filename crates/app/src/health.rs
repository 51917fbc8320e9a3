//! What the operations endpoints report: whether the database answers, and the gauges
//! each module counts (jobs by status, tickets by status ...), listed once here.

use crate::{App, AppError, service_desk};
use helmdesk_domain::jobs::JobStatus;

/// One reading of a gauge: its metric name, its label (name and value) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub metric: &'static str,
    pub label: (&'static str, &'static str),
    pub value: f64,
}

/// How many of `counts` have `key`, zero when none.
pub fn count_of(counts: &[(String, i64)], key: &str) -> f64 {
    counts.iter().find(|(k, _)| k == key).map_or(0.0, |(_, n)| *n as f64)
}

impl App {
    /// Whether the database answers (readiness).
    pub async fn ready(&self) -> Result<(), AppError> {
        Ok(self.store().ping().await?)
    }

    /// Every gauge of every module, each status counted (zero when nothing has it, so a
    /// gauge falls back when its last record leaves).
    pub async fn gauges(&self) -> Result<Vec<Gauge>, AppError> {
        let jobs = self.store().job_counts().await?;
        let mut gauges: Vec<Gauge> = JobStatus::ALL
            .iter()
            .map(|s| Gauge {
                metric: "helmdesk_jobs",
                label: ("status", s.as_str()),
                value: count_of(&jobs, s.as_str()),
            })
            .collect();
        gauges.extend(service_desk::health::gauges(self).await?);
        Ok(gauges)
    }
}
