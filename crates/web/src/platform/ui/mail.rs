//! The mail page (administrators): what came in and what became of it, with failed mail
//! retried from here; the mailboxes polled; who may open tickets by mail and the limits;
//! the outgoing server; and the messages sent.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::platform::mail::Security;
use helmdesk_app::platform::mail::inbound::InboundMail;
use helmdesk_app::platform::mail::outbound::OutboundMail;
use helmdesk_app::platform::mail::{MailSettings, Mailbox, MailboxInput, OutgoingServer};
use helmdesk_domain::platform::mail::RequesterPolicy;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::Outcome;
use crate::ui::{Choice, Nav, NoFields, UiError, choices, choices_or, render};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/mail", page)
        .requires(Permission::Administer)
        .post("/admin/mail/settings", save_settings)
        .requires(Permission::Administer)
        .post("/admin/mail/mailboxes", create_mailbox)
        .requires(Permission::Administer)
        .get("/admin/mail/mailboxes/{id}", mailbox_page)
        .requires(Permission::Administer)
        .post("/admin/mail/mailboxes/{id}", update_mailbox)
        .requires(Permission::Administer)
        .post("/admin/mail/mailboxes/{id}/delete", delete_mailbox)
        .requires(Permission::Administer)
        .post("/admin/mail/inbound/{id}/retry", retry)
        .requires(Permission::Administer)
        .get("/admin/mail/inbound/{id}/raw", raw)
        .requires(Permission::Administer)
}

/// The statuses of received mail, in the order the page shows them (each named by its
/// message `mail-status-…`).
const STATUSES: [&str; 5] = ["failed", "rejected", "ignored", "received", "processed"];

/// The requester policies, in the order the page offers them (`mail-policy-…`).
const POLICIES: [&str; 3] = ["allow", "known_domains", "reject"];

/// One tab of the received-mail list, with its count and its share of all mail (the bar).
struct StatusTab {
    status: &'static str,
    label: String,
    count: i64,
    /// Where its part of the bar starts and how long it is, in percent of all mail.
    offset: f64,
    percent: f64,
    current: bool,
}

#[derive(Template)]
#[template(path = "platform/admin_mail.html")]
struct MailPage {
    nav: Option<Nav>,
    tabs: Vec<StatusTab>,
    status: String,
    inbound: Vec<InboundMail>,
    mailboxes: Vec<Mailbox>,
    outbound: Vec<OutboundMail>,
    settings: SettingsForm,
    policies: Vec<Choice>,
    organisations: Vec<Choice>,
    securities: Vec<Choice>,
    securities_mb: Vec<Choice>,
    mailbox: MailboxForm,
    outcome: Outcome,
}

#[derive(Template)]
#[template(path = "platform/admin_mailbox.html")]
struct MailboxPage {
    nav: Option<Nav>,
    mailbox: Mailbox,
    form: MailboxForm,
    securities_mb: Vec<Choice>,
    outcome: Outcome,
}

/// The settings form, as the page shows and posts it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct SettingsForm {
    requester_policy: String,
    allowed_domains: String,
    new_requester_organisation_id: String,
    max_message_mib: String,
    flood_limit_per_hour: String,
    send: Option<String>,
    host: String,
    port: String,
    security: String,
    username: String,
    password: String,
    from_address: String,
    from_name: String,
    #[serde(skip)]
    password_set: bool,
}

impl SettingsForm {
    fn of(s: &MailSettings) -> SettingsForm {
        let out = s.outgoing.clone();
        SettingsForm {
            requester_policy: s.requester_policy.as_str().into(),
            allowed_domains: s.allowed_domains.join(", "),
            new_requester_organisation_id: s.new_requester_organisation_id.map(|o| o.to_string()).unwrap_or_default(),
            max_message_mib: s.max_message_mib.to_string(),
            flood_limit_per_hour: s.flood_limit_per_hour.to_string(),
            send: out.as_ref().map(|_| "on".into()),
            host: out.as_ref().map(|o| o.host.clone()).unwrap_or_default(),
            port: out.as_ref().map(|o| o.port.to_string()).unwrap_or_else(|| "587".into()),
            security: out.as_ref().map(|o| o.security.as_str()).unwrap_or("starttls").into(),
            username: out.as_ref().map(|o| o.username.clone()).unwrap_or_default(),
            password: String::new(),
            from_address: out.as_ref().map(|o| o.from_address.clone()).unwrap_or_default(),
            from_name: out.as_ref().map(|o| o.from_name.clone()).unwrap_or_default(),
            password_set: out.is_some_and(|o| o.password_set),
        }
    }

