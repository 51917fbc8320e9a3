//! Self-service's use cases: the employees' portal, the knowledge base and the service
//! catalog with its requests, approved through `platform::approvals` and fulfilled as
//! tickets of the service desk (docs/self-service.md).

pub mod access;
pub mod demo;
pub mod jobs;
pub mod kb;
pub mod kb_html;
