//! Extractors whose rejections are API errors in our format, not axum's plain text.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
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

/// The ETag of a record's version.
pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"v{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"v0\""))
}

/// The version an `If-Match` header names: `None` when absent or `*`; a value that names
/// no version can never match (`Some(-1)`). `If-Match` compares strongly (RFC 9110,
/// 13.1.1), so a weak tag (`W/"v3"`) never matches.
pub fn if_match(headers: &HeaderMap) -> Option<i64> {
    let value = headers.get(header::IF_MATCH)?.to_str().unwrap_or("").trim();
    if value == "*" {
        return None;
    }
    let strong = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
    Some(strong.and_then(|t| t.strip_prefix('v')).and_then(|n| n.parse().ok()).unwrap_or(-1))
}

/// A record as JSON with the ETag of its `version`.
pub fn with_etag<T: serde::Serialize>(record: T, version: i64) -> Response {
    let mut response = Json(record).into_response();
    response.headers_mut().insert(header::ETAG, etag(version));
    response
}

/// A record just made: 201 with its `ETag` and its URL in `Location`.
pub fn created<T: serde::Serialize>(record: T, version: i64, location: &str) -> Response {
    created_at(with_etag(record, version), location)
}

/// A record without a version just made: 201 with its URL in `Location`.
pub fn created_unversioned<T: serde::Serialize>(record: T, location: &str) -> Response {
    created_at(Json(record).into_response(), location)
}

/// `response` as 201 with `location` in `Location`.
fn created_at(mut response: Response, location: &str) -> Response {
    *response.status_mut() = axum::http::StatusCode::CREATED;
    if let Ok(l) = axum::http::HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, l);
    }
    response
}
