//! What the operator's commands do beyond the use cases: a consistent backup of the whole
//! database and its attachments, a restore into an empty one, and closing the pool.

use std::io::{Read, Write};

pub use helmdesk_store::backup::Summary;

use crate::{App, AppError};

impl App {
    /// Writes a consistent archive of every table and attachment to `out`, marked with
    /// the program's `version`.
    pub async fn backup<W: Write>(&self, out: W, version: &str) -> Result<Summary, AppError> {
        Ok(self.store().backup(out, version, self.now_micros()).await?)
    }

    /// Restores an archive into this (empty) database; on any failure nothing is kept.
    pub async fn restore<R: Read>(&self, input: R) -> Result<Summary, AppError> {
        Ok(self.store().restore(input).await?)
    }

    /// Ends the live subscriptions, then closes the database pool, waiting for the
    /// connections in use.
    pub async fn close(&self) {
        self.live().close();
        self.store().close().await
    }
}