    /// The settings this form asks for; a number that is not one is refused.
    fn settings(&self) -> Result<MailSettings, AppError> {
        let number = |field: &str, v: &str| {
            v.trim().parse::<u32>().map_err(|_| AppError::invalid(field, "must be a whole number"))
        };
        let outgoing = match self.send {
            Some(_) => Some(OutgoingServer {
                host: self.host.clone(),
                port: self.port.trim().parse().map_err(|_| AppError::invalid("port", "must be between 1 and 65535"))?,
                security: Security::parse(&self.security).ok_or_else(|| AppError::invalid("security", "choose one"))?,
                username: self.username.clone(),
                password: (!self.password.is_empty()).then(|| self.password.clone()),
                password_set: false,
                from_address: self.from_address.clone(),
                from_name: self.from_name.clone(),
            }),
            None => None,
        };
        Ok(MailSettings {
            requester_policy: match self.requester_policy.as_str() {
                "known_domains" => RequesterPolicy::KnownDomains,
                "reject" => RequesterPolicy::Reject,
                _ => RequesterPolicy::Allow,
            },
            allowed_domains: self
                .allowed_domains
                .split([',', ' ', '\n'])
                .filter(|d| !d.trim().is_empty())
                .map(String::from)
                .collect(),
            new_requester_organisation_id: self.new_requester_organisation_id.trim().parse().ok(),
            max_message_mib: number("max_message_mib", &self.max_message_mib)?,
            flood_limit_per_hour: number("flood_limit_per_hour", &self.flood_limit_per_hour)?,
            outgoing,
        })
    }
}

/// The mailbox form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct MailboxForm {
    name: String,
    address: String,
    host: String,
    port: String,
    security: String,
    username: String,
    password: String,
    folder: String,
    poll_secs: String,
    active: Option<String>,
}

impl MailboxForm {
    fn blank() -> MailboxForm {
        MailboxForm {
            port: "993".into(),
            security: "tls".into(),
            folder: "INBOX".into(),
            poll_secs: "60".into(),
            active: Some("on".into()),
            ..Default::default()
        }
    }

    fn of(m: &Mailbox) -> MailboxForm {
        MailboxForm {
            name: m.name.clone(),
            address: m.address.clone(),
            host: m.host.clone(),
            port: m.port.to_string(),
            security: m.security.clone(),
            username: m.username.clone(),
            password: String::new(),
            folder: m.folder.clone(),
            poll_secs: m.poll_secs.to_string(),
            active: m.active.then(|| "on".into()),
        }
    }

    fn input(&self) -> Result<MailboxInput, AppError> {
        Ok(MailboxInput {
            name: self.name.clone(),
            address: self.address.clone(),
            host: self.host.clone(),
            port: Some(self.port.trim().parse().map_err(|_| AppError::invalid("port", "must be between 1 and 65535"))?),
            security: Some(self.security.clone()),
            username: self.username.clone(),
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            folder: Some(self.folder.clone()),
            poll_secs: Some(
                self.poll_secs.trim().parse().map_err(|_| AppError::invalid("poll_secs", "must be a whole number"))?,
            ),
            active: self.active.is_some(),
        })
    }
}

fn security_choices(tr: &Tr, current: &str, with_none: bool) -> Vec<Choice> {
    let mut options = vec!["tls", "starttls"];
    if with_none {
        options.push("none");
    }
    choices(options.into_iter().map(|o| (o, tr.of("mail-security", o))), current)
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    status: Option<String>,
}

