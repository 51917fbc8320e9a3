//! The administrator's mail settings (who may open tickets by mail, limits, the outgoing
//! server) and the IMAP mailboxes. Passwords are sealed ([`crate::secrets`]) and never
//! shown again: the API says only whether one is set.

use helmdesk_domain::platform::mail::RequesterPolicy;
use helmdesk_domain::validate;
use helmdesk_mail::Security;
use helmdesk_store::StoreError;
use helmdesk_store::platform::mail::{MailboxFields, MailboxRow};
use serde::{Deserialize, Serialize};

use crate::platform::access::Permission;
use crate::{Actor, App, AppError, ts};

/// The settings document's name in `app_settings`.
const SETTINGS_NAME: &str = "mail";

/// How mail comes in and goes out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// Who may open a ticket by mail: `allow` (anyone), `known_domains` (known people and
    /// the allowed domains), `reject` (known people only).
    pub requester_policy: RequesterPolicy,
    /// The domains whose unknown senders become requesters under `known_domains`.
    pub allowed_domains: Vec<String>,
    /// The organisation new requesters join; default: the top organisation.
    pub new_requester_organisation_id: Option<i64>,
    /// The largest message accepted, in MiB (1 to 100).
    #[schema(minimum = 1, maximum = 100)]
    pub max_message_mib: u32,
    /// Messages one sender may turn into tickets or replies per hour; more are ignored
    /// (0: no limit).
    pub flood_limit_per_hour: u32,
    /// The server notifications are sent through; none: no e-mail is sent.
    pub outgoing: Option<OutgoingServer>,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            requester_policy: RequesterPolicy::Allow,
            allowed_domains: Vec::new(),
            new_requester_organisation_id: None,
            max_message_mib: 25,
            flood_limit_per_hour: 30,
            outgoing: None,
        }
    }
}

/// An SMTP server to send through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutgoingServer {
    pub host: String,
    #[schema(minimum = 1, maximum = 65535)]
    pub port: u16,
    /// `tls` (465), `starttls` (587; must succeed) or `none` (a relay on this machine).
    #[schema(value_type = String)]
    pub security: Security,
    /// Empty: no authentication.
    #[serde(default)]
    pub username: String,
    /// Write-only: a new password. Left out, the stored one is kept.
    #[serde(default, skip_serializing)]
    pub password: Option<String>,
    /// Read-only: whether a password is stored.
    #[serde(default)]
    pub password_set: bool,
    /// The address notifications come from (and replies go to).
    pub from_address: String,
    #[serde(default)]
    pub from_name: String,
}

/// The settings as stored: the document and the sealed SMTP password.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredMailSettings {
    settings: MailSettings,
    smtp_password_secret: Option<String>,
}

/// An IMAP mailbox, as the API shows it (never its password).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Mailbox {
    pub id: i64,
    pub name: String,
    /// The support address this mailbox receives (mail from it is never processed).
    pub address: String,
    pub host: String,
    pub port: i64,
    /// `tls` or `starttls`.
    pub security: String,
    pub username: String,
    pub folder: String,
    pub poll_secs: i64,
    pub active: bool,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_polled_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the last poll failed, if it did.
    pub last_error: Option<String>,
}

impl From<MailboxRow> for Mailbox {
    fn from(m: MailboxRow) -> Self {
        Mailbox {
            id: m.id,
            name: m.name,
            address: m.address,
            host: m.host,
            port: m.port,
            security: m.security,
            username: m.username,
            folder: m.folder,
            poll_secs: m.poll_secs,
            active: m.active,
            last_polled_at: m.last_polled_at.map(ts),
            last_error: m.last_error,
        }
    }
}

/// A mailbox as the administrator writes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailboxInput {
    pub name: String,
    pub address: String,
    pub host: String,
    /// Default 993 with `tls`, 143 with `starttls`.
    #[serde(default)]
    pub port: Option<u16>,
    /// `tls` (default) or `starttls`.
    #[serde(default)]
    pub security: Option<String>,
    pub username: String,
    /// Required for a new mailbox; left out on a change, the stored one is kept.
    #[serde(default)]
    pub password: Option<String>,
    /// Default `INBOX`.
    #[serde(default)]
    pub folder: Option<String>,
    /// Seconds between polls, 15 to 86,400; default 60.
    #[serde(default)]
    pub poll_secs: Option<i64>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn host(field: &str, value: &str) -> Result<String, AppError> {
    let host = validate::text(field, value, 253, false)?;
    if host.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') {
        return Err(AppError::invalid(field, "must be a host name or an IP address"));
    }
    Ok(host)
}

/// One line of text that may be empty.
fn optional_text(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    if value.trim().is_empty() { Ok(String::new()) } else { Ok(validate::text(field, value, max, false)?) }
}

fn address(field: &str, value: &str) -> Result<String, AppError> {
    let a = value.trim().to_lowercase();
    if helmdesk_mail::inbound::is_address(&a) { Ok(a) } else { Err(AppError::invalid(field, "must be a mail address")) }
}

