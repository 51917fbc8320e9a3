//! Self-service's queries: the knowledge base and the service catalog.

pub mod catalog;
pub mod kb;
