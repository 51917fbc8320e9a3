//! Signing in and out, one's own account (password, API tokens) and notifications.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use helmdesk_app::AppError;
use helmdesk_app::platform::auth::ApiToken;
use helmdesk_app::platform::notifications::NotificationGroup;
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{
    ClientAddress, PublicForm, SESSION_COOKIE, UiForm, UiUser, clear_session_cookie, safe_next, session_cookie,
};
use crate::platform::ui::i18n::{BrowserLanguage, Tr};
use crate::routes::Routes;
use crate::ui::{Choice, Nav, UiError, choices, invalid_text, render};
use helmdesk_app::platform::access::Permission;

/// The login form, CSRF-checked by double submission (there is no session yet to hold a
/// token).
const LOGIN_FORM: PublicForm = PublicForm { cookie: "helmdesk_login", path: "/login" };

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/login", login_page)
        .public()
        .post("/login", login)
        .public()
        .post("/logout", logout)
        .signed_in()
        .get("/account", account)
        .signed_in()
        .get("/account/password", password_page)
        .signed_in()
        .post("/account/password", change_password)
        .signed_in()
        .post("/account/tokens", create_token)
        .signed_in()
        .post("/account/tokens/{id}/revoke", revoke_token)
        .signed_in()
        .post("/account/away", set_away)
        .requires(Permission::MarkAway)
        .post("/account/notifications", set_preferences)
        .signed_in()
        .post("/account/preferences", set_page_preferences)
        .signed_in()
        .get("/notifications", notifications)
        .signed_in()
        .post("/notifications/read", mark_read)
        .signed_in()
}

#[derive(Template)]
#[template(path = "platform/login.html")]
struct LoginPage {
    nav: Option<Nav>,
    /// The browser's language (nobody is signed in).
    tr: Tr,
    /// What the page says above the form (signed out, a new password set).
    notice: Option<String>,
    csrf: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    signed_out: Option<String>,
    /// Present after a new password was chosen through a link from an e-mail.
    password_reset: Option<String>,
}

fn login_form(jar: CookieJar, tr: Tr, https: bool, next: &str, email: String, error: Option<String>) -> Response {
    login_form_with(jar, tr, https, next, email, error, None)
}

fn login_form_with(
    jar: CookieJar,
    tr: Tr,
    https: bool,
    next: &str,
    email: String,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let (jar, csrf) = LOGIN_FORM.issue(jar, https);
    let page = LoginPage { nav: None, tr, notice, csrf, next: safe_next(next), email, error };
    let status = if page.error.is_some() { axum::http::StatusCode::UNAUTHORIZED } else { axum::http::StatusCode::OK };
    (status, jar, render(&page)).into_response()
}

