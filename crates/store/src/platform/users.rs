//! People who use Helmdesk.

use crate::{Arg, Sql, Store, StoreError, Tx};

/// A user as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub active: bool,
    /// Away (on leave, off sick): routing gives them no tickets.
    pub away: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// Their pages' language, time zone and theme (NULL: the default).
    pub language: Option<String>,
    pub time_zone: Option<String>,
    pub theme: Option<String>,
    /// Their manager, who approves for them.
    pub manager_id: Option<i64>,
}

/// What a new user is made of.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub organisation_id: i64,
    pub department_id: Option<i64>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
}

/// Filters for the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only users of these organisations (None: all).
    pub organisations: Option<Vec<i64>>,
    /// Only users with one of these roles (empty: any role).
    pub roles: Vec<String>,
    /// Users with an id above this (keyset cursor).
    pub after_id: Option<i64>,
    pub limit: i64,
}

impl Store {
    /// Creates a user inside a transaction.
    pub async fn insert_user(&self, tx: &mut Tx, new: &NewUser, now: i64) -> Result<UserRow, StoreError> {
        Sql::new(
            "INSERT INTO users (email, name, role, organisation_id, department_id, password_hash, must_change_password, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8, $8) RETURNING *",
        )
        .bind(&new.email)
        .bind(&new.name)
        .bind(&new.role)
        .bind(new.organisation_id)
        .bind(new.department_id)
        .bind(new.password_hash.clone())
        .bind(new.must_change_password)
        .bind(now)
        .fetch_one(tx)
        .await
    }

    /// Creates a user.
    pub async fn create_user(&self, new: &NewUser, now: i64) -> Result<UserRow, StoreError> {
        let mut tx = self.begin().await?;
        let user = self.insert_user(&mut tx, new, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// One user.
    pub async fn user(&self, id: i64) -> Result<UserRow, StoreError> {
        Sql::new("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// The users with these ids (unknown ids are left out), by id.
    pub async fn users_by_ids(&self, ids: &[i64]) -> Result<Vec<UserRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new("SELECT * FROM users WHERE id IN (");
        let params: Vec<String> = ids.iter().map(|id| sql.arg(*id)).collect();
        sql.push(&params.join(", ")).push(") ORDER BY id");
        sql.fetch_all(self.db()).await
    }

    /// The user with this (lower-cased) e-mail, if any.
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>, StoreError> {
        Sql::new("SELECT * FROM users WHERE email = $1").bind(email).fetch_optional(self.db()).await
    }

    /// Users, by id, filtered.
    pub async fn list_users(&self, filter: &UserFilter) -> Result<Vec<UserRow>, StoreError> {
        let mut sql = Sql::new("SELECT * FROM users WHERE 1 = 1");
        if let Some(orgs) = &filter.organisations {
            push_in(&mut sql, "organisation_id", orgs);
        }
        if !filter.roles.is_empty() {
            push_in(&mut sql, "role", &filter.roles);
        }
        if let Some(after) = filter.after_id {
            let p = sql.arg(after);
            sql.push(&format!(" AND id > {p}"));
        }
        let p = sql.arg(filter.limit);
        sql.push(&format!(" ORDER BY id LIMIT {p}"));
        sql.fetch_all(self.db()).await
    }

    /// The active users with one of `roles`, by id.
    pub async fn active_users_with_roles(&self, roles: &[&str]) -> Result<Vec<UserRow>, StoreError> {
        let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
        let mut sql = Sql::new("SELECT * FROM users WHERE active = TRUE");
        push_in(&mut sql, "role", &roles);
        sql.push(" ORDER BY id");
        sql.fetch_all(self.db()).await
    }

    /// Number of users with a role (e.g. to know whether an administrator exists).
    pub async fn count_users_with_role(&self, role: &str) -> Result<i64, StoreError> {
        Sql::new("SELECT COUNT(*) FROM users WHERE role = $1").bind(role).scalar(self.db()).await
    }

    /// Saves a user's profile fields (and whether they are away).
    /// Saves what a person chose for their pages.
    pub async fn set_preferences(
        &self,
        user_id: i64,
        language: Option<&str>,
        time_zone: Option<&str>,
        theme: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        let n = Sql::new("UPDATE users SET language = $1, time_zone = $2, theme = $3, updated_at = $4 WHERE id = $5")
            .bind(language)
            .bind(time_zone)
            .bind(theme)
            .bind(now)
            .bind(user_id)
            .execute(self.db())
            .await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    pub async fn update_user(&self, user: &UserRow, now: i64) -> Result<UserRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "UPDATE users SET name = $1, role = $2, organisation_id = $3, department_id = $4, active = $5, away = $6,
                 manager_id = $7, updated_at = $8
             WHERE id = $9 RETURNING *",
        )
        .bind(&user.name)
        .bind(&user.role)
        .bind(user.organisation_id)
        .bind(user.department_id)
        .bind(user.active)
        .bind(user.away)
        .bind(user.manager_id)
        .bind(now)
        .bind(user.id)
        .fetch_one(&mut tx)
        .await?;
        if !user.active {
            Sql::new("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(row)
    }

    /// Replaces a user's password hash and ends all their sessions.
    pub async fn set_password_hash(
        &self,
        user_id: i64,
        hash: &str,
        must_change: bool,
        revoke_tokens: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        self.write_password(&mut tx, user_id, hash, must_change, revoke_tokens, now).await?;
        tx.commit().await
    }

    /// Replaces a user's password hash in the caller's transaction: every session of the
    /// person ends, their links to choose a new password not used yet are deleted, and
    /// with `revoke_tokens` their API tokens are revoked.
    pub(crate) async fn write_password(
        &self,
        tx: &mut Tx,
        user_id: i64,
        hash: &str,
        must_change: bool,
        revoke_tokens: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let n =
            Sql::new("UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
                .bind(hash)
                .bind(must_change)
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Sql::new("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        crate::platform::password_reset::forget_unused_resets(tx, user_id).await?;
        if revoke_tokens {
            Sql::new("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(user_id)
                .execute(tx)
                .await?;
        }
        Ok(())
    }
}

/// Appends ` AND column IN ($a, $b, ...)` (or a false condition for an empty list).
pub fn push_in<T>(sql: &mut Sql, column: &str, values: &[T])
where
    for<'a> &'a T: Into<Arg>,
{
    if values.is_empty() {
        sql.push(" AND 1 = 0");
        return;
    }
    let params: Vec<String> = values.iter().map(|v| sql.arg(v)).collect();
    sql.push(&format!(" AND {column} IN ({})", params.join(", ")));
}
