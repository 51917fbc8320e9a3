//! Passwords, sessions, API tokens, login throttling and the first administrator.
//!
//! Secrets (session tokens, API tokens) are random, shown once, and stored only as their
//! SHA-256. Passwords are hashed with argon2id. A login for an unknown e-mail verifies a
//! dummy hash, so it takes as long and answers the same as a wrong password.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use base64::Engine;
use chrono::{DateTime, Utc};
use helmdesk_domain::{Role, validate};
use helmdesk_store::auth::{ApiTokenRow, SessionRow, ThrottleRow};
use helmdesk_store::users::NewUser;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Actor, App, AppError, ts};

/// What a successful login gives the browser.
#[derive(Debug, Clone)]
pub struct Login {
    /// The session cookie's value; shown once, stored hashed.
    pub session_token: String,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    pub actor: Actor,
}

/// A live browser session.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
}

/// An API token as its owner sees it (never the secret).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    /// The owner's label.
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(r: ApiTokenRow) -> Self {
        ApiToken {
            id: r.id,
            user_id: r.user_id,
            name: r.name,
            prefix: r.prefix,
            created_at: ts(r.created_at),
            last_used_at: r.last_used_at.map(ts),
            revoked_at: r.revoked_at.map(ts),
        }
    }
}

/// A new random secret: 32 bytes, URL-safe base64, with a prefix saying what it is.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A readable one-time password for people to type once.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let chars: String = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    format!("{}-{}-{}-{}", &chars[..5], &chars[5..10], &chars[10..15], &chars[15..])
}

fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes a password with argon2id (off the async threads: it is deliberately slow).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

async fn verify_password(password: &str, hash: Option<String>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    let salt = SaltString::generate(&mut OsRng);
                    argon2().hash_password(b"not a real password", &salt).map(|h| h.to_string()).unwrap_or_default()
                })
                .clone()
        });
        let ok =
            PasswordHash::new(&hash).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok());
        ok && known
    })
    .await
    .unwrap_or(false)
}

impl App {
    /// Logs in with e-mail and password, opening a new session (and closing
    /// `previous_session`, so a session id is never carried across a login).
    pub async fn login(&self, email: &str, password: &str, previous_session: Option<&str>) -> Result<Login, AppError> {
        let email = email.trim().to_lowercase();
        let key = format!("email:{email}");
        let now = self.now_micros();
        self.check_throttle(&key, now).await?;
        let user = self.store().user_by_email(&email).await?;
        let hash = user.as_ref().filter(|u| u.active).and_then(|u| u.password_hash.clone());
        let ok = verify_password(password, hash).await;
        let Some(user) = user.filter(|_| ok) else {
            self.record_failure(&key, now).await?;
            return Err(AppError::Unauthenticated);
        };
        self.store().clear_login_throttle(&key).await?;
        if let Some(old) = previous_session {
            self.store().delete_session(&secret_hash(old)).await?;
        }
        let actor = self.actor_for(&user).await?;
        let session_token = new_secret("");
        let csrf_token = new_secret("");
        let absolute = self.settings().session_absolute_hours * 3_600_000_000;
        self.store()
            .create_session(&SessionRow {
                token_hash: secret_hash(&session_token),
                user_id: user.id,
                csrf_token: csrf_token.clone(),
                created_at: now,
                last_seen_at: now,
                expires_at: now + absolute,
            })
            .await?;
        tracing::info!(user = user.id, "login");
        Ok(Login { session_token, csrf_token, actor })
    }

    async fn check_throttle(&self, key: &str, now: i64) -> Result<(), AppError> {
        let throttle = self.store().login_throttle(key).await?;
        if let Some(until) = throttle.and_then(|t| t.locked_until).filter(|u| *u > now) {
            return Err(AppError::TooManyAttempts { retry_after_secs: ((until - now) / 1_000_000).max(1) });
        }
        Ok(())
    }

    async fn record_failure(&self, key: &str, now: i64) -> Result<(), AppError> {
        let window = self.settings().login_lockout_minutes * 60_000_000;
        let previous = self.store().login_throttle(key).await?;
        let (failures, window_start) = match previous {
            Some(t) if t.window_start > now - window => (t.failures + 1, t.window_start),
            _ => (1, now),
        };
        let locked_until = (failures >= self.settings().login_max_failures).then_some(now + window);
        self.store()
            .save_login_throttle(&ThrottleRow { key: key.to_string(), failures, window_start, locked_until })
            .await?;
        Ok(())
    }

    /// The session a cookie names, if it is live; records the activity.
    pub async fn session(&self, token: &str) -> Result<Session, AppError> {
        let hash = secret_hash(token);
        let row = self.store().session(&hash).await?.ok_or(AppError::Unauthenticated)?;
        let now = self.now_micros();
        let idle = self.settings().session_idle_minutes * 60_000_000;
        if row.expires_at <= now || row.last_seen_at + idle <= now {
            self.store().delete_session(&hash).await?;
            return Err(AppError::Unauthenticated);
        }
        // Saving activity at most once a minute keeps reads from writing.
        if now - row.last_seen_at > 60_000_000 {
            self.store().touch_session(&hash, now).await?;
        }
        let user = self.store().user(row.user_id).await?;
        let actor = self.actor_for(&user).await?;
        Ok(Session { actor, csrf_token: row.csrf_token })
    }

    /// Ends a session.
    pub async fn logout(&self, token: &str) -> Result<(), AppError> {
        self.store().delete_session(&secret_hash(token)).await?;
        Ok(())
    }

