//! Extractors whose rejections are API errors in our format, not axum's plain text.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use helmdesk_app::{AppError, FieldError};

use crate::error::ApiError;

/// A JSON body; a malformed one is 422, an oversized one 413.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters; ones that do not parse name no record: 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters; ones that do not parse are 422.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError(AppError::TooLarge("the request body is too large".into()));
        }
        let detail = match &r {
            JsonRejection::MissingJsonContentType(_) => {
                "send the body as JSON with Content-Type: application/json".to_string()
            }
            other => other.body_text(),
        };
        ApiError(AppError::Invalid(vec![FieldError { code: "invalid_body".into(), detail, field: None }]))
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError(AppError::NotFound)
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError(AppError::Invalid(vec![FieldError {
            code: "invalid_query".into(),
            detail: r.body_text(),
            field: None,
        }]))
    }
}
