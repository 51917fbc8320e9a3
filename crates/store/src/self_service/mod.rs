//! Self-service's queries: the knowledge base (with its articles' attachments) and the
//! service catalog.

pub mod catalog;
pub mod kb;
pub mod kb_attachments;
