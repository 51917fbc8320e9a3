//! Self-service's queries: the knowledge base and the service catalog.

pub mod kb;
