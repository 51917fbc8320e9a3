pub mod access;
mod password_reset;
mod sessions;
mod webhooks;
