//! The user directory.

use chrono::{DateTime, Utc};
use helmdesk_domain::{Role, validate};
use helmdesk_store::platform::users::{NewUser, UserFilter, UserRow};
use serde::Deserialize;

use crate::platform::access::Permission;
use crate::platform::auth::one_time_password;
use crate::{Actor, App, AppError, NamedInInput, Page, decode_cursor, encode_cursor, ts};

/// The longest chain of managers followed when checking that one does not loop.
const MANAGER_CHAIN_MAX: usize = 64;

/// A user as the API shows them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    /// Inactive users cannot log in.
    pub active: bool,
    /// Away (on leave, off sick): assignment rules give them no tickets.
    pub away: bool,
    /// Their manager, who approves for them.
    pub manager_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            name: r.name,
            role: r.role.parse().unwrap_or(Role::Requester),
            organisation_id: r.organisation_id,
            department_id: r.department_id,
            active: r.active,
            away: r.away,
            manager_id: r.manager_id,
            created_at: ts(r.created_at),
            updated_at: ts(r.updated_at),
        }
    }
}

/// A user to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserInput {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Defaults to the first organisation.
    #[serde(default)]
    pub organisation_id: Option<i64>,
    #[serde(default)]
    pub department_id: Option<i64>,
    /// When absent, a one-time password is generated and must be changed at first login.
    #[serde(default)]
    pub password: Option<String>,
}

/// Changes to a user; absent fields stay as they are. Administrators change anything;
/// staff mark themselves away and back, and managers anyone in their organisations.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[schema(value_type = Option<helmdesk_domain::validate::Name>)]
    pub name: Option<String>,
    pub role: Option<Role>,
    pub organisation_id: Option<i64>,
    /// `null` removes the department.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub department_id: Option<Option<i64>>,
    pub active: Option<bool>,
    /// Away: assignment rules skip them until they are back.
    pub away: Option<bool>,
    /// Their manager (`null` removes it): another active person, not someone they manage,
    /// directly or not.
    #[serde(default, deserialize_with = "crate::double_option")]
    #[schema(value_type = Option<i64>)]
    pub manager_id: Option<Option<i64>>,
}

impl App {
    /// The id of the person with this e-mail address (any case), for the operator's
    /// commands (whoever runs the CLI owns the database: there is no actor).
    pub async fn user_id_with_email(&self, email: &str) -> Result<Option<i64>, AppError> {
        Ok(self.store().user_by_email(&email.trim().to_lowercase()).await?.map(|u| u.id))
    }

    /// Creates a user. Returns the one-time password when none was given.
    pub async fn create_user(
        &self,
        actor: Option<&Actor>,
        input: NewUserInput,
    ) -> Result<(User, Option<String>), AppError> {
        let mut new = self.checked_new_user(actor, &input).await?;
        let (password, generated) = match input.password {
            Some(p) => (p, None),
            None => {
                let p = one_time_password();
                (p.clone(), Some(p))
            }
        };
        validate::password(&password)?;
        new.password_hash = Some(self.hasher.hash(&password).await?);
        new.must_change_password = generated.is_some();
        let row = self.store().create_user(&new, self.now_micros()).await?;
        Ok((row.into(), generated))
    }

    /// The person `input` describes, checked as [`App::create_user`] checks them, not
    /// added and without a password (its `password` is not read).
    pub(crate) async fn checked_new_user(
        &self,
        actor: Option<&Actor>,
        input: &NewUserInput,
    ) -> Result<NewUser, AppError> {
        if let Some(a) = actor {
            a.require(Permission::Administer)?;
        }
        let email = validate::email(&input.email)?;
        let name = validate::name("name", &input.name)?;
        let organisation_id = match input.organisation_id {
            Some(id) => self.store().organisation(id).await.named_in("organisation_id", "no such organisation")?.id,
            None => self.default_organisation().await?,
        };
        self.check_department(organisation_id, input.department_id).await?;
        Ok(NewUser {
            email,
            name,
            role: input.role.as_str().into(),
            organisation_id,
            department_id: input.department_id,
            password_hash: None,
            must_change_password: false,
        })
    }

