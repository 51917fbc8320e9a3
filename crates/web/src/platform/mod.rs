//! The platform's pages and API: sign-in and sessions ([`auth`]), the account page,
//! administration of users, organisations, teams and tokens, mail settings, notification
//! templates and webhooks.

pub mod api;
pub mod auth;
pub mod download;
pub mod exports;
pub mod gate;
pub mod ui;
pub mod upload;
