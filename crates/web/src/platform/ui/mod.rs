//! The module's page handlers; `crate::ui` registers their routes.

pub mod account;
pub mod admin;
pub mod mail;
pub mod templates;
pub mod webhooks;
