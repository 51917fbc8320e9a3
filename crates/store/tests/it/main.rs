//! The store's integration tests, one binary: every behaviour on SQLite and PostgreSQL
//! (`conformance`), and the two migration trees compared (`schema_parity`).

mod conformance;
mod schema_parity;
