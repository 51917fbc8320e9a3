//! Links to choose a new password: only each token's SHA-256 is stored. A person has at
//! most one link not used yet (issuing one deletes the others), a link is used once, in
//! the transaction that changes the password, and every change of a password deletes the
//! person's links not used yet ([`Store::set_password_hash`] too).

use crate::{Sql, Store, StoreError, Tx};

/// A link to choose a new password.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PasswordResetRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: i64,
    /// It works until this instant (exclusive).
    pub expires_at: i64,
    /// When the password was chosen through it: a link works once.
    pub used_at: Option<i64>,
}

impl Store {
    /// Records a new link of `user_id` (by its token's hash) in the caller's transaction,
    /// deleting the person's links not used yet: only the newest works.
    pub async fn issue_password_reset(
        &self,
        tx: &mut Tx,
        user_id: i64,
        token_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        forget_unused_resets(tx, user_id).await?;
        Sql::new(
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at)
             VALUES ($1, $2, $3, $4, NULL)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(tx)
        .await?;
        Ok(())
    }

    /// The link with this token hash, if any (used and expired ones included).
    pub async fn password_reset(&self, token_hash: &str) -> Result<Option<PasswordResetRow>, StoreError> {
        Sql::new("SELECT * FROM password_resets WHERE token_hash = $1").bind(token_hash).fetch_optional(self.db()).await
    }

    /// Sets a password through a link, in one transaction: the link is marked used if it
    /// is unused, unexpired at `now` and its person active; then the password hash is
    /// replaced, the person's sessions end and their other unused links are deleted.
    /// `None` (nothing changed) when the link could not be used; the person's id once done.
    /// Two uses of one link at once: the conditional update lets one through.
    pub async fn reset_password(&self, token_hash: &str, hash: &str, now: i64) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin().await?;
        let claimed: Option<(i64,)> = Sql::new(
            "UPDATE password_resets SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
                 AND user_id IN (SELECT id FROM users WHERE active)
             RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut tx)
        .await?;
        let Some((user_id,)) = claimed else { return Ok(None) };
        self.write_password(&mut tx, user_id, hash, false, false, now).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    /// Deletes links that expired before `before`.
    pub async fn purge_password_resets(&self, before: i64) -> Result<u64, StoreError> {
        Sql::new("DELETE FROM password_resets WHERE expires_at < $1").bind(before).execute(self.db()).await
    }
}

/// Deletes the links of `user_id` not used yet.
pub(crate) async fn forget_unused_resets(tx: &mut Tx, user_id: i64) -> Result<(), StoreError> {
    Sql::new("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL").bind(user_id).execute(tx).await?;
    Ok(())
}
