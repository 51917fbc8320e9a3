//! Errors a person can act on (the platform draws the shell every page shares). Every error answer gets a body: a page request gets the
//! error page inside the layout (with the navigation when the person is signed in, a way
//! back, and words written for people rather than the HTTP reason), an API request its
//! JSON errors. Unknown addresses and methods a route does not take, which the router
//! answers with an empty body, are dressed the same way.

use askama::Template;
use axum::body::HttpBody;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Response};
use helmdesk_app::FieldError;

use crate::AppState;
use crate::error::ErrorBody;
use crate::platform::auth::UiUser;
use crate::platform::ui::i18n::Tr;
use crate::ui::Nav;

/// What went wrong, attached to an error response for [`dress_errors`] to draw.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What the use case said, if it said something the person can use.
    pub detail: String,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Option<Nav>,
    /// The reader's language: their chosen one when signed in, else their browser's.
    tr: Tr,
    status: u16,
    /// The ids of the title's and the sentence's messages.
    title: &'static str,
    message: &'static str,
    detail: String,
    /// The page the person came from, on this site.
    back: Option<String>,
}

impl ErrorPage {
    /// The page of `status` in `tr`'s language, without navigation.
    fn bare(status: StatusCode, detail: String, tr: Tr) -> ErrorPage {
        let (title, message) = words(status);
        ErrorPage { nav: None, tr, status: status.as_u16(), title, message, detail, back: None }
    }
}

/// The ids of the title and the sentence of an error, for people.
fn words(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::BAD_REQUEST => ("error-malformed-title", "error-malformed"),
        StatusCode::UNAUTHORIZED => ("error-sign-in-title", "error-sign-in"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden"),
        StatusCode::NOT_FOUND => ("error-not-found-title", "error-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => ("error-method-title", "error-method"),
        StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED => ("error-changed-title", "error-changed"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-too-large-title", "error-too-large"),
        StatusCode::UNPROCESSABLE_ENTITY => ("error-not-accepted-title", "error-not-accepted"),
        StatusCode::TOO_MANY_REQUESTS => ("error-too-many-title", "error-too-many"),
        _ => ("error-failed-title", "error-failed"),
    }
}

/// Gives an error answer without a body, or one a page's use case refused, the body it
/// should have: the error page in the layout for pages, JSON errors for the API.
pub(crate) async fn dress_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let api = uri.path().starts_with("/api/");
    // All a page's error needs of the request: the session cookie and where it came from.
    let mut headers = HeaderMap::new();
    if !api {
        for name in [header::COOKIE, header::REFERER, header::HOST, header::ACCEPT_LANGUAGE] {
            if let Some(value) = request.headers().get(&name) {
                headers.insert(name, value.clone());
            }
        }
    }
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let failure = response.extensions().get::<Failure>().cloned();
    let empty = response.body().size_hint().exact() == Some(0);
    if failure.is_none() && !empty {
        return response;
    }
    let mut dressed = if api {
        api_error(status, &method).into_response()
    } else {
        let detail = failure.map(|f| f.detail).unwrap_or_default();
        error_page(&state, status, detail, (method, uri, headers)).await
    };
    *dressed.status_mut() = status;
    // What the answer said besides its body stays: `Allow`, `Retry-After`, cookies.
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            dressed.headers_mut().insert(name.clone(), value.clone());
        }
    }
    dressed
}

/// The JSON errors of an API answer the router gave without a body.
fn api_error(status: StatusCode, method: &Method) -> Json<ErrorBody> {
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => ("not_found", "no such API route; the OpenAPI document lists them all".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", format!("this route does not take {method}")),
        _ => ("error", status.canonical_reason().unwrap_or("error").to_lowercase()),
    };
    Json(ErrorBody { errors: vec![FieldError { code: code.into(), detail, field: None }] })
}

/// The error page inside the layout, with the navigation of whoever is signed in.
async fn error_page(
    state: &AppState,
    status: StatusCode,
    detail: String,
    request: (Method, Uri, HeaderMap),
) -> Response {
    let (method, uri, headers) = request;
    let back = came_from(&headers, &uri);
    let browser = Tr::accepting(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let mut parts = match Request::builder().method(method).uri(uri).body(()) {
        Ok(request) => request.into_parts().0,
        Err(_) => return crate::ui::render(&ErrorPage::bare(status, detail, browser)),
    };
    parts.headers = headers;
    let nav = match UiUser::from_request_parts(&mut parts, state).await {
        Ok(user) => Nav::of(state, &user, "").await.ok(),
        Err(_) => None,
    };
    let tr = nav.as_ref().map_or(browser, |n| n.tr.clone());
    crate::ui::render(&ErrorPage { nav, back, ..ErrorPage::bare(status, detail, tr) })
}

/// The page of this site the person came from (its `Referer`), when it is another page.
fn came_from(headers: &HeaderMap, uri: &Uri) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let same_site = url
        .host_str()
        .zip(url.port_or_known_default())
        .is_some_and(|(h, port)| host == h || host == format!("{h}:{port}"));
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    (same_site && url.path() != uri.path()).then(|| crate::hardening::safe_next(&path))
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::words;
    use crate::platform::ui::i18n::exists;

    #[test]
    fn every_error_has_its_words() {
        for code in [400, 401, 403, 404, 405, 409, 412, 413, 422, 429, 500, 503] {
            let (title, message) = words(StatusCode::from_u16(code).unwrap());
            assert!(exists(title) && exists(message), "{code}: {title}, {message}");
        }
    }
}
