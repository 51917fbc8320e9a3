//! Organisations and departments.

use chrono::{DateTime, Utc};
use helmdesk_domain::validate;
use helmdesk_store::orgs::{DepartmentRow, OrganisationRow};
use serde::Deserialize;

use crate::access::Permission;
use crate::{Actor, App, AppError, ts};

/// An organisation; with a parent it is a subsidiary.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<OrganisationRow> for Organisation {
    fn from(r: OrganisationRow) -> Self {
        Organisation { id: r.id, name: r.name, parent_id: r.parent_id, created_at: ts(r.created_at) }
    }
}

/// A department of an organisation.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Department {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl From<DepartmentRow> for Department {
    fn from(r: DepartmentRow) -> Self {
        Department { id: r.id, organisation_id: r.organisation_id, name: r.name, created_at: ts(r.created_at) }
    }
}

/// An organisation to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// A department to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInput {
    pub organisation_id: i64,
    pub name: String,
}

impl App {
    /// The organisations the actor may see.
    pub async fn list_organisations(&self, actor: &Actor) -> Result<Vec<Organisation>, AppError> {
        let rows = self.store().list_organisations().await?;
        Ok(rows.into_iter().filter(|o| actor.sees_organisation(o.id)).map(Organisation::from).collect())
    }

    /// Creates an organisation (administrators).
    pub async fn create_organisation(&self, actor: &Actor, input: OrganisationInput) -> Result<Organisation, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        if let Some(p) = input.parent_id {
            self.store().organisation(p).await.map_err(|_| AppError::invalid("parent_id", "no such organisation"))?;
        }
        let mut tx = self.store().begin().await?;
        let row = self.store().create_organisation(&mut tx, &name, input.parent_id, self.now_micros()).await?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// Renames an organisation or moves it; it cannot become its own ancestor.
    pub async fn update_organisation(
        &self,
        actor: &Actor,
        id: i64,
        input: OrganisationInput,
    ) -> Result<Organisation, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        if let Some(p) = input.parent_id {
            let subtree = self.store().organisation_subtree(id).await?;
            if subtree.contains(&p) {
                return Err(AppError::invalid(
                    "parent_id",
                    "an organisation cannot be a subsidiary of itself or of its own subsidiary",
                ));
            }
            self.store().organisation(p).await.map_err(|_| AppError::invalid("parent_id", "no such organisation"))?;
        }
        Ok(self.store().update_organisation(id, &name, input.parent_id).await?.into())
    }

    /// The departments of the organisations the actor may see.
    pub async fn list_departments(&self, actor: &Actor) -> Result<Vec<Department>, AppError> {
        let rows = self.store().list_departments().await?;
        Ok(rows.into_iter().filter(|d| actor.sees_organisation(d.organisation_id)).map(Department::from).collect())
    }

    /// Creates a department (administrators).
    pub async fn create_department(&self, actor: &Actor, input: DepartmentInput) -> Result<Department, AppError> {
        actor.require(Permission::Administer)?;
        let name = validate::name("name", &input.name)?;
        self.store()
            .organisation(input.organisation_id)
            .await
            .map_err(|_| AppError::invalid("organisation_id", "no such organisation"))?;
        let mut tx = self.store().begin().await?;
        let row = self.store().create_department(&mut tx, input.organisation_id, &name, self.now_micros()).await?;
        tx.commit().await?;
        Ok(row.into())
    }
}
