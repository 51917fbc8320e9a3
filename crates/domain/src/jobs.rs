//! The states of a background job, as the queue stores them.

use crate::validate::text_enum;

text_enum!(
    /// Where a background job is.
    JobStatus, "status" {
        /// Waiting for a worker (or for its next attempt).
        Queued = "queued",
        /// A worker holds it.
        Running = "running",
        Done = "done",
        /// It failed its last attempt.
        Failed = "failed",
    }
);
