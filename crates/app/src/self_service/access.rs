//! Self-service's capabilities.

use helmdesk_domain::Role;

use crate::platform::access::Capability;

/// What self-service lets people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfServicePermission {
    /// Use the employees' portal: search, read public articles, order from the catalog.
    UsePortal,
    /// Read the catalog requests of one's organisations (staff and auditors).
    ReadRequests,
    /// Create and change the catalog's items and categories.
    ManageCatalog,
}

impl Capability for SelfServicePermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (SelfServicePermission::UsePortal, &[Requester, Agent, Manager, Admin, Auditor]),
            (SelfServicePermission::ReadRequests, &[Agent, Manager, Admin, Auditor]),
            (SelfServicePermission::ManageCatalog, &[Manager, Admin]),
        ]
    };
}
