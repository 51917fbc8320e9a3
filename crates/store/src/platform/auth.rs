//! Sessions, API tokens and login throttling. Only hashes of secrets are stored.

use crate::{Sql, Store, StoreError};

/// A browser session.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// An API token.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// Failed logins counted for one key (an e-mail or an address).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ThrottleRow {
    pub key: String,
    pub failures: i64,
    pub window_start: i64,
    pub locked_until: Option<i64>,
}

/// An API token's state and its user.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TokenUser {
    pub token_id: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    #[sqlx(flatten)]
    pub user: crate::platform::users::UserRow,
}

impl Store {
    /// Opens a session.
    pub async fn create_session(&self, s: &SessionRow) -> Result<(), StoreError> {
        Sql::new(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The session with this token hash, if any.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        Sql::new("SELECT * FROM sessions WHERE token_hash = $1").bind(token_hash).fetch_optional(self.db()).await
    }

    /// Records activity on a session.
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        Sql::new("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        Sql::new("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(self.db()).await?;
        Ok(())
    }

    /// Deletes sessions past their absolute expiry or idle since before `idle_before`.
    pub async fn delete_expired_sessions(&self, now: i64, idle_before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
            .bind(now)
            .bind(idle_before)
            .execute(self.db())
            .await
    }

    /// Stores a new API token.
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        now: i64,
    ) -> Result<ApiTokenRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(prefix)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The token with this hash, if any (revoked ones included).
    pub async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiTokenRow>, StoreError> {
        Sql::new("SELECT * FROM api_tokens WHERE token_hash = $1").bind(token_hash).fetch_optional(self.db()).await
    }

    /// A token with the user it belongs to, in one read (every API request needs both).
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<TokenUser>, StoreError> {
        Sql::new(
            "SELECT t.id AS token_id, t.revoked_at, t.last_used_at, u.*
             FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.db())
        .await
    }

    /// One token.
    pub async fn api_token(&self, id: i64) -> Result<ApiTokenRow, StoreError> {
        Sql::new("SELECT * FROM api_tokens WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Tokens of one user, or of everyone; newest first.
    pub async fn list_api_tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiTokenRow>, StoreError> {
        Sql::new("SELECT * FROM api_tokens WHERE ($1 IS NULL OR user_id = $1) ORDER BY id DESC")
            .bind(user_id)
            .fetch_all(self.db())
            .await
    }

    /// Revokes a token; revoking twice keeps the first time.
    pub async fn revoke_api_token(&self, id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// Records a token's use (at most once a minute, to keep reads cheap).
    pub async fn touch_api_token(&self, id: i64, now: i64) -> Result<(), StoreError> {
        Sql::new(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(id)
        .bind(now - 60_000_000)
        .execute(self.db())
        .await?;
        Ok(())
    }

    /// The throttle state of a key.
    pub async fn login_throttle(&self, key: &str) -> Result<Option<ThrottleRow>, StoreError> {
        Sql::new("SELECT * FROM login_throttle WHERE key = $1").bind(key).fetch_optional(self.db()).await
    }

    /// Counts a login attempt against every key in one transaction, before the password
    /// is checked: `Err(until)` when a key must wait (nothing is counted then), `Ok` once
    /// counted. A key's count starts again when its last attempt was before `window_from`
    /// (`window_start` holds the last attempt); `next_attempt(i, attempts)`
    /// says when key `i` may try again after this attempt (`None`: at once). Concurrent
    /// attempts on a key are serialised by its row (PostgreSQL) or the one writer
    /// (SQLite), so none is lost and none slips past a wait.
    pub async fn take_login_attempt(
        &self,
        keys: &[&str],
        now: i64,
        window_from: i64,
        next_attempt: impl Fn(usize, i64) -> Option<i64>,
    ) -> Result<Result<(), i64>, StoreError> {
        let mut tx = self.begin().await?;
        for (i, key) in keys.iter().enumerate() {
            let counted: Option<(i64,)> = Sql::new(
                "INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, NULL)
                 ON CONFLICT (key) DO UPDATE SET
                     failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END,
                     window_start = $2
                 WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2
                 RETURNING failures",
            )
            .bind(*key)
            .bind(now)
            .bind(window_from)
            .fetch_optional(&mut tx)
            .await?;
            let Some((attempts,)) = counted else {
                let until: Option<i64> = Sql::new("SELECT locked_until FROM login_throttle WHERE key = $1")
                    .bind(*key)
                    .scalar(&mut tx)
                    .await?;
                drop(tx);
                return Ok(Err(until.unwrap_or(now)));
            };
            Sql::new("UPDATE login_throttle SET locked_until = $1 WHERE key = $2")
                .bind(next_attempt(i, attempts))
                .bind(*key)
                .execute(&mut tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// After a successful login: forgets the attempts of `forgotten` (the account's keys)
    /// and takes this attempt off `address`, whose count keeps only failures (and which may
    /// try at once again when under `free`).
    pub async fn login_succeeded(&self, forgotten: &[&str], address: &str, free: i64) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        for key in forgotten {
            Sql::new("DELETE FROM login_throttle WHERE key = $1").bind(*key).execute(&mut tx).await?;
        }
        Sql::new(
            "UPDATE login_throttle SET failures = failures - 1,
                 locked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE locked_until END
             WHERE key = $1 AND failures > 0",
        )
        .bind(address)
        .bind(free)
        .execute(&mut tx)
        .await?;
        tx.commit().await
    }

    /// Forgets throttle state older than `before`.
    pub async fn purge_login_throttle(&self, before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $1)")
            .bind(before)
            .execute(self.db())
            .await
    }
}
