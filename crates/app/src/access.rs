//! Who is acting, and what they may see and do.
//!
//! One table of capabilities per role ([`Permission`]) plus the record-level scope rules
//! (organisations for staff and auditors, own and department tickets for requesters).

use helmdesk_domain::Role;
use helmdesk_store::tickets::{TicketRow, Visibility};
use helmdesk_store::users::UserRow;

use crate::{App, AppError};

/// The person a use case acts for, with what their role and organisation allow.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    /// Their organisation and its subsidiaries.
    pub organisations: Vec<i64>,
    /// Must set a new password before doing anything else.
    pub must_change_password: bool,
    /// The rule-made changes that led to what this actor does (empty: a person's).
    pub automation: helmdesk_domain::automation::Chain,
}

/// A capability that depends on the role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// File a ticket.
    CreateTicket,
    /// Change a ticket's fields, assign it, move its status, add internal notes.
    WorkTicket,
    /// Add a public reply to a ticket one can see.
    ReplyTicket,
    /// Read teams, categories and the user directory.
    ReadDirectory,
    /// Create and change teams and categories.
    ManageCatalog,
    /// Create and change users, organisations and departments; see every token.
    Administer,
    /// Read the KPIs of the tickets one may see: staff and auditors.
    ReadReports,
    /// Share saved views with all staff: managers and administrators.
    ShareViews,
}

impl Permission {
    /// Whether `role` has this capability.
    pub fn allows(self, role: Role) -> bool {
        use Role::*;
        match self {
            Permission::CreateTicket | Permission::ReplyTicket => matches!(role, Requester | Agent | Manager | Admin),
            Permission::WorkTicket => role.is_staff(),
            Permission::ReadDirectory => role != Requester,
            Permission::ManageCatalog => matches!(role, Manager | Admin),
            Permission::Administer => role == Admin,
            Permission::ReadReports => role != Requester,
            Permission::ShareViews => matches!(role, Manager | Admin),
        }
    }
}

impl Actor {
    /// Fails with 403 unless the actor's role has `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if permission.allows(self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!("a {} may not do this", self.role)))
        }
    }

    /// Whether the actor has `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        permission.allows(self.role)
    }

    /// Which tickets the actor may see.
    pub fn visibility(&self) -> Visibility {
        match self.role {
            Role::Admin => Visibility::All,
            Role::Agent | Role::Manager | Role::Auditor => Visibility::Organisations(self.organisations.clone()),
            Role::Requester => Visibility::Requester { user_id: self.id, department_id: self.department_id },
        }
    }

    /// Whether the actor may see this ticket.
    pub fn sees_ticket(&self, t: &TicketRow) -> bool {
        match self.visibility() {
            Visibility::All => true,
            Visibility::Organisations(orgs) => orgs.contains(&t.organisation_id),
            Visibility::Requester { user_id, department_id } => {
                t.requester_id == user_id || (department_id.is_some() && t.department_id == department_id)
            }
        }
    }

    /// Whether the actor may see records of this organisation.
    pub fn sees_organisation(&self, organisation_id: i64) -> bool {
        self.role.sees_all_organisations() || self.organisations.contains(&organisation_id)
    }

    /// The organisations the actor may see, or `None` for all.
    pub fn organisation_scope(&self) -> Option<Vec<i64>> {
        (!self.role.sees_all_organisations()).then(|| self.organisations.clone())
    }
}

impl App {
    /// Builds the actor for a stored user; inactive users cannot act.
    pub async fn actor_for(&self, user: &UserRow) -> Result<Actor, AppError> {
        if !user.active {
            return Err(AppError::Unauthenticated);
        }
        let role: Role =
            user.role.parse().map_err(|_| AppError::Internal(format!("user {} has unknown role", user.id)))?;
        let organisations = self.subtree(user.organisation_id).await?;
        Ok(Actor {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            role,
            organisation_id: user.organisation_id,
            department_id: user.department_id,
            organisations,
            must_change_password: user.must_change_password,
            automation: Default::default(),
        })
    }

    /// The actor for a user id (CLI and jobs).
    pub async fn actor_by_id(&self, id: i64) -> Result<Actor, AppError> {
        let user = self.store().user(id).await?;
        self.actor_for(&user).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The capability table, spelled out: changing a role's powers must change this test.
    #[test]
    fn each_role_has_exactly_its_capabilities() {
        use Permission::*;
        let table: [(Role, [bool; 8]); 5] = [
            (Role::Requester, [true, false, true, false, false, false, false, false]),
            (Role::Agent, [true, true, true, true, false, false, true, false]),
            (Role::Manager, [true, true, true, true, true, false, true, true]),
            (Role::Admin, [true, true, true, true, true, true, true, true]),
            (Role::Auditor, [false, false, false, true, false, false, true, false]),
        ];
        let perms =
            [CreateTicket, WorkTicket, ReplyTicket, ReadDirectory, ManageCatalog, Administer, ReadReports, ShareViews];
        for (role, allowed) in table {
            for (p, expected) in perms.iter().zip(allowed) {
                assert_eq!(p.allows(role), expected, "{role} {p:?}");
            }
        }
    }
}
