//! Teams (support groups) and their members.

use crate::{Sql, Store, StoreError, Tx};

/// A team as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TeamRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub created_at: i64,
    /// Hears of escalations of the team's tickets.
    pub lead_id: Option<i64>,
    /// The team serves tickets of this organisation and its subsidiaries (`None`: of
    /// every organisation).
    pub organisation_id: Option<i64>,
}

impl Store {
    /// Creates a team with its members, serving `organisation_id` and its subsidiaries
    /// (`None`: every organisation).
    pub async fn create_team(
        &self,
        tx: &mut Tx,
        organisation_id: Option<i64>,
        name: &str,
        description: &str,
        members: &[i64],
        now: i64,
    ) -> Result<TeamRow, StoreError> {
        let team: TeamRow = Sql::new(
            "INSERT INTO teams (name, description, created_at, organisation_id) VALUES ($1, $2, $3, $4) RETURNING *",
        )
        .bind(name)
        .bind(description)
        .bind(now)
        .bind(organisation_id)
        .fetch_one(&mut *tx)
        .await?;
        self.replace_members(tx, team.id, members).await?;
        Ok(team)
    }

    /// Renames a team, names its lead and organisation, and replaces its members.
    pub async fn update_team(&self, team: &TeamRow, members: &[i64]) -> Result<TeamRow, StoreError> {
        let mut tx = self.begin().await?;
        let saved = Sql::new(
            "UPDATE teams SET name = $1, description = $2, lead_id = $3, organisation_id = $4 WHERE id = $5 RETURNING *",
        )
        .bind(&team.name)
        .bind(&team.description)
        .bind(team.lead_id)
        .bind(team.organisation_id)
        .bind(team.id)
            .fetch_one(&mut tx)
            .await?;
        self.replace_members(&mut tx, team.id, members).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Makes `members` the team's members; those who stay keep when routing last gave
    /// them a ticket.
    async fn replace_members(&self, tx: &mut Tx, team_id: i64, members: &[i64]) -> Result<(), StoreError> {
        let mut leaving = Sql::new("DELETE FROM team_members WHERE team_id = $1").bind(team_id);
        if !members.is_empty() {
            let params: Vec<String> = members.iter().map(|m| leaving.arg(*m)).collect();
            leaving.push(&format!(" AND user_id NOT IN ({})", params.join(", ")));
        }
        leaving.execute(&mut *tx).await?;
        for user_id in members {
            Sql::new("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(team_id)
                .bind(*user_id)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }

    /// Every team, by name.
    pub async fn list_teams(&self) -> Result<Vec<TeamRow>, StoreError> {
        Sql::new("SELECT * FROM teams ORDER BY name").fetch_all(self.db()).await
    }

    /// One team.
    pub async fn team(&self, id: i64) -> Result<TeamRow, StoreError> {
        Sql::new("SELECT * FROM teams WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// The ids of a team's members.
    pub async fn team_members(&self, team_id: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new("SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY user_id")
            .bind(team_id)
            .fetch_all(self.db())
            .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Every membership, as (team id, user id) pairs ordered by team then user.
    pub async fn all_team_members(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        Sql::new("SELECT team_id, user_id FROM team_members ORDER BY team_id, user_id").fetch_all(self.db()).await
    }

    /// The teams a user belongs to.
    pub async fn teams_of_user(&self, user_id: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new("SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id")
            .bind(user_id)
            .fetch_all(self.db())
            .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Names a team's lead (or none).
    pub async fn set_team_lead(&self, team_id: i64, lead_id: Option<i64>) -> Result<(), StoreError> {
        Sql::new("UPDATE teams SET lead_id = $1 WHERE id = $2").bind(lead_id).bind(team_id).execute(self.db()).await?;
        Ok(())
    }
}
