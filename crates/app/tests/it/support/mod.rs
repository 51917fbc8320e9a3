//! What the application's integration tests share: people and organisations in one line
//! each, and real mail servers on loopback.

pub mod mailserver;
pub mod people;
