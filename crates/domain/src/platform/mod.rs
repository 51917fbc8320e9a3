//! The platform's rules: roles, mail parsing helpers, notification templates, webhook
//! targets and formats, and the chain that keeps rules from looping. Every product module
//! may use them; they use no product module.

pub mod access;
pub mod approvals;
pub mod chain;
pub mod mail;
pub mod preferences;
pub mod templates;
pub mod webhooks;
