pub mod access;
mod language;
mod password_reset;
mod preferences;
mod sessions;
mod webhooks;
