//! The assets module in the web layer: its JSON API and its pages.

pub mod api;
pub mod ui;
