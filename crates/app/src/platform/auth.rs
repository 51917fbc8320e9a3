//! Passwords, sessions, API tokens, login throttling and the first administrator.
//!
//! Secrets (session tokens, API tokens) are random, shown once, and stored only as their
//! SHA-256. Passwords are hashed with argon2id. A login for an unknown e-mail verifies a
//! dummy hash, so it takes as long and answers the same as a wrong password.
//!
//! Logins hold under load:
//! - **Throttling is decided before the password is checked**, in one transaction that
//!   counts the attempt and refuses it if it must wait ([`Store::take_login_attempt`]),
//!   per account from one address, per address, and per account from all addresses. A
//!   key makes a few attempts freely, then each must wait twice as long as the one before
//!   (1 s, 2 s, 4 s ... up to `login_lockout_minutes`); a key is forgotten after a day
//!   without attempts. Nobody can lock someone else out:
//!   an attacker's address waits, the owner's does not, and the account-wide key only
//!   slows a guessing spread over many addresses. A success forgets the account's
//!   failures and takes its own attempt off the address's count.
//! - **Password hashing is bounded** ([`Hasher`]): at most a few checks run at once, each
//!   in a memory block kept for the next one (argon2 needs 19 MiB a check); a check that
//!   cannot start within a few seconds is refused (429). Memory stays bounded whatever
//!   arrives.
//!
//! [`Store::take_login_attempt`]: helmdesk_store::Store::take_login_attempt

use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use chrono::{DateTime, Utc};
use helmdesk_domain::{Role, validate};
use helmdesk_store::platform::auth::{ApiTokenRow, SessionRow};
use helmdesk_store::platform::users::NewUser;
use rand::RngCore;
use tokio::sync::Semaphore;

use crate::secrets::secret_hash;
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

/// Hashes a password with argon2id, off the async threads (it is deliberately slow). The
/// server hashes through its [`Hasher`]; this is for the command line, imports and tests.
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_with(password.as_bytes(), &mut Vec::new()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A new argon2id hash of `password`, its work done in `memory`.
fn hash_with(password: &[u8], memory: &mut Vec<Block>) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let fail = |e: argon2::password_hash::Error| AppError::Internal(format!("hashing failed: {e}"));
    let argon = argon2();
    let params = argon.params().clone();
    let output =
        compute(&argon, &params, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN, memory).map_err(fail)?;
    let hash = PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(&params).map_err(fail)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Whether `password` is the one `hash` was made of, the work done in `memory`.
fn verify_with(password: &[u8], hash: &str, memory: &mut Vec<Block>) -> bool {
    matches(password, hash, memory).unwrap_or(false)
}

fn matches(password: &[u8], hash: &str, memory: &mut Vec<Block>) -> Result<bool, argon2::password_hash::Error> {
    let parsed = PasswordHash::new(hash)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
    let params = Params::try_from(&parsed)?;
    let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let argon = Argon2::new(Algorithm::try_from(parsed.algorithm)?, version, params.clone());
    // `Output` compares in constant time.
    Ok(compute(&argon, &params, password, salt, expected.len(), memory)? == expected)
}

/// Argon2's output for `password` and `salt`, in `memory` grown to what the parameters
/// need (and kept at that size for the next call).
fn compute(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: argon2::password_hash::Salt<'_>,
    length: usize,
    memory: &mut Vec<Block>,
) -> Result<Output, argon2::password_hash::Error> {
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    Output::init_with(length, |out| Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory[..])?))
}

/// How long login attempts are remembered after the last one, in microseconds: a day.
pub(crate) const REMEMBERED: i64 = 86_400_000_000;

/// How long a password check may wait for its turn before it is refused.
const HASH_WAIT: Duration = Duration::from_secs(5);

/// Password hashing with bounded memory: at most `slots` hashes at once, each in a memory
/// block kept for the next one, so the process never holds more than `slots` blocks
/// (19 MiB each with argon2's defaults), whatever arrives.
pub struct Hasher {
    slots: Semaphore,
    blocks: Mutex<Vec<Vec<Block>>>,
}

