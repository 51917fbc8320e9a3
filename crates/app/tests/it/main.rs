//! The application's integration tests, one binary: each module a use case's tests on
//! SQLite and PostgreSQL (`backend_tests!`), `support` what they share.

mod assets;
mod boundaries;
mod platform;
mod reports;
mod self_service;
mod service_desk;
mod support;
