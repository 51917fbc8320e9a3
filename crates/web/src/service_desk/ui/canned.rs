//! The canned responses page: staff keep their own reply texts; managers and
//! administrators also keep the shared ones. The ticket page's reply form offers them.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::service_desk::canned::{CannedPatch, CannedResponse, NewCannedResponse};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::Outcome;
use crate::ui::{Choice, Nav, NoFields, ScopeNames, UiError, form_scope, render, scope_choices};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/canned-responses", list)
        .requires(DeskPermission::WorkTicket)
        .post("/canned-responses", create)
        .requires(DeskPermission::WorkTicket)
        .get("/canned-responses/{id}", edit)
        .requires(DeskPermission::WorkTicket)
        .post("/canned-responses/{id}", update)
        .requires(DeskPermission::WorkTicket)
        .post("/canned-responses/{id}/delete", delete)
        .requires(DeskPermission::WorkTicket)
}

#[derive(Template)]
#[template(path = "service_desk/canned.html")]
struct ListPage {
    nav: Option<Nav>,
    /// Each response, whose staff it is kept for, and whether the reader may change it.
    responses: Vec<(CannedResponse, String, bool)>,
    manage: bool,
    scopes: Vec<Choice>,
    placeholders: Vec<(&'static str, String)>,
    form: CannedForm,
    outcome: Outcome,
}

#[derive(Template)]
#[template(path = "service_desk/canned_edit.html")]
struct EditPage {
    nav: Option<Nav>,
    response: CannedResponse,
    /// Whose staff it is kept for.
    kept_for: String,
    placeholders: Vec<(&'static str, String)>,
    outcome: Outcome,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct CannedForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    shared: Option<String>,
    #[serde(default)]
    organisation_id: Option<String>,
}

async fn list_view(s: &AppState, user: &UiUser, form: CannedForm, outcome: Outcome) -> Result<Response, UiError> {
    let actor = &user.actor;
    let manage = actor.can(DeskPermission::Configure);
    let responses = s.app.canned_responses(actor).await?;
    let names = ScopeNames::load(s, actor).await?;
    let tr = user.tr();
    let page = ListPage {
        nav: Some(Nav::of(s, user, "queue").await?),
        responses: responses
            .into_iter()
            .map(|c| {
                let changeable =
                    c.owner_id == Some(actor.id) || (c.shared && manage && actor.writes_scope(c.organisation_id));
                (kept_for(&tr, &names, &c), changeable, c)
            })
            .map(|(k, m, c)| (c, k, m))
            .collect(),
        manage,
        scopes: if manage { scope_choices(s, actor, form.organisation_id.as_deref()).await? } else { Vec::new() },
        placeholders: placeholders(s, &tr),
        form,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn list(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    list_view(&s, &user, CannedForm::default(), Outcome::default()).await
}

async fn create(State(s): State<AppState>, UiForm { user, form }: UiForm<CannedForm>) -> Result<Response, UiError> {
    let result = match form_scope(form.organisation_id.as_deref()) {
        Ok(organisation_id) => {
            let input = NewCannedResponse {
                title: form.title.clone(),
                body: form.body.clone(),
                shared: form.shared.is_some(),
                organisation_id,
            };
            s.app.create_canned_response(&user.actor, input).await
        }
        Err(e) => Err(e),
    };
    let saved = result.is_ok();
    let outcome = Outcome::of(result, |c| user.tr().t1("canned-saved", "title", c.title))?;
    // Keep what was typed when it was refused.
    let form = if saved { CannedForm::default() } else { form };
    list_view(&s, &user, form, outcome).await
}

async fn edit_view(s: &AppState, user: &UiUser, id: i64, outcome: Outcome) -> Result<Response, UiError> {
    let response = s.app.canned_response(&user.actor, id).await?;
    let tr = user.tr();
    let page = EditPage {
        nav: Some(Nav::of(s, user, "queue").await?),
        kept_for: kept_for(&tr, &ScopeNames::load(s, &user.actor).await?, &response),
        response,
        placeholders: placeholders(s, &tr),
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn edit(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    edit_view(&s, &user, id, Outcome::default()).await
}

async fn update(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CannedForm>,
) -> Result<Response, UiError> {
    let patch = CannedPatch { title: Some(form.title), body: Some(form.body) };
    let result = s.app.update_canned_response(&user.actor, id, patch).await;
    let outcome = Outcome::of(result, |c| user.tr().t1("canned-saved", "title", c.title))?;
    edit_view(&s, &user, id, outcome).await
}

async fn delete(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    s.app.delete_canned_response(&user.actor, id).await?;
    Ok(user.confirm("/canned-responses", user.tr().t("canned-deleted")))
}

/// Whose staff a response is kept for: "You", or the organisations it is shared with.
fn kept_for(tr: &Tr, names: &ScopeNames, c: &CannedResponse) -> String {
    if c.shared { names.label(c.organisation_id) } else { tr.t("canned-kept-for-you") }
}

/// The placeholders canned responses may use, with what each stands for in the reader's
/// language.
fn placeholders(s: &AppState, tr: &Tr) -> Vec<(&'static str, String)> {
    s.app.canned_placeholders().iter().map(|(name, meaning)| (*name, placeholder_meaning(tr, name, meaning))).collect()
}

/// What placeholder `name` stands for; one without a message keeps the app's `english`.
fn placeholder_meaning(tr: &Tr, name: &str, english: &str) -> String {
    match name {
        "ticket.number" => tr.t("canned-placeholder-ticket-number"),
        "ticket.subject" => tr.t("canned-placeholder-ticket-subject"),
        "ticket.status" => tr.t("canned-placeholder-ticket-status"),
        "ticket.priority" => tr.t("canned-placeholder-ticket-priority"),
        "requester.name" => tr.t("canned-placeholder-requester-name"),
        "requester.email" => tr.t("canned-placeholder-requester-email"),
        "organisation.name" => tr.t("canned-placeholder-organisation-name"),
        "assignee.name" => tr.t("canned-placeholder-assignee-name"),
        "agent.name" => tr.t("canned-placeholder-agent-name"),
        "agent.email" => tr.t("canned-placeholder-agent-email"),
        _ => english.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use helmdesk_domain::service_desk::canned::PLACEHOLDERS;

    use super::*;

    #[test]
    fn every_placeholder_is_explained_in_every_language() {
        for (name, english) in PLACEHOLDERS {
            assert_eq!(placeholder_meaning(&Tr::new("en"), name, "?"), *english, "{name}");
            assert_ne!(placeholder_meaning(&Tr::new("nl"), name, english), *english, "{name} in Dutch");
        }
    }
}
