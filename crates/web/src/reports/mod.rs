//! The reports' pages and API: the dashboard and the KPIs.

pub mod api;
pub mod ui;
