//! The service desk's tables: tickets with their comments, history, attachments, links,
//! watchers and time, categories, calendars and SLA policies, assignment and automation
//! rules, views, canned responses, surveys, search documents, imports and the bench seed.

pub mod attachments;
pub mod automation;
pub mod canned;
pub mod categories;
pub mod imports;
pub mod links;
pub mod major_incidents;
pub mod routing;
pub mod search;
pub mod seeding;
pub mod sla;
pub mod surveys;
pub mod tickets;
pub mod time_entries;
pub mod views;
pub mod watchers;
