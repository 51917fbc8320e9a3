//! The module's page handlers; `crate::ui` registers their routes.

pub mod automation;
pub mod canned;
pub mod categories;
pub mod queue;
pub mod routing;
pub mod sla;
pub mod surveys;
pub mod ticket_work;
pub mod tickets;
