//! The service desk's rules: tickets and their workflow, the priority matrix, calendars
//! and SLA clocks, assignment and automation rules, links, canned responses and search
//! queries.

pub mod automation;
pub mod calendar;
pub mod canned;
pub mod links;
pub mod routing;
pub mod search;
pub mod sla;
pub mod tickets;