impl Hasher {
    /// A hasher running at most `slots` hashes at once (at least one).
    pub fn new(slots: usize) -> Hasher {
        Hasher { slots: Semaphore::new(slots.max(1)), blocks: Mutex::new(Vec::new()) }
    }

    /// Runs `work` on a blocking thread with a memory block, once a slot is free; a
    /// request that waits longer than [`HASH_WAIT`] is refused (429).
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = AppError::TooManyAttempts { retry_after_secs: 1 };
        let waited = tokio::time::timeout(HASH_WAIT, self.slots.acquire()).await.map_err(|_| busy)?;
        let _slot = waited.map_err(|e| AppError::Internal(format!("password hashing stopped: {e}")))?;
        let mut block = self.blocks.lock().ok().and_then(|mut b| b.pop()).unwrap_or_default();
        let (result, block) = tokio::task::spawn_blocking(move || {
            let result = work(&mut block);
            (result, block)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        if let Ok(mut blocks) = self.blocks.lock() {
            blocks.push(block);
        }
        Ok(result)
    }

    /// A new argon2id hash of `password`.
    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let password = password.to_string();
        self.run(move |memory| hash_with(password.as_bytes(), memory)).await?
    }

    /// Whether `password` matches `hash`; without a hash (an unknown or inactive account) a
    /// dummy hash is checked, so the answer takes as long and is `false`.
    pub async fn verify(&self, password: &str, hash: Option<String>) -> Result<bool, AppError> {
        static DUMMY: OnceLock<String> = OnceLock::new();
        let password = password.to_string();
        self.run(move |memory| {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| {
                DUMMY.get_or_init(|| hash_with(b"not a real password", &mut Vec::new()).unwrap_or_default()).clone()
            });
            verify_with(password.as_bytes(), &hash, memory) && known
        })
        .await
    }
}

/// The throttle keys of a login: the account from this address, the address, the account
/// from every address.
fn throttle_keys(email: &str, client: Option<IpAddr>) -> [String; 3] {
    let address = address_key(client);
    [format!("account:{email}|address:{address}"), format!("address:{address}"), format!("account:{email}")]
}

/// A client address as the throttle counts it: an IPv6 address by its /64, which one
/// client holds whole.
pub(crate) fn address_key(client: Option<IpAddr>) -> String {
    match client {
        Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
        Some(ip) => ip.to_string(),
        None => "unknown".to_string(),
    }
}

/// When a key that has counted `attempts` (this one included) may try again: the first
/// `free` attempts at once, then after 1 s, 2 s, 4 s ... at most `longest` microseconds.
pub(crate) fn next_attempt_at(now: i64, attempts: i64, free: i64, longest: i64) -> Option<i64> {
    if attempts < free {
        return None;
    }
    let doublings = u32::try_from(attempts - free).unwrap_or(u32::MAX).min(40);
    Some(now + 1_000_000i64.saturating_mul(1i64 << doublings).min(longest))
}

