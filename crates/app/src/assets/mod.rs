//! The assets module: what the organisation owns (hardware with its lifecycle, who holds
//! it, what it cost and is worth today), the catalogue it is described with (types,
//! manufacturers and models, locations), the configuration items with their relationships
//! and impact analysis, consumables and accessories in stock, the reminders of returns,
//! warranties and ends of life, and who may see and change it.

pub mod access;
pub mod audits;
pub mod catalog;
pub mod cmdb;
pub mod demo;
pub mod discovery;
pub mod exports;
pub mod fusioninventory;
pub mod hardware;
pub mod history;
pub mod imports;
pub mod jobs;
pub mod licences;
pub mod reminders;
pub mod software;
pub mod stock;
