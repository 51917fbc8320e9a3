//! Who is acting, and what they may see and do.
//!
//! One table of capabilities per role ([`Permission`]) plus the record-level scope rules
//! (organisations for staff and auditors, own and department tickets for requesters), and
//! the two rules everything that acts or tells in the background follows:
//!
//! - **Who may read a ticket** ([`Reader::may_read`]): the rule behind
//!   [`Actor::sees_ticket`] and behind [`App::audience`], which every channel that tells
//!   of a ticket (in-app notifications, e-mail, SLA warnings and escalations, automation's
//!   notify, watchers, surveys) passes its recipients through, at the time of sending.
//! - **Scopes of configuration** ([`Actor::reads_scope`], [`Actor::writes_scope`],
//!   [`App::scope_holds`]): a configuration object that selects, changes or tells of
//!   tickets (teams, calendars, SLA policies, assignment and automation rules, shared
//!   views, canned responses, webhooks) belongs to one organisation and its subsidiaries,
//!   or to every organisation (`None`). It applies only to tickets of its subtree; it may
//!   be written by people whose organisations hold it, and a global one only by people
//!   whose organisations are the whole tree.

use helmdesk_domain::Role;
use helmdesk_store::tickets::{TicketRow, Visibility};
use helmdesk_store::users::UserRow;

use crate::orgs::{ancestors_of, subtree_of};
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
    /// The organisations above theirs, nearest first: configuration of those applies to
    /// their tickets too, so they may read it.
    pub above: Vec<i64>,
    /// Whether their organisations are every organisation (administrators, and staff of
    /// the one root): only they may write configuration that applies everywhere.
    pub whole_tree: bool,
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

    /// Whether the actor may read configuration of `scope` (an organisation and its
    /// subsidiaries; `None`: every organisation): global configuration, that of their
    /// organisations, and that of the organisations above theirs, which applies to their
    /// tickets too.
    pub fn reads_scope(&self, scope: Option<i64>) -> bool {
        scope.is_none_or(|o| self.sees_organisation(o) || self.above.contains(&o))
    }

    /// Whether the actor may create, change or delete configuration of `scope`: that of
    /// their organisations; global configuration only when their organisations are the
    /// whole tree. The role's own permission is checked separately.
    pub fn writes_scope(&self, scope: Option<i64>) -> bool {
        match scope {
            None => self.whole_tree,
            Some(o) => self.sees_organisation(o),
        }
    }

    /// Fails with 403 unless the actor may write configuration of `scope`.
    pub fn require_scope(&self, scope: Option<i64>) -> Result<(), AppError> {
        if self.writes_scope(scope) {
            return Ok(());
        }
        Err(AppError::forbidden(match scope {
            None => "only people whose organisations are every organisation may change what applies to all of them",
            Some(_) => "this belongs to an organisation outside yours",
        }))
    }

    /// The scope new configuration gets when none is named: every organisation for those
    /// who may write it, their own organisation (and its subsidiaries) for the others.
    pub fn default_scope(&self) -> Option<i64> {
        (!self.whole_tree).then_some(self.organisation_id)
    }

    /// `record` if the actor may read it ([`Actor::reads_scope`]); not found otherwise, so
    /// that another organisation's configuration does not show it exists.
    pub fn readable<T: Scoped>(&self, record: T) -> Result<T, AppError> {
        if self.reads_scope(record.scope()) { Ok(record) } else { Err(AppError::NotFound) }
    }

    /// `record` if the actor may change it ([`Actor::writes_scope`]): not found when they
    /// may not read it, 403 when they may only read it.
    pub fn writable<T: Scoped>(&self, record: T) -> Result<T, AppError> {
        let record = self.readable(record)?;
        self.require_scope(record.scope())?;
        Ok(record)
    }

    /// The actor as a [`Reader`].
    pub fn reader(&self) -> Reader {
        Reader {
            id: self.id,
            role: self.role,
            active: true,
            organisation_id: self.organisation_id,
            department_id: self.department_id,
        }
    }
}

/// Configuration that belongs to one organisation's subtree (`None`: to every
/// organisation).
pub trait Scoped {
    /// The organisation whose subtree it belongs to.
    fn scope(&self) -> Option<i64>;
}

macro_rules! scoped {
    ($($row:ty),* $(,)?) => {$(
        impl Scoped for $row {
            fn scope(&self) -> Option<i64> {
                self.organisation_id
            }
        }
    )*};
}

scoped!(
    helmdesk_store::teams::TeamRow,
    helmdesk_store::sla::CalendarRow,
    helmdesk_store::sla::PolicyRow,
    helmdesk_store::routing::RuleRow,
    helmdesk_store::automation::RuleRow,
    helmdesk_store::webhooks::WebhookRow,
);

