//! The assets module's tables: asset types, manufacturers and models, locations, and the
//! assets themselves with their history.

pub mod catalog;
pub mod hardware;
