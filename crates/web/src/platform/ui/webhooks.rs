//! The webhooks pages (administrators): the webhooks with a form to add one and the hosts
//! allowed to be internal; one webhook's form, its test button and its delivery log.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use helmdesk_app::AppError;
use helmdesk_app::platform::access::Permission;
use helmdesk_app::platform::webhooks::{Webhook, WebhookDelivery, WebhookInput, WebhookPatch, WebhookSettings};
use helmdesk_domain::platform::webhooks::{WebhookEvent, WebhookFormat};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::Outcome;
use crate::ui::{Choice, Nav, NoFields, UiError, choices, form_scope, id_text, render, scope_choices};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/webhooks", list)
        .requires(Permission::Administer)
        .post("/admin/webhooks", create)
        .requires(Permission::Administer)
        .post("/admin/webhooks/settings", save_settings)
        .requires(Permission::Administer)
        .get("/admin/webhooks/{id}", edit)
        .requires(Permission::Administer)
        .post("/admin/webhooks/{id}", update)
        .requires(Permission::Administer)
        .post("/admin/webhooks/{id}/test", test)
        .requires(Permission::Administer)
        .post("/admin/webhooks/{id}/delete", delete)
        .requires(Permission::Administer)
}

/// Deliveries the log shows per page.
const LOG_PAGE: i64 = 25;

/// One event's checkbox.
struct EventBox {
    value: &'static str,
    label: String,
    checked: bool,
}

/// The webhook form, as typed. `events` repeats once per ticked box, so the form is read
/// from its pairs.
#[derive(Debug, Clone, Default)]
struct WebhookForm {
    name: String,
    url: String,
    format: String,
    events: Vec<String>,
    secret: String,
    active: bool,
    /// The organisation whose tickets' events are posted ("": every organisation's).
    organisation_id: Option<String>,
}

impl WebhookForm {
    fn blank() -> WebhookForm {
        WebhookForm {
            format: WebhookFormat::Helmdesk.as_str().into(),
            events: vec![WebhookEvent::Created.as_str().into()],
            active: true,
            ..Default::default()
        }
    }

    fn of(w: &Webhook) -> WebhookForm {
        WebhookForm {
            name: w.name.clone(),
            url: w.url.clone(),
            format: w.format.as_str().into(),
            events: w.events.iter().map(|e| e.as_str().to_string()).collect(),
            secret: String::new(),
            active: w.active,
            organisation_id: Some(id_text(w.organisation_id)),
        }
    }

    fn read(pairs: &[(String, String)]) -> WebhookForm {
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default();
        WebhookForm {
            name: get("name"),
            url: get("url"),
            format: get("format"),
            events: pairs.iter().filter(|(k, _)| k == "events").map(|(_, v)| v.clone()).collect(),
            secret: get("secret"),
            active: pairs.iter().any(|(k, _)| k == "active"),
            organisation_id: pairs.iter().find(|(k, _)| k == "organisation_id").map(|(_, v)| v.clone()),
        }
    }

    fn format(&self) -> Result<WebhookFormat, AppError> {
        Ok(self.format.parse()?)
    }

    fn events(&self) -> Result<Vec<WebhookEvent>, AppError> {
        self.events.iter().map(|e| e.parse::<WebhookEvent>().map_err(AppError::from)).collect()
    }

    fn input(&self) -> Result<WebhookInput, AppError> {
        Ok(WebhookInput {
            name: self.name.clone(),
            url: self.url.clone(),
            format: Some(self.format()?),
            events: self.events()?,
            secret: (!self.secret.is_empty()).then(|| self.secret.clone()),
            active: self.active,
            organisation_id: form_scope(self.organisation_id.as_deref())?.flatten(),
        })
    }

    /// The whole form as a change; an empty secret keeps the stored one (the "remove"
    /// box removes it).
    fn patch(&self, remove_secret: bool) -> Result<WebhookPatch, AppError> {
        Ok(WebhookPatch {
            name: Some(self.name.clone()),
            url: Some(self.url.clone()),
            format: Some(self.format()?),
            events: Some(self.events()?),
            secret: if remove_secret {
                Some(String::new())
            } else {
                (!self.secret.is_empty()).then(|| self.secret.clone())
            },
            active: Some(self.active),
            organisation_id: form_scope(self.organisation_id.as_deref())?,
        })
    }

