//! The notification templates page (administrators): every event's e-mail, written or
//! built in, edited per language and previewed before it is saved (a notification on a
//! real ticket, the password reset mail with a sample person).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::mail::templates::{NotificationTemplate, TemplateInput, TemplatePreview};
use helmdesk_domain::platform::templates;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::hardening::redirect_within;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::Outcome;
use crate::ui::{Nav, NoFields, UiError, render};
use helmdesk_app::platform::access::Permission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/notifications", list)
        .requires(Permission::Administer)
        .get("/admin/notifications/{event}/{language}", edit)
        .requires(Permission::Administer)
        .post("/admin/notifications/{event}/{language}", save)
        .requires(Permission::Administer)
        .post("/admin/notifications/{event}/{language}/reset", reset)
        .requires(Permission::Administer)
}

#[derive(Template)]
#[template(path = "platform/admin_templates.html")]
struct ListPage {
    nav: Option<Nav>,
    templates: Vec<NotificationTemplate>,
}

#[derive(Template)]
#[template(path = "platform/admin_template.html")]
struct EditPage {
    nav: Option<Nav>,
    template: NotificationTemplate,
    /// Each placeholder the template may use, with what it stands for.
    placeholders: Vec<(&'static str, String)>,
    /// Whether the event is a ticket's (its mail threads replies and is previewed on a
    /// ticket); else it is the account's mail.
    about_tickets: bool,
    preview: Option<TemplatePreview>,
    outcome: Outcome,
}

/// `template` with what its event is in the reader's language.
fn described(tr: &Tr, template: NotificationTemplate) -> NotificationTemplate {
    NotificationTemplate { description: tr.of("email-event", &template.event), ..template }
}

async fn list(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let tr = user.tr();
    let templates = s.app.notification_templates(&user.actor).await?;
    let page = ListPage {
        nav: Some(Nav::of(&s, &user, "admin").await?),
        templates: templates.into_iter().map(|t| described(&tr, t)).collect(),
    };
    Ok(render(&page))
}

#[derive(Debug, Default, Deserialize)]
struct LanguageQuery {
    /// Another language to open (the "edit in another language" form).
    other: Option<String>,
}

async fn edit_view(
    s: &AppState,
    user: &UiUser,
    template: NotificationTemplate,
    preview: Option<TemplatePreview>,
    outcome: Outcome,
) -> Result<Response, UiError> {
    let tr = user.tr();
    let page = EditPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        placeholders: templates::placeholders(&template.event)
            .iter()
            .map(|(name, _)| (*name, tr.of("templates-placeholder", name)))
            .collect(),
        about_tickets: templates::is_event(&template.event),
        template: described(&tr, template),
        preview,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn edit(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath((event, language)): ApiPath<(String, String)>,
    Query(q): Query<LanguageQuery>,
) -> Result<Response, UiError> {
    // Who may edit templates, and whether the event and language are real, is decided
    // before anything else (the form to open another language included).
    let template = s.app.notification_template(&user.actor, &event, &language).await?;
    if let Some(other) = q.other.filter(|o| !o.trim().is_empty()) {
        let other: String = other.trim().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        return Ok(redirect_within(&format!("/admin/notifications/{}/{other}", template.event)).into_response());
    }
    edit_view(&s, &user, template, None, Outcome::default()).await
}

#[derive(Debug, Deserialize)]
struct TemplateForm {
    subject: String,
    body_text: String,
    body_html: String,
    /// `preview` or `save`.
    action: String,
}

async fn save(
    State(s): State<AppState>,
    ApiPath((event, language)): ApiPath<(String, String)>,
    UiForm { user, form }: UiForm<TemplateForm>,
) -> Result<Response, UiError> {
    let input = TemplateInput {
        subject: form.subject.clone(),
        body_text: form.body_text.clone(),
        body_html: form.body_html.clone(),
    };
    let current = s.app.notification_template(&user.actor, &event, &language).await?;
    let shown =
        NotificationTemplate { subject: form.subject, body_text: form.body_text, body_html: form.body_html, ..current };
    if form.action == "preview" {
        return match s.app.preview_notification_template(&user.actor, &event, &input, None).await {
            Ok(p) => edit_view(&s, &user, shown, Some(p), Outcome::default()).await,
            Err(AppError::Conflict(why)) => {
                edit_view(&s, &user, shown, None, Outcome { error: Some(why), notice: None }).await
            }
            Err(e) => Err(e.into()),
        };
    }
    let result = s.app.set_notification_template(&user.actor, &event, &language, input).await;
    let saved = result.as_ref().ok().cloned();
    let outcome = Outcome::of(result, |t| user.tr().t2("templates-saved", "event", t.event, "language", t.language))?;
    edit_view(&s, &user, saved.unwrap_or(shown), None, outcome).await
}

async fn reset(
    State(s): State<AppState>,
    ApiPath((event, language)): ApiPath<(String, String)>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    s.app.reset_notification_template(&user.actor, &event, &language).await?;
    Ok(redirect_within(&format!("/admin/notifications/{event}/{language}")).into_response())
}

#[cfg(test)]
mod tests {
    use helmdesk_domain::platform::templates;

    use crate::platform::ui::i18n::{exists, id_of};

    #[test]
    fn every_event_and_placeholder_is_described() {
        for (event, _) in templates::template_events() {
            assert!(exists(&id_of("email-event", event)), "{event}");
            for (name, _) in templates::placeholders(event) {
                assert!(exists(&id_of("templates-placeholder", name)), "{name}");
            }
        }
    }
}
