//! Forgotten passwords: a link by e-mail to choose a new one.
//!
//! - **Nobody learns who has an account.** Asking for a link answers the same, and does
//!   the same work while the person waits, whatever the address: the request is counted
//!   against the throttle and a `password.reset` job is queued ([`App::request_password_reset`]).
//!   The job, in the background, finds the account and sends the link, or does nothing.
//! - **Who gets a link**: an active person who signs in with a password (not someone
//!   known only from their mail, who never had one) at a deliverable address, while an
//!   outgoing mail server is configured.
//! - **The link** carries a random token of 256 bits from the thread's CSPRNG; only its
//!   SHA-256 is stored. It works for `password_reset_minutes` (30 by default) and once:
//!   it is marked used in the transaction that changes the password. A new link, and
//!   every change of the password, ends the person's links not used yet.
//! - **Choosing the password** follows the rules of every password
//!   ([`validate::password`]), ends every session of the person, and clears a demand to
//!   change a one-time password. Their API tokens are kept, as after changing one's own
//!   password (they are revoked on the account page).
//! - **Requests are throttled** the way sign-ins are (`Store::take_login_attempt`): per
//!   address asked for and per client address, a few at once, then each waits twice as
//!   long as the one before. A request that must wait is answered the same and sends
//!   nothing.

use std::net::IpAddr;

use helmdesk_domain::platform::templates::{self, PASSWORD_RESET};
use helmdesk_domain::{Role, validate};
use helmdesk_store::jobs::NewJob;
use helmdesk_store::platform::mail::NewOutbound;
use helmdesk_store::platform::password_reset::PasswordResetRow;
use helmdesk_store::platform::users::UserRow;

use crate::platform::auth::{REMEMBERED, address_key, new_secret, next_attempt_at};
use crate::platform::mail::outbound::{id_domain, send_job};
use crate::platform::mail::templates::TemplatePreview;
use crate::secrets::secret_hash;
use crate::{App, AppError};

/// The job that sends a link to the person with an address, if there is one who may get
/// it (payload `{"email": "..."}`).
pub const RESET_JOB: &str = "password.reset";

/// Requests for one address that go at once; then each waits twice as long as the one
/// before (1 s, 2 s, 4 s ...).
const ADDRESS_ASKED_FREE: i64 = 3;
/// Requests from one client address that go at once (an office behind one address asks
/// for several people).
const CLIENT_FREE: i64 = 20;
/// The longest wait between two requests, in microseconds: an hour.
const LONGEST_WAIT: i64 = 3_600_000_000;

/// The longest token a link can carry; anything longer is no link of ours.
const TOKEN_MAX: usize = 100;

