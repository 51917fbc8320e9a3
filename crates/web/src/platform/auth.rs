//! Who is calling: bearer tokens for the API, session cookies (with CSRF tokens) for the
//! UI, and the idempotency of API `POST`s.

use axum::body::{Body, to_bytes};
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use helmdesk_app::idempotency::{KeptAnswer, KeyState};
use helmdesk_app::{Actor, AppError};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::ui::UiError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "helmdesk_session";

/// Authenticates API requests by `Authorization: Bearer TOKEN`; the [`Actor`] is put in the
/// request's extensions for [`ApiActor`].
pub async fn api_auth(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() < 512);
    let Some(token) = token else {
        return ApiError(AppError::Unauthenticated).into_response();
    };
    match state.app.authenticate_token(token).await {
        Ok(actor) => {
            request.extensions_mut().insert(actor);
            next.run(request).await
        }
        Err(e) => ApiError(e).into_response(),
    }
}

/// The authenticated caller of an API route.
pub struct ApiActor(pub Actor);

impl<S: Send + Sync> FromRequestParts<S> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Actor>().cloned().map(ApiActor).ok_or(ApiError(AppError::Unauthenticated))
    }
}

fn sha256(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

/// The headers of an answer that a replay under its idempotency key repeats.
const REPLAYED_HEADERS: [header::HeaderName; 3] = [header::ETAG, header::LOCATION, header::CONTENT_TYPE];

/// Makes API `POST`s with an `Idempotency-Key` header safe to retry: the first answer is
/// kept for a day and replayed, with its `ETag`, `Location` and type, for the same key and
/// body; the same key with another body is refused (422), and a duplicate sent while the
/// first still runs gets 409. The body is read up to the route's own limit (the JSON
/// limit, or the upload limit for multipart forms), never more.
pub async fn idempotency(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get("idempotency-key").cloned() else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(k) if !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()) => k.to_string(),
        _ => {
            return ApiError(AppError::invalid("Idempotency-Key", "must be 1 to 255 visible ASCII characters"))
                .into_response();
        }
    };
    let Some(actor) = request.extensions().get::<Actor>().cloned() else {
        return ApiError(AppError::Unauthenticated).into_response();
    };
    let (parts, body) = request.into_parts();
    let content_type = parts.headers.get(header::CONTENT_TYPE).map(|v| v.as_bytes()).unwrap_or_default();
    let limit = if content_type.starts_with(b"multipart/") {
        crate::api::upload_limit(&state)
    } else {
        state.web.max_body_bytes
    };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return ApiError(AppError::TooLarge("the request body is too large".into())).into_response();
    };
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or_default();
    let hash = sha256(&[parts.method.as_str().as_bytes(), target.as_bytes(), content_type, &bytes]);
    let app = &state.app;
    match app.reserve_idempotency_key(actor.id, &key, &hash).await {
        Err(e) => ApiError(e).into_response(),
        Ok(KeyState::Reused) => ApiError(AppError::Invalid(vec![helmdesk_app::FieldError {
            code: "idempotency_key_reused".into(),
            detail: "this Idempotency-Key was used for a different request".into(),
            field: Some("Idempotency-Key".into()),
        }]))
        .into_response(),
        Ok(KeyState::Running) => {
            ApiError(AppError::Conflict("a request with this Idempotency-Key is still being processed".into()))
                .into_response()
        }
        Ok(KeyState::Answered(answer)) => replay(answer),
        Ok(KeyState::New) => {
            let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
            if !response.status().is_success() {
                if let Err(e) = app.release_idempotency_key(actor.id, &key).await {
                    tracing::warn!(error = %e, "could not release an idempotency key");
                }
                return response;
            }
            let (parts, body) = response.into_parts();
            let Ok(body) = to_bytes(body, usize::MAX).await else {
                return ApiError(AppError::Internal("could not read the response".into())).into_response();
            };
            let answer = KeptAnswer {
                status: parts.status.as_u16(),
                body: String::from_utf8_lossy(&body).into_owned(),
                headers: REPLAYED_HEADERS
                    .iter()
                    .filter_map(|name| Some((name.to_string(), parts.headers.get(name)?.to_str().ok()?.to_string())))
                    .collect(),
            };
            if let Err(e) = app.answer_idempotency_key(actor.id, &key, &answer).await {
                tracing::warn!(error = %e, "could not save an idempotent answer");
            }
            Response::from_parts(parts, Body::from(body))
        }
    }
}

