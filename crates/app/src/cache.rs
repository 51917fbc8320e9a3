//! A node's short-lived copy of configuration that every request reads and that rarely
//! changes (SLA policies and calendars, the organisation tree, assignment rules).
//!
//! A copy is trusted for [`TTL`]: a change made on this node clears it at once; one made
//! on another node sharing the database takes effect here within that time.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a copy is trusted.
pub const TTL: Duration = Duration::from_secs(10);

/// A cached value and when it was read.
pub struct Cached<T>(Mutex<Option<(Instant, Arc<T>)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<T> Cached<T> {
    /// The copy, if it is younger than [`TTL`].
    pub fn fresh(&self) -> Option<Arc<T>> {
        let guard = self.0.lock().ok()?;
        guard.as_ref().filter(|(at, _)| at.elapsed() < TTL).map(|(_, v)| v.clone())
    }

    /// Keeps a new copy.
    pub fn put(&self, value: Arc<T>) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some((Instant::now(), value));
        }
    }

    /// Forgets the copy (after a change on this node).
    pub fn clear(&self) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = None;
        }
    }
}
