//! The assets module's rules: what an organisation owns and where it is in its life
//! (lifecycle states and their transitions, who or what holds it), asset tags generated
//! from a pattern, money in integer minor units, straight-line depreciation to a book value
//! on a day, the configuration items with their relationships and impact analysis, and
//! the terms assets and items are searched by, consumables and accessories in stock, and
//! the reminders of returns, warranties and ends of life.

pub mod audits;
pub mod cmdb;
pub mod depreciation;
pub mod discovery;
pub mod fields;
pub mod licences;
pub mod lifecycle;
pub mod money;
pub mod reminders;
pub mod search;
pub mod software;
pub mod stock;
pub mod tags;