    fn formats(&self, tr: &Tr) -> Vec<Choice> {
        choices(WebhookFormat::ALL.iter().map(|f| (f.as_str(), tr.of("webhooks-format", f.as_str()))), &self.format)
    }

    fn boxes(&self, tr: &Tr) -> Vec<EventBox> {
        WebhookEvent::SUBSCRIBABLE
            .iter()
            .map(|e| EventBox {
                value: e.as_str(),
                label: tr.of("webhooks-event", e.as_str()),
                checked: self.events.iter().any(|x| x == e.as_str()),
            })
            .collect()
    }
}

/// The labels of a webhook's events, for the list.
fn event_labels(tr: &Tr, w: &Webhook) -> String {
    if w.events.is_empty() {
        return tr.t("webhooks-no-events");
    }
    w.events.iter().map(|e| tr.of("webhooks-event", e.as_str())).collect::<Vec<_>>().join(", ")
}

#[derive(Template)]
#[template(path = "platform/admin_webhooks.html")]
struct ListPage {
    nav: Option<Nav>,
    webhooks: Vec<(Webhook, String)>,
    form: WebhookForm,
    formats: Vec<Choice>,
    events: Vec<EventBox>,
    scopes: Vec<Choice>,
    allowed_hosts: String,
    outcome: Outcome,
}

