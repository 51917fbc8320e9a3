//! Forgotten passwords, for people who are not signed in: asking for a link by e-mail
//! (`/password/forgot`) and choosing a new password through it (`/password/reset/{token}`).
//!
//! Asking answers the same whatever the address (the use case does the same work for
//! every address and sends in the background). A link that no longer works, or any
//! string that was never one, gets a page that says so and offers to ask again. Both
//! forms are CSRF-checked by double submission, like the login form, with a cookie of
//! their own scoped to `/password`.

use askama::Template;
use axum::Form;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use helmdesk_app::AppError;
use helmdesk_domain::validate::{PASSWORD_MAX, PASSWORD_MIN};
use serde::Deserialize;

use crate::AppState;
use crate::platform::auth::{ClientAddress, PublicForm};
use crate::platform::ui::i18n::{BrowserLanguage, Tr};
use crate::routes::Routes;
use crate::ui::{Nav, UiError, invalid_text, render};

/// Both forms' double-submit CSRF cookie.
const RESET_FORMS: PublicForm = PublicForm { cookie: "helmdesk_password", path: "/password" };

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/password/forgot", forgot_page)
        .public()
        .post("/password/forgot", forgot)
        .public()
        .get("/password/reset/{token}", reset_page)
        .public()
        .post("/password/reset/{token}", reset)
        .public()
}

#[derive(Template)]
#[template(path = "platform/password_forgot.html")]
struct ForgotPage {
    nav: Option<Nav>,
    /// The browser's language (nobody is signed in).
    tr: Tr,
    csrf: String,
    email: String,
    error: Option<String>,
    /// The request was taken: the page says what happens next, the same for every address.
    sent: bool,
    /// Whether an outgoing mail server is configured (without one, nobody gets a link).
    sends_mail: bool,
    minutes: i64,
}

#[derive(Deserialize)]
struct SentQuery {
    sent: Option<String>,
}

/// The page asking for an address, with `error` about the last one (and `status`).
async fn forgot_form(
    s: &AppState,
    tr: Tr,
    jar: CookieJar,
    email: String,
    error: Option<String>,
    sent: bool,
    status: StatusCode,
) -> Result<Response, UiError> {
    let (jar, csrf) = RESET_FORMS.issue(jar, s.https());
    let page = ForgotPage {
        nav: None,
        tr,
        csrf,
        email,
        error,
        sent,
        sends_mail: s.app.sends_password_resets().await?,
        minutes: s.app.password_reset_minutes(),
    };
    Ok((status, jar, render(&page)).into_response())
}

async fn forgot_page(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    Query(q): Query<SentQuery>,
) -> Result<Response, UiError> {
    forgot_form(&s, tr, jar, String::new(), None, q.sent.is_some(), StatusCode::OK).await
}

#[derive(Deserialize)]
struct ForgotForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    csrf: String,
}

async fn forgot(
    State(s): State<AppState>,
    ClientAddress(client): ClientAddress,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    Form(f): Form<ForgotForm>,
) -> Result<Response, UiError> {
    if !RESET_FORMS.holds(&jar, &f.csrf) {
        let expired = tr.t("password-form-expired");
        return forgot_form(&s, tr, jar, f.email, Some(expired), false, StatusCode::FORBIDDEN).await;
    }
    match s.app.request_password_reset(&f.email, client).await {
        // The same answer for every address, known or not.
        Ok(()) => Ok((RESET_FORMS.spent(jar), Redirect::to("/password/forgot?sent=1")).into_response()),
        Err(e) => match invalid_text(&e) {
            Some(text) => forgot_form(&s, tr, jar, f.email, Some(text), false, StatusCode::UNPROCESSABLE_ENTITY).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "platform/password_reset.html")]
struct ResetPage {
    nav: Option<Nav>,
    /// The browser's language (nobody is signed in).
    tr: Tr,
    /// Whether the link works: the form, or the page saying it no longer does.
    works: bool,
    token: String,
    csrf: String,
    error: Option<String>,
    min: usize,
    max: usize,
    minutes: i64,
}

impl ResetPage {
    fn new(s: &AppState, tr: Tr, works: bool, token: String, csrf: String, error: Option<String>) -> ResetPage {
        let minutes = s.app.password_reset_minutes();
        ResetPage { nav: None, tr, works, token, csrf, error, min: PASSWORD_MIN, max: PASSWORD_MAX, minutes }
    }
}

/// The form for a new password through a working link, with `error` (and `status`).
fn reset_form(
    s: &AppState,
    tr: Tr,
    jar: CookieJar,
    token: String,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let (jar, csrf) = RESET_FORMS.issue(jar, s.https());
    (status, jar, render(&ResetPage::new(s, tr, true, token, csrf, error))).into_response()
}

/// The page of a link that no longer works (or never was one), with the way to ask again.
fn no_longer_works(s: &AppState, tr: Tr) -> Response {
    let page = ResetPage::new(s, tr, false, String::new(), String::new(), None);
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

/// The token of the path; one that does not even decode is no link.
fn token_of(path: Result<Path<String>, PathRejection>) -> String {
    path.map(|Path(token)| token).unwrap_or_default()
}

async fn reset_page(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    path: Result<Path<String>, PathRejection>,
    jar: CookieJar,
) -> Result<Response, UiError> {
    let token = token_of(path);
    if !s.app.password_reset_works(&token).await? {
        return Ok(no_longer_works(&s, tr));
    }
    Ok(reset_form(&s, tr, jar, token, None, StatusCode::OK))
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

async fn reset(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    path: Result<Path<String>, PathRejection>,
    jar: CookieJar,
    Form(f): Form<ResetForm>,
) -> Result<Response, UiError> {
    let token = token_of(path);
    if !s.app.password_reset_works(&token).await? {
        return Ok(no_longer_works(&s, tr));
    }
    if !RESET_FORMS.holds(&jar, &f.csrf) {
        let expired = tr.t("password-form-expired");
        return Ok(reset_form(&s, tr, jar, token, Some(expired), StatusCode::FORBIDDEN));
    }
    if f.new_password != f.confirm_password {
        let differ = tr.t("password-differ");
        return Ok(reset_form(&s, tr, jar, token, Some(differ), StatusCode::UNPROCESSABLE_ENTITY));
    }
    match s.app.reset_password(&token, &f.new_password).await {
        // Every session of the person ended: they sign in with the new password.
        Ok(()) => Ok((RESET_FORMS.spent(jar), Redirect::to("/login?password_reset=1")).into_response()),
        Err(AppError::NotFound) => Ok(no_longer_works(&s, tr)),
        Err(e) => match invalid_text(&e) {
            Some(text) => Ok(reset_form(&s, tr, jar, token, Some(text), StatusCode::UNPROCESSABLE_ENTITY)),
            None => Err(e.into()),
        },
    }
}
