//! The platform's use cases: who is acting and what they may do ([`access`]), sign-in and
//! API tokens, forgotten passwords, users, organisations, teams, in-app notifications, mail
//! settings, receiving and sending mail, notification templates, webhooks, the bus of
//! live updates and who has a record open ([`presence`]). It imports no
//! product module: modules hand it what it needs (a webhook event's subject, a mail to
//! queue).

pub mod access;
pub mod approvals;
pub mod auth;
pub mod csv_files;
pub mod demo;
pub mod exports;
pub mod files;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod notifications;
pub mod orgs;
pub mod password_reset;
pub mod presence;
pub mod teams;
pub mod users;
pub mod webhooks;