async fn list_view(
    s: &AppState,
    user: &UiUser,
    form: Option<WebhookForm>,
    hosts: Option<String>,
    outcome: Outcome,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let settings = s.app.webhook_settings(actor).await?;
    let form = form.unwrap_or_else(WebhookForm::blank);
    let page = ListPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        webhooks: s
            .app
            .webhooks(actor)
            .await?
            .into_iter()
            .map(|w| (event_labels(&tr, &w), w))
            .map(|(l, w)| (w, l))
            .collect(),
        formats: form.formats(&tr),
        events: form.boxes(&tr),
        scopes: scope_choices(s, actor, form.organisation_id.as_deref()).await?,
        form,
        allowed_hosts: hosts.unwrap_or_else(|| settings.allowed_hosts.join("\n")),
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn list(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    list_view(&s, &user, None, None, Outcome::default()).await
}

async fn create(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let form = WebhookForm::read(&form);
    let result = match form.input() {
        Ok(input) => s.app.create_webhook(&user.actor, input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(w) => Ok(Redirect::to(&format!("/admin/webhooks/{}?saved=1", w.id)).into_response()),
        Err(e) => {
            let outcome = Outcome::of(Err::<(), _>(e), |_| String::new())?;
            list_view(&s, &user, Some(WebhookForm { secret: String::new(), ..form }), None, outcome).await
        }
    }
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    allowed_hosts: String,
}

async fn save_settings(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<SettingsForm>,
) -> Result<Response, UiError> {
    let hosts = form.allowed_hosts.split([',', '\n', ' ', '\r', '\t']).filter(|h| !h.is_empty()).map(String::from);
    let result = s.app.set_webhook_settings(&user.actor, WebhookSettings { allowed_hosts: hosts.collect() }).await;
    let kept = result.is_err().then(|| form.allowed_hosts.clone());
    let outcome =
        Outcome::of(result, |saved| user.tr().t1("webhooks-hosts-saved", "count", saved.allowed_hosts.len()))?;
    list_view(&s, &user, None, kept, outcome).await
}

#[derive(Template)]
#[template(path = "platform/admin_webhook.html")]
struct EditPage {
    nav: Option<Nav>,
    webhook: Webhook,
    form: WebhookForm,
    formats: Vec<Choice>,
    events: Vec<EventBox>,
    scopes: Vec<Choice>,
    /// The test delivery just made, if any.
    tested: Option<WebhookDelivery>,
    deliveries: Vec<WebhookDelivery>,
    /// The link to older deliveries, if there are more.
    older: Option<String>,
    outcome: Outcome,
}

#[derive(Debug, Default, Deserialize)]
struct EditQuery {
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

async fn edit_view(
    s: &AppState,
    user: &UiUser,
    id: i64,
    form: Option<WebhookForm>,
    cursor: Option<&str>,
    tested: Option<WebhookDelivery>,
    outcome: Outcome,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let tr = user.tr();
    let webhook = s.app.webhook(actor, id).await?;
    let log = s.app.webhook_deliveries(actor, id, cursor, LOG_PAGE).await?;
    let form = form.unwrap_or_else(|| WebhookForm::of(&webhook));
    let page = EditPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        formats: form.formats(&tr),
        events: form.boxes(&tr),
        scopes: scope_choices(s, actor, form.organisation_id.as_deref()).await?,
        form,
        webhook,
        tested,
        older: log.next_cursor.map(|c| format!("/admin/webhooks/{id}?cursor={c}#log-h")),
        deliveries: log.items,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn edit(
    State(s): State<AppState>,
    user: UiUser,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<EditQuery>,
) -> Result<Response, UiError> {
    let outcome = Outcome { notice: q.saved.map(|_| user.tr().t("webhooks-created")), error: None };
    edit_view(&s, &user, id, None, q.cursor.as_deref(), None, outcome).await
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let remove_secret = form.iter().any(|(k, _)| k == "remove_secret");
    let form = WebhookForm::read(&form);
    let result = match form.patch(remove_secret) {
        Ok(patch) => s.app.update_webhook(&user.actor, id, patch).await,
        Err(e) => Err(e),
    };
    let kept = result.is_err().then(|| WebhookForm { secret: String::new(), ..form });
    let outcome = Outcome::of(result, |w| user.tr().t1("webhooks-saved", "name", w.name))?;
    edit_view(&s, &user, id, kept, None, None, outcome).await
}

async fn test(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: NoFields {} }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let tested = s.app.test_webhook(&user.actor, id).await?;
    edit_view(&s, &user, id, None, None, Some(tested), Outcome::default()).await
}

async fn delete(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: NoFields {} }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    s.app.delete_webhook(&user.actor, id).await?;
    Ok(user.confirm("/admin/webhooks", user.tr().t("webhooks-deleted")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_webhook_form_reads_every_ticked_event_and_refuses_unknown_ones() {
        let form = WebhookForm::read(&pairs(&[
            ("name", "Chat"),
            ("url", "https://hooks.slack.com/services/T/B/X"),
            ("format", "slack"),
            ("events", "ticket.created"),
            ("events", "ticket.sla_warning"),
            ("active", "on"),
        ]));
        let input = form.input().unwrap();
        assert_eq!(input.format, Some(WebhookFormat::Slack));
        assert_eq!(input.events, [WebhookEvent::Created, WebhookEvent::SlaWarning]);
        assert!(input.active && input.secret.is_none());
        let patch = form.patch(true).unwrap();
        assert_eq!(patch.secret.as_deref(), Some(""), "the remove box removes the secret");
        assert_eq!(
            WebhookForm { secret: "s".into(), ..form.clone() }.patch(false).unwrap().secret.as_deref(),
            Some("s")
        );
        assert!(form.patch(false).unwrap().secret.is_none(), "left empty, the secret stays");
        assert!(WebhookForm { events: vec!["ticket.exploded".into()], ..form.clone() }.input().is_err());
        assert!(WebhookForm { format: "discord".into(), ..form.clone() }.input().is_err());
        let off = WebhookForm::read(&pairs(&[("name", "x")]));
        assert!(!off.active && off.events.is_empty());
        let boxes = form.boxes(&Tr::default());
        assert_eq!(boxes.len(), 7);
        assert!(boxes.iter().filter(|b| b.checked).map(|b| b.value).eq(["ticket.created", "ticket.sla_warning"]));
    }

    #[test]
    fn every_event_and_format_is_named() {
        use crate::platform::ui::i18n::{exists, id_of};
        // Every event, the test ping too: a delivery log names it.
        let events = WebhookEvent::SUBSCRIBABLE.iter().chain([&WebhookEvent::Ping]);
        for id in events
            .map(|e| id_of("webhooks-event", e.as_str()))
            .chain(WebhookFormat::ALL.iter().map(|f| id_of("webhooks-format", f.as_str())))
        {
            assert!(exists(&id), "{id}");
        }
    }
}