/// A kept answer, as it was first given.
fn replay(answer: KeptAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, answer.body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            headers.insert(name, value);
        }
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// The address a request comes from: the peer's, or behind a trusted proxy the last
/// address of `X-Forwarded-For` (the one that proxy saw). `None` when the server runs
/// without connection information (in-process tests).
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = || {
            let header = parts.headers.get("x-forwarded-for")?.to_str().ok()?;
            header.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        };
        Ok(ClientAddress(match peer {
            Some(p) if state.web.trusted_proxies.contains(&p) => forwarded().or(Some(p)),
            other => other,
        }))
    }
}

/// The signed-in person of a UI page, with their session's CSRF token.
#[derive(Clone)]
pub struct UiUser {
    pub actor: Actor,
    pub csrf: String,
    /// The confirmation of the action that led here, shown once by the layout.
    pub flash: Option<String>,
}

impl FromRequestParts<AppState> for UiUser {
    type Rejection = UiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(user) = parts.extensions.get::<UiUser>() {
            return Ok(user.clone());
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let back = if parts.method == Method::GET {
            parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
        } else {
            "/"
        };
        let login = || UiError::Redirect(login_url(back));
        let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_string()).ok_or_else(login)?;
        // What a page's script asks by itself (live updates, presence) does not count as
        // the person's activity: an open page must not keep an idle session alive.
        let session = match parts.headers.contains_key(BACKGROUND_HEADER) {
            true => state.app.session_in_force(&token).await,
            false => state.app.session(&token).await,
        };
        let session = session.map_err(|e| match e {
            AppError::Unauthenticated => login(),
            other => UiError::App(other),
        })?;
        let path = parts.uri.path();
        if session.actor.must_change_password && path != "/account/password" && path != "/logout" {
            return Err(UiError::Redirect("/account/password".into()));
        }
        let flash = crate::platform::ui::flash::read(&parts.headers, &session.csrf_token);
        let user = UiUser { actor: session.actor, csrf: session.csrf_token, flash };
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

impl UiUser {
    /// Fails unless `token` is this session's CSRF token.
    pub fn check_csrf(&self, token: &str) -> Result<(), UiError> {
        // Comparing digests keeps the comparison from leaking the token byte by byte.
        if sha256(&[token.as_bytes()]) == sha256(&[self.csrf.as_bytes()]) {
            Ok(())
        } else {
            Err(UiError::App(AppError::forbidden(self.tr().t("auth-form-expired"))))
        }
    }
}

/// The header a page's script sends on requests it makes by itself, without its person
/// (`static/app.js`): they do not count as activity that keeps a session alive.
pub const BACKGROUND_HEADER: &str = "helmdesk-background";

/// A form posted by a signed-in person, CSRF-checked (field `csrf`).
pub struct UiForm<T> {
    pub user: UiUser,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct CsrfOnly {
    csrf: String,
}

impl<T: serde::de::DeserializeOwned + Send> FromRequest<AppState> for UiForm<T> {
    type Rejection = UiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let user = UiUser::from_request_parts(&mut parts, state).await?;
        let bytes = to_bytes(body, state.web.max_body_bytes)
            .await
            .map_err(|_| UiError::App(AppError::TooLarge(user.tr().t("auth-form-too-large"))))?;
        let csrf: CsrfOnly = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| UiError::App(AppError::forbidden(user.tr().t("auth-form-without-token"))))?;
        user.check_csrf(&csrf.csrf)?;
        let form =
            serde_urlencoded::from_bytes(&bytes).map_err(|e| UiError::App(AppError::invalid("form", e.to_string())))?;
        Ok(UiForm { user, form })
    }
}

