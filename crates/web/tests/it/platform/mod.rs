pub mod access;
mod sessions;
mod webhooks;