    /// Adds a person checked by [`App::checked_new_user`]; they set a password through
    /// "forgotten password" (or sign in through single sign-on).
    pub(crate) async fn add_checked_user(&self, new: &NewUser) -> Result<User, AppError> {
        Ok(self.store().create_user(new, self.now_micros()).await?.into())
    }

    pub(crate) async fn check_department(
        &self,
        organisation_id: i64,
        department_id: Option<i64>,
    ) -> Result<(), AppError> {
        if let Some(d) = department_id {
            let dept = self.store().department(d).await.named_in("department_id", "no such department")?;
            if dept.organisation_id != organisation_id {
                return Err(AppError::invalid("department_id", "belongs to another organisation"));
            }
        }
        Ok(())
    }

    /// Refuses `manager_id` as the manager of user `id`: someone who does not exist or is
    /// inactive, the user themselves, or someone the user manages, directly or not (a
    /// chain of managers never comes back to its start).
    pub(crate) async fn check_manager(&self, id: i64, manager_id: i64) -> Result<(), AppError> {
        if manager_id == id {
            return Err(AppError::invalid("manager_id", "nobody is their own manager"));
        }
        let manager = self.store().user(manager_id).await.named_in("manager_id", "no such person")?;
        if !manager.active {
            return Err(AppError::invalid("manager_id", "is not active"));
        }
        let mut next = Some(manager);
        let mut steps = 0;
        while let Some(m) = next {
            if m.id == id {
                return Err(AppError::invalid("manager_id", "is managed by this person, directly or not"));
            }
            steps += 1;
            next = match m.manager_id {
                Some(up) if steps < MANAGER_CHAIN_MAX => Some(self.store().user(up).await?),
                _ => None,
            };
        }
        Ok(())
    }

    /// Changes a user (administrators), or only whether they are away (themselves if staff;
    /// managers, anyone in their organisations).
    pub async fn update_user(&self, actor: &Actor, id: i64, update: UserUpdate) -> Result<User, AppError> {
        let away_only = update.away.is_some() && update == UserUpdate { away: update.away, ..Default::default() };
        if !(away_only && self.may_set_away(actor, id).await?) {
            actor.require(Permission::Administer)?;
        }
        let mut row = self.store().user(id).await?;
        if let Some(away) = update.away {
            row.away = away;
        }
        if let Some(name) = &update.name {
            row.name = validate::name("name", name)?;
        }
        if let Some(role) = update.role {
            if id == actor.id && role != Role::Admin {
                return Err(AppError::invalid("role", "you cannot take away your own administrator role"));
            }
            row.role = role.as_str().into();
        }
        if let Some(org) = update.organisation_id {
            self.store().organisation(org).await.named_in("organisation_id", "no such organisation")?;
            row.organisation_id = org;
        }
        if let Some(dept) = update.department_id {
            row.department_id = dept;
        }
        self.check_department(row.organisation_id, row.department_id).await?;
        if let Some(manager) = update.manager_id.filter(|m| *m != row.manager_id) {
            if let Some(m) = manager {
                self.check_manager(id, m).await?;
            }
            row.manager_id = manager;
        }
        if let Some(active) = update.active {
            if id == actor.id && !active {
                return Err(AppError::invalid("active", "you cannot deactivate yourself"));
            }
            row.active = active;
        }
        Ok(self.store().update_user(&row, self.now_micros()).await?.into())
    }

    /// Whether the actor may mark user `id` away or back: staff themselves, managers anyone
    /// in their organisations. Someone the actor may not see is not found.
    async fn may_set_away(&self, actor: &Actor, id: i64) -> Result<bool, AppError> {
        if actor.can(Permission::Administer) {
            return Ok(true);
        }
        self.user(actor, id).await?;
        Ok((id == actor.id && actor.role.is_staff()) || actor.role == Role::Manager)
    }

    /// One user, if the actor may see them (themselves, or the directory in their scope).
    pub async fn user(&self, actor: &Actor, id: i64) -> Result<User, AppError> {
        let row = self.store().user(id).await?;
        let allowed = row.id == actor.id
            || (actor.can(Permission::ReadDirectory) && actor.sees_organisation(row.organisation_id));
        if !allowed {
            return Err(AppError::NotFound);
        }
        Ok(row.into())
    }