async fn mail_view(
    s: &AppState,
    user: &UiUser,
    status: Option<String>,
    settings_form: Option<SettingsForm>,
    mailbox_form: Option<MailboxForm>,
    outcome: Outcome,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let counts = s.app.inbound_counts(actor).await?;
    let count = |st: &str| counts.iter().find(|(s, _)| s == st).map(|(_, n)| *n).unwrap_or(0);
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    let status = status.filter(|st| STATUSES.contains(&st.as_str())).unwrap_or_else(|| {
        let first_with_mail = STATUSES.iter().find(|s| count(s) > 0).copied();
        first_with_mail.unwrap_or("failed").to_string()
    });
    let mut offset = 0.0;
    let tabs = STATUSES
        .iter()
        .map(|st| {
            let percent = if total > 0 { count(st) as f64 * 100.0 / total as f64 } else { 0.0 };
            offset += percent;
            let label = tr.of("mail-status", st);
            StatusTab { status: st, label, count: count(st), offset: offset - percent, percent, current: *st == status }
        })
        .collect();
    let settings = s.app.mail_settings(actor).await?;
    let form = settings_form.unwrap_or_else(|| SettingsForm::of(&settings));
    let organisations = s.app.list_organisations(actor).await?;
    let mailbox = mailbox_form.unwrap_or_else(MailboxForm::blank);
    let page = MailPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        tabs,
        inbound: s.app.inbound_mail(actor, Some(&status), None, 50).await?,
        status,
        mailboxes: s.app.mailboxes(actor).await?,
        outbound: s.app.outbound_mail(actor, None).await?.into_iter().take(50).collect(),
        policies: choices(POLICIES.map(|p| (p, tr.of("mail-policy", p))), &form.requester_policy),
        organisations: choices_or(
            &tr.t("mail-top-organisation"),
            organisations.iter().map(|o| (o.id, o.name.clone())),
            &form.new_requester_organisation_id,
        ),
        securities: security_choices(&tr, &form.security, true),
        settings: form,
        securities_mb: security_choices(&tr, &mailbox.security, false),
        mailbox,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn page(State(s): State<AppState>, user: UiUser, Query(q): Query<ListQuery>) -> Result<Response, UiError> {
    mail_view(&s, &user, q.status, None, None, Outcome::default()).await
}

async fn save_settings(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<SettingsForm>,
) -> Result<Response, UiError> {
    let result = match form.settings() {
        Ok(settings) => s.app.set_mail_settings(&user.actor, settings).await,
        Err(e) => Err(e),
    };
    let failed = result.is_err();
    let outcome = Outcome::of(result, |_| user.tr().t("mail-settings-saved"))?;
    let kept = failed.then(|| SettingsForm { password: String::new(), ..form });
    mail_view(&s, &user, None, kept, None, outcome).await
}

async fn create_mailbox(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<MailboxForm>,
) -> Result<Response, UiError> {
    let result = match form.input() {
        Ok(input) => s.app.create_mailbox(&user.actor, input).await,
        Err(e) => Err(e),
    };
    let failed = result.is_err();
    let outcome = Outcome::of(result, |m| user.tr().t1("mail-mailbox-added", "name", m.name))?;
    let kept = failed.then(|| MailboxForm { password: String::new(), ..form });
    mail_view(&s, &user, None, None, kept, outcome).await
}

async fn mailbox_view(
    s: &AppState,
    user: &UiUser,
    id: i64,
    form: Option<MailboxForm>,
    outcome: Outcome,
) -> Result<Response, UiError> {
    let mailbox = s.app.mailboxes(&user.actor).await?.into_iter().find(|m| m.id == id).ok_or(AppError::NotFound)?;
    let form = form.unwrap_or_else(|| MailboxForm::of(&mailbox));
    let page = MailboxPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        securities_mb: security_choices(&user.tr(), &form.security, false),
        mailbox,
        form,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn mailbox_page(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    mailbox_view(&s, &user, id, None, Outcome::default()).await
}

async fn update_mailbox(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<MailboxForm>,
) -> Result<Response, UiError> {
    let result = match form.input() {
        Ok(input) => s.app.update_mailbox(&user.actor, id, input).await,
        Err(e) => Err(e),
    };
    let failed = result.is_err();
    let outcome = Outcome::of(result, |m| user.tr().t1("mail-mailbox-saved", "name", m.name))?;
    mailbox_view(&s, &user, id, failed.then_some(form), outcome).await
}

async fn delete_mailbox(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    s.app.delete_mailbox(&user.actor, id).await?;
    Ok(user.confirm("/admin/mail", user.tr().t("mail-mailbox-deleted")))
}

async fn retry(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let result = s.app.retry_inbound(&user.actor, id).await;
    let outcome = match result {
        Ok(m) => Outcome { error: None, notice: Some(user.tr().t1("mail-retried", "id", m.id)) },
        Err(AppError::Conflict(why)) => Outcome { error: Some(why), notice: None },
        Err(e) => return Err(e.into()),
    };
    mail_view(&s, &user, None, None, None, outcome).await
}

async fn raw(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let bytes = s.app.inbound_raw(&user.actor, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "message/rfc822".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"message-{id}.eml\"")),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::{POLICIES, STATUSES};
    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_status_policy_and_security_is_named() {
        let named = STATUSES
            .iter()
            .map(|s| id_of("mail-status", s))
            .chain(POLICIES.iter().map(|p| id_of("mail-policy", p)))
            .chain(["tls", "starttls", "none"].iter().map(|s| id_of("mail-security", s)));
        for id in named {
            assert!(exists(&id), "{id}");
        }
    }
}
