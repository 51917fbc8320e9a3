//! The living style page (`/style`): every shared part of the pages (docs/ui.md), drawn by
//! the same templates and macros the modules use, so a change to one shows here.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::AppState;
use crate::platform::auth::UiUser;
use crate::routes::Routes;
use crate::ui::{Choice, Nav, UiError, choices, render};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/style", style).signed_in()
}

#[derive(Template)]
#[template(path = "platform/style.html")]
struct StylePage {
    nav: Option<Nav>,
    options: Vec<Choice>,
    refused: Option<String>,
    statuses: Vec<(&'static str, String)>,
    markdown: String,
}

async fn style(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let tr = user.tr();
    let mut nav = Nav::of(&s, &user, "style").await?;
    nav.flash.get_or_insert_with(|| tr.t("style-flash"));
    // The shell knows no module: the badges' classes as a module names them.
    let status = |value: &'static str| (value, tr.of("style-status", value));
    Ok(render(&StylePage {
        nav: Some(nav),
        options: choices(["new", "in_progress", "resolved"].map(status), "in_progress"),
        refused: Some(tr.t("style-refused")),
        statuses: ["new", "in_progress", "pending", "resolved", "cancelled"].map(status).to_vec(),
        markdown: crate::ui::markdown::to_html(
            "**Bold**, `code`, a [link](https://example.com)\n\n```\nPID   CMD\n  1   init\n```\n\n> quoted mail",
        ),
    }))
}
