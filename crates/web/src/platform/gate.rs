//! The gate: the one place that enforces what a route declares (`routes::Access`), before
//! its handler runs. API callers were authenticated by their token (`auth::api_auth`)
//! and answer 401 without one; pages find their session (`auth::UiUser`) and send people
//! who are not signed in to the login page. A role without the capability a route needs
//! answers 403, on the API as JSON and on pages as the error page.

use axum::extract::{FromRequestParts, Request};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use helmdesk_app::platform::access::Capability;
use helmdesk_app::{Actor, AppError};
use helmdesk_domain::Role;

use crate::AppState;
use crate::error::ApiError;
use crate::platform::auth::UiUser;
use crate::routes::{Access, Routes};
use crate::ui::UiError;

impl Routes {
    /// The route registered last may be called by anyone signed in.
    pub fn signed_in(self) -> Self {
        self.declare(Access::SignedIn, |handler| handler.layer(from_fn(|r, n| admit(None, r, n))))
    }

    /// The route registered last may be called by people whose role holds `capability`.
    pub fn requires(self, capability: impl Capability) -> Self {
        let roles = capability.roles();
        let access =
            Access::Can { capability: format!("{capability:?}"), roles: roles.iter().map(|r| r.as_str()).collect() };
        self.declare(access, move |handler| handler.layer(from_fn(move |r, n| admit(Some(roles), r, n))))
    }
}

/// Lets the request through when its caller is signed in and, with `roles`, has one of
/// them.
async fn admit(roles: Option<&'static [Role]>, request: Request, next: Next) -> Response {
    let refused = |actor: &Actor| {
        roles
            .filter(|r| !r.contains(&actor.role))
            .map(|_| AppError::forbidden(format!("a {} may not do this", actor.role)))
    };
    if request.uri().path().starts_with("/api/") {
        let Some(actor) = request.extensions().get::<Actor>() else {
            return ApiError(AppError::Unauthenticated).into_response();
        };
        if let Some(e) = refused(actor) {
            return ApiError(e).into_response();
        }
        return next.run(request).await;
    }
    let Some(state) = request.extensions().get::<AppState>().cloned() else {
        return UiError::App(AppError::Internal("the gate has no application state".into())).into_response();
    };
    let (mut parts, body) = request.into_parts();
    let user = match UiUser::from_request_parts(&mut parts, &state).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    if let Some(e) = refused(&user.actor) {
        return UiError::App(e).into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
