//! The service desk's pages and API: the queue, the ticket page, new tickets, canned
//! responses, SLA, routing and automation administration, categories, surveys, and the
//! live updates pages and API clients follow (`live`).

pub mod api;
pub mod live;
pub mod ui;
