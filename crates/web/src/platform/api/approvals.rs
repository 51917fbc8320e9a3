//! Approvals: the chains, the approvals waiting for the caller and every decision, and
//! delegation while away; departments' heads and cost centres' owners are set in
//! `directory`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use helmdesk_app::platform::approvals::{
    Approval, ApprovalChain, ApprovalChainInput, DecisionInput, Delegation, DelegationInput,
};
use helmdesk_domain::platform::approvals::{ApprovalState, Via};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, created, if_match, with_etag};
use crate::platform::auth::ApiActor;

/// Which approvals to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApprovalListParams {
    /// Only those waiting for the caller's answer (their own, or as a delegate).
    #[serde(default)]
    pub waiting: bool,
    /// Staff: every approval of their organisations, not only those they are part of.
    #[serde(default)]
    pub all: bool,
    /// Only approvals in this state.
    pub state: Option<ApprovalState>,
}

/// The approvals the caller asked for or is asked in, newest first (at most 200);
/// `waiting=true`: those waiting for their answer; `all=true` (staff): every approval of
/// their organisations.
#[utoipa::path(get, path = "/api/v1/approvals", tag = "approvals", params(ApprovalListParams),
    responses((status = 200, description = "Approvals", body = Vec<Approval>)))]
pub async fn list_approvals(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<ApprovalListParams>,
) -> Result<Json<Vec<Approval>>, ApiError> {
    if q.waiting {
        return Ok(Json(s.app.approvals_waiting(&actor).await?));
    }
    Ok(Json(s.app.list_approvals(&actor, q.all, q.state).await?))
}

/// One approval: its chain, every step and every decision.
#[utoipa::path(get, path = "/api/v1/approvals/{id}", tag = "approvals", params(("id" = i64, Path, description = "Approval id")),
    responses((status = 200, description = "The approval", body = Approval)))]
pub async fn get_approval(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Approval>, ApiError> {
    Ok(Json(s.app.approval(&actor, id).await?))
}

/// Approves or rejects the running step, for the caller or for someone they stand in
/// for. 403 for someone not asked in the step, 409 once answered or after the approval
/// ended.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/decision", tag = "approvals", params(("id" = i64, Path, description = "Approval id")),
    request_body = DecisionInput, responses((status = 200, description = "The approval after the answer", body = Approval)))]
pub async fn decide(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<Json<Approval>, ApiError> {
    Ok(Json(s.app.decide_approval(&actor, id, input, Via::Api).await?))
}

fn chain_response(chain: ApprovalChain) -> Response {
    let version = chain.version;
    with_etag(chain, version)
}

/// The approval chains of the caller's organisations and those above them.
#[utoipa::path(get, path = "/api/v1/approval-chains", tag = "approvals",
    responses((status = 200, description = "Chains", body = Vec<ApprovalChain>)))]
pub async fn list_chains(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<ApprovalChain>>, ApiError> {
    Ok(Json(s.app.list_approval_chains(&actor).await?))
}

/// Creates an approval chain (managers and administrators).
#[utoipa::path(post, path = "/api/v1/approval-chains", tag = "approvals", request_body = ApprovalChainInput,
    responses((status = 201, description = "The new chain", body = ApprovalChain)))]
pub async fn create_chain(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<ApprovalChainInput>,
) -> Result<Response, ApiError> {
    let chain = s.app.create_approval_chain(&actor, input).await?;
    let (version, location) = (chain.version, format!("/api/v1/approval-chains/{}", chain.id));
    Ok(created(chain, version, &location))
}

/// One approval chain, with its `ETag`.
#[utoipa::path(get, path = "/api/v1/approval-chains/{id}", tag = "approvals", params(("id" = i64, Path, description = "Chain id")),
    responses((status = 200, description = "The chain", body = ApprovalChain)))]
pub async fn get_chain(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    Ok(chain_response(s.app.approval_chain(&actor, id).await?))
}

/// Replaces a chain's name, description and steps; with `If-Match`, only if it is still
/// that version (412 otherwise). Running approvals keep the steps they started with.
#[utoipa::path(put, path = "/api/v1/approval-chains/{id}", tag = "approvals", request_body = ApprovalChainInput,
    params(("id" = i64, Path, description = "Chain id"), ("If-Match" = Option<String>, Header, description = "The ETag last read")),
    responses((status = 200, description = "The chain", body = ApprovalChain),
        (status = 412, description = "If-Match names a version that is no longer current", body = crate::error::ErrorBody)))]
pub async fn update_chain(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<ApprovalChainInput>,
) -> Result<Response, ApiError> {
    Ok(chain_response(s.app.update_approval_chain(&actor, id, if_match(&headers), input).await?))
}

/// The delegations the caller gave or was given that have not ended.
#[utoipa::path(get, path = "/api/v1/approval-delegations", tag = "approvals",
    responses((status = 200, description = "Delegations", body = Vec<Delegation>)))]
pub async fn list_delegations(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<Vec<Delegation>>, ApiError> {
    Ok(Json(s.app.my_delegations(&actor).await?))
}

/// Lets someone decide the caller's approvals for a while (while away).
#[utoipa::path(post, path = "/api/v1/approval-delegations", tag = "approvals", request_body = DelegationInput,
    responses((status = 201, description = "The delegation", body = Delegation)))]
pub async fn create_delegation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiJson(input): ApiJson<DelegationInput>,
) -> Result<(StatusCode, Json<Delegation>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.app.delegate_approvals(&actor, input).await?)))
}

/// Ends a delegation the caller gave.
#[utoipa::path(delete, path = "/api/v1/approval-delegations/{id}", tag = "approvals", params(("id" = i64, Path, description = "Delegation id")),
    responses((status = 204, description = "Ended")))]
pub async fn delete_delegation(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.app.remove_delegation(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
