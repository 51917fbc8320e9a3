//! Ticket categories, on the administration pages (managers and administrators).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use helmdesk_app::service_desk::categories::{Category, CategoryInput};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::routes::Routes;
use crate::ui::{Nav, Outcome, UiError, render};
use helmdesk_app::service_desk::access::DeskPermission;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/admin/categories", categories)
        .requires(DeskPermission::Configure)
        .post("/admin/categories", create_category)
        .requires(DeskPermission::Configure)
        .post("/admin/categories/{id}", update_category)
        .requires(DeskPermission::Configure)
}

#[derive(Template)]
#[template(path = "service_desk/admin_categories.html")]
struct CategoriesPage {
    nav: Option<Nav>,
    categories: Vec<Category>,
    outcome: Outcome,
}

async fn categories_page(s: &AppState, user: &UiUser, outcome: Outcome) -> Result<Response, UiError> {
    let page = CategoriesPage {
        nav: Some(Nav::of(s, user, "admin").await?),
        categories: s.app.list_categories().await?,
        outcome,
    };
    Ok((page.outcome.status(), render(&page)).into_response())
}

async fn categories(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    categories_page(&s, &user, Outcome::default()).await
}

#[derive(Deserialize)]
struct CategoryForm {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    active: Option<String>,
}

async fn create_category(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<CategoryForm>,
) -> Result<Response, UiError> {
    let input = CategoryInput { name: form.name, description: form.description, active: true };
    let outcome = Outcome::of(s.app.create_category(&user.actor, input).await, |c| {
        user.tr().t1("categories-created", "name", c.name)
    })?;
    categories_page(&s, &user, outcome).await
}

async fn update_category(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<CategoryForm>,
) -> Result<Response, UiError> {
    let input = CategoryInput { name: form.name, description: form.description, active: form.active.is_some() };
    let outcome = Outcome::of(s.app.update_category(&user.actor, id, input).await, |c| {
        user.tr().t1("categories-saved", "name", c.name)
    })?;
    categories_page(&s, &user, outcome).await
}
