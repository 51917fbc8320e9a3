pub mod access;
mod approvals;
mod language;
mod managers;
mod password_reset;
mod preferences;
mod sessions;
mod webhooks;
