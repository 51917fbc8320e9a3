//! Self-service's rules, no I/O: the knowledge base's articles and the service catalog's
//! items, forms and requests (docs/self-service.md).

pub mod catalog;
pub mod kb;