async fn login_page(
    State(s): State<AppState>,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    Query(q): Query<NextQuery>,
) -> Response {
    let notice = if q.password_reset.is_some() {
        Some(tr.t("login-password-set"))
    } else if q.signed_out.is_some() {
        Some(tr.t("login-signed-out"))
    } else {
        None
    };
    login_form_with(jar, tr, s.https(), q.next.as_deref().unwrap_or("/"), String::new(), None, notice)
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(s): State<AppState>,
    ClientAddress(client): ClientAddress,
    BrowserLanguage(tr): BrowserLanguage,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> Response {
    if !LOGIN_FORM.holds(&jar, &f.csrf) {
        let expired = tr.t("login-expired");
        return login_form(jar, tr, s.https(), &f.next, f.email, Some(expired));
    }
    let previous = jar.get(SESSION_COOKIE).map(|c| c.value().to_string());
    match s.app.login(&f.email, &f.password, client, previous.as_deref()).await {
        Ok(login) => {
            let jar = LOGIN_FORM.spent(jar).add(session_cookie(login.session_token, s.https()));
            let to = if login.actor.must_change_password { "/account/password".into() } else { safe_next(&f.next) };
            (jar, Redirect::to(&to)).into_response()
        }
        Err(AppError::Unauthenticated) => {
            let text = tr.t("login-no-match");
            login_form(jar, tr, s.https(), &f.next, f.email, Some(text))
        }
        Err(AppError::TooManyAttempts { retry_after_secs }) => {
            let text = match retry_after_secs {
                0..=90 => tr.t1("login-wait-seconds", "seconds", retry_after_secs.max(1)),
                s => tr.t1("login-wait-minutes", "minutes", (s + 59) / 60),
            };
            let mut response = login_form(jar, tr, s.https(), &f.next, f.email, Some(text));
            *response.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => UiError::App(e).into_response(),
    }
}

async fn logout(
    State(s): State<AppState>,
    jar: CookieJar,
    UiForm { user: _, form: _ }: UiForm<serde::de::IgnoredAny>,
) -> Result<Response, UiError> {
    if let Some(token) = jar.get(SESSION_COOKIE) {
        s.app.logout(token.value()).await?;
    }
    Ok((jar.add(clear_session_cookie()), Redirect::to("/login?signed_out=1")).into_response())
}

#[derive(Template)]
#[template(path = "platform/account.html")]
struct AccountPage {
    nav: Option<Nav>,
    email: String,
    tokens: Vec<ApiToken>,
    new_secret: Option<String>,
    error: Option<String>,
    notice: Option<String>,
    /// Staff only: whether they are away (routing skips them).
    away: Option<bool>,
    /// Each event that can send e-mail, what it is, and whether they get it.
    email_events: Vec<(String, String, bool)>,
    language: String,
    /// The pages' languages, the reader's selected.
    page_languages: Vec<Choice>,
    /// The themes: (value, message id of its name, chosen).
    themes: Vec<(&'static str, String, bool)>,
    time_zone: String,
    /// What other modules show here (the person's devices), drawn.
    panels: Vec<String>,
}

async fn account_page(
    s: &AppState,
    user: &UiUser,
    new_secret: Option<String>,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response, UiError> {
    let tokens = s.app.list_tokens(&user.actor).await?.into_iter().filter(|t| t.user_id == user.actor.id).collect();
    let away = if user.actor.role.is_staff() { Some(s.app.user(&user.actor, user.actor.id).await?.away) } else { None };
    let preferences = s.app.notification_preferences(&user.actor).await?;
    let tr = user.tr();
    let email_events = helmdesk_domain::platform::templates::EVENTS
        .iter()
        .map(|(e, _)| (e.to_string(), tr.of("email-event", e), preferences.email_events.iter().any(|x| x == e)))
        .collect();
    let chosen = &user.actor.preferences;
    let theme = chosen.theme.as_deref().unwrap_or("system");
    let page = AccountPage {
        page_languages: choices(helmdesk_domain::platform::preferences::LANGUAGES.iter().copied(), chosen.language()),
        themes: helmdesk_domain::platform::preferences::THEMES
            .iter()
            .map(|t| (*t, format!("theme-{t}"), *t == theme))
            .collect(),
        time_zone: chosen.time_zone.clone().unwrap_or_default(),
        panels: crate::ui::account_panels(s, user).await?,
        away,
        email_events,
        language: preferences.language,
        nav: Some(Nav::of(s, user, "account").await?),
        email: user.actor.email.clone(),
        tokens,
        new_secret,
        error,
        notice,
    };
    Ok(render(&page))
}

async fn account(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    account_page(&s, &user, None, None, None).await
}

#[derive(Template)]
#[template(path = "platform/password.html")]
struct PasswordPage {
    nav: Option<Nav>,
    forced: bool,
    error: Option<String>,
}

async fn password_page(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let page = PasswordPage {
        forced: user.actor.must_change_password,
        nav: Some(Nav::of(&s, &user, "account").await?),
        error: None,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

async fn change_password(
    State(s): State<AppState>,
    jar: CookieJar,
    UiForm { user, form }: UiForm<PasswordForm>,
) -> Result<Response, UiError> {
    let result = if form.new_password != form.confirm_password {
        Err(None)
    } else {
        s.app.change_password(&user.actor, &form.current_password, &form.new_password).await.map_err(Some)
    };
    match result {
        Ok(()) => {
            // Changing the password ended every session, this one too: sign in again.
            let jar = jar.add(clear_session_cookie());
            Ok((jar, Redirect::to("/login?next=/account")).into_response())
        }
        Err(differ @ (None | Some(AppError::Invalid(_)))) => {
            let message = match differ {
                Some(e) => invalid_text(&e),
                None => Some(user.tr().t("password-differ")),
            };
            let page = PasswordPage {
                forced: user.actor.must_change_password,
                nav: Some(Nav::of(&s, &user, "account").await?),
                error: message,
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response())
        }
        Err(Some(e)) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn create_token(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<TokenForm>,
) -> Result<Response, UiError> {
    match s.app.create_token(&user.actor, &form.name).await {
        Ok((_, secret)) => account_page(&s, &user, Some(secret), None, None).await,
        Err(e @ AppError::Invalid(_)) => account_page(&s, &user, None, invalid_text(&e), None).await,
        Err(e) => Err(e.into()),
    }
}

async fn revoke_token(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, form: _ }: UiForm<serde::de::IgnoredAny>,
) -> Result<Response, UiError> {
    s.app.revoke_token(&user.actor, id).await?;
    account_page(&s, &user, None, None, Some(user.tr().t("account-token-revoked"))).await
}

#[derive(Deserialize)]
pub(crate) struct AwayForm {
    /// `true`: away; anything else: back.
    away: String,
}

impl AwayForm {
    pub(crate) fn update(&self) -> helmdesk_app::platform::users::UserUpdate {
        helmdesk_app::platform::users::UserUpdate { away: Some(self.away == "true"), ..Default::default() }
    }
}

/// Staff mark themselves away (routing gives them no tickets) or back.
async fn set_away(State(s): State<AppState>, UiForm { user, form }: UiForm<AwayForm>) -> Result<Response, UiError> {
    let away = s.app.update_user(&user.actor, user.actor.id, form.update()).await?.away;
    let notice = user.tr().t(if away { "account-away-set" } else { "account-back-set" });
    account_page(&s, &user, None, None, Some(notice)).await
}

#[derive(Deserialize)]
struct PagePreferencesForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    theme: String,
}

/// The pages' language, time zone and theme.
async fn set_page_preferences(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<PagePreferencesForm>,
) -> Result<Response, UiError> {
    let chosen =
        helmdesk_domain::platform::preferences::Preferences::parse(&form.language, &form.time_zone, &form.theme);
    let result = match chosen {
        Ok(p) => s.app.set_my_preferences(&user.actor, &p).await.map(|()| p),
        Err(e) => Err(e.into()),
    };
    match result {
        // Said in the language just chosen.
        Ok(p) => Ok(user.confirm("/account", Tr::new(p.language()).t("prefs-saved"))),
        Err(e) => match invalid_text(&e) {
            Some(text) => account_page(&s, &user, None, Some(text), None).await,
            None => Err(e.into()),
        },
    }
}

/// The notification settings form: `event` repeats once per ticked event.
async fn set_preferences(
    State(s): State<AppState>,
    UiForm { user, form }: UiForm<Vec<(String, String)>>,
) -> Result<Response, UiError> {
    let language = form.iter().find(|(k, _)| k == "language").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let email_events = form.iter().filter(|(k, _)| k == "event").map(|(_, v)| v.clone()).collect();
    let input = helmdesk_app::platform::mail::templates::NotificationPreferences { language, email_events };
    match s.app.set_notification_preferences(&user.actor, input).await {
        Ok(_) => {
            let notice = user.tr().t("account-notifications-saved");
            account_page(&s, &user, None, None, Some(notice)).await
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => account_page(&s, &user, None, Some(text), None).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "platform/notifications.html")]
struct NotificationsPage {
    nav: Option<Nav>,
    groups: Vec<NotificationGroup>,
    unread: usize,
}

/// The most recent notifications the page groups.
const NOTIFICATIONS_SHOWN: i64 = 300;

async fn notifications(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    let groups = s.app.my_notification_groups(&user.actor, NOTIFICATIONS_SHOWN).await?;
    let unread = groups.iter().map(|g| g.unread).sum();
    Ok(render(&NotificationsPage { nav: Some(Nav::of(&s, &user, "account").await?), groups, unread }))
}

async fn mark_read(
    State(s): State<AppState>,
    UiForm { user, form: _ }: UiForm<serde::de::IgnoredAny>,
) -> Result<Response, UiError> {
    s.app.mark_notifications_read(&user.actor).await?;
    Ok(user.confirm("/notifications", user.tr().t("notifications-marked-read")))
}
