//! The assets module's tables: asset types, manufacturers and models, locations, the
//! assets themselves, the configuration items with their relationships, and the history of
//! both.

pub mod catalog;
pub mod cmdb;
pub mod hardware;
pub mod history;
pub mod search;
