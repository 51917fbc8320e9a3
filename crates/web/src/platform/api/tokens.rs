//! API tokens of the caller (an administrator: of everyone).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use helmdesk_app::platform::auth::ApiToken;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath};
use crate::platform::auth::ApiActor;

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// A label to recognise it by.
    #[schema(value_type = helmdesk_domain::validate::Name)]
    pub name: String,
}

/// A new token and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub token: ApiToken,
    /// Use as `Authorization: Bearer SECRET`. Only its hash is stored.
    pub secret: String,
}

/// The caller's tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", responses((status = 200, description = "Tokens", body = Vec<ApiToken>)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    Ok(Json(s.app.list_tokens(&actor).await?))
}

/// Creates a token for the caller.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewToken, responses((status = 201, description = "The token and its secret", body = CreatedToken)))]
pub async fn create_token(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let (token, secret) = s.app.create_token(&actor, &input.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, secret })))
}

/// Revokes a token.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path, description = "Token id")), responses((status = 204, description = "Revoked")))]
pub async fn revoke_token(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.revoke_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