    /// The actor a bearer token stands for.
    pub async fn authenticate_token(&self, token: &str) -> Result<Actor, AppError> {
        let row = self.store().api_token_user(&secret_hash(token)).await?.ok_or(AppError::Unauthenticated)?;
        if row.revoked_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        let actor = self.actor_for(&row.user).await?;
        // Record use at most once a minute: a write on every request would queue every API
        // call behind SQLite's one writer.
        let now = self.now_micros();
        if row.last_used_at.is_none_or(|at| now - at >= 60_000_000) {
            self.store().touch_api_token(row.token_id, now).await?;
        }
        Ok(actor)
    }

    /// Creates an API token for the actor; the secret is returned once.
    pub async fn create_token(&self, actor: &Actor, name: &str) -> Result<(ApiToken, String), AppError> {
        let name = validate::name("name", name)?;
        let secret = new_secret("hd_");
        let prefix: String = secret.chars().take(10).collect();
        let row =
            self.store().create_api_token(actor.id, &name, &secret_hash(&secret), &prefix, self.now_micros()).await?;
        Ok((row.into(), secret))
    }

    /// Creates an API token for the user with this e-mail (CLI).
    pub async fn create_token_for_email(&self, email: &str, name: &str) -> Result<(ApiToken, String), AppError> {
        let user = self.store().user_by_email(&validate::email(email)?).await?.ok_or(AppError::NotFound)?;
        let actor = self.actor_for(&user).await?;
        self.create_token(&actor, name).await
    }

    /// The actor's tokens; an administrator sees everyone's.
    pub async fn list_tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
        let owner = (actor.role != Role::Admin).then_some(actor.id);
        Ok(self.store().list_api_tokens(owner).await?.into_iter().map(ApiToken::from).collect())
    }

    /// Revokes one of the actor's tokens (an administrator: anyone's).
    pub async fn revoke_token(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let row = self.store().api_token(id).await?;
        if row.user_id != actor.id && actor.role != Role::Admin {
            return Err(AppError::NotFound);
        }
        self.store().revoke_api_token(id, self.now_micros()).await?;
        Ok(())
    }

    /// Changes the actor's own password after checking the current one.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<(), AppError> {
        let user = self.store().user(actor.id).await?;
        if !verify_password(current, user.password_hash).await {
            return Err(AppError::invalid("current_password", "is not your current password"));
        }
        self.set_password(actor.id, new, false).await
    }

    /// Sets a user's password (ends their sessions).
    pub async fn set_password(&self, user_id: i64, new: &str, must_change: bool) -> Result<(), AppError> {
        validate::password(new)?;
        let hash = hash_password(new).await?;
        self.store().set_password_hash(user_id, &hash, must_change, self.now_micros()).await?;
        Ok(())
    }

    /// Sets the password of the user with this e-mail (CLI).
    pub async fn set_password_by_email(&self, email: &str, new: &str) -> Result<(), AppError> {
        let user = self.store().user_by_email(&validate::email(email)?).await?.ok_or(AppError::NotFound)?;
        self.set_password(user.id, new, false).await
    }

    /// On a database with no administrator: creates the default organisation (if none)
    /// and an administrator with a one-time password, returned to be shown once.
    pub async fn bootstrap_admin(&self) -> Result<Option<(String, String)>, AppError> {
        if self.store().count_users_with_role("admin").await? > 0 {
            return Ok(None);
        }
        let org = self.default_organisation().await?;
        let email = "admin@helmdesk.local".to_string();
        let password = one_time_password();
        let hash = hash_password(&password).await?;
        if let Some(existing) = self.store().user_by_email(&email).await? {
            // Someone demoted the bootstrap admin: give the role back rather than fail.
            let mut user = existing;
            user.role = "admin".into();
            user.active = true;
            self.store().update_user(&user, self.now_micros()).await?;
            self.store().set_password_hash(user.id, &hash, true, self.now_micros()).await?;
        } else {
            let new = NewUser {
                email: email.clone(),
                name: "Administrator".into(),
                role: "admin".into(),
                organisation_id: org,
                department_id: None,
                password_hash: Some(hash),
                must_change_password: true,
            };
            self.store().create_user(&new, self.now_micros()).await?;
        }
        Ok(Some((email, password)))
    }

    /// The first organisation, created as "My organisation" when there is none.
    pub async fn default_organisation(&self) -> Result<i64, AppError> {
        if let Some(first) = self.store().list_organisations().await?.into_iter().min_by_key(|o| o.id) {
            return Ok(first.id);
        }
        let mut tx = self.store().begin().await?;
        let org = self.store().create_organisation(&mut tx, "My organisation", None, self.now_micros()).await?;
        tx.commit().await?;
        Ok(org.id)
    }

    /// Deletes expired sessions, old throttle records, idempotency keys and finished jobs.
    pub async fn housekeeping(&self) -> Result<(), AppError> {
        let now = self.now_micros();
        let idle = self.settings().session_idle_minutes * 60_000_000;
        let day = 86_400_000_000;
        let sessions = self.store().delete_expired_sessions(now, now - idle).await?;
        self.store().purge_login_throttle(now - day).await?;
        self.store().purge_idempotency_keys(now - day).await?;
        self.store().purge_finished_jobs(now - 7 * day).await?;
        self.store().refresh_statistics().await?;
        tracing::debug!(sessions, "housekeeping done");
        Ok(())
    }
}
