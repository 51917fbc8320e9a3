//! `GET /events`: the live updates of the signed-in person's pages (`static/app.js` follows
//! them with an `EventSource`), as `crate::service_desk::live` describes.

use axum::extract::State;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use helmdesk_app::AppError;

use crate::AppState;
use crate::platform::auth::{SESSION_COOKIE, UiUser};
use crate::routes::Routes;
use crate::service_desk::live::{Recheck, events};

pub(crate) fn routes() -> Routes {
    Routes::new().get("/events", page_events).signed_in()
}

/// The person's live updates while their session holds (checked without counting as
/// activity: an open page does not keep an idle session alive).
async fn page_events(State(s): State<AppState>, user: UiUser, jar: CookieJar) -> Response {
    let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()).unwrap_or_default();
    let app = s.app.clone();
    let recheck: Recheck = Box::new(move || {
        let (app, token) = (app.clone(), token.clone());
        Box::pin(async move {
            let session = app.session_in_force(&token).await?;
            if session.actor.must_change_password {
                return Err(AppError::Unauthenticated);
            }
            Ok(session.actor)
        })
    });
    events(&s.app, user.actor, recheck)
}