impl App {
    /// Logs in with e-mail and password from `client`'s address, opening a new session
    /// (and closing `previous_session`, so a session id is never carried across a login).
    /// The attempt is counted, and refused if it must wait, before the password is checked.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
        previous_session: Option<&str>,
    ) -> Result<Login, AppError> {
        let email = email.trim().to_lowercase();
        let keys = throttle_keys(&email, client);
        let now = self.now_micros();
        let free = self.settings().login_max_failures.max(1);
        let frees = [free, free * 4, free * 10];
        let longest = self.settings().login_lockout_minutes.max(1) * 60_000_000;
        let key_refs = [keys[0].as_str(), keys[1].as_str(), keys[2].as_str()];
        let taken = self
            .store()
            .take_login_attempt(&key_refs, now, now - REMEMBERED, |i, attempts| {
                next_attempt_at(now, attempts, frees[i], longest)
            })
            .await?;
        if let Err(until) = taken {
            return Err(AppError::TooManyAttempts { retry_after_secs: ((until - now) / 1_000_000).max(1) });
        }
        let user = self.store().user_by_email(&email).await?;
        let hash = user.as_ref().filter(|u| u.active).and_then(|u| u.password_hash.clone());
        let ok = self.hasher.verify(password, hash).await?;
        let Some(user) = user.filter(|_| ok) else {
            return Err(AppError::Unauthenticated);
        };
        self.store().login_succeeded(&[key_refs[0], key_refs[2]], key_refs[1], frees[1]).await?;
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

    /// The session a cookie names, if it is live; records the activity.
    pub async fn session(&self, token: &str) -> Result<Session, AppError> {
        self.live_session(token, true).await
    }

    /// The session a cookie names, if it is still live, without counting this as activity:
    /// a page left open and listening for live updates must not keep its session from
    /// ending when its person is idle.
    pub async fn session_in_force(&self, token: &str) -> Result<Session, AppError> {
        self.live_session(token, false).await
    }

    async fn live_session(&self, token: &str, activity: bool) -> Result<Session, AppError> {
        let hash = secret_hash(token);
        let row = self.store().session(&hash).await?.ok_or(AppError::Unauthenticated)?;
        let now = self.now_micros();
        let idle = self.settings().session_idle_minutes * 60_000_000;
        if row.expires_at <= now || row.last_seen_at + idle <= now {
            self.store().delete_session(&hash).await?;
            return Err(AppError::Unauthenticated);
        }
        // Saving activity at most once a minute keeps reads from writing.
        if activity && now - row.last_seen_at > 60_000_000 {
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
        if actor.must_change_password {
            return Err(AppError::forbidden(
                "this account must change its password first (sign in to the web UI); its API tokens work again after",
            ));
        }
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
        if !self.hasher.verify(current, user.password_hash).await? {
            return Err(AppError::invalid("current_password", "is not your current password"));
        }
        self.save_password(actor.id, new, false, false).await
    }

    /// Resets a user's password (an administrator, from the command line): as after a
    /// compromise, their sessions end and their API tokens are revoked.
    pub async fn set_password(&self, user_id: i64, new: &str, must_change: bool) -> Result<(), AppError> {
        self.save_password(user_id, new, must_change, true).await
    }

    /// Saves a new password; every session of the person ends, and with `revoke_tokens`
    /// their API tokens are revoked too.
    async fn save_password(
        &self,
        user_id: i64,
        new: &str,
        must_change: bool,
        revoke_tokens: bool,
    ) -> Result<(), AppError> {
        validate::password(new)?;
        let hash = self.hasher.hash(new).await?;
        self.store().set_password_hash(user_id, &hash, must_change, revoke_tokens, self.now_micros()).await?;
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
        let hash = self.hasher.hash(&password).await?;
        if let Some(existing) = self.store().user_by_email(&email).await? {
            // Someone demoted the bootstrap admin: give the role back rather than fail.
            let mut user = existing;
            user.role = "admin".into();
            user.active = true;
            self.store().update_user(&user, self.now_micros()).await?;
            self.store().set_password_hash(user.id, &hash, true, true, self.now_micros()).await?;
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

    /// Deletes expired sessions, old throttle records, expired links to choose a new
    /// password, who left a record without saying so, idempotency keys and finished jobs.
    pub async fn housekeeping(&self) -> Result<(), AppError> {
        let now = self.now_micros();
        let idle = self.settings().session_idle_minutes * 60_000_000;
        let day = 86_400_000_000;
        let sessions = self.store().delete_expired_sessions(now, now - idle).await?;
        self.store().purge_login_throttle(now - day).await?;
        self.store().purge_password_resets(now - day).await?;
        self.store().purge_presence(now - crate::platform::presence::PRESENCE_TTL.as_micros() as i64).await?;
        self.store().purge_idempotency_keys(now - day).await?;
        self.store().purge_finished_jobs(now - 7 * day).await?;
        self.store().refresh_statistics().await?;
        tracing::debug!(sessions, "housekeeping done");
        Ok(())
    }
}
