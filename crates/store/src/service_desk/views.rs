//! Saved views of the ticket list: a name and a query string, personal or shared.

use crate::{Sql, Store, StoreError};

/// A saved view as stored, with its owner's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ViewRow {
    pub id: i64,
    pub name: String,
    pub owner_id: i64,
    /// Shown to every member of staff, not only its owner.
    pub shared: bool,
    /// The ticket list's filters and sort, as a URL query string.
    pub query: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// A shared view is shown to staff of this organisation and its subsidiaries, and of
    /// those above (`None`: to all staff).
    pub organisation_id: Option<i64>,
    pub owner_name: String,
}

/// A view's definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewFields {
    pub name: String,
    pub shared: bool,
    pub query: String,
    pub organisation_id: Option<i64>,
}

const VIEW_SELECT: &str = "SELECT v.*, u.name AS owner_name FROM saved_views v JOIN users u ON u.id = v.owner_id";

impl Store {
    /// The views of `user_id`, and the shared ones when `with_shared`: own first, by name.
    pub async fn list_views(&self, user_id: i64, with_shared: bool) -> Result<Vec<ViewRow>, StoreError> {
        Sql::new(format!(
            "{VIEW_SELECT} WHERE v.owner_id = $1 OR (v.shared AND $2)
             ORDER BY CASE WHEN v.owner_id = $1 THEN 0 ELSE 1 END, v.name, v.id"
        ))
        .bind(user_id)
        .bind(with_shared)
        .fetch_all(self.db())
        .await
    }

    /// One view.
    pub async fn view(&self, id: i64) -> Result<ViewRow, StoreError> {
        Sql::new(format!("{VIEW_SELECT} WHERE v.id = $1")).bind(id).fetch_one(self.db()).await
    }

    /// Saves a new view; a second view of the same owner and name is a conflict.
    pub async fn create_view(&self, owner_id: i64, fields: &ViewFields, now: i64) -> Result<ViewRow, StoreError> {
        let (id,): (i64,) = self
            .write_returning(
                Sql::new(
                    "INSERT INTO saved_views (name, owner_id, shared, query, created_at, updated_at, organisation_id)
                     VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
                )
                .bind(fields.name.as_str())
                .bind(owner_id)
                .bind(fields.shared)
                .bind(fields.query.as_str())
                .bind(now)
                .bind(fields.organisation_id),
            )
            .await?;
        self.view(id).await
    }

    /// Replaces a view's definition.
    pub async fn update_view(&self, id: i64, fields: &ViewFields, now: i64) -> Result<ViewRow, StoreError> {
        let (id,): (i64,) = self
            .write_returning(
                Sql::new(
                    "UPDATE saved_views SET name = $1, shared = $2, query = $3, updated_at = $4, organisation_id = $5
                     WHERE id = $6 RETURNING id",
                )
                .bind(fields.name.as_str())
                .bind(fields.shared)
                .bind(fields.query.as_str())
                .bind(now)
                .bind(fields.organisation_id)
                .bind(id),
            )
            .await?;
        self.view(id).await
    }

    /// Deletes a view.
    pub async fn delete_view(&self, id: i64) -> Result<(), StoreError> {
        let n = Sql::new("DELETE FROM saved_views WHERE id = $1").bind(id).execute(self.db()).await?;
        if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
