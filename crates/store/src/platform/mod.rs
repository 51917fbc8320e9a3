//! The platform's tables: users, organisations and departments, teams, sessions and API
//! tokens, links to choose a new password, who has a record open, notifications and their templates, mail settings, mailboxes and messages, and
//! webhooks with their deliveries.

pub mod approvals;
pub mod auth;
pub mod mail;
pub mod notifications;
pub mod orgs;
pub mod password_reset;
pub mod presence;
pub mod teams;
pub mod users;
pub mod webhooks;