    /// The directory in the actor's scope, by id.
    pub async fn list_users(
        &self,
        actor: &Actor,
        role: Option<Role>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<User>, AppError> {
        self.users_page(actor, role.as_slice(), cursor, limit).await
    }

    /// A page of the directory in the actor's scope with one of `roles` (any when empty).
    async fn users_page(
        &self,
        actor: &Actor,
        roles: &[Role],
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<User>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let limit = limit.clamp(1, 500);
        let filter = UserFilter {
            organisations: actor.organisation_scope(),
            roles: roles.iter().map(|r| r.as_str().to_string()).collect(),
            after_id: cursor.map(decode_cursor).transpose()?,
            limit: limit + 1,
        };
        let mut rows = self.store().list_users(&filter).await?;
        let next_cursor = (rows.len() as i64 > limit).then(|| {
            rows.truncate(limit as usize);
            encode_cursor(rows.last().map(|r| r.id).unwrap_or_default())
        });
        Ok(Page { items: rows.into_iter().map(User::from).collect(), next_cursor })
    }

    /// Every user in the actor's scope, by name (for pickers and the admin list).
    pub async fn all_users(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        self.users_with_roles(actor, &[]).await
    }

    /// Every user in the actor's scope with one of `roles` (any when empty), by name.
    async fn users_with_roles(&self, actor: &Actor, roles: &[Role]) -> Result<Vec<User>, AppError> {
        let mut all = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.users_page(actor, roles, cursor.as_deref(), 500).await?;
            all.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        all.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(all)
    }

    /// Active staff the actor may assign tickets to, by name. Read by role, so that
    /// thousands of requesters in the directory cost nothing here.
    pub async fn assignable_agents(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        let staff: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        Ok(self.users_with_roles(actor, &staff).await?.into_iter().filter(|u| u.active).collect())
    }
}

impl App {
    /// Saves what the actor chose for their own pages.
    pub async fn set_my_preferences(
        &self,
        actor: &Actor,
        p: &helmdesk_domain::platform::preferences::Preferences,
    ) -> Result<(), AppError> {
        let store = self.store();
        store
            .set_preferences(
                actor.id,
                p.language.as_deref(),
                p.time_zone.as_deref(),
                p.theme.as_deref(),
                self.now_micros(),
            )
            .await?;
        Ok(())
    }
}

/// A person as a row of the directory's export, with their organisation's and
/// department's names (the people import's columns).
pub struct PersonRow {
    pub user: User,
    pub organisation: String,
    pub department: String,
}

impl crate::platform::exports::ExportRow for PersonRow {
    const NAME: &'static str = "people";

    fn columns() -> &'static [&'static str] {
        &["name", "email", "role", "organisation", "department", "active", "created_at"]
    }

    fn cells(&self) -> Vec<String> {
        let u = &self.user;
        vec![
            u.name.clone(),
            u.email.clone(),
            u.role.as_str().to_string(),
            self.organisation.clone(),
            self.department.clone(),
            u.active.to_string(),
            u.created_at.to_rfc3339(),
        ]
    }
}

impl App {
    /// The directory in the actor's scope (with `role` when given), by id, for an export.
    pub fn export_users(
        &self,
        actor: &Actor,
        role: Option<Role>,
    ) -> impl futures::Stream<Item = Result<Vec<PersonRow>, AppError>> + Send + 'static {
        let (app, actor) = (self.clone(), actor.clone());
        crate::platform::exports::pages(move |cursor| {
            let (app, actor) = (app.clone(), actor.clone());
            async move {
                let page = app.list_users(&actor, role, cursor.as_deref(), 500).await?;
                let orgs: std::collections::HashMap<i64, String> =
                    app.store().list_organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
                let depts: std::collections::HashMap<i64, String> =
                    app.store().list_departments().await?.into_iter().map(|d| (d.id, d.name)).collect();
                let items = page
                    .items
                    .into_iter()
                    .map(|user| PersonRow {
                        organisation: orgs.get(&user.organisation_id).cloned().unwrap_or_default(),
                        department: user.department_id.and_then(|d| depts.get(&d).cloned()).unwrap_or_default(),
                        user,
                    })
                    .collect();
                Ok(Page { items, next_cursor: page.next_cursor })
            }
        })
    }
}
