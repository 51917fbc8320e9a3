pub mod access;
mod password_reset;
mod preferences;
mod sessions;
mod webhooks;
