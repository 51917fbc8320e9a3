//! The one place errors become HTTP responses.
//!
//! API errors are JSON `{"errors":[{"code","detail","field"}]}` with a precise status. A
//! 500 says "internal error" and nothing else; its cause goes to the log, inside the
//! request's span (which carries the request id).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use helmdesk_app::{AppError, FieldError};

/// The body of every API error.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub errors: Vec<FieldError>,
}

/// An API error: an [`AppError`] on its way to becoming JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<helmdesk_domain::RuleError> for ApiError {
    fn from(e: helmdesk_domain::RuleError) -> Self {
        ApiError(e.into())
    }
}

fn one(code: &str, detail: impl Into<String>) -> Vec<FieldError> {
    vec![FieldError { code: code.into(), detail: detail.into(), field: None }]
}

/// The status and the error list of an [`AppError`].
pub fn status_and_errors(e: &AppError) -> (StatusCode, Vec<FieldError>) {
    match e {
        AppError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.clone()),
        AppError::BadRequest(why) => (StatusCode::BAD_REQUEST, one("bad_request", why.clone())),
        AppError::Unauthenticated => {
            (StatusCode::UNAUTHORIZED, one("unauthenticated", "a valid API token or session is required"))
        }
        AppError::Forbidden(why) => (StatusCode::FORBIDDEN, one("forbidden", why.clone())),
        AppError::NotFound => (StatusCode::NOT_FOUND, one("not_found", "no such record")),
        AppError::Conflict(why) => (StatusCode::CONFLICT, one("conflict", why.clone())),
        AppError::PreconditionFailed => (
            StatusCode::PRECONDITION_FAILED,
            one("precondition_failed", "the record has changed since that version; fetch it again"),
        ),
        AppError::TooLarge(why) => (StatusCode::PAYLOAD_TOO_LARGE, one("too_large", why.clone())),
        AppError::TooManyAttempts { .. } => {
            (StatusCode::TOO_MANY_REQUESTS, one("too_many_attempts", "too many attempts; try again later"))
        }
        AppError::Internal(cause) => {
            tracing::error!(cause = %cause, "internal error");
            (StatusCode::INTERNAL_SERVER_ERROR, one("internal", "internal error"))
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, errors) = status_and_errors(&self.0);
        let mut response = (status, Json(ErrorBody { errors })).into_response();
        match &self.0 {
            AppError::Unauthenticated => {
                response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::TooManyAttempts { retry_after_secs } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        response
    }
}

/// A panic in a handler becomes a generic 500; the panic is logged.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = message, "handler panicked");
    ApiError(AppError::Internal("panic".into())).into_response()
}
