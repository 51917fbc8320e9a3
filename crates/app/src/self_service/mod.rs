//! Self-service's use cases: the employees' portal, the knowledge base (with its articles'
//! attachments) and the service catalog with its requests, approved through
//! `platform::approvals` and fulfilled as tickets of the service desk
//! (docs/self-service.md).

pub mod access;
pub mod catalog;
pub mod demo;
pub(crate) mod jobs;
pub mod kb;
pub mod kb_attachments;
pub mod kb_html;
pub mod portal;
pub mod requests;
