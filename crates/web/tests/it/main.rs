//! The HTTP layer's integration tests, one binary: each module drives a real server (or
//! real Chromium) on SQLite and PostgreSQL; `common` starts them with a fixture of every
//! role.

mod access;
mod api;
mod assets;
mod browser;
mod common;
mod errors;
/// Real postfix and dovecot on loopback: the application tests' harness, shared.
#[path = "../../../app/tests/it/support/mailserver.rs"]
mod mailserver;
mod navigation;
mod platform;
mod reports;
mod self_service;
mod service_desk;
