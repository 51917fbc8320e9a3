//! Self-service's capabilities.

use helmdesk_domain::Role;

use crate::platform::access::Capability;

/// What self-service lets people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfServicePermission {
    /// Use the employees' portal: search, read public articles, order from the catalog.
    UsePortal,
}

impl Capability for SelfServicePermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[(SelfServicePermission::UsePortal, &[Requester, Agent, Manager, Admin, Auditor])]
    };
}
