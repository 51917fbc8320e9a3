//! The application's integration tests, one binary: each module a use case's tests on
//! SQLite and PostgreSQL (`backend_tests!`), `support` what they share.

mod automation;
mod boundaries;
mod filing;
mod imports;
mod kpis;
mod mail;
mod mail_server_harness;
mod mail_servers;
mod routing;
mod sessions;
mod sla;
mod support;
mod webhooks;
