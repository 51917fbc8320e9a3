//! Notification e-mail templates (administrators edit them per event and language; the
//! service desk previews them on a real ticket, the account's mail with a sample person)
//! and people's notification settings (which events they get by e-mail, in which
//! language).

use helmdesk_domain::platform::templates::{self, DEFAULT_LANGUAGE, EVENTS, Template, template_events};
use helmdesk_domain::{Role, validate};
use helmdesk_store::StoreError;
use helmdesk_store::platform::notifications::{PreferenceRow, TemplateRow};
use serde::{Deserialize, Serialize};

use crate::platform::access::Permission;
use crate::{Actor, App, AppError};

/// A template, as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationTemplate {
    #[schema(value_type = templates::TemplateEvent)]
    pub event: String,
    /// What the event is, for people.
    pub description: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// True while no administrator has written this one (the built-in text is shown).
    pub built_in: bool,
}

/// A template as an administrator writes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    #[schema(value_type = templates::TemplateSubject)]
    pub subject: String,
    #[schema(value_type = helmdesk_domain::validate::Body)]
    pub body_text: String,
    #[schema(value_type = helmdesk_domain::validate::Body)]
    pub body_html: String,
}

/// A template filled in for a ticket.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplatePreview {
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Someone's notification settings.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferences {
    /// The language of their e-mail (`en`, `de`, `pt-BR`...); templates fall back to English.
    #[schema(value_type = templates::Language)]
    pub language: String,
    /// The events they get by e-mail (in-app notifications are always kept).
    #[schema(value_type = Vec<templates::EmailEvent>)]
    pub email_events: Vec<String>,
}

fn description(event: &str) -> String {
    template_events().find(|(e, _)| *e == event).map(|(_, d)| d.to_string()).unwrap_or_default()
}

fn view(event: &str, language: &str, t: Template, built_in: bool) -> NotificationTemplate {
    NotificationTemplate {
        event: event.into(),
        description: description(event),
        language: language.into(),
        subject: t.subject,
        body_text: t.body_text,
        body_html: t.body_html,
        built_in,
    }
}

fn of_row(r: TemplateRow) -> NotificationTemplate {
    let t = Template { subject: r.subject, body_text: r.body_text, body_html: r.body_html };
    view(&r.event, &r.language, t, false)
}

pub(crate) fn check_event_and_language(event: &str, language: &str) -> Result<(), AppError> {
    if !templates::has_template(event) {
        return Err(AppError::NotFound);
    }
    if !templates::is_language(language) {
        return Err(AppError::invalid("language", "must be a language tag such as en, de or pt-BR"));
    }
    Ok(())
}

impl App {
    /// Every event's template in English (written or built in) and every other language
    /// an administrator wrote (administrators).
    pub async fn notification_templates(&self, actor: &Actor) -> Result<Vec<NotificationTemplate>, AppError> {
        actor.require(Permission::Administer)?;
        let stored = self.store().notification_templates().await?;
        let mut out = Vec::new();
        for (event, _) in template_events() {
            match stored.iter().find(|r| r.event == *event && r.language == DEFAULT_LANGUAGE) {
                Some(r) => out.push(of_row(r.clone())),
                None => out.push(view(event, DEFAULT_LANGUAGE, templates::built_in(event), true)),
            }
            out.extend(
                stored.iter().filter(|r| r.event == *event && r.language != DEFAULT_LANGUAGE).cloned().map(of_row),
            );
        }
        Ok(out)
    }

    /// One event's template in a language: the one written, or the built-in text to start
    /// from (administrators).
    pub async fn notification_template(
        &self,
        actor: &Actor,
        event: &str,
        language: &str,
    ) -> Result<NotificationTemplate, AppError> {
        actor.require(Permission::Administer)?;
        check_event_and_language(event, language)?;
        Ok(match self.store().notification_template(event, language).await? {
            Some(r) => of_row(r),
            None => view(event, language, templates::built_in(event), true),
        })
    }

    /// Writes an event's template in a language (administrators).
    pub async fn set_notification_template(
        &self,
        actor: &Actor,
        event: &str,
        language: &str,
        input: TemplateInput,
    ) -> Result<NotificationTemplate, AppError> {
        actor.require(Permission::Administer)?;
        check_event_and_language(event, language)?;
        let row = TemplateRow {
            event: event.into(),
            language: language.into(),
            subject: validate::text("subject", &input.subject, templates::SUBJECT_MAX, false)?,
            body_text: validate::text("body_text", &input.body_text, validate::BODY_MAX, true)?,
            body_html: validate::text("body_html", &input.body_html, validate::BODY_MAX, true)?,
            updated_at: self.now_micros(),
        };
        self.store().put_notification_template(&row).await?;
        Ok(of_row(row))
    }

    /// Removes a written template; the built-in one serves again (administrators).
    pub async fn reset_notification_template(
        &self,
        actor: &Actor,
        event: &str,
        language: &str,
    ) -> Result<(), AppError> {
        actor.require(Permission::Administer)?;
        check_event_and_language(event, language)?;
        match self.store().delete_notification_template(event, language).await {
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The template that serves an event in a language: written in it, else written in
    /// English, else built in.
    pub async fn template_for(&self, event: &str, language: &str) -> Result<Template, AppError> {
        for lang in [language, DEFAULT_LANGUAGE] {
            if let Some(r) = self.store().notification_template(event, lang).await? {
                return Ok(Template { subject: r.subject, body_text: r.body_text, body_html: r.body_html });
            }
        }
        Ok(templates::built_in(event))
    }

    /// The caller's notification settings (their role's defaults until they choose).
    pub async fn notification_preferences(&self, actor: &Actor) -> Result<NotificationPreferences, AppError> {
        self.preferences_of(actor.id, actor.role).await
    }

    pub(crate) async fn preferences_of(&self, user_id: i64, role: Role) -> Result<NotificationPreferences, AppError> {
        match self.store().notification_preferences(user_id).await? {
            Some(p) => Ok(NotificationPreferences {
                language: p.language,
                email_events: serde_json::from_str(&p.email_events).unwrap_or_default(),
            }),
            None => Ok(NotificationPreferences {
                language: DEFAULT_LANGUAGE.into(),
                email_events: EVENTS
                    .iter()
                    .filter(|(e, _)| templates::mails_by_default(role, e))
                    .map(|(e, _)| e.to_string())
                    .collect(),
            }),
        }
    }

    /// Changes the caller's notification settings.
    pub async fn set_notification_preferences(
        &self,
        actor: &Actor,
        input: NotificationPreferences,
    ) -> Result<NotificationPreferences, AppError> {
        if !templates::is_language(&input.language) {
            return Err(AppError::invalid("language", "must be a language tag such as en, de or pt-BR"));
        }
        let mut events = Vec::new();
        for e in input.email_events {
            if !templates::is_event(&e) {
                return Err(AppError::invalid("email_events", format!("{e:?} is not an event")));
            }
            if !events.contains(&e) {
                events.push(e);
            }
        }
        let row = PreferenceRow {
            user_id: actor.id,
            language: input.language.clone(),
            email_events: serde_json::to_string(&events).map_err(|e| AppError::Internal(e.to_string()))?,
            updated_at: self.now_micros(),
        };
        self.store().put_notification_preferences(&row).await?;
        Ok(NotificationPreferences { language: input.language, email_events: events })
    }
}
