//! Teams (support groups).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use helmdesk_domain::validate;
use helmdesk_store::StoreError;
use helmdesk_store::teams::TeamRow;
use serde::Deserialize;

use crate::access::Permission;
use crate::tickets::double_option;
use crate::{Actor, App, AppError, ts};

/// A team and its members.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Ids of the users in the team.
    pub member_ids: Vec<i64>,
    /// The team lead (hears of escalations), if any.
    pub lead_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl Team {
    fn new(row: TeamRow, member_ids: Vec<i64>) -> Team {
        Team {
            id: row.id,
            name: row.name,
            description: row.description,
            member_ids,
            lead_id: row.lead_id,
            created_at: ts(row.created_at),
        }
    }
}

/// A team to create or its new state.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub member_ids: Vec<i64>,
    /// Active staff; absent keeps the lead, `null` removes it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub lead_id: Option<Option<i64>>,
}

impl App {
    /// Every team (staff and auditors).
    pub async fn list_teams(&self, actor: &Actor) -> Result<Vec<Team>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let (rows, memberships) = tokio::try_join!(self.store().list_teams(), self.store().all_team_members())?;
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        for (team_id, user_id) in memberships {
            members.entry(team_id).or_default().push(user_id);
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let member_ids = members.remove(&row.id).unwrap_or_default();
                Team::new(row, member_ids)
            })
            .collect())
    }

    /// One team.
    pub async fn team(&self, actor: &Actor, id: i64) -> Result<Team, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let row = self.store().team(id).await?;
        Ok(Team::new(row, self.store().team_members(id).await?))
    }

    async fn check_team_input(&self, input: &TeamInput) -> Result<(String, String), AppError> {
        let name = validate::name("name", &input.name)?;
        let description = input.description.trim().chars().take(2000).collect();
        for id in &input.member_ids {
            let user =
                self.store().user(*id).await.map_err(|_| AppError::invalid("member_ids", format!("no user {id}")))?;
            if !user.role.parse::<helmdesk_domain::Role>().is_ok_and(|r| r.is_staff()) {
                return Err(AppError::invalid(
                    "member_ids",
                    format!("{} is not an agent, manager or administrator", user.name),
                ));
            }
        }
        if let Some(Some(lead)) = input.lead_id {
            let staff = match self.store().user(lead).await {
                Ok(u) => u.active && u.role.parse::<helmdesk_domain::Role>().is_ok_and(|r| r.is_staff()),
                Err(StoreError::NotFound) => false,
                Err(e) => return Err(e.into()),
            };
            if !staff {
                return Err(AppError::invalid("lead_id", "the lead must be an active agent, manager or administrator"));
            }
        }
        Ok((name, description))
    }

    /// Creates a team (managers and administrators).
    pub async fn create_team(&self, actor: &Actor, input: TeamInput) -> Result<Team, AppError> {
        actor.require(Permission::ManageCatalog)?;
        let (name, description) = self.check_team_input(&input).await?;
        let mut tx = self.store().begin().await?;
        let row = self.store().create_team(&mut tx, &name, &description, &input.member_ids, self.now_micros()).await?;
        tx.commit().await?;
        if let Some(lead) = input.lead_id.flatten() {
            self.store().set_team_lead(row.id, Some(lead)).await?;
        }
        self.routing_changed();
        self.team(actor, row.id).await
    }

    /// Changes a team (managers and administrators): its name, description and members,
    /// and its lead when `lead_id` is given.
    pub async fn update_team(&self, actor: &Actor, id: i64, input: TeamInput) -> Result<Team, AppError> {
        actor.require(Permission::ManageCatalog)?;
        let (name, description) = self.check_team_input(&input).await?;
        let before = self.store().team(id).await?;
        let row = TeamRow { name, description, lead_id: input.lead_id.unwrap_or(before.lead_id), ..before };
        self.store().update_team(&row, &input.member_ids).await?;
        self.routing_changed();
        self.team(actor, id).await
    }
}
