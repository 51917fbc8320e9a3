//! The reports' capabilities.

use helmdesk_domain::Role;

use crate::platform::access::Capability;

/// What the reports let people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportPermission {
    /// Read the KPIs of the tickets one may see.
    ReadReports,
}

impl Capability for ReportPermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[(ReportPermission::ReadReports, &[Agent, Manager, Admin, Auditor])]
    };
}
