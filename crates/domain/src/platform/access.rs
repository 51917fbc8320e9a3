//! Roles. What each role may do is decided in `app` (it needs the actor's organisation and
//! the record); the role itself and its broad capabilities live here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::validate::RuleError;

/// What a user is to Helmdesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// An employee: files tickets and follows their own and their department's.
    Requester,
    /// A technician: works tickets of their organisations.
    Agent,
    /// An IT manager: what an agent does, plus teams and categories.
    Manager,
    /// Administers everything in every organisation.
    Admin,
    /// Reads everything in their organisations, changes nothing.
    Auditor,
}

impl Role {
    /// Every role, in the order they are listed to people.
    pub const ALL: [Role; 5] = [Role::Requester, Role::Agent, Role::Manager, Role::Admin, Role::Auditor];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Requester => "requester",
            Role::Agent => "agent",
            Role::Manager => "manager",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    /// Staff work tickets they did not file: agents, managers and admins.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Manager | Role::Admin)
    }

    /// Sees internal notes and full history: staff and auditors.
    pub fn sees_internal(self) -> bool {
        self.is_staff() || self == Role::Auditor
    }

    /// Sees every organisation, not only their own subtree.
    pub fn sees_all_organisations(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = RuleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            RuleError::invalid(
                "role",
                format!("unknown role {s:?}; expected one of requester, agent, manager, admin, auditor"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_parses_from_its_own_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
    }

    #[test]
    fn an_unknown_role_is_an_error() {
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn requesters_never_see_internal_notes() {
        assert!(!Role::Requester.sees_internal());
        assert!(Role::Auditor.sees_internal());
        assert!(!Role::Auditor.is_staff());
    }
}
