//! What the application's integration tests share: people and organisations in one line
//! each, running the queued jobs, and real mail servers on loopback.

pub mod jobs;
pub mod mailserver;
pub mod people;
