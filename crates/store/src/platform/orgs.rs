//! Organisations (a company and its subsidiaries) and their departments.

use crate::{Sql, Store, StoreError, Tx};

/// An organisation; `parent_id` makes it a subsidiary.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub created_at: i64,
}

/// A department of an organisation.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DepartmentRow {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub created_at: i64,
}

impl Store {
    /// Creates an organisation.
    pub async fn create_organisation(
        &self,
        tx: &mut Tx,
        name: &str,
        parent_id: Option<i64>,
        now: i64,
    ) -> Result<OrganisationRow, StoreError> {
        Sql::new("INSERT INTO organisations (name, parent_id, created_at) VALUES ($1, $2, $3) RETURNING *")
            .bind(name)
            .bind(parent_id)
            .bind(now)
            .fetch_one(tx)
            .await
    }

    /// Renames an organisation or moves it under another.
    pub async fn update_organisation(
        &self,
        id: i64,
        name: &str,
        parent_id: Option<i64>,
    ) -> Result<OrganisationRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new("UPDATE organisations SET name = $1, parent_id = $2 WHERE id = $3 RETURNING *")
            .bind(name)
            .bind(parent_id)
            .bind(id)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Every organisation, by name.
    pub async fn list_organisations(&self) -> Result<Vec<OrganisationRow>, StoreError> {
        Sql::new("SELECT * FROM organisations ORDER BY name").fetch_all(self.db()).await
    }

    /// One organisation.
    pub async fn organisation(&self, id: i64) -> Result<OrganisationRow, StoreError> {
        Sql::new("SELECT * FROM organisations WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// The organisation with this name, if any.
    pub async fn organisation_by_name(&self, name: &str) -> Result<Option<OrganisationRow>, StoreError> {
        Sql::new("SELECT * FROM organisations WHERE name = $1").bind(name).fetch_optional(self.db()).await
    }

    /// The organisation and all its subsidiaries, at any depth.
    pub async fn organisation_subtree(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = Sql::new(
            "WITH RECURSIVE tree(id) AS (
                 SELECT id FROM organisations WHERE id = $1
                 UNION SELECT o.id FROM organisations o JOIN tree t ON o.parent_id = t.id
             ) SELECT id FROM tree ORDER BY id",
        )
        .bind(id)
        .fetch_all(self.db())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Creates a department.
    pub async fn create_department(
        &self,
        tx: &mut Tx,
        organisation_id: i64,
        name: &str,
        now: i64,
    ) -> Result<DepartmentRow, StoreError> {
        Sql::new("INSERT INTO departments (organisation_id, name, created_at) VALUES ($1, $2, $3) RETURNING *")
            .bind(organisation_id)
            .bind(name)
            .bind(now)
            .fetch_one(tx)
            .await
    }

    /// Every department, by organisation then name.
    pub async fn list_departments(&self) -> Result<Vec<DepartmentRow>, StoreError> {
        Sql::new("SELECT * FROM departments ORDER BY organisation_id, name").fetch_all(self.db()).await
    }

    /// One department.
    pub async fn department(&self, id: i64) -> Result<DepartmentRow, StoreError> {
        Sql::new("SELECT * FROM departments WHERE id = $1").bind(id).fetch_one(self.db()).await
    }
}
