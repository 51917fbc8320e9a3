//! Teams (support groups). A team serves the tickets of one organisation and its
//! subsidiaries, or of every organisation; managers change the teams of their
//! organisations, with members they can see.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use helmdesk_domain::validate;
use helmdesk_store::StoreError;
use helmdesk_store::platform::teams::TeamRow;
use serde::Deserialize;

use crate::double_option;
use crate::platform::access::Permission;
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
    /// The team serves tickets of this organisation and its subsidiaries; null: of every
    /// organisation.
    pub organisation_id: Option<i64>,
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
            organisation_id: row.organisation_id,
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
    /// The organisation whose tickets, with its subsidiaries', the team serves; `null`:
    /// every organisation (for those whose organisations are all of them). Absent: on a
    /// new team, the writer's organisation (every organisation for those who may write
    /// that); on a change, the team's.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<Option<i64>>,
}

impl App {
    /// The teams the actor may read (staff and auditors): global ones, those of their
    /// organisations and of the organisations above.
    pub async fn list_teams(&self, actor: &Actor) -> Result<Vec<Team>, AppError> {
        actor.require(Permission::ReadDirectory)?;
        let (rows, memberships) = tokio::try_join!(self.store().list_teams(), self.store().all_team_members())?;
        let mut members: HashMap<i64, Vec<i64>> = HashMap::new();
        for (team_id, user_id) in memberships {
            members.entry(team_id).or_default().push(user_id);
        }
        Ok(rows
            .into_iter()
            .filter(|row| actor.reads_scope(row.organisation_id))
            .map(|row| {
                let member_ids = members.remove(&row.id).unwrap_or_default();
                Team::new(row, member_ids)
            })
            .collect())
    }

    /// One team the actor may read.
    pub async fn team(&self, actor: &Actor, id: i64) -> Result<Team, AppError> {
        let row = self.readable_team(actor, id).await?;
        Ok(Team::new(row, self.store().team_members(id).await?))
    }

    async fn readable_team(&self, actor: &Actor, id: i64) -> Result<TeamRow, AppError> {
        actor.require(Permission::ReadDirectory)?;
        actor.readable(self.store().team(id).await?)
    }

    /// Checks a team as written: new members and the lead must be staff the actor sees
    /// (members already in the team may stay).
    async fn check_team_input(
        &self,
        actor: &Actor,
        input: &TeamInput,
        current: &[i64],
    ) -> Result<(String, String), AppError> {
        let name = validate::name("name", &input.name)?;
        let description = input.description.trim().chars().take(2000).collect();
        for id in &input.member_ids {
            let user = match self.store().user(*id).await {
                Ok(u) if current.contains(id) || actor.sees_organisation(u.organisation_id) => u,
                Ok(_) | Err(StoreError::NotFound) => {
                    return Err(AppError::invalid("member_ids", format!("no user {id}")));
                }
                Err(e) => return Err(e.into()),
            };
            if !user.role.parse::<helmdesk_domain::Role>().is_ok_and(|r| r.is_staff()) {
                return Err(AppError::invalid(
                    "member_ids",
                    format!("{} is not an agent, manager or administrator", user.name),
                ));
            }
        }
        if let Some(Some(lead)) = input.lead_id {
            let staff = match self.store().user(lead).await {
                Ok(u) => {
                    u.active
                        && actor.sees_organisation(u.organisation_id)
                        && u.role.parse::<helmdesk_domain::Role>().is_ok_and(|r| r.is_staff())
                }
                Err(StoreError::NotFound) => false,
                Err(e) => return Err(e.into()),
            };
            if !staff {
                return Err(AppError::invalid("lead_id", "the lead must be an active agent, manager or administrator"));
            }
        }
        Ok((name, description))
    }

    /// Creates a team (managers and administrators, for their organisations).
    pub async fn create_team(&self, actor: &Actor, input: TeamInput) -> Result<Team, AppError> {
        actor.require(Permission::ManageTeams)?;
        let scope = self.checked_scope(actor, input.organisation_id.unwrap_or(actor.default_scope())).await?;
        let (name, description) = self.check_team_input(actor, &input, &[]).await?;
        let mut tx = self.store().begin().await?;
        let now = self.now_micros();
        let row = self.store().create_team(&mut tx, scope, &name, &description, &input.member_ids, now).await?;
        tx.commit().await?;
        if let Some(lead) = input.lead_id.flatten() {
            self.store().set_team_lead(row.id, Some(lead)).await?;
        }
        self.routing_changed();
        self.team(actor, row.id).await
    }

    /// Changes a team of the actor's organisations (managers and administrators): its
    /// name, description and members, its lead when `lead_id` is given and its
    /// organisation when `organisation_id` is.
    pub async fn update_team(&self, actor: &Actor, id: i64, input: TeamInput) -> Result<Team, AppError> {
        actor.require(Permission::ManageTeams)?;
        let before = actor.writable(self.store().team(id).await?)?;
        let scope = self.checked_scope(actor, input.organisation_id.unwrap_or(before.organisation_id)).await?;
        let current = self.store().team_members(id).await?;
        let (name, description) = self.check_team_input(actor, &input, &current).await?;
        let lead_id = input.lead_id.unwrap_or(before.lead_id);
        let row = TeamRow { name, description, lead_id, organisation_id: scope, ..before };
        self.store().update_team(&row, &input.member_ids).await?;
        self.routing_changed();
        self.team(actor, id).await
    }
}