/// A form posted by a signed-in person that may carry files (`enctype` multipart, fields
/// `file` or `files`, or file inputs of other names), CSRF-checked like [`UiForm`]; a form
/// without files may come URL-encoded.
pub struct UiUpload<T> {
    pub user: UiUser,
    pub form: T,
    /// The files of the fields `file` and `files`.
    pub files: Vec<helmdesk_app::platform::files::NewFile>,
    /// The files of the form's other file inputs, with their fields' names.
    pub field_files: Vec<(String, helmdesk_app::platform::files::NewFile)>,
}

impl<T: serde::de::DeserializeOwned + Send> FromRequest<AppState> for UiUpload<T> {
    type Rejection = UiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"multipart/form-data"));
        if !multipart {
            let UiForm { user, form } = UiForm::from_request(request, state).await?;
            return Ok(UiUpload { user, form, files: Vec::new(), field_files: Vec::new() });
        }
        let (mut parts, body) = request.into_parts();
        let user = UiUser::from_request_parts(&mut parts, state).await?;
        let multipart = axum::extract::Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| UiError::App(AppError::invalid("form", "the form could not be read")))?;
        let (all_files, fields) = crate::platform::upload::read_form(multipart, true).await?;
        let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        user.check_csrf(csrf)?;
        // The text fields are read as the URL-encoded form they would otherwise have been.
        let encoded = serde_urlencoded::to_string(&fields).unwrap_or_default();
        let form =
            serde_urlencoded::from_str(&encoded).map_err(|e| UiError::App(AppError::invalid("form", e.to_string())))?;
        let (files, field_files): (Vec<_>, Vec<_>) =
            all_files.into_iter().partition(|(name, _)| name == "file" || name == "files");
        let files = files.into_iter().map(|(_, f)| f).collect();
        Ok(UiUpload { user, form, files, field_files })
    }
}

/// A form shown to people who may not be signed in (signing in, asking for a new
/// password), CSRF-checked by double submission: its page puts a random token in the form
/// and in a cookie of its own (HttpOnly, SameSite=Strict, for the form's paths only); a
/// post whose two copies differ came from another site, or from a page too old.
pub struct PublicForm {
    /// The cookie's name.
    pub cookie: &'static str,
    /// The paths the cookie is sent to: the form's page and where it posts.
    pub path: &'static str,
}

impl PublicForm {
    /// A new token for the form: returned for its hidden `csrf` field, and in its cookie
    /// added to `jar`.
    pub fn issue(&self, jar: CookieJar, https: bool) -> (CookieJar, String) {
        let token = helmdesk_app::platform::auth::new_secret("");
        let cookie = Cookie::build((self.cookie, token.clone()))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(https)
            .path(self.path)
            .build();
        (jar.add(cookie), token)
    }

    /// Whether `token`, the form's copy, is the cookie's.
    pub fn holds(&self, jar: &CookieJar, token: &str) -> bool {
        // Comparing digests keeps the comparison from leaking the token byte by byte.
        jar.get(self.cookie)
            .is_some_and(|c| !token.is_empty() && sha256(&[c.value().as_bytes()]) == sha256(&[token.as_bytes()]))
    }

    /// `jar` without the form's cookie (once the form did its work).
    pub fn spent(&self, jar: CookieJar) -> CookieJar {
        jar.remove(Cookie::build(self.cookie).path(self.path))
    }
}

/// The session cookie for a new login.
pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token)).http_only(true).same_site(SameSite::Lax).secure(secure).path("/").build()
}

/// A cookie that deletes the session cookie.
pub fn clear_session_cookie() -> Cookie<'static> {
    let mut c = Cookie::build((SESSION_COOKIE, "")).path("/").http_only(true).same_site(SameSite::Lax).build();
    c.make_removal();
    c
}

pub use crate::hardening::safe_next;

/// The login page, coming back to `next` afterwards.
pub fn login_url(next: &str) -> String {
    let next = safe_next(next);
    if next == "/" {
        return "/login".into();
    }
    format!("/login?{}", serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default())
}
