//! The service desk's pages and API: the queue, the ticket page, new tickets, canned
//! responses, SLA, routing and automation administration, categories, surveys.

pub mod api;
pub mod ui;