impl App {
    /// The mail settings in force (defaults until an administrator saves some).
    pub(crate) async fn stored_mail_settings(&self) -> Result<(MailSettings, Option<String>), AppError> {
        let stored: StoredMailSettings = match self.store().app_setting(SETTINGS_NAME).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| AppError::Internal(format!("mail settings: {e}")))?,
            None => StoredMailSettings::default(),
        };
        let mut settings = stored.settings;
        if let Some(out) = &mut settings.outgoing {
            out.password = None;
            out.password_set = stored.smtp_password_secret.is_some();
        }
        Ok((settings, stored.smtp_password_secret))
    }

    /// The mail settings, for an administrator.
    pub async fn mail_settings(&self, actor: &Actor) -> Result<MailSettings, AppError> {
        actor.require(Permission::Administer)?;
        Ok(self.stored_mail_settings().await?.0)
    }

    /// Replaces the mail settings. The SMTP password is kept unless a new one is given
    /// (an empty one removes it).
    pub async fn set_mail_settings(&self, actor: &Actor, mut input: MailSettings) -> Result<MailSettings, AppError> {
        actor.require(Permission::Administer)?;
        if !(1..=100).contains(&input.max_message_mib) {
            return Err(AppError::invalid("max_message_mib", "must be between 1 and 100"));
        }
        let mut domains = Vec::new();
        for d in &input.allowed_domains {
            let d = d.trim().trim_start_matches('@').to_lowercase();
            if d.is_empty() || !d.contains('.') || d.chars().any(|c| c.is_whitespace() || c == '@' || c.is_control()) {
                return Err(AppError::invalid("allowed_domains", format!("{d:?} is not a domain")));
            }
            domains.push(d);
        }
        input.allowed_domains = domains;
        if let Some(org) = input.new_requester_organisation_id
            && !self.organisation_tree().await?.iter().any(|o| o.id == org)
        {
            return Err(AppError::invalid("new_requester_organisation_id", "no such organisation"));
        }
        let (_, mut secret) = self.stored_mail_settings().await?;
        match &mut input.outgoing {
            Some(out) => {
                out.host = host("outgoing.host", &out.host)?;
                if out.port == 0 {
                    return Err(AppError::invalid("outgoing.port", "must be between 1 and 65535"));
                }
                out.username = optional_text("outgoing.username", &out.username, 320)?;
                out.from_address = address("outgoing.from_address", &out.from_address)?;
                out.from_name = optional_text("outgoing.from_name", &out.from_name, 200)?;
                match out.password.take() {
                    Some(p) if p.is_empty() => secret = None,
                    Some(p) => secret = Some(self.secret_key().seal(&p)),
                    None => {}
                }
                out.password_set = false;
            }
            None => secret = None,
        }
        let stored = StoredMailSettings { settings: input, smtp_password_secret: secret };
        let json = serde_json::to_string(&stored).map_err(|e| AppError::Internal(e.to_string()))?;
        self.store().put_app_setting(SETTINGS_NAME, &json, self.now_micros()).await?;
        Ok(self.stored_mail_settings().await?.0)
    }

    /// Every mailbox.
    pub async fn mailboxes(&self, actor: &Actor) -> Result<Vec<Mailbox>, AppError> {
        actor.require(Permission::Administer)?;
        Ok(self.store().mailboxes().await?.into_iter().map(Mailbox::from).collect())
    }

    /// Adds a mailbox, polled at once.
    pub async fn create_mailbox(&self, actor: &Actor, input: MailboxInput) -> Result<Mailbox, AppError> {
        actor.require(Permission::Administer)?;
        let password = input.password.clone().filter(|p| !p.is_empty());
        let password = password.ok_or_else(|| AppError::invalid("password", "is required"))?;
        let fields = self.mailbox_fields(input, self.secret_key().seal(&password))?;
        match self.store().create_mailbox(&fields, self.now_micros()).await {
            Err(StoreError::Conflict(_)) => Err(AppError::invalid("name", "another mailbox has this name")),
            other => Ok(other?.into()),
        }
    }

    /// Changes a mailbox; polled at once.
    pub async fn update_mailbox(&self, actor: &Actor, id: i64, input: MailboxInput) -> Result<Mailbox, AppError> {
        actor.require(Permission::Administer)?;
        let current = self.store().mailbox(id).await?;
        let secret = match input.password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => self.secret_key().seal(p),
            None => current.password_secret,
        };
        let fields = self.mailbox_fields(input, secret)?;
        match self.store().update_mailbox(id, &fields, self.now_micros()).await {
            Err(StoreError::Conflict(_)) => Err(AppError::invalid("name", "another mailbox has this name")),
            other => Ok(other?.into()),
        }
    }

    /// Removes a mailbox; the messages it brought stay on record.
    pub async fn delete_mailbox(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        actor.require(Permission::Administer)?;
        Ok(self.store().delete_mailbox(id).await?)
    }

    fn mailbox_fields(&self, input: MailboxInput, password_secret: String) -> Result<MailboxFields, AppError> {
        let security = input.security.as_deref().unwrap_or("tls");
        let default_port = match security {
            "tls" => 993,
            "starttls" => 143,
            _ => return Err(AppError::invalid("security", "must be tls or starttls")),
        };
        let poll_secs = input.poll_secs.unwrap_or(60);
        if !(15..=86_400).contains(&poll_secs) {
            return Err(AppError::invalid("poll_secs", "must be between 15 and 86400"));
        }
        let port = input.port.unwrap_or(default_port);
        if port == 0 {
            return Err(AppError::invalid("port", "must be between 1 and 65535"));
        }
        Ok(MailboxFields {
            name: validate::text("name", &input.name, 100, false)?,
            address: address("address", &input.address)?,
            host: host("host", &input.host)?,
            port: i64::from(port),
            security: security.into(),
            username: validate::text("username", &input.username, 320, false)?,
            password_secret,
            folder: validate::text("folder", input.folder.as_deref().unwrap_or("INBOX"), 200, false)?,
            poll_secs,
            active: input.active,
        })
    }
}
