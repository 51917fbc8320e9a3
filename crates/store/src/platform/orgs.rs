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
    /// Who heads it (approves as "the department head").
    pub head_id: Option<i64>,
    /// The cost centre it books to.
    pub cost_centre_id: Option<i64>,
}

/// A cost centre of an organisation, with its owner (who approves as "the cost-centre
/// owner").
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CostCentreRow {
    pub id: i64,
    pub organisation_id: i64,
    pub code: String,
    pub name: String,
    pub owner_id: Option<i64>,
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

    /// Renames a department and sets its head and cost centre.
    pub async fn update_department(
        &self,
        id: i64,
        name: &str,
        head_id: Option<i64>,
        cost_centre_id: Option<i64>,
    ) -> Result<DepartmentRow, StoreError> {
        let mut tx = self.begin().await?;
        let row =
            Sql::new("UPDATE departments SET name = $1, head_id = $2, cost_centre_id = $3 WHERE id = $4 RETURNING *")
                .bind(name)
                .bind(head_id)
                .bind(cost_centre_id)
                .bind(id)
                .fetch_one(&mut tx)
                .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Every cost centre, by organisation then code.
    pub async fn list_cost_centres(&self) -> Result<Vec<CostCentreRow>, StoreError> {
        Sql::new("SELECT * FROM cost_centres ORDER BY organisation_id, code").fetch_all(self.db()).await
    }

    /// One cost centre.
    pub async fn cost_centre(&self, id: i64) -> Result<CostCentreRow, StoreError> {
        Sql::new("SELECT * FROM cost_centres WHERE id = $1").bind(id).fetch_one(self.db()).await
    }

    /// Creates a cost centre (`Conflict` when its organisation has the code already).
    pub async fn create_cost_centre(
        &self,
        organisation_id: i64,
        code: &str,
        name: &str,
        owner_id: Option<i64>,
        now: i64,
    ) -> Result<CostCentreRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new(
            "INSERT INTO cost_centres (organisation_id, code, name, owner_id, created_at) VALUES ($1, $2, $3, $4, $5)
             RETURNING *",
        )
        .bind(organisation_id)
        .bind(code)
        .bind(name)
        .bind(owner_id)
        .bind(now)
        .fetch_one(&mut tx)
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Changes a cost centre's code, name and owner.
    pub async fn update_cost_centre(
        &self,
        id: i64,
        code: &str,
        name: &str,
        owner_id: Option<i64>,
    ) -> Result<CostCentreRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new("UPDATE cost_centres SET code = $1, name = $2, owner_id = $3 WHERE id = $4 RETURNING *")
            .bind(code)
            .bind(name)
            .bind(owner_id)
            .bind(id)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(row)
    }
}
