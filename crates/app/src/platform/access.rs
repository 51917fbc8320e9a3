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
use helmdesk_store::platform::users::UserRow;

use crate::platform::orgs::{ancestors_of, subtree_of};
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
    pub automation: helmdesk_domain::platform::chain::Chain,
    /// Their pages' language, time zone and theme.
    pub preferences: helmdesk_domain::platform::preferences::Preferences,
}

/// Capabilities that depend on the role alone. Each module declares its own set with a
/// role matrix (the roles that hold each capability); adding a role is a column in each
/// matrix. Routes declare the capability they need where they are registered, and use
/// cases check it again with [`Actor::require`]; whether a record may be seen (its
/// organisation, its requester) is the use case's alone.
pub trait Capability: Copy + PartialEq + std::fmt::Debug + Send + Sync + 'static {
    /// Each capability of the module with the roles that hold it.
    const MATRIX: &'static [(Self, &'static [Role])];

    /// The roles that hold this capability.
    fn roles(self) -> &'static [Role] {
        Self::MATRIX.iter().find(|(c, _)| *c == self).map_or(&[], |(_, roles)| *roles)
    }

    /// Whether `role` holds this capability.
    fn allows(self, role: Role) -> bool {
        self.roles().contains(&role)
    }
}

/// The platform's capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read teams and the user directory.
    ReadDirectory,
    /// Mark oneself away (on leave, off sick), and, as a manager, one's staff.
    MarkAway,
    /// Create and change teams.
    ManageTeams,
    /// Create and change users, organisations and departments, mail, templates and
    /// webhooks; see every token.
    Administer,
}

impl Capability for Permission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (Permission::ReadDirectory, &[Agent, Manager, Admin, Auditor]),
            (Permission::MarkAway, &[Agent, Manager, Admin]),
            (Permission::ManageTeams, &[Manager, Admin]),
            (Permission::Administer, &[Admin]),
        ]
    };
}

impl Actor {
    /// Fails with 403 unless the actor's role has `permission`.
    pub fn require(&self, permission: impl Capability) -> Result<(), AppError> {
        if permission.allows(self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!("a {} may not do this", self.role)))
        }
    }

    /// Whether the actor has `permission`.
    pub fn can(&self, permission: impl Capability) -> bool {
        permission.allows(self.role)
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

/// Implements [`Scoped`] for rows with an `organisation_id: Option<i64>` column.
macro_rules! scoped {
    ($($row:ty),* $(,)?) => {$(
        impl $crate::platform::access::Scoped for $row {
            fn scope(&self) -> Option<i64> {
                self.organisation_id
            }
        }
    )*};
}

pub(crate) use scoped;

scoped!(helmdesk_store::platform::teams::TeamRow, helmdesk_store::platform::webhooks::WebhookRow,);

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
            preferences: helmdesk_domain::platform::preferences::Preferences {
                language: user.language.clone(),
                time_zone: user.time_zone.clone(),
                theme: user.theme.clone(),
            },
        })
    }

    /// The actor for a user id (CLI and jobs).
    pub async fn actor_by_id(&self, id: i64) -> Result<Actor, AppError> {
        let user = self.store().user(id).await?;
        self.actor_for(&user).await
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

    /// The platform's matrix, spelled out: changing a role's powers must change this test.
    #[test]
    fn each_role_has_exactly_its_platform_capabilities() {
        use Permission::*;
        let table: [(Role, [bool; 4]); 5] = [
            (Role::Requester, [false, false, false, false]),
            (Role::Agent, [true, true, false, false]),
            (Role::Manager, [true, true, true, false]),
            (Role::Admin, [true, true, true, true]),
            (Role::Auditor, [true, false, false, false]),
        ];
        for (role, allowed) in table {
            for (p, expected) in [ReadDirectory, MarkAway, ManageTeams, Administer].iter().zip(allowed) {
                assert_eq!(p.allows(role), expected, "{role} {p:?}");
            }
        }
    }
}