/// Whether `token` could be one of ours (URL-safe base64 of a sane length): anything else
/// is no link, and costs no query.
fn plausible(token: &str) -> bool {
    (1..=TOKEN_MAX).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether someone may choose a new password by mail: active, signing in with a password,
/// at an address mail can go to.
fn may_reset(user: &UserRow) -> bool {
    user.active && user.password_hash.is_some() && helmdesk_mail::inbound::is_address(&user.email)
}

/// The payload of a [`RESET_JOB`].
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct ResetJob {
    pub(crate) email: String,
}

impl App {
    /// How long a link works, in minutes (`password_reset_minutes`, at least one).
    pub fn password_reset_minutes(&self) -> i64 {
        self.settings().password_reset_minutes.max(1)
    }

    /// Whether links to choose a new password can be sent: an outgoing mail server is
    /// configured (the pages say so to everyone; it tells nothing of anyone).
    pub async fn sends_password_resets(&self) -> Result<bool, AppError> {
        Ok(self.stored_mail_settings().await?.0.outgoing.is_some())
    }

    /// Someone at `client` asks for a link to choose a new password for `email`. The
    /// answer and the work done before it are the same whatever the address: an address
    /// that is not an address is refused; otherwise the request is counted and, unless it
    /// must wait (then it is dropped), the sending is queued for the background.
    pub async fn request_password_reset(&self, email: &str, client: Option<IpAddr>) -> Result<(), AppError> {
        let email = validate::email(email)?;
        let now = self.now_micros();
        let keys = [format!("reset:account:{email}"), format!("reset:address:{}", address_key(client))];
        let free = [ADDRESS_ASKED_FREE, CLIENT_FREE];
        let taken = self
            .store()
            .take_login_attempt(&[keys[0].as_str(), keys[1].as_str()], now, now - REMEMBERED, |i, attempts| {
                next_attempt_at(now, attempts, free[i], LONGEST_WAIT)
            })
            .await?;
        if taken.is_err() {
            tracing::info!("a password reset request came too soon after others; nothing is sent");
            return Ok(());
        }
        let payload = serde_json::to_value(ResetJob { email }).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store().enqueue_now(&[NewJob::now(RESET_JOB, payload, now)], now).await?;
        Ok(())
    }

    /// Sends a link to the person with this address, if there is one who may get it (the
    /// [`RESET_JOB`]): a new token, the person's earlier links ended, and the mail queued,
    /// in one transaction. Nothing is sent while no outgoing mail server is configured.
    pub async fn send_password_reset(&self, email: &str) -> Result<(), AppError> {
        let (settings, _) = self.stored_mail_settings().await?;
        if settings.outgoing.is_none() {
            tracing::warn!("a password reset was asked for, but no outgoing mail server is configured");
            return Ok(());
        }
        let Some(user) = self.store().user_by_email(email).await?.filter(may_reset) else { return Ok(()) };
        let role: Role = user.role.parse().map_err(AppError::stored)?;
        let language = self.preferences_of(user.id, role).await?.language;
        let token = new_secret("");
        let hash = secret_hash(&token);
        let url = format!("{}/password/reset/{token}", self.settings().public_url.trim_end_matches('/'));
        let template = self.template_for(PASSWORD_RESET, &language).await?;
        let mail = self.render_reset(&template, &user.name, &url);
        let now = self.now_micros();
        let outbound = NewOutbound {
            ticket_id: None,
            event: PASSWORD_RESET.into(),
            recipient: user.email.clone(),
            subject: mail.subject,
            // The token's hash names the message: a new link, a new message.
            message_id: format!("password-reset-{}@{}", &hash[..32], id_domain(&settings)),
            in_reply_to: None,
            refs: String::new(),
            body_text: mail.body_text,
            body_html: Some(mail.body_html),
        };
        let expires = now + self.password_reset_minutes() * 60_000_000;
        let mut tx = self.store().begin().await?;
        self.store().issue_password_reset(&mut tx, user.id, &hash, now, expires).await?;
        self.store().queue_outbound(&mut tx, &[outbound], |id| send_job(id, now), now).await?;
        tx.commit().await?;
        tracing::info!(user = user.id, "a link to choose a new password is queued");
        Ok(())
    }

    /// The reset mail's template filled in for `name` with the link `url`.
    fn render_reset(&self, t: &templates::Template, name: &str, url: &str) -> templates::Template {
        let minutes = self.password_reset_minutes().to_string();
        let value = |placeholder: &str| match placeholder {
            "recipient.name" => Some(name.to_string()),
            "reset.url" => Some(url.to_string()),
            "reset.minutes" => Some(minutes.clone()),
            _ => None,
        };
        templates::render(t, value, helmdesk_mail::escape_html)
    }

    /// The reset mail's template filled in with a sample person and link (the template
    /// editor's preview; the caller checked who may see it).
    pub(crate) fn preview_reset_template(&self, t: &templates::Template) -> TemplatePreview {
        let url = format!("{}/password/reset/sample", self.settings().public_url.trim_end_matches('/'));
        let r = self.render_reset(t, "Ann Example", &url);
        TemplatePreview { subject: r.subject, body_text: r.body_text, body_html: r.body_html }
    }

    /// The link a token names, while it works: unused, unexpired, its person still active.
    async fn open_reset(&self, token: &str) -> Result<Option<PasswordResetRow>, AppError> {
        if !plausible(token) {
            return Ok(None);
        }
        let Some(link) = self.store().password_reset(&secret_hash(token)).await? else { return Ok(None) };
        if link.used_at.is_some() || link.expires_at <= self.now_micros() {
            return Ok(None);
        }
        Ok(self.store().user(link.user_id).await?.active.then_some(link))
    }

    /// Whether a link still works (the page then shows the form for the new password).
    /// Looking does not use it up.
    pub async fn password_reset_works(&self, token: &str) -> Result<bool, AppError> {
        Ok(self.open_reset(token).await?.is_some())
    }

    /// Sets the password of the link's person to `new`, once: a link that no longer works
    /// (unknown, used, expired, its person disabled) is not found; a password the rules
    /// refuse is invalid and leaves the link working. Every session of the person ends.
    pub async fn reset_password(&self, token: &str, new: &str) -> Result<(), AppError> {
        if self.open_reset(token).await?.is_none() {
            return Err(AppError::NotFound);
        }
        validate::password(new)?;
        let hash = self.hasher.hash(new).await?;
        // Checked again as it is used: another request may have used it meanwhile.
        let user = self.store().reset_password(&secret_hash(token), &hash, self.now_micros()).await?;
        let user = user.ok_or(AppError::NotFound)?;
        tracing::info!(user, "password chosen through a reset link");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::plausible;

    #[test]
    fn only_url_safe_tokens_of_a_sane_length_are_looked_up() {
        assert!(plausible(&crate::platform::auth::new_secret("")));
        assert!(!plausible(""));
        assert!(!plausible(&"a".repeat(101)));
        assert!(!plausible("abc/../def") && !plausible("a b") && !plausible("ä") && !plausible("a%00"));
    }
}
