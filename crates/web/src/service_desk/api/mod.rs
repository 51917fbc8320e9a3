//! The module's JSON API handlers; `crate::api` registers their routes.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod exports;
pub mod links;
pub mod major_incidents;
pub mod routing;
pub mod sla;
pub mod tickets;
pub mod time_entries;
pub mod views;
pub mod watchers;
