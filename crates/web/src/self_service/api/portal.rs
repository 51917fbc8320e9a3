//! The portal's API: one search over the catalog items, articles and own tickets of the
//! caller, as the portal's search box shows them.

use axum::Json;
use axum::extract::State;
use helmdesk_app::self_service::portal::PortalHit;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::platform::auth::ApiActor;

/// What to search for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PortalSearchQuery {
    /// The search text (at most 200 characters); every word must match.
    q: String,
    /// The most results of each kind, 1 to 20 (default 10).
    #[param(minimum = 1, maximum = 20)]
    limit: Option<i64>,
}

/// The results of a search.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PortalResults {
    /// The catalog items the caller may order, then the articles they may read, then
    /// their own tickets.
    pub items: Vec<PortalHit>,
}

/// Searches what an employee may find in the portal, in one list: the catalog items
/// offered to the caller (every word in the name, description or category), the published
/// articles they may read (full-text, best first) and their own tickets (every word, or a
/// ticket's number; newest first). Up to `limit` of each kind.
#[utoipa::path(get, path = "/api/v1/portal/search", tag = "portal", params(PortalSearchQuery),
    responses((status = 200, description = "The results", body = PortalResults)))]
pub async fn search(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<PortalSearchQuery>,
) -> Result<Json<PortalResults>, ApiError> {
    let items = s.app.portal_search(&actor, &q.q, q.limit.unwrap_or(10)).await?;
    Ok(Json(PortalResults { items }))
}
