//! Ticket categories.

use crate::{Sql, Store, StoreError, Tx};

/// A category as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub active: bool,
    pub created_at: i64,
}

impl Store {
    /// Creates a category.
    pub async fn create_category(
        &self,
        tx: &mut Tx,
        name: &str,
        description: &str,
        now: i64,
    ) -> Result<CategoryRow, StoreError> {
        Sql::new("INSERT INTO categories (name, description, active, created_at) VALUES ($1, $2, TRUE, $3) RETURNING *")
            .bind(name)
            .bind(description)
            .bind(now)
            .fetch_one(tx)
            .await
    }

    /// Renames, describes or (de)activates a category.
    pub async fn update_category(
        &self,
        id: i64,
        name: &str,
        description: &str,
        active: bool,
    ) -> Result<CategoryRow, StoreError> {
        let mut tx = self.begin().await?;
        let row = Sql::new("UPDATE categories SET name = $1, description = $2, active = $3 WHERE id = $4 RETURNING *")
            .bind(name)
            .bind(description)
            .bind(active)
            .bind(id)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Every category, by name.
    pub async fn list_categories(&self) -> Result<Vec<CategoryRow>, StoreError> {
        Sql::new("SELECT * FROM categories ORDER BY name").fetch_all(self.db()).await
    }

    /// One category.
    pub async fn category(&self, id: i64) -> Result<CategoryRow, StoreError> {
        Sql::new("SELECT * FROM categories WHERE id = $1").bind(id).fetch_one(self.db()).await
    }
}
