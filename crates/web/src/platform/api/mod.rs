//! The module's JSON API handlers; `crate::api` registers their routes.

pub mod directory;
pub mod mail;
pub mod notifications;
pub mod tokens;
pub mod webhooks;
