//! The one error type of the use cases. The web layer maps it to HTTP in one place.

use helmdesk_domain::RuleError;
use helmdesk_store::StoreError;

/// One problem with the input, tied to a field when it is about one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FieldError {
    /// A stable, machine-readable code.
    pub code: String,
    /// What is wrong, for people.
    pub detail: String,
    /// The input field concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input broke a rule; nothing was changed.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The request itself is malformed (e.g. a control character in its path).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Nobody is logged in, or the credentials are wrong.
    #[error("authentication required")]
    Unauthenticated,
    /// The actor may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// No such record, or one the actor may not see.
    #[error("not found")]
    NotFound,
    /// The request conflicts with the current state (duplicate name, request in flight).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The record changed since the version the caller named.
    #[error("the record has changed since it was read")]
    PreconditionFailed,
    /// The body is larger than allowed.
    #[error("too large: {0}")]
    TooLarge(String),
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: i64 },
    /// Something broke on our side; the cause is logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A stored value the rules refuse (a row written by a bug or by hand): a 500 with its
    /// cause logged, not the caller's mistake.
    pub fn stored(e: helmdesk_domain::RuleError) -> AppError {
        AppError::Internal(format!("a stored value is not valid: {e}"))
    }

    /// Whether trying again later might succeed (the database or a server was away),
    /// rather than the input being at fault.
    pub fn is_transient(&self) -> bool {
        matches!(self, AppError::Internal(_) | AppError::PreconditionFailed)
    }

    /// A validation error on one field.
    pub fn invalid(field: &str, detail: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldError { code: "invalid".into(), detail: detail.into(), field: Some(field.into()) }])
    }

    /// What may be told to the caller in a sentence (an internal cause is not).
    pub fn summary(&self) -> String {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| match &e.field {
                    Some(f) => format!("{f}: {}", e.detail),
                    None => e.detail.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Internal(_) => "internal error".into(),
            other => other.to_string(),
        }
    }

    /// A forbidden action, with the reason.
    pub fn forbidden(reason: impl Into<String>) -> AppError {
        AppError::Forbidden(reason.into())
    }
}

impl From<RuleError> for AppError {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Invalid { field, detail } => {
                AppError::Invalid(vec![FieldError { code: "invalid".into(), detail, field: Some(field) }])
            }
            RuleError::Transition { .. } => AppError::Invalid(vec![FieldError {
                code: "invalid_transition".into(),
                detail: e.to_string(),
                field: Some("status".into()),
            }]),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(what) => AppError::Conflict(conflict_detail(&what)),
            StoreError::Stale => AppError::PreconditionFailed,
            StoreError::Refused(why) => AppError::Conflict(why),
            StoreError::Reference(_) => {
                AppError::Conflict("a record it refers to does not exist, or it is still in use".into())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// A lookup of a record the input names: "not found" is a mistake in the input (a field
/// error), any other failure stays what it is (a database failure is a logged 500).
pub trait NamedInInput<T> {
    /// `Invalid(field: detail)` when the record does not exist.
    fn named_in(self, field: &str, detail: &str) -> Result<T, AppError>;
}

impl<T> NamedInInput<T> for Result<T, StoreError> {
    fn named_in(self, field: &str, detail: &str) -> Result<T, AppError> {
        self.map_err(|e| match e {
            StoreError::NotFound => AppError::invalid(field, detail),
            other => other.into(),
        })
    }
}

impl<T> NamedInInput<T> for Result<T, AppError> {
    fn named_in(self, field: &str, detail: &str) -> Result<T, AppError> {
        self.map_err(|e| match e {
            AppError::NotFound | AppError::Unauthenticated => AppError::invalid(field, detail),
            other => other,
        })
    }
}

/// Says which value is taken, from a unique constraint's name or message.
fn conflict_detail(what: &str) -> String {
    let field = ["email", "name", "number", "token_hash"].into_iter().find(|f| what.contains(f));
    match field {
        Some("token_hash") | None => "that already exists".into(),
        Some(f) => format!("a record with this {f} already exists"),
    }
}