/// Which parts of a ticket something tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// What the requester sees too: the ticket, its public replies.
    Public,
    /// Internal notes, SLA warnings and escalations: staff and auditors only.
    Internal,
}

/// Someone news of a ticket may reach: the facts of a stored person that decide whether
/// they may read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub id: i64,
    pub role: Role,
    pub active: bool,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
}

impl Reader {
    /// A stored user as a reader (an unknown role reads nothing).
    pub fn of(user: &UserRow) -> Option<Reader> {
        Some(Reader {
            id: user.id,
            role: user.role.parse().ok()?,
            active: user.active,
            organisation_id: user.organisation_id,
            department_id: user.department_id,
        })
    }

    /// Whether this person may read ticket `t` now, and with [`Part::Internal`] its
    /// internal parts. `ticket_above` holds the ticket's organisation and every one above
    /// it ([`ancestors_of`]): staff and auditors read the tickets of their organisation's
    /// subtree, requesters their own and their department's. The same rule as
    /// [`Actor::sees_ticket`].
    pub fn may_read(&self, t: &TicketRow, ticket_above: &[i64], part: Part) -> bool {
        if !self.active || (part == Part::Internal && !self.role.sees_internal()) {
            return false;
        }
        match self.role {
            Role::Admin => true,
            Role::Agent | Role::Manager | Role::Auditor => ticket_above.contains(&self.organisation_id),
            Role::Requester => {
                t.requester_id == self.id || (self.department_id.is_some() && t.department_id == self.department_id)
            }
        }
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
        let tree = self.organisation_tree().await?;
        let organisations = subtree_of(&tree, user.organisation_id);
        let above = ancestors_of(&tree, user.organisation_id).split_off(1);
        let whole_tree = role.sees_all_organisations() || tree.iter().all(|o| organisations.contains(&o.id));
        Ok(Actor {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            role,
            organisation_id: user.organisation_id,
            department_id: user.department_id,
            organisations,
            above,
            whole_tree,
            must_change_password: user.must_change_password,
            automation: Default::default(),
        })
    }

    /// The actor for a user id (CLI and jobs).
    pub async fn actor_by_id(&self, id: i64) -> Result<Actor, AppError> {
        let user = self.store().user(id).await?;
        self.actor_for(&user).await
    }

    /// Of `candidates`, those who may read ticket `t` now (with [`Part::Internal`], its
    /// internal parts too), each once, in the order given. Every channel that tells of a
    /// ticket passes its recipients through here at the time it writes or sends.
    pub async fn audience(&self, t: &TicketRow, candidates: &[i64], part: Part) -> Result<Vec<i64>, AppError> {
        let mut ids = candidates.to_vec();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let above = self.ticket_above(t.organisation_id).await?;
        let allowed: Vec<i64> = self
            .store()
            .users_by_ids(&ids)
            .await?
            .iter()
            .filter_map(Reader::of)
            .filter(|r| r.may_read(t, &above, part))
            .map(|r| r.id)
            .collect();
        let mut seen = std::collections::HashSet::new();
        Ok(candidates.iter().copied().filter(|id| allowed.contains(id) && seen.insert(*id)).collect())
    }

    /// An organisation and every one above it, from this node's copy of the tree.
    pub async fn ticket_above(&self, organisation_id: i64) -> Result<Vec<i64>, AppError> {
        Ok(ancestors_of(&self.organisation_tree().await?, organisation_id))
    }

    /// Whether configuration of `scope` applies to a ticket of `organisation_id`: it is
    /// global, or the organisation is in its subtree.
    pub async fn scope_holds(&self, scope: Option<i64>, organisation_id: i64) -> Result<bool, AppError> {
        Ok(match scope {
            None => true,
            Some(s) => self.ticket_above(organisation_id).await?.contains(&s),
        })
    }

    /// Whether configuration of `inner` may use configuration of `outer` (a rule its team,
    /// a policy its calendar): `outer` applies wherever `inner` does.
    pub async fn scope_within(&self, inner: Option<i64>, outer: Option<i64>) -> Result<bool, AppError> {
        match inner {
            Some(o) => self.scope_holds(outer, o).await,
            None => Ok(outer.is_none()),
        }
    }

    /// The scope a writer names for new or changed configuration, checked: an existing
    /// organisation within theirs, or every organisation (`None`) when theirs are the
    /// whole tree.
    pub async fn checked_scope(&self, actor: &Actor, scope: Option<i64>) -> Result<Option<i64>, AppError> {
        if let Some(o) = scope
            && (!actor.sees_organisation(o) || !self.organisation_tree().await?.iter().any(|x| x.id == o))
        {
            return Err(AppError::invalid("organisation_id", "no such organisation"));
        }
        actor.require_scope(scope)?;
        Ok(scope)
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
