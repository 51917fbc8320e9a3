//! The HTTP layer's integration tests, one binary: each module drives a real server (or
//! real Chromium) on SQLite and PostgreSQL; `common` starts them with a fixture of every
//! role.

mod access;
mod api;
mod assets;
mod browser;
mod common;
mod errors;
mod navigation;
mod platform;
mod reports;
mod self_service;
mod service_desk;
