//! Who else has a ticket open: the ticket page's "Also on this ticket: Priya Shah
//! (replying…)". The page's script says when it opens, every beat, when its person starts
//! or stops writing and when it closes (`POST /tickets/{id}/presence`), and asks again
//! when the live bus says the picture changed (`GET /tickets/{id}/presence`); both answer
//! the list as HTML, drawn by the same template as the page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use helmdesk_app::platform::presence::{Activity, Present};
use helmdesk_app::service_desk::access::DeskPermission;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{UiError, render};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/tickets/{id}/presence", visitors)
        .requires(DeskPermission::ReadInternals)
        .post("/tickets/{id}/presence", mark)
        .requires(DeskPermission::ReadInternals)
}

/// The others who have a ticket open, for its page.
#[derive(Template)]
#[template(path = "service_desk/_presence.html")]
pub(crate) struct Visitors {
    pub visitors: Vec<Present>,
    pub tr: Tr,
}

impl Visitors {
    /// The list as the ticket page shows it.
    pub fn html(self) -> String {
        self.render().map(|html| html.trim().to_string()).unwrap_or_default()
    }

    fn initials(&self, name: &str) -> String {
        initials(name)
    }
}

/// The first letters of a name's first and last words ("Priya Shah": "PS").
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: Option<&&str>| w.and_then(|w| w.chars().next()).map(|c| c.to_uppercase().to_string());
    let mut out = first(words.first()).unwrap_or_default();
    if words.len() > 1 {
        out.push_str(&first(words.last()).unwrap_or_default());
    }
    out
}

fn answer(visitors: Vec<Present>, user: &UiUser) -> Response {
    let mut response = render(&Visitors { visitors, tr: user.tr() });
    response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    response
}

async fn visitors(State(s): State<AppState>, user: UiUser, ApiPath(id): ApiPath<i64>) -> Result<Response, UiError> {
    let visitors = s.app.ticket_visitors(&user.actor, id).await?;
    Ok(answer(visitors, &user))
}

#[derive(Deserialize)]
struct Mark {
    activity: Activity,
}

async fn mark(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form }: UiForm<Mark>,
) -> Result<Response, UiError> {
    let visitors = s.app.ticket_presence(&user.actor, id, form.activity).await?;
    Ok(answer(visitors, &user))
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_are_of_the_first_and_last_names() {
        assert_eq!(initials("Priya Shah"), "PS");
        assert_eq!(initials("Tom de Vries"), "TV");
        assert_eq!(initials("Cher"), "C");
        assert_eq!(initials("  "), "");
        assert_eq!(initials("élodie martin"), "ÉM");
    }
}
