//! The service desk's KPIs as one JSON document.

use axum::Json;
use axum::extract::State;
use helmdesk_app::reports::kpis::{KpiQuery, Kpis};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::platform::auth::ApiActor;

/// The period and filters of the KPIs.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiParams {
    /// First day, `YYYY-MM-DD`, in the reports' time zone; default 29 days before `to`.
    #[param(format = Date)]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`; default today. At most 366 days after `from`.
    #[param(format = Date)]
    pub to: Option<String>,
    /// Only tickets of this team.
    pub team_id: Option<i64>,
    /// Only tickets of this organisation and its subsidiaries (one the caller may see).
    pub organisation_id: Option<i64>,
    /// Only tickets of this kind: `incident` or `service_request`.
    pub kind: Option<String>,
}

impl KpiParams {
    /// The app's query for these parameters.
    pub fn to_query(&self) -> KpiQuery {
        KpiQuery {
            from: self.from.clone(),
            to: self.to.clone(),
            team_id: self.team_id,
            organisation_id: self.organisation_id,
            kind: self.kind.clone(),
        }
    }
}

/// The KPIs of a period (staff and auditors), over the tickets the caller may see: open
/// backlog now, created vs resolved per day, time to first response and to resolve, SLA
/// compliance, reopen rate, agent workload and customer satisfaction (CSAT: the share of
/// satisfaction survey answers rated 4 or 5, per team, agent, category and month). Days
/// and months are counted in the server's `reports_time_zone`; durations are wall-clock
/// seconds.
#[utoipa::path(get, path = "/api/v1/kpis", tag = "reports", params(KpiParams),
    responses((status = 200, description = "The KPIs", body = Kpis)))]
pub async fn get_kpis(
    State(s): State<AppState>,
    ApiActor(actor): ApiActor,
    ApiQuery(q): ApiQuery<KpiParams>,
) -> Result<Json<Kpis>, ApiError> {
    Ok(Json(s.app.kpis(&actor, &q.to_query()).await?))
}
