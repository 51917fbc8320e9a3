//! Self-service's pages and API: the employees' portal, the knowledge base and the
//! service catalog.

pub mod api;
pub mod ui;
