//! The assets module's tables: asset types, manufacturers and models, locations, the
//! assets themselves, the configuration items with their relationships, the history of
//! both, the software catalogue with its installations, licences and their use, discovery (agents' tokens and
//! devices' inventories), consumables and accessories in stock, and the reminders sent
//! about assets.

pub mod audits;
pub mod catalog;
pub mod cmdb;
pub mod discovery;
pub mod hardware;
pub mod history;
pub mod imports;
pub mod licences;
pub mod reminders;
pub mod search;
pub mod software;
pub mod stock;
